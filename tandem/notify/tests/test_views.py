"""The notification pages: the list, reading, the bell and the email settings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.notify import kinds, services
from tandem.notify.models import EmailPreference, Notification

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: str) -> str:
    return reverse(f"notify:{name}", kwargs={"ws": "alice", **kwargs})


def test_it_lists_the_members_own_notifications_newest_first(
    owner, assistant, manager, tell, client_for
):
    tell(assistant, task="First task")
    tell(assistant, task="Second task", kind="changes_requested")
    tell(manager, task="Not for Ana")
    page = client_for(assistant).get(url("list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alice Owner asked for changes to “Second task”." in html
    assert html.index("Second task") < html.index("First task")
    assert "Not for Ana" not in html
    assert html.count('class="notification unread') == 2
    assert "Mark all as read" in html


def test_it_highlights_only_unread_notifications(assistant, tell, client_for):
    (read,) = tell(assistant, task="Seen it")
    tell(assistant, task="Not yet")
    services.notification_mark_read(member=assistant, notification=read)
    html = client_for(assistant).get(url("list")).content.decode()
    assert html.count('class="notification unread') == 1
    assert "1 unread." in html


def test_it_shows_an_empty_list_kindly(assistant, client_for):
    html = client_for(assistant).get(url("list")).content.decode()
    assert "No notifications yet." in html
    assert "Mark all as read" not in html


def test_it_escapes_what_people_typed(assistant, tell, client_for):
    tell(assistant, task="<script>alert(1)</script>")
    html = client_for(assistant).get(url("list")).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_paginates_fifty_per_page(assistant, tell, client_for):
    for number in range(52):
        tell(assistant, task=f"Task number {number:02}")
    http = client_for(assistant)
    first = http.get(url("list")).content.decode()
    assert first.count('class="notification ') == 50
    assert "Task number 51" in first
    assert "Page 1 of 2" in first
    second = http.get(url("list"), {"page": 2}).content.decode()
    assert second.count('class="notification ') == 2
    assert "Task number 00" in second


def test_it_keeps_the_list_to_a_fixed_number_of_queries(
    owner, manager, assistant, tell, client_for, django_assert_num_queries
):
    for number in range(5):
        tell(assistant, actor=owner if number % 2 else manager)
    http = client_for(assistant)
    http.get(url("list"))  # the first visit also remembers the workspace in the session
    with CaptureQueriesContext(connection) as few:
        assert http.get(url("list")).status_code == 200
    for number in range(55):
        tell(assistant, actor=owner if number % 2 else manager)
    with django_assert_num_queries(len(few)):
        assert http.get(url("list")).status_code == 200


def test_it_marks_read_and_follows_the_link(assistant, tell, client_for):
    (notification,) = tell(assistant, url="/w/alice/tasks/t1/")
    response = client_for(assistant).post(url("read", code=notification.code))
    assert response.status_code == 302
    assert response["Location"] == "/w/alice/tasks/t1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_does_not_follow_a_link_to_another_site(assistant, tell, client_for):
    (notification,) = tell(assistant, url="https://evil.example.com/")
    response = client_for(assistant).post(url("read", code=notification.code))
    assert response["Location"] == url("list")


def test_it_marks_read_only_by_post(assistant, tell, client_for):
    (notification,) = tell(assistant)
    response = client_for(assistant).get(url("read", code=notification.code))
    assert response.status_code == 303  # opened again by GET: on to the list, nothing changes
    assert response["Location"] == url("list")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_does_not_let_one_member_read_anothers_notification(
    assistant, manager, tell, client_for
):
    (notification,) = tell(assistant)
    response = client_for(manager).post(url("read", code=notification.code))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_it_does_not_reach_a_notification_of_another_workspace(owner, outsider, tell, client_for):
    from conftest import make_user
    from tandem.workspaces.models import Membership, Role

    theirs = Membership.objects.create(
        workspace=outsider.workspace, user=owner.user, role=Role.ASSISTANT
    )
    (notification,) = tell(theirs, actor=outsider)
    http = client_for(owner)
    # Owner of alice, and also an assistant at olaf: the code only works in its own workspace.
    assert http.post(url("read", code=notification.code)).status_code == 404
    olaf = reverse("notify:read", kwargs={"ws": "olaf", "code": notification.code})
    assert http.post(olaf).status_code == 302
    stranger = make_user("sam@example.com", "Sam")
    assert client_for(stranger).post(olaf).status_code == 404


def test_it_marks_all_read(owner, assistant, manager, tell, client_for):
    tell(assistant)
    tell(assistant)
    (managers,) = tell(manager)
    response = client_for(assistant).post(url("read_all"), follow=True)
    assert response.redirect_chain == [(url("list"), 302)]
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=assistant, read_at__isnull=True).exists()
    managers.refresh_from_db()
    assert managers.read_at is None


def test_it_shows_the_unread_count_in_the_bell(assistant, tell, client_for):
    http = client_for(assistant)
    html = http.get(url("bell"), HTTP_HX_REQUEST="true").content.decode()
    assert 'class="bell-icon"' in html
    assert "bell-count" not in html
    tell(assistant)
    tell(assistant)
    html = http.get(url("bell"), HTTP_HX_REQUEST="true").content.decode()
    assert '<span class="bell-count" aria-hidden="true">2</span>' in html
    assert "Notifications: 2 unread" in html
    assert "<html" not in html


def test_it_loads_the_bell_lazily_in_the_header(assistant, client_for):
    html = (
        client_for(assistant)
        .get(reverse("insights:home", kwargs={"ws": "alice"}), follow=True)
        .content
    )
    html = html.decode()
    assert f'hx-get="{url("bell")}" hx-trigger="load"' in html
    # The menu's notifications load when it opens; without JavaScript it links to the list.
    assert f'hx-get="{url("menu")}" hx-trigger="bell-open"' in html
    assert f'<a href="{url("list")}">All notifications</a>' in html


def test_it_shows_the_latest_ten_in_the_bell_menu(owner, assistant, manager, tell, client_for):
    for number in range(12):
        tell(assistant, task=f"Task number {number:02}")
    tell(manager, task="Not for Ana")
    html = client_for(assistant).get(url("menu"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html
    assert html.count('class="link bell-item"') == 10
    assert "Task number 11" in html
    assert "Task number 02" in html
    assert "Task number 01" not in html
    assert "Not for Ana" not in html
    assert html.index("Task number 11") < html.index("Task number 10")
    assert f'hx-post="{url("read_all")}"' in html
    assert f'href="{url("list")}"' in html
    # The bell's face follows, out of band, with the count as it is now.
    assert '<span id="bell-face" hx-swap-oob="innerHTML">' in html
    assert '<span class="bell-count" aria-hidden="true">12</span>' in html


def test_it_says_so_when_the_bell_menu_is_empty(assistant, client_for):
    html = client_for(assistant).get(url("menu"), HTTP_HX_REQUEST="true").content.decode()
    assert "No notifications yet." in html
    assert "Mark all as read" not in html
    assert "bell-count" not in html


def test_it_keeps_the_bell_menu_to_a_fixed_number_of_queries(
    owner, manager, assistant, tell, client_for, django_assert_num_queries
):
    tell(assistant, actor=owner)
    http = client_for(assistant)
    http.get(url("menu"))  # the first visit also remembers the workspace in the session
    with CaptureQueriesContext(connection) as few:
        assert http.get(url("menu")).status_code == 200
    for number in range(30):
        tell(assistant, actor=owner if number % 2 else manager)
    with django_assert_num_queries(len(few)):
        assert http.get(url("menu")).status_code == 200


def test_it_marks_all_read_from_the_bell_menu(assistant, tell, client_for):
    tell(assistant)
    tell(assistant)
    response = client_for(assistant).post(url("read_all"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    # The menu again, nothing unread in it, and the bell's face without a count.
    assert html.count('class="link bell-item"') == 2
    assert 'class="unread"' not in html
    assert "Mark all as read" not in html
    assert '<span id="bell-face" hx-swap-oob="innerHTML">' in html
    assert "bell-count" not in html
    assert not Notification.objects.filter(recipient=assistant, read_at__isnull=True).exists()


def test_it_gives_404_for_the_bell_menu_of_another_workspace(assistant, outsider, tell, client_for):
    tell(assistant, task="Only in Alice's workspace")
    response = client_for(assistant).get(reverse("notify:menu", kwargs={"ws": "olaf"}))
    assert response.status_code == 404
    html = client_for(outsider).get(reverse("notify:menu", kwargs={"ws": "olaf"})).content
    assert "Only in Alice" not in html.decode()


def test_it_shows_no_bell_outside_a_workspace(assistant, client_for):
    html = client_for(assistant).get(reverse("workspaces:list")).content.decode()
    assert "notifications/bell/" not in html


def test_it_shows_the_email_settings_with_the_defaults(assistant, client_for):
    html = client_for(assistant).get(url("settings")).content.decode()
    assert "Email me when…" in html
    for kind, spec in kinds.KINDS.items():
        checked = f'name="{kind}" id="id_{kind}" checked'
        assert (checked in html) is spec.email_default, kind


def test_it_saves_the_email_settings(assistant, client_for):
    http = client_for(assistant)
    response = http.post(url("settings"), {"comment_added": "on", "task_assigned": "on"})
    assert response.status_code == 302
    assert response["Location"] == url("settings")
    page = http.get(response["Location"]).content.decode()
    assert "Your email settings have been saved." in page
    assert 'name="comment_added" id="id_comment_added" checked' in page
    assert 'name="task_accepted" id="id_task_accepted" checked' not in page
    stored = dict(EmailPreference.objects.filter(member=assistant).values_list("kind", "enabled"))
    assert stored["comment_added"] is True
    assert stored["task_accepted"] is False
    assert "task_assigned" not in stored  # same as the default


def test_it_switches_every_email_off(assistant, tell, client_for):
    response = client_for(assistant).post(url("settings"), {})
    assert response.status_code == 302
    (notification,) = tell(assistant)
    assert notification.email_state == "off"

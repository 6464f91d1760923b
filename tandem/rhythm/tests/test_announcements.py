"""The town hall: posting, audiences, notifications, reads and acknowledgements."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import add_member, make_user
from tandem.acks.models import Acknowledgement, AckWay
from tandem.acks.selectors import ack_pending_for, acks_of_subject
from tandem.acks.services import ack_record
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.rhythm.models import Announcement, AnnouncementRead, AnnouncementReply, Audience
from tandem.rhythm.selectors.announcements import (
    announcement_record,
    announcements_for_member,
)
from tandem.rhythm.services.announcements import (
    announcement_delete,
    announcement_post,
    announcement_reply,
)
from tandem.workspaces.models import Membership, Role

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Manila, 02:00 in Oslo


def awaiting_ack(member: Membership) -> list[Announcement]:
    """What the town hall asks `member` to acknowledge, oldest first."""
    return [a for a in reversed(announcements_for_member(member)) if a.my_ack_pending]


def unread_count(member: Membership) -> int:
    """What `member` may see, did not write, and has not opened."""
    mine = member.pk
    return sum(not a.read_by_me and a.author_id != mine for a in announcements_for_member(member))


def post(actor, *, title="Office closed on Friday", body="See you **Monday**.", **kwargs):
    return announcement_post(actor=actor, title=title, body=body, **kwargs)


def list_url(ws="alice"):
    return reverse("rhythm:announcements", kwargs={"ws": ws})


def new_url(ws="alice"):
    return reverse("rhythm:announcement_new", kwargs={"ws": ws})


def detail_url(announcement):
    return reverse(
        "rhythm:announcement", kwargs={"ws": announcement.workspace.slug, "code": announcement.code}
    )


def reply_url(announcement):
    return reverse(
        "rhythm:announcement_reply",
        kwargs={"ws": announcement.workspace.slug, "code": announcement.code},
    )


def delete_url(announcement):
    return reverse(
        "rhythm:announcement_delete",
        kwargs={"ws": announcement.workspace.slug, "code": announcement.code},
    )


FORM = {
    "title": "New onboarding checklist",
    "body": "Use the **new** checklist from Monday.",
    "audience": Audience.EVERYONE,
    "important": "on",
}


@pytest.fixture
def team(owner, manager, assistant, partner):
    return {"owner": owner, "manager": manager, "assistant": assistant, "partner": partner}


# Posting


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_it_lets_owners_and_managers_post(role, team, client_for):
    response = client_for(team[role]).post(new_url(), FORM | {"form_key": "k1"})
    announcement = Announcement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(announcement)
    assert announcement.author == team[role]
    assert announcement.important is True
    assert announcement.audience == Audience.EVERYONE


def test_it_refuses_an_assistant_unless_the_workspace_allows_it(team, client_for):
    http = client_for(team["assistant"])
    assert http.get(new_url()).status_code == 403
    assert http.post(new_url(), FORM | {"form_key": "a1"}).status_code == 403
    with pytest.raises(PermissionDenied):
        post(team["assistant"])
    assert not Announcement.objects.exists()

    workspace = team["owner"].workspace
    workspace.assistants_can_announce = True
    workspace.save(update_fields=["assistants_can_announce"])
    assert http.get(new_url()).status_code == 200
    assert http.post(new_url(), FORM | {"form_key": "a2"}).status_code == 302
    assert Announcement.objects.get().author == team["assistant"]


def test_it_never_lets_a_partner_post(team, client_for):
    workspace = team["owner"].workspace
    workspace.assistants_can_announce = True
    workspace.save(update_fields=["assistants_can_announce"])
    http = client_for(team["partner"])
    assert http.get(new_url()).status_code == 403
    assert http.post(new_url(), FORM | {"form_key": "p1"}).status_code == 403
    with pytest.raises(PermissionDenied):
        post(team["partner"])
    assert not Announcement.objects.exists()


def test_it_offers_the_new_button_only_to_those_who_may_post(team, client_for):
    button = new_url().encode()
    assert button in client_for(team["owner"]).get(list_url()).content
    assert button not in client_for(team["assistant"]).get(list_url()).content
    assert button not in client_for(team["partner"]).get(list_url()).content


def test_it_posts_once_when_the_same_form_is_sent_twice(team, client_for):
    http = client_for(team["owner"])
    first = http.post(new_url(), FORM | {"form_key": "same"})
    second = http.post(new_url(), FORM | {"form_key": "same"})
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Announcement.objects.count() == 1
    assert Notification.objects.filter(recipient=team["assistant"]).count() == 1


def test_it_keeps_the_input_of_an_invalid_form(team, client_for):
    response = client_for(team["owner"]).post(
        new_url(), {"title": "", "body": "My <em>long</em> draft", "audience": "assistants"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "My &lt;em&gt;long&lt;/em&gt; draft</textarea>" in content
    radio = re.search(r'<input[^>]*value="assistants"[^>]*>', content)
    assert radio is not None
    assert "checked" in radio.group(0)
    assert 'data-draft="alice:new-announcement"' in content
    assert not Announcement.objects.exists()


def test_it_rejects_a_blank_message_in_the_service(team):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        post(team["owner"], body="   ")
    assert not Announcement.objects.exists()


def test_it_renders_the_markdown_sanitised(team, client_for):
    announcement = post(team["owner"], body="**Bold** <script>alert(1)</script>")
    content = client_for(team["assistant"]).get(detail_url(announcement)).content.decode()
    assert "<strong>Bold</strong>" in content
    assert "<script>alert(1)" not in content


# Audiences and notifications


def test_it_notifies_everyone_but_the_author_once(team):
    announcement = post(team["owner"], important=False)
    notified = Notification.objects.filter(kind=kinds.ANNOUNCEMENT_POSTED)
    assert sorted(n.recipient_id for n in notified) == sorted(
        team[role].pk for role in ("manager", "assistant", "partner")
    )
    assert all(not n.urgent for n in notified)
    assert all(n.url == detail_url(announcement) for n in notified)
    assert notified.first().params == {"title": announcement.title}


def test_it_tells_only_the_assistants_of_an_announcement_for_them(team):
    post(team["manager"], audience=Audience.ASSISTANTS, important=True)
    notified = Notification.objects.filter(kind=kinds.ANNOUNCEMENT_POSTED)
    assert [n.recipient_id for n in notified] == [team["assistant"].pk]
    assert [ack.member_id for ack in Acknowledgement.objects.all()] == [team["assistant"].pk]


def test_it_shows_an_announcement_for_the_assistants_to_them_and_the_delegators(team, client_for):
    announcement = post(team["owner"], title="Only for assistants", audience=Audience.ASSISTANTS)
    for role in ("owner", "manager", "assistant"):
        http = client_for(team[role])
        assert b"Only for assistants" in http.get(list_url()).content, role
        assert http.get(detail_url(announcement)).status_code == 200, role
    partner = client_for(team["partner"])
    assert b"Only for assistants" not in partner.get(list_url()).content
    assert partner.get(detail_url(announcement)).status_code == 404
    assert partner.post(reply_url(announcement), {"body": "Hi"}).status_code == 404
    assert not AnnouncementReply.objects.exists()


def test_it_asks_the_audience_but_the_author_to_acknowledge_an_important_one(team):
    announcement = post(team["manager"], important=True)
    asked = {ack.member_id for ack in acks_of_subject(announcement)}
    assert asked == {team[role].pk for role in ("owner", "assistant", "partner")}
    ordinary = post(team["manager"], important=False)
    assert not acks_of_subject(ordinary).exists()


def test_it_leaves_removed_members_out_of_the_audience(team, workspace):
    leaver = add_member(workspace, make_user("leo@example.com", "Leo Left"), Role.ASSISTANT)
    leaver.removed_at = NOW
    leaver.save(update_fields=["removed_at"])
    announcement = post(team["owner"], important=True)
    assert leaver.pk not in {ack.member_id for ack in acks_of_subject(announcement)}
    assert not Notification.objects.filter(recipient=leaver).exists()


# Reading and acknowledging


def test_it_records_a_read_once(team, client_for):
    announcement = post(team["owner"])
    http = client_for(team["assistant"])
    with time_machine.travel(NOW, tick=False):
        http.get(detail_url(announcement))
    with time_machine.travel(NOW + timedelta(hours=3), tick=False):
        http.get(detail_url(announcement))
    reads = AnnouncementRead.objects.filter(member=team["assistant"])
    assert [read.read_at for read in reads] == [NOW]


def test_it_marks_what_the_viewer_has_not_opened(team, client_for):
    announcement = post(team["owner"], title="Fresh news")
    http = client_for(team["assistant"])
    assert b"Unread:" in http.get(list_url()).content
    assert unread_count(team["assistant"]) == 1
    http.get(detail_url(announcement))
    assert b"Unread:" not in http.get(list_url()).content
    assert unread_count(team["assistant"]) == 0
    # The author has read what they wrote.
    assert b"Unread:" not in client_for(team["owner"]).get(list_url()).content


def test_it_lets_a_member_acknowledge_with_the_button(team, client_for):
    announcement = post(team["owner"], important=True)
    http = client_for(team["assistant"])
    page = http.get(detail_url(announcement)).content.decode()
    ack = ack_pending_for(team["assistant"], announcement)
    action = reverse("rhythm:acknowledge", kwargs={"ws": "alice", "code": ack.code})
    assert action in page
    response = http.post(action, {"next": detail_url(announcement), "form_key": "ack1"})
    assert response.status_code == 302
    ack.refresh_from_db()
    assert ack.acknowledged_at is not None
    assert ack.way == AckWay.ACKNOWLEDGED
    assert action not in http.get(detail_url(announcement)).content.decode()


def test_it_counts_acknowledging_as_having_read_it(team):
    announcement = post(team["owner"], important=True)
    with time_machine.travel(NOW, tick=False):
        ack_record(member=team["partner"], subject=announcement)
    assert AnnouncementRead.objects.get(member=team["partner"]).read_at == NOW
    assert team["partner"].pk not in {
        row.member.pk for row in announcement_record(announcement).not_seen
    }


def test_it_counts_a_reply_as_the_acknowledgement_and_tells_the_author(team, client_for):
    announcement = post(team["owner"], important=True)
    http = client_for(team["assistant"])
    response = http.post(reply_url(announcement), {"body": "Got it, **thanks**.", "form_key": "r"})
    reply = AnnouncementReply.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(announcement)}#reply-{reply.pk}"
    ack = Acknowledgement.objects.get(member=team["assistant"])
    assert ack.way == AckWay.REPLIED
    assert ack.acknowledged_at is not None
    told = Notification.objects.get(kind=kinds.ANNOUNCEMENT_REPLY)
    assert told.recipient == team["owner"]
    assert told.actor == team["assistant"]
    page = http.get(detail_url(announcement)).content.decode()
    assert "<strong>thanks</strong>" in page


def test_it_notifies_the_author_of_each_reply_once(team, client_for):
    announcement = post(team["owner"])
    http = client_for(team["assistant"])
    http.post(reply_url(announcement), {"body": "First", "form_key": "r1"})
    http.post(reply_url(announcement), {"body": "First", "form_key": "r1"})  # resent
    http.post(reply_url(announcement), {"body": "Second", "form_key": "r2"})
    assert AnnouncementReply.objects.count() == 2
    assert Notification.objects.filter(kind=kinds.ANNOUNCEMENT_REPLY).count() == 2
    # The author replying to their own post tells nobody.
    announcement_reply(actor=team["owner"], announcement=announcement, body="Thanks all")
    assert Notification.objects.filter(kind=kinds.ANNOUNCEMENT_REPLY).count() == 2


def test_it_keeps_an_invalid_reply_on_the_announcements_page(team, client_for):
    announcement = post(team["owner"])
    http = client_for(team["assistant"])
    response = http.post(reply_url(announcement), {"body": "x" * 20_001, "form_key": "long"})
    assert response.status_code == 303
    assert response["Location"] == detail_url(announcement)
    assert "x" * 20_001 in http.get(response["Location"]).content.decode()
    assert not AnnouncementReply.objects.exists()
    blank = http.post(reply_url(announcement), {"body": " "})
    assert blank.status_code == 303
    assert not AnnouncementReply.objects.exists()


def test_it_shows_the_owner_who_has_not_seen_an_important_update(team, client_for):
    announcement = post(team["owner"], important=True)
    client_for(team["assistant"]).get(detail_url(announcement))
    ack_record(member=team["assistant"], subject=announcement)

    record = announcement_record(announcement)
    assert {row.member.pk for row in record.not_seen} == {team["manager"].pk, team["partner"].pk}
    assert record.acked_count == 1
    assert len(record.asked) == 3

    page = client_for(team["owner"]).get(detail_url(announcement)).content.decode()
    not_seen = page.split("Not seen yet:")[1].split("</ul>")[0]
    assert "Mona Manager" in not_seen
    assert "Pia Partner" in not_seen
    assert "Ana Assistant" not in not_seen
    assert "1 of 3 acknowledged" in page

    # The manager opening it takes them off the list.
    client_for(team["manager"]).get(detail_url(announcement))
    page = client_for(team["owner"]).get(detail_url(announcement)).content.decode()
    assert "Mona Manager" not in page.split("Not seen yet:")[1].split("</ul>")[0]


def test_it_shows_the_record_only_to_the_author_and_the_delegators(team, workspace, client_for):
    workspace.assistants_can_announce = True  # the assistant's membership holds this object
    workspace.save(update_fields=["assistants_can_announce"])
    by_assistant = post(team["assistant"], important=True)
    by_owner = post(team["owner"], important=True)
    for role, announcement, shown in [
        ("owner", by_assistant, True),
        ("manager", by_owner, True),
        ("assistant", by_assistant, True),
        ("assistant", by_owner, False),
        ("partner", by_owner, False),
    ]:
        page = client_for(team[role]).get(detail_url(announcement)).content.decode()
        assert ('id="record"' in page) is shown, (role, announcement.author.role)


def test_it_shows_counts_and_acknowledgements_on_the_list(team, client_for):
    announcement = post(team["owner"], important=True)
    announcement_reply(actor=team["manager"], announcement=announcement, body="Noted")
    announcement_reply(actor=team["partner"], announcement=announcement, body="Thanks")
    row = announcements_for_member(team["owner"]).get()
    assert (row.reply_count, row.ack_total, row.ack_done) == (2, 3, 2)
    owner_page = client_for(team["owner"]).get(list_url()).content.decode()
    assert "2 of 3 acknowledged" in owner_page
    assert "2 replies" in owner_page
    assistant_page = client_for(team["assistant"]).get(list_url()).content.decode()
    assert "Please acknowledge" in assistant_page
    assert "of 3 acknowledged" not in assistant_page


def test_it_shows_times_in_the_viewers_zone(team, client_for):
    with time_machine.travel(NOW, tick=False):
        post(team["owner"])
    page = client_for(team["assistant"]).get(list_url()).content.decode()
    assert 'datetime="2026-03-02T09:00:00+08:00"' in page  # Asia/Manila
    page = client_for(team["owner"]).get(list_url()).content.decode()
    assert 'datetime="2026-03-02T02:00:00+01:00"' in page  # Europe/Oslo


def test_it_lists_what_waits_for_a_members_acknowledgement(team):
    first = post(team["owner"], title="First", important=True)
    post(team["owner"], title="Ordinary")
    second = post(team["manager"], title="Second", audience=Audience.ASSISTANTS, important=True)
    assert list(awaiting_ack(team["assistant"])) == [first, second]
    ack_record(member=team["assistant"], subject=first)
    assert list(awaiting_ack(team["assistant"])) == [second]
    assert list(awaiting_ack(team["partner"])) == [first]


# The list: newest first, paginated, bounded queries


def _fill(owner, count):
    for number in range(count):
        with time_machine.travel(NOW + timedelta(minutes=number), tick=False):
            post(owner, title=f"Post {number:02d}", important=number % 2 == 0)


def test_it_lists_newest_first_twenty_a_page(team, client_for):
    _fill(team["owner"], 23)
    http = client_for(team["assistant"])
    first = http.get(list_url()).content.decode()
    assert first.index("Post 22") < first.index("Post 03")
    assert "Post 02" not in first
    assert "Page 1 of 2" in first
    second = http.get(list_url(), {"page": 2}).content.decode()
    assert all(f"Post {n:02d}" in second for n in (0, 1, 2))
    assert "Post 03" not in second


@pytest.mark.parametrize("role", ["owner", "assistant"])
def test_the_list_takes_the_same_queries_for_few_and_many(
    role, team, client_for, django_assert_num_queries
):
    http = client_for(team[role])
    _fill(team["owner"], 2)
    for announcement in Announcement.objects.all()[:1]:
        announcement_reply(actor=team["manager"], announcement=announcement, body="Noted")
    http.get(list_url())  # warm the caches (content types)
    # session, user, membership, the workspace menu, the count, the page with its counts
    with django_assert_num_queries(6):
        assert http.get(list_url()).status_code == 200
    _fill(team["owner"], 30)
    for announcement in Announcement.objects.all()[:10]:
        announcement_reply(actor=team["partner"], announcement=announcement, body="Thanks")
    with django_assert_num_queries(6):
        assert http.get(list_url()).status_code == 200


def test_the_page_takes_the_same_queries_for_few_and_many_replies(
    team, client_for, django_assert_num_queries
):
    announcement = post(team["owner"], important=True)
    http = client_for(team["owner"])
    announcement_reply(actor=team["assistant"], announcement=announcement, body="One")
    http.get(detail_url(announcement))
    with CaptureQueriesContext(connection) as few:
        http.get(detail_url(announcement))
    for number in range(12):
        member = add_member(
            team["owner"].workspace, make_user(f"a{number}@example.com", f"A{number}"), "assistant"
        )
        announcement_reply(actor=member, announcement=announcement, body=f"Reply {number}")
    with django_assert_num_queries(len(few)):
        http.get(detail_url(announcement))


# Deleting


def test_it_lets_the_author_or_an_owner_delete(team, client_for):
    by_manager = post(team["manager"], important=True)
    assert client_for(team["assistant"]).post(delete_url(by_manager)).status_code == 403
    by_manager.refresh_from_db()
    response = client_for(team["owner"]).post(delete_url(by_manager), {"form_key": "d1"})
    assert response.status_code == 302
    assert response["Location"] == list_url()
    assert not Announcement.objects.filter(pk=by_manager.pk).exists()
    # Nobody is left waiting to acknowledge what is gone.
    assert not Acknowledgement.objects.filter(acknowledged_at__isnull=True).exists()

    by_owner = post(team["owner"])
    assert client_for(team["manager"]).post(delete_url(by_owner)).status_code == 403
    with pytest.raises(PermissionDenied):
        announcement_delete(actor=team["manager"], announcement=by_owner)
    mine = post(team["manager"])
    assert client_for(team["manager"]).post(delete_url(mine)).status_code == 302
    assert list(Announcement.objects.all()) == [by_owner]


def test_it_offers_delete_only_to_who_may(team, client_for):
    announcement = post(team["manager"])
    action = delete_url(announcement)
    assert action in client_for(team["owner"]).get(detail_url(announcement)).content.decode()
    assert action in client_for(team["manager"]).get(detail_url(announcement)).content.decode()
    assert (
        action not in client_for(team["assistant"]).get(detail_url(announcement)).content.decode()
    )

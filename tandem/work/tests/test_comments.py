"""The task's comment thread: Markdown made safe, who may comment, mentions, double submits,
htmx and plain posts, and a task page whose queries do not grow with the thread."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD, add_member, make_user
from tandem.browser import TIMEOUT, screenshot
from tandem.lib.markdown import render
from tandem.notify.models import Notification
from tandem.work.models import Comment, TimeEntry
from tandem.work.services import comments as services
from tandem.work.services import time as time_services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import FormSubmission, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def task(owner, assistant):
    return make_task(owner, assistant)


def comment_url(task) -> str:
    return reverse("work:comment_add", kwargs={"ws": task.workspace.slug, "code": task.code})


def task_url(task) -> str:
    return reverse("work:task", kwargs={"ws": task.workspace.slug, "code": task.code})


def notified(member, kind: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(recipient=member, kind__startswith="comment_")
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows)


# Markdown, sanitised


def test_it_renders_markdown():
    html = render("**bold** and _italic_\n\n- one\n- two\n\n> quoted\n\n`code`")
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert "<ul>" in html
    assert "<li>one</li>" in html
    assert "<blockquote>" in html
    assert "<code>code</code>" in html


def test_it_strips_script_tags_and_their_content():
    html = render("Hello <script>alert('x')</script> there")
    assert "<script" not in html
    assert "alert" not in html
    assert "Hello" in html


def test_it_strips_event_handler_attributes():
    html = render(
        '<a href="https://example.com" onclick="steal()">x</a> <img src=x onerror=alert(1)>'
    )
    assert "onclick" not in html
    assert "onerror" not in html
    assert "<img" not in html
    assert 'href="https://example.com"' in html


def test_it_strips_javascript_links():
    html = render("[click](javascript:alert(1)) <a href='JaVaScRiPt:alert(2)'>two</a>")
    assert "javascript" not in html.lower()
    assert "click" in html


def test_it_keeps_http_https_and_mailto_links_with_a_safe_rel():
    html = render("[a](http://a.example) [b](https://b.example) [c](mailto:c@example.com)")
    assert html.count('rel="noopener nofollow"') == 3
    for href in ("http://a.example", "https://b.example", "mailto:c@example.com"):
        assert f'href="{href}"' in html


def test_it_drops_relative_and_data_links():
    html = render("[a](/w/other/) [b](//evil.example) [c](data:text/html,hi)")
    assert "href" not in html


def test_it_turns_pasted_addresses_into_links_but_not_inside_code():
    html = render("See https://example.com/a_b. And `https://code.example`")
    assert '<a href="https://example.com/a_b" rel="noopener nofollow">' in html
    assert "<code>https://code.example</code>" in html


def test_it_allows_only_small_headings_and_no_styles_or_images():
    html = render("# Big\n\n<h2>Two</h2><style>p{}</style><iframe src='https://x'></iframe>")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Big</h3>" in html
    assert "<style" not in html and "<iframe" not in html


# The service


def test_it_adds_a_comment(task, assistant):
    comment = services.comment_add(actor=assistant, task=task, body="  Which sheet?  ")
    assert comment.body == "Which sheet?"
    assert comment.author == assistant
    assert comment.workspace_id == task.workspace_id


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_it_refuses_an_empty_comment(task, owner, body):
    with pytest.raises(ValidationError):
        services.comment_add(actor=owner, task=task, body=body)
    assert not Comment.objects.exists()


def test_it_lets_owners_managers_and_the_assignee_comment(task, owner, manager, assistant):
    for member in (owner, manager, assistant):
        services.comment_add(actor=member, task=task, body=f"From {member.role}")
    assert Comment.objects.count() == 3


def test_it_refuses_a_partner_another_assistant_and_an_outsider(task, workspace, partner, outsider):
    other = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    for member in (partner, other, outsider):
        with pytest.raises(PermissionDenied):
            services.comment_add(actor=member, task=task, body="Let me in")
    assert not Comment.objects.exists()


def test_it_tells_the_assignee_when_the_owner_comments(
    task, owner, assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_add(actor=owner, task=task, body="Use the blue template.")
    [notification] = notified(assistant)
    assert notification.kind == "comment_added"
    assert notification.event_key == f"comment:{comment.pk}"
    assert notification.thread_key == f"task:{task.code}"
    assert notification.url == f"{task_url(task)}#comment-{comment.pk}"
    assert notified(owner) == []  # never told of one's own comment


def test_it_tells_the_author_of_the_task_when_the_assistant_comments(
    task, owner, manager, assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(actor=assistant, task=task, body="Done with half of it.")
    assert [n.kind for n in notified(owner)] == ["comment_added"]
    assert notified(manager) == []  # not involved, not mentioned


def test_it_tells_mentioned_members_by_first_name_and_by_email(
    task, owner, manager, assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(
            actor=owner, task=task, body="@Ana please check with @mona@example.com first."
        )
    assert [n.kind for n in notified(assistant)] == ["comment_mention"]
    assert [n.kind for n in notified(manager)] == ["comment_mention"]


def test_a_mention_replaces_the_plain_notification(
    task, owner, assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(actor=assistant, task=task, body="@alice is this right?")
    assert [n.kind for n in notified(owner)] == ["comment_mention"]


def test_it_ignores_mentions_of_people_who_cannot_see_the_task(
    task, owner, workspace, partner, outsider, django_capture_on_commit_callbacks
):
    other = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(
            actor=owner, task=task, body="@Pia @Bo @olaf@example.com @nobody have a look"
        )
    for member in (partner, other, outsider):
        assert notified(member) == []


def test_an_ambiguous_first_name_mentions_nobody_but_a_whole_name_does(
    task, owner, workspace, assistant, django_capture_on_commit_callbacks
):
    # Two people named Ana can see the task: "@Ana" says nobody; "@AnaAssistant" says who.
    add_member(workspace, make_user("ana2@example.com", "Ana Other"), Role.MANAGER)
    candidates = services.selectors.members_who_see_task(task)
    assert services.mentioned_members("@Ana hi", candidates) == []
    assert services.mentioned_members("@AnaAssistant hi", candidates) == [assistant]


def test_an_email_address_alone_is_no_mention(task, owner):
    candidates = services.selectors.members_who_see_task(task)
    assert services.mentioned_members("write to ana@example.com", candidates) == []


def test_nothing_is_told_for_a_comment_that_is_rolled_back(
    task, owner, assistant, django_capture_on_commit_callbacks
):
    class Undo(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        services.comment_add(actor=owner, task=task, body="@Ana hello")
        # Told in the comment's own transaction, so a crash after commit loses nothing.
        assert len(notified(assistant)) == 1
        raise Undo
    assert notified(assistant) == []
    assert mail.outbox == []


def test_it_shows_the_thread_oldest_first_with_rendered_markdown(
    task, owner, assistant, client_for
):
    services.comment_add(actor=owner, task=task, body="First **bold**")
    services.comment_add(actor=assistant, task=task, body="Second <script>x()</script>")
    page = client_for(assistant).get(task_url(task)).content.decode()
    assert page.index("First") < page.index("Second")
    assert "<strong>bold</strong>" in page
    assert "x()" not in page
    assert 'data-draft="alice:' in page and ':comment"' in page


def test_it_shows_times_in_the_viewers_zone(task, owner, assistant, client_for):
    comment = services.comment_add(actor=owner, task=task, body="Hello")
    page = client_for(assistant).get(task_url(task)).content.decode()
    stamp = re.search(rf'id="comment-{comment.pk}".*?datetime="([^"]+)"', page, re.S)
    assert stamp is not None
    assert stamp[1].endswith("+08:00")  # Ana lives in Manila


def test_it_posts_a_comment_and_returns_to_the_thread(task, assistant, client_for):
    response = client_for(assistant).post(comment_url(task), {"body": "On it.", "form_key": "k1"})
    assert response.status_code == 302
    assert response["Location"] == f"{task_url(task)}#thread"
    assert Comment.objects.get().body == "On it."


def test_a_second_submission_of_the_same_form_adds_no_second_comment(task, assistant, client_for):
    http = client_for(assistant)
    data = {"body": "Only once, please.", "form_key": "same-key"}
    first = http.post(comment_url(task), data)
    second = http.post(comment_url(task), data)
    assert first.status_code == second.status_code == 302
    assert Comment.objects.count() == 1


def test_an_htmx_post_answers_with_the_refreshed_thread(task, owner, client_for):
    services.comment_add(actor=owner, task=task, body="Earlier")
    response = client_for(owner).post(
        comment_url(task), {"body": "Via htmx", "form_key": "h1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    # A fresh form in place of the one sent (the form element stays, with its draft)…
    assert html.lstrip().startswith('<div id="comment-fields">')
    assert 'name="form_key"' in html and 'value="h1"' not in html
    assert "Your comment is posted." in html
    # …and the whole thread, out of band.
    assert '<div id="thread-comments" hx-swap-oob="true">' in html
    assert html.index("Earlier") < html.index("Via htmx")


def test_a_repeated_htmx_post_changes_nothing(task, owner, client_for):
    http = client_for(owner)
    data = {"body": "Via htmx", "form_key": "h2"}
    http.post(comment_url(task), data, HTTP_HX_REQUEST="true")
    again = http.post(comment_url(task), data, HTTP_HX_REQUEST="true")
    assert again.status_code == 204
    assert Comment.objects.count() == 1


def test_an_empty_comment_goes_back_to_the_task_page_and_the_key_is_not_spent(
    task, owner, client_for
):
    http = client_for(owner)
    response = http.post(comment_url(task), {"body": " ", "form_key": "k2"})
    assert response.status_code == 303
    assert response["Location"] == task.get_absolute_url()
    assert "Write a comment or choose a file." in http.get(response["Location"]).content.decode()
    retry = http.post(comment_url(task), {"body": "Now with words", "form_key": "k2"})
    assert retry.status_code == 302
    assert Comment.objects.get().body == "Now with words"


def test_an_invalid_htmx_post_shows_the_errors_in_the_form(task, owner, client_for):
    response = client_for(owner).post(
        comment_url(task), {"body": "", "form_key": "k3"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="comment-fields">')
    assert "Write a comment or choose a file." in html
    assert 'name="form_key"' in html and 'value="k3"' not in html
    assert "hx-swap-oob" not in html
    assert not Comment.objects.exists()


def test_an_invalid_htmx_post_does_not_spend_its_key(task, owner, client_for):
    # The errors come back with status 200 (htmx swaps no 4xx); the same form sent again,
    # corrected (a retry, or the page restored by the browser), is posted, and only once.
    http = client_for(owner)
    invalid = http.post(comment_url(task), {"body": "", "form_key": "k5"}, HTTP_HX_REQUEST="true")
    assert invalid.status_code == 200
    assert not FormSubmission.objects.exists()
    data = {"body": "Corrected", "form_key": "k5"}
    posted = http.post(comment_url(task), data, HTTP_HX_REQUEST="true")
    again = http.post(comment_url(task), data, HTTP_HX_REQUEST="true")
    assert (posted.status_code, again.status_code) == (200, 204)
    assert Comment.objects.get().body == "Corrected"


def test_it_marks_the_draft_saved(task, assistant, client_for):
    http = client_for(assistant)
    http.post(comment_url(task), {"body": "Saved", "form_key": "k4"})
    page = http.get(task_url(task)).content.decode()
    assert f'content="alice:{task.code}:comment"' in page


def test_it_checks_workspace_isolation(task, outsider, workspace, partner, client_for):
    other = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    for member in (outsider, partner, other):
        response = client_for(member).post(comment_url(task), {"body": "Hi", "form_key": "x"})
        assert response.status_code == 404
    theirs = make_task(outsider)
    foreign = reverse("work:comment_add", kwargs={"ws": "alice", "code": theirs.code})
    assert client_for(task.created_by).post(foreign, {"body": "Hi"}).status_code == 404
    assert not Comment.objects.exists()


# Queries


def fill(task, owner, assistant, count: int) -> None:
    """`count` comments (a few with a file) and time entries, and a running timer."""
    for number in range(count):
        author = owner if number % 2 else assistant
        files = [SimpleUploadedFile(f"n{number}.pdf", b"%PDF-1.4 x")] if number < 6 else []
        services.comment_add(
            actor=author, task=task, body=f"Comment {number} **bold**", files=files
        )
        TimeEntry.objects.create(
            workspace_id=task.workspace_id, task=task, member=assistant, minutes=10 + number
        )
    time_services.timer_start(actor=assistant, task=task)


@pytest.mark.parametrize("viewer", ["owner", "assistant"])
def test_the_task_page_queries_do_not_grow_with_the_thread(
    viewer, owner, assistant, client_for, django_assert_num_queries
):
    small, large = make_task(owner, assistant), make_task(owner, assistant, title="Large")
    fill(small, owner, assistant, 2)
    fill(large, owner, assistant, 40)
    http = client_for(owner if viewer == "owner" else assistant)
    http.get(task_url(small))  # the session's first write is not the page's
    with CaptureQueriesContext(connection) as queries:
        assert http.get(task_url(small)).status_code == 200
    with django_assert_num_queries(len(queries)):
        response = http.get(task_url(large))
    assert response.content.decode().count('class="comment"') == 40


# In the browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_posts_with_htmx_and_forgets_the_draft_once_saved(
    live_server, browser, owner, assistant
):
    task = make_task(owner, assistant)
    context = browser.new_context(locale="en-US", timezone_id="Europe/Oslo")
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(owner.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}{task_url(task)}")

    body = page.get_by_label("Your comment")
    body.fill("Hi @Ana, the **blue** template please.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#thread .comment")).to_have_count(1)
    expect(page.locator("#thread .comment strong").last).to_have_text("blue")
    expect(body).to_have_value("")  # the draft is not put back into the fresh form
    assert page.evaluate("Object.keys(localStorage)") == []

    # Nothing written: the error shows in place, and nothing is posted twice.
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#thread")).to_contain_text("Write a comment or choose a file.")
    page.set_input_files(
        "#comment_attachments",
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}],
    )
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#thread .attachments")).to_contain_text("notes.txt")
    screenshot(page, "thread-01-posted")
    page.reload()
    expect(page.locator("#thread .comment")).to_have_count(2)
    assert Comment.objects.count() == 2

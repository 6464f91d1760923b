"""The page of what waits for your acknowledgement (`rhythm:acks`) and the one acknowledge
button (`rhythm:acknowledge`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from tandem.acks.models import AckKind
from tandem.acks.selectors import ack_pending_for
from tandem.acks.services import ack_request
from tandem.rhythm.models import Announcement, Meeting, MeetingSeries, MeetingSummary
from tandem.testing import VISITORS, Case, Team, check_access, everyone, url
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task

MONDAY = datetime(2026, 3, 2, 0, tzinfo=UTC)  # 08:00 in Manila: Ana's day begins


def acks_url(ws: str) -> str:
    return reverse("rhythm:acks", kwargs={"ws": ws})


def announcement(owner, title="Office closed on Friday"):
    return Announcement.objects.create(
        workspace=owner.workspace, author=owner, title=title, body="Enjoy the long weekend."
    )


def summary(owner, author, title="Weekly planning"):
    series = MeetingSeries.objects.create(
        workspace=owner.workspace,
        title=title,
        purpose="Plan the week.",
        starts_on=date(2026, 3, 2),
        at=time(9),
        zone="Europe/Oslo",
        created_by=owner,
    )
    meeting = Meeting.objects.create(
        workspace=owner.workspace,
        series=series,
        starts_at=MONDAY,
        ends_at=MONDAY + timedelta(minutes=30),
        summary_due_at=MONDAY + timedelta(days=1),
    )
    return MeetingSummary.objects.create(
        workspace=owner.workspace, meeting=meeting, author=author, decisions="Ship it."
    )


def expected_url(name: str, ws: str, code: str) -> str:
    return reverse(name, kwargs={"ws": ws, "code": code})


def feedback_for(owner, assistant, title):
    task = make_task(owner, assistant, title=title)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    return services.task_review(actor=owner, task=task, accept=False, feedback="Check row 3.")


def every_kind(owner, assistant, n=0):
    """One of each kind waiting for the assistant; returns (brief, review, post, summary)."""
    ws = owner.workspace
    brief = make_task(owner, assistant, title=f"Brief {n}")
    review = feedback_for(owner, assistant, f"Reviewed {n}")
    post = announcement(owner, f"News {n}")
    ack_request(workspace=ws, subject=post, kind=AckKind.ANNOUNCEMENT, members=[assistant])
    notes = summary(owner, assistant, f"Meeting {n}")
    ack_request(workspace=ws, subject=notes, kind=AckKind.SUMMARY, members=[assistant])
    return brief, review, post, notes


def test_it_lists_what_waits_oldest_first_with_links(owner, assistant, client_for):
    ws = owner.workspace.slug
    with time_machine.travel(MONDAY, tick=False):
        brief = make_task(owner, assistant, title="Update the client list")
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        review = feedback_for(owner, assistant, "Invoice run")
    with time_machine.travel(MONDAY + timedelta(hours=2), tick=False):
        post = announcement(owner)
        ack_request(
            workspace=owner.workspace, subject=post, kind=AckKind.ANNOUNCEMENT, members=[assistant]
        )
        notes = summary(owner, owner, "Weekly planning")
        ack_request(
            workspace=owner.workspace, subject=notes, kind=AckKind.SUMMARY, members=[assistant]
        )
    with time_machine.travel(MONDAY + timedelta(hours=5), tick=False):
        html = client_for(assistant).get(acks_url(ws)).content.decode()
    waiting = html[html.index('id="waiting"') : html.index('id="recent"')]
    titles = [
        "Update the client list",
        "Feedback on “Invoice run”",
        "Office closed on Friday",
        "Summary of “Weekly planning”",
    ]
    positions = [waiting.index(title) for title in titles]
    assert positions == sorted(positions)
    task_page = reverse("work:task", kwargs={"ws": ws, "code": brief.code})
    assert f'href="{task_page}#acknowledge"' in waiting
    review_page = reverse("work:task", kwargs={"ws": ws, "code": review.task.code})
    assert f'href="{review_page}#feedback"' in waiting
    assert f'href="{expected_url("rhythm:announcement", ws, post.code)}"' in waiting
    assert f'href="{expected_url("rhythm:meeting", ws, notes.meeting.code)}"' in waiting
    # Waiting times in Ana's working hours (08:00–17:00 in Manila).
    assert "waiting 5 h of your working time" in waiting
    assert "waiting 3 h of your working time" in waiting
    # A brief is acknowledged on its page; the others right here.
    assert "Read the brief" in waiting
    assert waiting.count('class="ack-form"') == 3


def test_late_ones_are_marked(owner, assistant, client_for, workspace):
    workspace.response_time_hours = 4
    workspace.save(update_fields=["response_time_hours"])
    with time_machine.travel(MONDAY, tick=False):
        make_task(owner, assistant, title="Old brief")
    with time_machine.travel(MONDAY + timedelta(hours=6), tick=False):
        make_task(owner, assistant, title="New brief")
        html = client_for(assistant).get(acks_url(workspace.slug)).content.decode()
    assert html.count("past the expected time") == 1
    assert "within 4 h of your working hours" in html


def test_it_shows_only_the_viewers_own(owner, manager, assistant, client_for):
    make_task(owner, assistant, title="For Ana")
    make_task(owner, manager, title="For Mona")
    html = client_for(manager).get(acks_url(owner.workspace.slug)).content.decode()
    assert "For Mona" in html and "For Ana" not in html


def test_acknowledging_from_the_page_moves_it_to_recent(owner, assistant, client_for):
    ws = owner.workspace.slug
    post = announcement(owner)
    ack_request(
        workspace=owner.workspace, subject=post, kind=AckKind.ANNOUNCEMENT, members=[assistant]
    )
    ack = ack_pending_for(assistant, post)
    http = client_for(assistant)
    response = http.post(
        reverse("rhythm:acknowledge", kwargs={"ws": ws, "code": ack.code}),
        {"form_key": "page-1", "next": acks_url(ws)},
    )
    assert response.status_code == 302 and response["Location"] == acks_url(ws)
    html = http.get(acks_url(ws)).content.decode()
    assert "Nothing is waiting for you." in html
    recent = html[html.index('id="recent"') :]
    assert "Office closed on Friday" in recent and "acknowledged" in recent


def test_an_unsafe_next_goes_to_the_list(owner, assistant, client_for):
    post = announcement(owner)
    ack_request(
        workspace=owner.workspace, subject=post, kind=AckKind.ANNOUNCEMENT, members=[assistant]
    )
    ack = ack_pending_for(assistant, post)
    response = client_for(assistant).post(
        reverse("rhythm:acknowledge", kwargs={"ws": owner.workspace.slug, "code": ack.code}),
        {"next": "https://evil.example.com/"},
    )
    assert response["Location"] == acks_url(owner.workspace.slug)
    assert ack_pending_for(assistant, post) is None


def test_the_page_is_empty_but_helpful_with_nothing(owner, client_for):
    html = client_for(owner).get(acks_url(owner.workspace.slug)).content.decode()
    assert "Nothing is waiting for you." in html and "Nothing acknowledged yet." in html


def test_the_page_has_a_fixed_number_of_queries(
    owner, assistant, client_for, django_assert_num_queries
):
    ws = owner.workspace.slug
    http = client_for(assistant)
    http.get(acks_url(ws))  # the session's first write is not the page's
    every_kind(owner, assistant, 0)
    recent = every_kind(owner, assistant, 100)
    services.task_acknowledge(actor=assistant, task=recent[0])
    with django_assert_num_queries(QUERIES) as few:
        http.get(acks_url(ws))
    for n in range(1, 8):
        brief, *_ = every_kind(owner, assistant, n)
        services.task_acknowledge(actor=assistant, task=brief)
    with django_assert_num_queries(len(few.captured_queries)):
        html = http.get(acks_url(ws)).content.decode()
    waiting = html[html.index('id="waiting"') : html.index('id="recent"')]
    assert waiting.count("Summary of") == waiting.count("Feedback on") == 9
    recent = html[html.index('id="recent"') :]
    assert recent.count("<li>") == 10  # the latest ten


# session, user, member, pending and recent (each with its subjects joined), working hours, and
# the workspace menu of the layout (11 while each kind of subject took a query of its own)
QUERIES = 7


# Access


@dataclass
class World(Team):
    ack_code: str  # the assistant's pending acknowledgement


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    post = announcement(owner)
    ack_request(
        workspace=owner.workspace,
        subject=post,
        kind=AckKind.ANNOUNCEMENT,
        members=[assistant, manager, partner, owner],
    )
    return World(
        owner, manager, assistant, partner, outsider, ack_pending_for(assistant, post).code
    )


MATRIX = [
    Case("acks", "get", url("rhythm:acks"), everyone(200)),
    # Only the member it is addressed to may acknowledge it; to anyone else it does not exist.
    Case(
        "acknowledge",
        "post",
        url("rhythm:acknowledge", code=lambda w: w.ack_code),
        {"owner": 404, "manager": 404, "assistant": 302, "partner": 404},
    ),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_acknowledge_takes_only_post_and_a_get_goes_to_the_list(world, client_for):
    response = client_for(world.assistant).get(
        reverse("rhythm:acknowledge", kwargs={"ws": world.ws, "code": world.ack_code})
    )
    assert response.status_code == 303
    assert response["Location"] == acks_url(world.ws)


def test_a_get_of_another_workspaces_acknowledge_is_404(world, client_for):
    response = client_for(world.outsider).get(
        reverse("rhythm:acknowledge", kwargs={"ws": world.ws, "code": world.ack_code})
    )
    assert response.status_code == 404


def test_the_list_takes_only_get(world, client_for):
    assert client_for(world.assistant).post(acks_url(world.ws)).status_code == 405


def test_it_checks_workspace_isolation(world, outsider, client_for):
    """An outsider's own workspace does not open the door to Alice's acknowledgements."""
    response = client_for(outsider).post(
        reverse("rhythm:acknowledge", kwargs={"ws": "olaf", "code": world.ack_code})
    )
    assert response.status_code == 404
    assert "Office closed" not in client_for(outsider).get(acks_url("olaf")).content.decode()

"""My day: the assistant's own open work in their own day, and the latest feedback."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from tandem.work.management.commands.bench_data import generate_tasks
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db

MY_DAY = reverse("insights:my_day", kwargs={"ws": "alice"})
# Session, user, membership, the switcher's workspaces; the sections; the feedback; the
# rhythm's working hours (whose day "today" is), acknowledgements, check-in and meetings; the
# next meeting.
MY_DAY_QUERIES = 4 + 1 + 1 + 4 + 1
# Wednesday 2 December 2026, 12:00 UTC: 20:00 in Manila (Ana).
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def sections(html: str) -> dict[str, list[str]]:
    """Each section's heading and the titles in it, in page order."""
    found = {}
    for block in re.findall(r'<section class="card[^"]*"[^>]*>.*?</section>', html, re.S):
        heading = re.search(r"<h2>([^<]+)", block)
        if heading:
            titles = re.findall(r'class="row-title" href="[^"]+">([^<]+)</a>', block)
            found[heading[1].strip()] = [unescape(title) for title in titles]
    return found


def acknowledged(owner, assistant, **brief):
    task = make_task(owner, assistant, **brief)
    services.task_acknowledge(actor=assistant, task=task)
    return task


@pytest.fixture
def day(owner, assistant):
    with time_machine.travel(NOW, tick=False):
        make_task(owner, assistant, title="Waiting", due_date=date(2026, 12, 10))
        acknowledged(owner, assistant, title="Late", due_date=date(2026, 12, 1))
        acknowledged(
            owner, assistant, title="Tonight", due_date=date(2026, 12, 2), due_time=time(22)
        )
        acknowledged(
            owner,
            assistant,
            title="Tonight, urgent",
            priority=4,
            due_date=date(2026, 12, 2),
            due_time=None,
        )
        acknowledged(owner, assistant, title="Tomorrow", due_date=date(2026, 12, 3))
        acknowledged(owner, assistant, title="Open-ended", due_date=None)
        task = acknowledged(owner, assistant, title="Handed in", due_date=date(2026, 12, 9))
        services.task_submit(actor=assistant, task=task)
        done = acknowledged(owner, assistant, title="Finished", due_date=date(2026, 11, 1))
        services.task_submit(actor=assistant, task=done)
        services.task_review(actor=owner, task=done, accept=True, feedback="Lovely.")


def test_it_sorts_the_assistants_open_work_into_their_day(assistant, day, client_for):
    with time_machine.travel(NOW, tick=False):
        html = client_for(assistant).get(MY_DAY).content.decode()
    assert sections(html) == {
        "Waiting for your acknowledgement": ["Waiting"],
        "Overdue": ["Late"],
        "Today": ["Tonight, urgent", "Tonight"],
        "Next": ["Tomorrow"],
        "No deadline": ["Open-ended"],
        "Handed in, waiting for review": ["Handed in"],
        # The feedback on "Finished" waits for the assistant's acknowledgement.
        "Check-ins, meetings and acknowledgements": ["Finished"],
        "Latest feedback": [],
        "Stuck?": [],
        "Can't work right now?": [],  # the outage card (continuity)
    }
    assert "Finished" in html  # only in the feedback
    assert html.index("Waiting for your acknowledgement") < html.index("Overdue")


def test_today_is_the_assistants_own_day(owner, assistant, client_for):
    task = acknowledged(
        owner, assistant, title="Early", due_date=date(2026, 12, 3), due_time=time(7)
    )
    http = client_for(assistant)
    # 15:00 UTC is 23:00 on 2 December in Manila: the task is due tomorrow.
    with time_machine.travel(datetime(2026, 12, 2, 15, 0, tzinfo=UTC), tick=False):
        assert sections(http.get(MY_DAY).content.decode())["Next"] == [task.title]
    # 16:30 UTC is 00:30 on 3 December in Manila: it is due today.
    with time_machine.travel(datetime(2026, 12, 2, 16, 30, tzinfo=UTC), tick=False):
        assert sections(http.get(MY_DAY).content.decode())["Today"] == [task.title]


def test_it_shows_the_latest_three_pieces_of_feedback(owner, assistant, client_for):
    for number in range(1, 5):
        task = acknowledged(owner, assistant, title=f"Report {number}")
        services.task_submit(actor=assistant, task=task)
        services.task_review(actor=owner, task=task, accept=True, feedback=f"Feedback {number}")
    html = client_for(assistant).get(MY_DAY).content.decode()
    assert [f"Feedback {n}" in html for n in range(1, 5)] == [False, True, True, True]
    assert html.index("Feedback 4") < html.index("Feedback 2")


def test_it_points_a_delegator_without_tasks_to_what_needs_attention(owner, client_for):
    html = client_for(owner).get(MY_DAY).content.decode()
    assert "No tasks are assigned to you" in html
    assert reverse("insights:attention", kwargs={"ws": "alice"}) in html


def test_it_shows_a_delegator_their_own_assigned_tasks(owner, manager, assistant, client_for):
    make_task(owner, manager, title="For the manager")
    make_task(owner, assistant, title="For the assistant")
    html = client_for(manager).get(MY_DAY).content.decode()
    assert "For the manager" in html
    assert "For the assistant" not in html


def test_it_shows_a_partner_no_task_but_says_why(owner, assistant, partner, client_for):
    make_task(owner, assistant, title="Confidential client work")
    response = client_for(partner).get(MY_DAY)
    assert b"Confidential client work" not in response.content
    assert b"attendance and health" in response.content


def test_it_says_when_nothing_is_on_the_plate(assistant, client_for):
    assert b"Nothing on your plate" in client_for(assistant).get(MY_DAY).content


def test_it_bounds_each_section_and_links_to_the_rest(owner, assistant, client_for):
    with time_machine.travel(NOW, tick=False):
        for number in range(23):
            make_task(owner, assistant, title=f"Brief {number}")
        html = client_for(assistant).get(MY_DAY).content.decode()
    assert len(sections(html)["Waiting for your acknowledgement"]) == 10
    assert "and 13 more in the list" in html
    assert reverse("work:list", kwargs={"ws": "alice"}) + "?state=assigned" in html


@pytest.mark.parametrize("count", [20, 500])
def test_it_reads_my_day_in_a_fixed_number_of_queries(
    count, owner, manager, assistant, client_for, django_assert_num_queries
):
    generate_tasks(
        owner.workspace, delegators=[owner, manager], assistants=[assistant], count=count
    )
    http = client_for(assistant)
    http.get(MY_DAY)  # warm-up: the session learns the workspace
    with django_assert_num_queries(MY_DAY_QUERIES):
        assert http.get(MY_DAY).status_code == 200


def test_it_checks_workspace_isolation(owner, outsider, assistant, client_for):
    make_task(owner, assistant, title="Alice's secret")
    assert client_for(outsider).get(MY_DAY).status_code == 404


def test_an_overdue_brief_still_to_acknowledge_is_not_contradicted(owner, assistant, client_for):
    with time_machine.travel(datetime(2026, 11, 25, 12, 0, tzinfo=UTC), tick=False):
        make_task(owner, assistant, title="Forgotten brief", due_date=date(2026, 12, 1))
    with time_machine.travel(NOW, tick=False):
        html = client_for(assistant).get(MY_DAY).content.decode()
    assert sections(html)["Waiting for your acknowledgement"] == ["Forgotten brief"]
    assert "Nothing else is overdue." in html
    assert "Nothing overdue." not in html


def test_with_nothing_overdue_it_says_so(owner, assistant, client_for):
    with time_machine.travel(NOW, tick=False):
        make_task(owner, assistant, title="Fresh brief", due_date=date(2026, 12, 10))
        html = client_for(assistant).get(MY_DAY).content.decode()
    assert "Nothing overdue." in html
    assert "Nothing else is overdue." not in html


def test_it_shows_the_next_meeting_with_its_call(owner, assistant, client_for):
    from datetime import timedelta

    from tandem.rhythm.models import Meeting
    from tandem.rhythm.tests.test_meeting_access import make_weekday_series

    call = "https://meet.jit.si/alice-daily"
    with time_machine.travel(NOW, tick=False):
        series = make_weekday_series(owner, [owner, assistant], call_url=call)
    meeting = Meeting.objects.filter(series=series, starts_at__gt=NOW).order_by("starts_at")[0]
    http = client_for(assistant)
    with time_machine.travel(meeting.starts_at - timedelta(hours=2), tick=False):
        html = http.get(MY_DAY).content.decode()
    card = html.split('id="next-meeting"')[1].split("</section>")[0]
    assert "Daily stand-up" in card and 'class="call-link"' in card and "call-join" not in card
    with time_machine.travel(meeting.starts_at - timedelta(minutes=5), tick=False):
        html = http.get(MY_DAY).content.decode()
    assert f'class="button small call-join" href="{call}"' in html
    # The owner, without tasks of their own, sees it too.
    with time_machine.travel(meeting.starts_at - timedelta(minutes=5), tick=False):
        assert "call-join" in client_for(owner).get(MY_DAY).content.decode()


def test_no_next_meeting_for_one_who_does_not_attend(owner, manager, assistant, client_for):
    from tandem.rhythm.tests.test_meeting_access import make_weekday_series

    with time_machine.travel(NOW, tick=False):
        make_weekday_series(owner, [owner, manager])
        html = client_for(assistant).get(MY_DAY).content.decode()
    assert 'id="next-meeting"' not in html

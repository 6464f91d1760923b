"""Response time in the member's own working hours (tandem/rhythm/selectors/response_time.py)
and where it is shown: the member's page and the team page."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.rhythm.selectors.response_time import (
    duration_label,
    response_time_of,
    response_times_of,
)
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Role
from tandem.workspaces.selectors import members_of_workspace

HOUR = 3600


def manila(day: int, hour: int) -> datetime:
    """A March 2026 local time in Manila (UTC+8), as UTC."""
    return datetime(2026, 3, day, hour, tzinfo=UTC) - timedelta(hours=8)


@pytest.fixture
def rea(workspace):
    """An assistant in Manila who works Monday to Friday, 09:00–17:00."""
    workspace.response_time_hours = 8
    workspace.save(update_fields=["response_time_hours"])
    user = make_user("rea@example.com", "Rea Reyes", "Asia/Manila")
    account_services.working_hours_set(
        user=user, hours={d: [(time(9), time(17))] for d in range(5)}
    )
    return add_member(workspace, user, Role.ASSISTANT)


def brief_at(owner, member, when, acknowledged=None, title="Brief"):
    with time_machine.travel(when, tick=False):
        task = make_task(owner, member, title=title)
    if acknowledged is not None:
        with time_machine.travel(acknowledged, tick=False):
            services.task_acknowledge(actor=member, task=task)
    return task


@pytest.fixture
def history(owner, rea):
    # Asked Friday 16:00, acknowledged Monday 10:00: two working hours (one each day).
    brief_at(owner, rea, manila(6, 16), manila(9, 10), "Weekend in between")
    # Asked Monday 10:00, acknowledged Tuesday 16:00: 7 + 7 = 14 working hours, too slow.
    brief_at(owner, rea, manila(9, 10), manila(10, 16), "Slow")
    # Still waiting on Wednesday 12:00: since Tuesday 09:00 (11 h, late) and Wednesday 11:00.
    brief_at(owner, rea, manila(10, 9), title="Waiting long")
    brief_at(owner, rea, manila(11, 11), title="Just arrived")
    return manila(11, 12)


def test_it_counts_only_the_members_working_hours(rea, history):
    figures = response_time_of(rea, now=history)
    assert figures.answered == 2
    assert figures.median_seconds == 8 * HOUR  # the middle of 2 h and 14 h
    assert figures.median_hours == 8
    assert figures.answered_in_time == 1 and figures.in_time_share == 0.5
    assert figures.in_time_percent == 50
    assert figures.pending == 2
    assert figures.pending_late == 1
    assert figures.expectation_hours == 8


def test_friday_afternoon_to_monday_morning_is_two_working_hours(owner, rea):
    brief_at(owner, rea, manila(6, 16), manila(9, 10))
    figures = response_time_of(rea, now=manila(9, 11))
    assert figures.median_seconds == 2 * HOUR
    assert figures.in_time_percent == 100
    assert figures.pending == figures.pending_late == 0


def test_since_limits_the_answers_but_not_what_is_pending(rea, history):
    figures = response_time_of(rea, since=manila(9, 12), now=history)
    assert figures.answered == 1 and figures.median_seconds == 14 * HOUR
    assert figures.pending == 2


def test_a_member_without_working_hours_counts_the_clock(owner, workspace):
    workspace.response_time_hours = 8
    workspace.save(update_fields=["response_time_hours"])
    user = make_user("owl@example.com", "Owl")
    account_services.working_hours_set(user=user, hours={})  # has not said when they work
    night_owl = add_member(workspace, user, Role.ASSISTANT)
    brief_at(owner, night_owl, manila(6, 16), manila(9, 10))
    brief_at(owner, night_owl, manila(9, 10))
    figures = response_time_of(night_owl, now=manila(9, 19))
    assert figures.median_seconds == 66 * HOUR
    assert figures.answered_in_time == 0
    assert figures.pending_late == 1


def test_nothing_addressed_gives_empty_figures(manager):
    figures = response_time_of(manager)
    assert (figures.answered, figures.pending, figures.pending_late) == (0, 0, 0)
    assert figures.median_seconds is None and figures.in_time_share is None
    assert figures.median_label == ""


def test_many_members_at_once_in_a_fixed_number_of_queries(
    owner, workspace, rea, history, django_assert_num_queries
):
    others = [
        add_member(workspace, make_user(f"va{n}@example.com", f"VA {n}"), Role.ASSISTANT)
        for n in range(5)
    ]
    for n, member in enumerate(others):
        brief_at(owner, member, manila(9, 9 + n), manila(9, 10 + n))
        brief_at(owner, member, manila(10, 9))
    members = list(members_of_workspace(workspace))  # working hours prefetched
    with django_assert_num_queries(2):
        times = response_times_of(workspace, members, now=history)
    assert times[rea.pk] == response_time_of(rea, now=history)
    assert times[others[0].pk].answered == 1 and times[others[0].pk].pending == 1
    assert times[owner.pk].answered == 0
    bare = [member for member in members]  # noqa: C416
    for member in bare:
        member.user._prefetched_objects_cache = {}
    with django_assert_num_queries(3):
        assert response_times_of(workspace, bare, now=history) == times


def test_members_of_another_workspace_are_left_out(rea, outsider, history):
    times = response_times_of(rea.workspace, [rea, outsider], now=history)
    assert set(times) == {rea.pk}


@pytest.mark.parametrize(
    ("seconds", "label"),
    [(20, "under a minute"), (45 * 60, "45 min"), (3 * HOUR, "3 h"), (200 * 60, "3 h 20 min")],
)
def test_durations_read_short(seconds, label):
    assert duration_label(seconds) == label


# Pages


def test_the_members_page_shows_the_response_time(owner, rea, history, client_for):
    url = reverse("workspaces:member_edit", kwargs={"ws": rea.workspace.slug, "code": rea.code})
    with time_machine.travel(history, tick=False):
        html = client_for(owner).get(url).content.decode()
    section = html[html.index('id="response-time"') :]
    assert "expects an answer within 8 working hours" in section
    assert "8 h of working time" in section
    assert "50% (1 of 2)" in section
    assert "1 past the expected time" in section


def test_the_team_page_shows_response_times_to_delegators_only(
    owner, rea, assistant, history, client_for
):
    url = reverse("workspaces:members", kwargs={"ws": rea.workspace.slug})
    with time_machine.travel(history, tick=False):
        html = client_for(owner).get(url).content.decode()
        assert "Response time" in html
        assert "8 h median" in html and "1 waiting too long" in html
        assert "Response time" not in client_for(assistant).get(url).content.decode()

"""Computed KPIs: the periods in each assistant's own days (week start, month, quarter, a DST
week), and each computed source against hand-counted data, at day boundaries across zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine

from conftest import add_member, make_user
from tandem.rhythm.services import checkins as checkin_services
from tandem.roles.models import KpiCadence
from tandem.roles.selectors.kpi_values import (
    Period,
    ended_periods,
    measure,
    period_of,
    span_of,
)
from tandem.roles.tests.kpi_helpers import fresh
from tandem.work.services import tasks as task_services
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

MONDAY, SUNDAY = 0, 6


def test_a_week_starts_on_the_workspaces_first_weekday():
    wednesday = date(2030, 1, 9)
    assert period_of(wednesday, KpiCadence.WEEKLY, MONDAY) == Period(
        date(2030, 1, 7), date(2030, 1, 14)
    )
    assert period_of(wednesday, KpiCadence.WEEKLY, SUNDAY) == Period(
        date(2030, 1, 6), date(2030, 1, 13)
    )


def test_months_and_quarters_are_calendar_ones():
    assert period_of(date(2030, 12, 31), KpiCadence.MONTHLY, MONDAY) == Period(
        date(2030, 12, 1), date(2031, 1, 1)
    )
    assert period_of(date(2030, 2, 14), KpiCadence.QUARTERLY, MONDAY) == Period(
        date(2030, 1, 1), date(2030, 4, 1)
    )
    assert period_of(date(2030, 11, 30), KpiCadence.QUARTERLY, MONDAY) == Period(
        date(2030, 10, 1), date(2031, 1, 1)
    )


def test_ended_periods_are_bounded_by_the_limit_and_the_day_the_role_was_taken():
    today = date(2030, 6, 15)
    months = ended_periods(KpiCadence.MONTHLY, MONDAY, today=today, limit=12)
    assert len(months) == 12
    assert months[0] == Period(date(2030, 5, 1), date(2030, 6, 1))
    assert months[-1].start == date(2029, 6, 1)
    since = ended_periods(KpiCadence.MONTHLY, MONDAY, today=today, since=date(2030, 3, 20))
    # March counts: they held the role for part of it.
    assert [p.start.month for p in since] == [5, 4, 3]
    assert ended_periods(KpiCadence.MONTHLY, MONDAY, today=today, since=date(2030, 6, 2)) == []


def test_a_dst_week_runs_from_local_midnight_to_local_midnight(assistant):
    assistant.user.time_zone = "Europe/Oslo"
    assistant.user.save(update_fields=["time_zone"])
    member = fresh(assistant)
    # Oslo springs forward on Sunday 31 March 2030: the week has 167 hours.
    week = period_of(date(2030, 3, 27), KpiCadence.WEEKLY, MONDAY)
    span = span_of(member, week)
    assert span.since == datetime(2030, 3, 24, 23, 0, tzinfo=UTC)
    assert span.until == datetime(2030, 3, 31, 22, 0, tzinfo=UTC)
    assert span.until - span.since == timedelta(hours=167)


@pytest.fixture
def new_yorker(workspace):
    """An assistant whose evening is the next day in UTC."""
    return fresh(
        add_member(
            workspace, make_user("nia@example.com", "Nia", "America/New_York"), Role.ASSISTANT
        )
    )


def _task(owner, assignee, title, due: date, at: time):
    return task_services.task_create(
        actor=owner,
        brief=task_services.Brief(title=title, due_date=due, due_time=at),
        assignee=assignee,
    )


def _hand_in(assignee, task, when: datetime):
    with time_machine.travel(when, tick=False):
        task_services.task_acknowledge(actor=assignee, task=task)
        task_services.task_submit(actor=assignee, task=task)


def test_on_time_delivery_counts_in_the_assistants_own_month(owner, new_yorker):
    january = Period(date(2030, 1, 1), date(2030, 2, 1))
    with time_machine.travel(datetime(2030, 1, 20, tzinfo=UTC), tick=False):
        last_evening = _task(owner, new_yorker, "Due on the 31st", date(2030, 1, 31), time(23, 45))
        late = _task(owner, new_yorker, "Handed in late", date(2030, 1, 15), time(12))
        _task(owner, new_yorker, "Never handed in", date(2030, 1, 10), time(12))
        _task(owner, new_yorker, "February's", date(2030, 2, 1), time(9))
    # 23:30 on 31 January in New York is 04:30 on 1 February in UTC: still January for her.
    _hand_in(new_yorker, last_evening, datetime(2030, 2, 1, 4, 30, tzinfo=UTC))
    _hand_in(new_yorker, late, datetime(2030, 1, 16, tzinfo=UTC))
    now = datetime(2030, 2, 10, tzinfo=UTC)
    found = measure(owner.workspace, "on_time", [(new_yorker, january)], now=now)
    assert found[new_yorker.pk].value == Decimal("33.3")
    assert found[new_yorker.pk].figure == "1 of 3 tasks handed in on time."


def test_a_deadline_just_after_local_midnight_belongs_to_the_next_month(owner, assistant):
    manila = fresh(assistant)  # UTC+8: 00:30 on 1 February is 16:30 on 31 January in UTC
    with time_machine.travel(datetime(2030, 1, 20, tzinfo=UTC), tick=False):
        task = _task(owner, manila, "Early February", date(2030, 2, 1), time(0, 30))
    _hand_in(manila, task, datetime(2030, 1, 25, tzinfo=UTC))
    now = datetime(2030, 3, 5, tzinfo=UTC)
    january = Period(date(2030, 1, 1), date(2030, 2, 1))
    february = Period(date(2030, 2, 1), date(2030, 3, 1))
    assert measure(owner.workspace, "on_time", [(manila, january)], now=now) == {}
    assert measure(owner.workspace, "on_time", [(manila, february)], now=now)[
        manila.pk
    ].value == Decimal(100)


def test_holders_in_different_zones_are_measured_in_one_go(owner, assistant, new_yorker):
    manila = fresh(assistant)
    with time_machine.travel(datetime(2030, 1, 20, tzinfo=UTC), tick=False):
        theirs = _task(owner, manila, "Manila's", date(2030, 1, 31), time(23, 45))
        hers = _task(owner, new_yorker, "New York's", date(2030, 1, 31), time(23, 45))
    _hand_in(manila, theirs, datetime(2030, 2, 1, 1, tzinfo=UTC))  # 09:00 on 1 Feb in Manila: late
    _hand_in(new_yorker, hers, datetime(2030, 2, 1, 1, tzinfo=UTC))  # 20:00 on 31 Jan: on time
    january = Period(date(2030, 1, 1), date(2030, 2, 1))
    found = measure(
        owner.workspace,
        "on_time",
        [(manila, january), (new_yorker, january)],
        now=datetime(2030, 2, 10, tzinfo=UTC),
    )
    assert found[manila.pk].value == Decimal(0)
    assert found[new_yorker.pk].value == Decimal(100)


def test_the_changes_requested_rate_counts_reviewed_tasks(owner, assistant):
    member = fresh(assistant)
    with time_machine.travel(datetime(2030, 1, 10, tzinfo=UTC), tick=False):
        tasks = [_task(owner, member, f"T{n}", date(2030, 1, 20), time(12)) for n in range(3)]
        for task in tasks:
            task_services.task_acknowledge(actor=member, task=task)
            task_services.task_submit(actor=member, task=task)
        task_services.task_review(actor=owner, task=tasks[0], accept=True)
        task_services.task_review(actor=owner, task=tasks[1], accept=True)
        task_services.task_review(actor=owner, task=tasks[2], accept=False, feedback="Totals.")
    january = Period(date(2030, 1, 1), date(2030, 2, 1))
    found = measure(
        owner.workspace,
        "changes_requested",
        [(member, january)],
        now=datetime(2030, 2, 2, tzinfo=UTC),
    )
    assert found[member.pk].value == Decimal("33.3")


def test_the_check_in_rate_counts_the_local_days_of_the_period(assistant):
    member = fresh(assistant)
    for day, answer in [
        (date(2030, 1, 30), True),
        (date(2030, 1, 31), False),
        (date(2030, 2, 1), True),
    ]:
        prompted = datetime.combine(day, time(1), tzinfo=UTC)
        check_in = checkin_services.checkin_prompt_create(
            member=member, day=day, prompted_at=prompted
        )
        assert check_in is not None
        if answer:
            checkin_services.checkin_answer(
                actor=member,
                check_in=check_in,
                answers=[("Done?", "Invoices.")],
                blockers="",
                mood=4,
                now=prompted + timedelta(hours=1),
            )
    checkin_services.checkins_mark_missed(datetime(2030, 2, 3, tzinfo=UTC))
    january = Period(date(2030, 1, 1), date(2030, 2, 1))
    found = measure(
        member.workspace, "check_ins", [(member, january)], now=datetime(2030, 2, 3, tzinfo=UTC)
    )
    assert found[member.pk].value == Decimal(50)
    assert found[member.pk].figure == "1 of 2 check-ins answered."


def test_brief_acknowledgement_and_response_time_are_medians_in_working_hours(owner, assistant):
    member = fresh(assistant)  # Manila, 08:00–17:00 Monday to Saturday
    # Monday 7 January 2030, 09:00 in Manila.
    start = datetime(2030, 1, 7, 1, tzinfo=UTC)
    for hours in (1, 2, 6):
        with time_machine.travel(start, tick=False):
            task = _task(owner, member, f"{hours} h", date(2030, 1, 20), time(12))
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            task_services.task_acknowledge(actor=member, task=task)
    january = Period(date(2030, 1, 1), date(2030, 2, 1))
    now = datetime(2030, 2, 2, tzinfo=UTC)
    briefs = measure(owner.workspace, "brief_ack", [(member, january)], now=now)
    assert briefs[member.pk].value == Decimal("2.00")
    answers = measure(owner.workspace, "response_time", [(member, january)], now=now)
    assert answers[member.pk].value == Decimal("2.00")
    # February has nothing to measure.
    february = Period(date(2030, 2, 1), date(2030, 3, 1))
    assert measure(owner.workspace, "brief_ack", [(member, february)], now=now) == {}

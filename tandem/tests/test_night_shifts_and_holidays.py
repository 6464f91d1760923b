"""Working time as people really work it, through everything that counts it: a night shift in
Manila for an owner in New York across New York's spring-forward (Sunday 14 March 2027), a split
shift, and a Philippine public holiday that pauses silence and moves the overlap until the
assistant says they work it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.accounts.selectors import working_time_of
from tandem.accounts.tests.helpers import working_hours_of
from tandem.acks.models import AckKind, Acknowledgement
from tandem.continuity.models import Escalation, Presence, Step
from tandem.continuity.services.silence import activity_record, silence_sweep
from tandem.lib.working_time import working_intervals, working_seconds
from tandem.rhythm.selectors.overlap import overlap_plan
from tandem.rhythm.selectors.response_time import response_time_of
from tandem.work.services import tasks as task_services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Membership, Role
from tandem.workspaces.selectors import members_of_workspace

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")  # UTC+8 all year
NEW_YORK = ZoneInfo("America/New_York")  # EST (UTC−5) until 02:00 on 14 March 2027, then EDT
HOUR = 3600
NIGHTS = {day: [(time(21), time(5))] for day in range(5)}  # Mon–Fri 21:00–05:00, Manila


def move(user, *, zone: str | None = None, country: str | None = None, hours=None) -> None:
    account_services.profile_update(
        user=user,
        display_name=user.display_name,
        time_zone=zone or user.time_zone,
        language=user.language,
        quiet_hours_start=None,
        quiet_hours_end=None,
        working_hours=working_hours_of(user) if hours is None else hours,
        country=country,
    )


def loaded(*members: Membership) -> list[Membership]:
    by_code = {m.code: m for m in members_of_workspace(members[0].workspace)}
    return [by_code[member.code] for member in members]


def veteran(member: Membership) -> Membership:
    joined = datetime(2020, 1, 1, tzinfo=UTC)
    Membership.objects.filter(pk=member.pk).update(joined_at=joined)
    member.joined_at = joined
    return member


@pytest.fixture
def night(owner, assistant) -> Membership:
    """Ana in Manila on nights, Monday to Friday; Alice, the owner, in New York, 09–17."""
    move(owner.user, zone="America/New_York")
    move(assistant.user, hours=NIGHTS)
    return veteran(assistant)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(at: datetime):
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return silence_sweep(at)

    return run


def active(member: Membership, at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        activity_record(member, at=at)


def next_step_at(member: Membership) -> datetime | None:
    return Presence.objects.get(member=member).next_step_at


# A night shift in Manila, an owner in New York, New York springs forward


def test_it_finds_the_overlap_of_a_manila_night_shift_across_new_yorks_spring_forward(owner, night):
    # From Thursday 11 to Wednesday 17 March, in New York's days. Ana's Monday shift, 21:00–05:00
    # Manila, is 13:00–21:00 UTC on Monday; New York's 09:00–17:00 is 14:00–22:00 UTC before
    # the change (7 shared hours) and 13:00–21:00 UTC after it (all 8).
    plan = overlap_plan(
        members=loaded(owner, night), zone="America/New_York", week_start=date(2027, 3, 11)
    )
    shared = [day.minutes // 60 for day in plan.days]
    assert shared == [7, 7, 0, 0, 8, 8, 8]
    thursday, monday = plan.days[0].spans[0], plan.days[4].spans[0]
    assert (thursday.start, thursday.end) == (
        datetime(2027, 3, 11, 14, tzinfo=UTC),
        datetime(2027, 3, 11, 21, tzinfo=UTC),
    )
    alice, ana = monday.local
    assert (alice.start.time(), alice.end.time()) == (time(9), time(17))
    # Ana's side of it: from her 21:00 on Monday to 05:00 on Tuesday.
    assert (ana.start.date(), ana.start.time()) == (date(2027, 3, 15), time(21))
    assert (ana.end.date(), ana.end.time()) == (date(2027, 3, 16), time(5))
    # The check-in is suggested at the start of the shared hours in her time: 21:00 on the
    # three days after the change, 22:00 on the two before it.
    (check_in,) = plan.check_ins
    assert (check_in.person.member, check_in.at, check_in.days) == (night, time(21), 3)
    assert plan.meeting is not None
    assert plan.meeting.start == datetime(2027, 3, 15, 13, tzinfo=UTC)


def test_it_counts_a_night_shift_as_working_seconds_across_the_change(owner, night):
    ana = working_time_of(night.user)
    # Friday's shift (13:00–21:00 UTC) and Monday's: the weekend between has none.
    friday = datetime(2027, 3, 12, tzinfo=UTC)
    assert working_seconds(ana, friday, friday + timedelta(days=4)) == 16 * HOUR
    # The owner in New York, 09–17: 8 real hours on both sides of the change.
    alice = working_time_of(owner.user)
    stretches = working_intervals(alice, friday, friday + timedelta(days=4))
    assert [(a.hour, b.hour) for a, b in stretches] == [(14, 22), (13, 21)]
    # A night shift in New York itself, Saturday 21:00 to Sunday 05:00, loses the hour the
    # clocks skip: 7 real hours; the next night has 8.
    nina = make_user("nina@example.com", "Nina", "America/New_York")
    account_services.working_hours_set(user=nina, hours={5: [(time(21), time(5))], 6: NIGHTS[0]})
    nights = working_time_of(nina)
    saturday = datetime(2027, 3, 13, 12, tzinfo=NEW_YORK)
    assert working_seconds(nights, saturday, saturday + timedelta(days=1)) == 7 * HOUR
    sunday = saturday + timedelta(days=1)
    assert working_seconds(nights, sunday, sunday + timedelta(days=1)) == 8 * HOUR


def test_it_finds_the_silence_due_instant_of_a_night_shift_over_the_weekend(night, sweep):
    # Active at 03:00 on Saturday in Manila, two hours before Friday's shift ends; the nudge
    # comes after four working hours: the other two are the first of Monday night's shift.
    active(night, datetime(2027, 3, 13, 3, tzinfo=MANILA))
    sweep(datetime(2027, 3, 13, 7, tzinfo=MANILA))  # the wall-clock lower bound: not due
    due = datetime(2027, 3, 15, 23, tzinfo=MANILA)
    assert next_step_at(night) == due
    assert sweep(due - timedelta(minutes=1)).found == 0
    assert sweep(due).escalated == 1
    assert list(Escalation.objects.values_list("step", flat=True)) == [Step.NUDGED]


def test_it_measures_the_response_time_in_the_night_shift(owner, night):
    # Assigned on Friday at 15:00 in New York (04:00 Saturday in Manila: one hour of the shift
    # left); acknowledged on Monday at 22:30 in Manila, ninety minutes into the next shift.
    with time_machine.travel(datetime(2027, 3, 12, 15, tzinfo=NEW_YORK), tick=False):
        task = make_task(owner, night, title="Reconcile the invoices")
    asked = Acknowledgement.objects.get(member=night, kind=AckKind.BRIEF)
    # Still waiting on Monday at 22:00: one hour on Saturday morning, one on Monday night.
    waiting = response_time_of(night, now=datetime(2027, 3, 15, 22, tzinfo=MANILA))
    assert waiting.pending == 1 and waiting.pending_late == 0
    with time_machine.travel(datetime(2027, 3, 15, 22, 30, tzinfo=MANILA), tick=False):
        task_services.task_acknowledge(actor=night, task=task)
    asked.refresh_from_db()
    assert asked.response_seconds == int(2.5 * HOUR)


def test_a_night_shift_that_began_yesterday_counts_as_working_now(night):
    from tandem.accounts.models import hours_on
    from tandem.lib.working_time import is_working

    user = night.user
    hours = working_time_of(user)
    tuesday_2am = datetime(2027, 3, 16, 2, tzinfo=MANILA)
    assert is_working(hours, tuesday_2am)  # Monday's shift
    assert not is_working(hours, datetime(2027, 3, 16, 6, tzinfo=MANILA))
    assert not is_working(hours, datetime(2027, 3, 14, 2, tzinfo=MANILA))  # Sunday: none
    assert [(h.start, h.end) for h in hours_on(user, tuesday_2am)] == [(time(21), time(5))]


# A split shift


def test_it_counts_both_parts_of_a_split_shift(owner, assistant, sweep):
    split = {day: [(time(8), time(12)), (time(18), time(22))] for day in range(5)}
    move(assistant.user, hours=split)
    ana = veteran(assistant)
    monday = datetime(2027, 3, 15, tzinfo=MANILA)
    assert working_seconds(working_time_of(ana.user), monday, monday + timedelta(days=1)) == (
        8 * HOUR
    )
    # Active at 10:00: two hours in the morning, two in the evening, none in the afternoon.
    active(ana, monday + timedelta(hours=10))
    sweep(monday + timedelta(hours=14))
    assert next_step_at(ana) == monday + timedelta(hours=20)
    # Alice in Oslo (09–17, UTC+1 in March) shares only Ana's evening, 11:00–15:00 her time.
    plan = overlap_plan(members=loaded(owner, ana), zone="Europe/Oslo", week_start=monday.date())
    day = plan.days[0]
    assert [(s.start, s.end) for s in day.spans] == [
        (datetime(2027, 3, 15, 10, tzinfo=UTC), datetime(2027, 3, 15, 14, tzinfo=UTC))
    ]


# A public holiday in the Philippines: Rizal Day, Wednesday 30 December 2026


@pytest.fixture
def filipina(assistant) -> Membership:
    """Ana (Mon–Sat 08:00–17:00 in Manila) with the Philippines' public holidays."""
    move(assistant.user, country="PH")
    return veteran(assistant)


def test_a_holiday_pauses_the_silence_sweep_until_marked_worked(filipina, sweep):
    # Active on Tuesday 29 December at 16:00: one working hour that day; the 30th (Rizal Day),
    # the 31st (New Year's Eve) and 1 January are holidays; the other three hours are on
    # Saturday the 2nd.
    active(filipina, datetime(2026, 12, 29, 16, tzinfo=MANILA))
    wednesday_noon = datetime(2026, 12, 30, 12, tzinfo=MANILA)
    assert sweep(wednesday_noon).escalated == 0
    assert next_step_at(filipina) == datetime(2027, 1, 2, 11, tzinfo=MANILA)
    # She works Rizal Day after all: her three hours are up at 11:00 on the 30th.
    with time_machine.travel(wednesday_noon, tick=False):
        account_services.holiday_worked_set(user=filipina.user, day=date(2026, 12, 30), worked=True)
    assert next_step_at(filipina) == datetime(2026, 12, 30, 11, tzinfo=MANILA)
    assert sweep(wednesday_noon).escalated == 1


def test_a_holiday_moves_the_overlap_until_marked_worked(owner, filipina):
    week = date(2026, 12, 28)
    plan = overlap_plan(members=loaded(owner, filipina), zone="Europe/Oslo", week_start=week)
    wednesday = plan.days[2]
    assert wednesday.spans == []
    assert [person.member for person in wednesday.off] == [filipina]
    assert [(p.member, h.name, h.worked) for p, h in wednesday.holidays] == [
        (filipina, "Rizal Day", False)
    ]
    assert plan.days[1].spans and plan.days[1].holidays == []

    account_services.holiday_worked_set(user=filipina.user, day=date(2026, 12, 30), worked=True)
    plan = overlap_plan(members=loaded(owner, filipina), zone="Europe/Oslo", week_start=week)
    wednesday = plan.days[2]
    assert wednesday.minutes == 60  # 08:00–09:00 UTC (Oslo is UTC+1), as on Tuesday
    assert [(h.name, h.worked) for _p, h in wednesday.holidays] == [("Rizal Day", True)]
    # Undone: the day is off again.
    account_services.holiday_worked_set(user=filipina.user, day=date(2026, 12, 30), worked=False)
    plan = overlap_plan(members=loaded(owner, filipina), zone="Europe/Oslo", week_start=week)
    assert plan.days[2].spans == []


def test_a_holiday_removes_the_night_shift_that_starts_on_it_not_the_one_ending_on_it(
    assistant,
):
    move(assistant.user, country="PH", hours={day: [(time(21), time(5))] for day in range(7)})
    ana = working_time_of(assistant.user)
    # Tuesday 29th 21:00 to Wednesday 05:00 is worked; the shift starting on Rizal Day is not.
    stretches = working_intervals(
        ana,
        datetime(2026, 12, 29, 12, tzinfo=MANILA),
        datetime(2026, 12, 30, 23, 59, tzinfo=MANILA),
    )
    assert [(a.astimezone(MANILA), b.astimezone(MANILA)) for a, b in stretches] == [
        (datetime(2026, 12, 29, 21, tzinfo=MANILA), datetime(2026, 12, 30, 5, tzinfo=MANILA))
    ]


def test_it_refuses_to_mark_a_day_that_is_no_holiday_as_worked(filipina):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        account_services.holiday_worked_set(user=filipina.user, day=date(2026, 12, 29), worked=True)


def test_a_member_without_a_country_has_no_holidays(owner, assistant):
    week = date(2026, 12, 28)
    plan = overlap_plan(members=loaded(owner, assistant), zone="Europe/Oslo", week_start=week)
    assert plan.days[2].spans and plan.days[2].holidays == []


def test_it_loads_working_time_for_many_members_in_two_queries(
    workspace, filipina, django_assert_num_queries
):
    from tandem.accounts.selectors import working_time_by_user

    users = [make_user(f"va{n}@example.com", f"VA {n}", "Asia/Manila") for n in range(5)]
    for user in users:
        move(user, country="PH", hours=NIGHTS)
        add_member(workspace, user, Role.ASSISTANT)
    account_services.holiday_worked_set(user=users[0], day=date(2026, 12, 30), worked=True)
    with django_assert_num_queries(2):
        times = working_time_by_user([filipina.user_id, *(u.pk for u in users)])
    assert times[users[0].pk].worked_holidays == {date(2026, 12, 30)}
    assert times[users[1].pk].day_off(date(2026, 12, 30)) == "Rizal Day"
    assert times[users[0].pk].day_off(date(2026, 12, 30)) is None

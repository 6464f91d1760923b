"""The silence sweep: working hours in the assistant's zone, outages, the ladder and its delays,
the first 60 days, exactly once under crashed sweeps, and the cost of an idle sweep."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.continuity.models import Escalation, Outage, OutageKind, Presence, Step
from tandem.continuity.services import escalations, silence
from tandem.continuity.services.silence import activity_record, silence_reschedule, silence_sweep
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")  # UTC+8 all year; the assistant works Mon–Sat 08:00–17:00
VILNIUS = ZoneInfo("Europe/Vilnius")  # summer time from Sunday 30 March 2025, 03:00 → 04:00
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def manila(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A local time in Manila in March 2025 (3 March is a Monday)."""
    return datetime(2025, month, day, hour, minute, tzinfo=MANILA)


def veteran(member: Membership) -> Membership:
    """Past the first 60 days: the workspace's threshold as it is."""
    Membership.objects.filter(pk=member.pk).update(joined_at=LONG_AGO)
    member.joined_at = LONG_AGO
    return member


@pytest.fixture
def ana(assistant, partner) -> Membership:
    """The assistant in Manila, supplied by the partner."""
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    assistant.partner = partner
    return veteran(assistant)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(at: datetime) -> silence.SweepResult:
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return silence_sweep(at)

    return run


@pytest.fixture
def active(django_capture_on_commit_callbacks):
    def run(member: Membership, at: datetime) -> bool:
        with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=True):
            return activity_record(member, at=at)

    return run


def steps_of(member: Membership) -> list[int]:
    return list(
        Escalation.objects.filter(member=member).order_by("step").values_list("step", flat=True)
    )


def told(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__user__email", flat=True)
    )


def presence(member: Membership) -> Presence:
    return Presence.objects.get(member=member)


def test_it_escalates_step_by_step_in_working_hours(ana, owner, manager, partner, sweep, active):
    active(ana, manila(3, 10))  # Monday 10:00 in Manila
    # The nudge is due after 4 working hours: 14:00. Not a minute before.
    assert sweep(manila(3, 13, 59)).escalated == 0
    assert steps_of(ana) == []
    assert sweep(manila(3, 14)).escalated == 1
    assert steps_of(ana) == [Step.NUDGED]
    assert told(kinds.SILENCE_NUDGE) == ["ana@example.com"]
    nudge = Notification.objects.get(kind=kinds.SILENCE_NUDGE)
    assert nudge.url == "/w/alice/my-day/"
    assert nudge.params["assistant"] == "Ana Assistant"
    # With a one-click way to say "I can't work right now".
    assert nudge.params["outage_url"] == reverse("continuity:outage_now", kwargs={"ws": "alice"})
    assert nudge.urgent
    # Owners and managers after 2 more working hours: 16:00.
    assert presence(ana).next_step_at == manila(3, 16)
    assert sweep(manila(3, 15, 59)).escalated == 0
    assert sweep(manila(3, 16)).escalated == 1
    assert told(kinds.SILENCE_OWNER) == ["alice@example.com", "mona@example.com"]
    # The partner after 4 more: 1 hour on Monday until 17:00, 3 on Tuesday from 08:00.
    assert presence(ana).next_step_at == manila(4, 11)
    assert sweep(manila(3, 23)).escalated == 0
    assert sweep(manila(4, 11)).escalated == 1
    assert told(kinds.SILENCE_PARTNER) == ["pia@example.com"]
    assert steps_of(ana) == [Step.NUDGED, Step.OWNER_TOLD, Step.PARTNER_TOLD]
    # The end of the ladder: nothing more is due, however long the silence.
    assert presence(ana).next_step_at is None
    assert sweep(manila(20, 12)).found == 0
    assert Notification.objects.filter(kind__startswith="silence").count() == 4


def test_a_late_sweep_still_leaves_each_step_its_own_delay(ana, owner, sweep, active):
    active(ana, manila(3, 9))
    # No sweep ran all Monday (Tandem was down): the silence is long past every step.
    assert sweep(manila(4, 12)).escalated == 1
    assert steps_of(ana) == [Step.NUDGED]
    # The owners are told only after the nudge's own delay of 2 working hours, not a minute
    # later: the assistant gets the time to answer the nudge.
    assert sweep(manila(4, 12, 1)).escalated == 0
    assert presence(ana).next_step_at == manila(4, 14)
    assert sweep(manila(4, 14)).escalated == 1
    assert steps_of(ana) == [Step.NUDGED, Step.OWNER_TOLD]


def test_nights_and_sundays_are_not_silence(ana, sweep, active):
    active(ana, manila(8, 16))  # Saturday 16:00; Sunday is a day off
    assert sweep(manila(8, 23)).escalated == 0
    assert sweep(manila(9, 12)).escalated == 0  # Sunday noon
    assert sweep(manila(10, 7, 59)).escalated == 0  # Monday before work
    # 1 hour on Saturday, then 3 from Monday 08:00.
    assert presence(ana).next_step_at == manila(10, 11)
    assert sweep(manila(10, 11)).escalated == 1


def test_a_not_yet_due_row_is_pushed_to_its_exact_instant(ana, sweep, active):
    active(ana, manila(3, 15))  # 2 hours left on Monday
    # Activity sets a wall-clock lower bound (19:00); the sweep then finds the exact instant.
    assert presence(ana).next_step_at == manila(3, 19)
    result = sweep(manila(3, 19))
    assert (result.found, result.escalated, result.rescheduled) == (1, 0, 1)
    assert presence(ana).next_step_at == manila(4, 10)
    # Until then the row is not even read.
    assert sweep(manila(4, 9, 59)).found == 0


def test_the_threshold_follows_dst_in_the_assistants_zone(workspace, owner, sweep, active):
    user = make_user("lukas@example.com", "Lukas", "Europe/Vilnius")
    account_services.working_hours_set(
        user=user, hours={d: [(time(9), time(17))] for d in range(5)}
    )
    lukas = veteran(add_member(workspace, user, Role.ASSISTANT))
    friday = datetime(2025, 3, 28, 15, tzinfo=VILNIUS)  # UTC+2
    active(lukas, friday)
    assert sweep(friday + timedelta(days=2)).escalated == 0
    # 2 hours on Friday; 2 on Monday from 09:00 local, now UTC+3: 08:00 UTC, not 09:00.
    monday = datetime(2025, 3, 31, 11, tzinfo=VILNIUS)
    assert presence(lukas).next_step_at == monday
    assert monday.astimezone(UTC).hour == 8
    assert sweep(monday - timedelta(minutes=1)).escalated == 0
    assert sweep(monday).escalated == 1


def test_the_same_instant_is_silence_in_one_zone_and_night_in_another(
    workspace, ana, sweep, active
):
    user = make_user("lukas@example.com", "Lukas", "Europe/Vilnius")
    account_services.working_hours_set(
        user=user, hours={d: [(time(9), time(17))] for d in range(5)}
    )
    lukas = veteran(add_member(workspace, user, Role.ASSISTANT))
    start = datetime(2025, 3, 4, 2, tzinfo=UTC)  # Manila 10:00, Vilnius 04:00 on Tuesday
    active(ana, start)
    active(lukas, start)
    sweep(start + timedelta(hours=4))  # Manila 14:00: Ana's 4 hours are up
    assert steps_of(ana) == [Step.NUDGED]
    assert steps_of(lukas) == []
    # Lukas's day began at 09:00 Vilnius (07:00 UTC): his 4 hours end at 11:00 UTC.
    assert presence(lukas).next_step_at == datetime(2025, 3, 4, 11, tzinfo=UTC)


def test_an_outage_pauses_silence(ana, owner, sweep, active):
    active(ana, manila(3, 10))
    Outage.objects.create(
        workspace=ana.workspace,
        member=ana,
        kind=OutageKind.POWER,
        starts_at=manila(3, 11),
        ends_at=manila(3, 13),
        reported_by=ana,
    )
    assert sweep(manila(3, 14)).escalated == 0
    assert presence(ana).next_step_at == manila(3, 16)
    assert sweep(manila(3, 16)).escalated == 1


def test_an_outage_still_going_on_keeps_the_ladder_quiet(ana, sweep, active):
    active(ana, manila(3, 10))
    Outage.objects.create(
        workspace=ana.workspace, member=ana, kind=OutageKind.POWER, starts_at=manila(3, 11)
    )
    for hour in range(12, 24):
        assert sweep(manila(3, hour)).escalated == 0
    assert sweep(manila(4, 16)).escalated == 0
    assert steps_of(ana) == []
    # Back: the outage ends at 09:00 on Tuesday; 1 hour before it and 3 after.
    Outage.objects.filter(member=ana).update(ends_at=manila(4, 9))
    silence_reschedule(ana, now=manila(4, 16, 1))
    assert presence(ana).next_step_at == manila(4, 12)
    assert sweep(manila(4, 16, 1)).escalated == 1


def test_a_planned_outage_ahead_is_counted_when_the_row_is_pushed(ana, sweep, active):
    active(ana, manila(3, 15))
    Outage.objects.create(
        workspace=ana.workspace,
        member=ana,
        kind=OutageKind.TIME_OFF,
        starts_at=manila(4, 0),
        ends_at=manila(5, 0),
    )
    sweep(manila(3, 19))
    # Tuesday off: 2 hours on Monday, 2 on Wednesday.
    assert presence(ana).next_step_at == manila(5, 10)


def test_without_a_partner_the_ladder_ends_at_the_owner(assistant, owner, sweep, active):
    ana = veteran(assistant)
    active(ana, manila(3, 10))
    sweep(manila(3, 14))
    sweep(manila(3, 16))
    assert steps_of(ana) == [Step.NUDGED, Step.OWNER_TOLD]
    assert presence(ana).next_step_at is None
    assert sweep(manila(5, 12)).found == 0
    assert told(kinds.SILENCE_PARTNER) == []


def test_a_new_assistant_is_nudged_after_half_the_silence(assistant, sweep, active):
    Membership.objects.filter(pk=assistant.pk).update(joined_at=manila(1, 9))
    assistant.joined_at = manila(1, 9)
    active(assistant, manila(3, 10))
    assert sweep(manila(3, 11, 59)).escalated == 0
    assert sweep(manila(3, 12)).escalated == 1  # 2 hours, not 4
    # The later steps keep their own delays.
    assert presence(assistant).next_step_at == manila(3, 14)


def test_the_members_own_threshold_wins(ana, sweep, active):
    Membership.objects.filter(pk=ana.pk).update(silence_after_hours=1)
    ana.silence_after_hours = 1
    active(ana, manila(3, 10))
    assert presence(ana).next_step_at == manila(3, 11)
    assert sweep(manila(3, 11)).escalated == 1


def test_activity_resolves_and_tells_those_who_were_told_once(
    ana, owner, manager, partner, sweep, active
):
    active(ana, manila(3, 10))
    sweep(manila(3, 14))
    sweep(manila(3, 16))
    assert active(ana, manila(3, 16, 30)) is True
    row = presence(ana)
    assert (row.step, row.last_active_at) == (Step.ACTIVE, manila(3, 16, 30))
    assert not Escalation.objects.filter(member=ana, resolved_at__isnull=True).exists()
    assert set(Escalation.objects.values_list("resolved_at", flat=True)) == {manila(3, 16, 30)}
    # The owner and the manager were told; the partner was not, nor is the assistant.
    assert told(kinds.SILENCE_RESOLVED) == ["alice@example.com", "mona@example.com"]
    # More activity, and the delivery job run again, tell nobody twice.
    active(Membership.objects.select_related("workspace").get(pk=ana.pk), manila(3, 16, 50))
    escalations.silence_tell_resolved(list(Escalation.objects.values_list("pk", flat=True)))
    assert len(told(kinds.SILENCE_RESOLVED)) == 2
    # A new silence starts from the activity.
    assert presence(ana).next_step_at == manila(3, 20, 50)


def test_a_nudge_alone_is_resolved_without_telling_anyone(ana, owner, sweep, active):
    active(ana, manila(3, 10))
    sweep(manila(3, 14))
    active(ana, manila(3, 14, 5))
    assert told(kinds.SILENCE_RESOLVED) == []
    assert Escalation.objects.get().resolved_at == manila(3, 14, 5)


def test_delivery_run_twice_sends_each_step_once(ana, owner, sweep, active):
    active(ana, manila(3, 10))
    sweep(manila(3, 14))
    sweep(manila(3, 16))
    ids = list(Escalation.objects.values_list("pk", flat=True))
    assert escalations.silence_deliver(ids) == 0
    assert Notification.objects.filter(kind__startswith="silence").count() == 2


def test_an_idle_sweep_is_one_query(ana, active, django_assert_num_queries):
    active(ana, manila(3, 10))
    with django_assert_num_queries(1):
        assert silence_sweep(manila(3, 12)) == silence.SweepResult()


def test_a_busy_sweep_reads_in_a_fixed_number_of_queries(
    workspace, sweep, django_assert_max_num_queries
):
    members = []
    for number in range(6):
        user = make_user(f"a{number}@example.com", f"A{number}", "Asia/Manila")
        members.append(veteran(add_member(workspace, user, Role.ASSISTANT)))
    for member in members:
        with time_machine.travel(manila(3, 10), tick=False):
            activity_record(member, at=manila(3, 10))
    at = manila(3, 16, 30)  # all due for their nudge (9–17 on weekdays)
    # 1 due rows + 3 context + 6 claims + 1 insert, and the savepoint around them.
    with time_machine.travel(at, tick=False), django_assert_max_num_queries(13):
        assert silence_sweep(at).escalated == 6


def test_telling_many_steps_takes_the_queries_of_one(workspace, django_capture_on_commit_callbacks):
    members = []
    for number in range(6):
        user = make_user(f"a{number}@example.com", f"A{number}", "Asia/Manila")
        members.append(veteran(add_member(workspace, user, Role.ASSISTANT)))
        with time_machine.travel(manila(3, 10), tick=False):
            activity_record(members[-1], at=manila(3, 10))
    at = manila(3, 16, 30)
    with time_machine.travel(at, tick=False), django_capture_on_commit_callbacks(execute=False):
        silence_sweep(at)  # its deliveries wait: no commit callback runs
    ids = list(Escalation.objects.order_by("pk").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as one:
        assert escalations.silence_deliver(ids[:1]) == 1
    with CaptureQueriesContext(connection) as five:
        assert escalations.silence_deliver(ids[1:]) == 5
    assert len(five) == len(one)
    assert told(kinds.SILENCE_NUDGE) == sorted(m.user.email for m in members)


def test_a_failing_row_is_pushed_forward_and_the_others_go_on(workspace, ana, sweep, active):
    user = make_user("lost@example.com", "Lost", "Asia/Manila")
    lost = veteran(add_member(workspace, user, Role.ASSISTANT))
    active(ana, manila(3, 10))
    active(lost, manila(3, 10))
    # A zone that no longer exists (a row written long ago) cannot be computed.
    type(user).objects.filter(pk=user.pk).update(time_zone="Mars/Olympus")
    result = sweep(manila(3, 14))
    assert (result.escalated, result.rescheduled) == (1, 1)
    assert steps_of(ana) == [Step.NUDGED]
    assert presence(lost).next_step_at == manila(3, 14) + silence.RETRY_AFTER


class Boom:
    """The database fails on the n-th write of escalations (a crash half-way)."""

    def __init__(self, fail_on: int) -> None:
        self.fail_on, self.seen = fail_on, 0

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "continuity_escalation"'):
            self.seen += 1
            if self.seen == self.fail_on:
                raise OperationalError("the database went away")
        return execute(sql, params, many, context)


def test_a_crashed_sweep_rolls_back_its_part_and_the_next_sends_once(
    workspace, owner, sweep, active, monkeypatch
):
    monkeypatch.setattr(silence, "CHUNK", 2)  # three rows: two chunks
    members = []
    for number in range(3):
        user = make_user(f"a{number}@example.com", f"A{number}", "Asia/Manila")
        account_services.working_hours_set(
            user=user, hours={d: [(time(8), time(17))] for d in range(6)}
        )
        members.append(veteran(add_member(workspace, user, Role.ASSISTANT)))
        active(members[-1], manila(3, 10))
    with connection.execute_wrapper(Boom(fail_on=2)), pytest.raises(OperationalError):
        sweep(manila(3, 14))
    # The first chunk was committed and delivered; the failing one left no trace.
    assert Escalation.objects.count() == 2
    assert len(told(kinds.SILENCE_NUDGE)) == 2
    assert sorted(Presence.objects.values_list("step", flat=True)) == [0, 1, 1]
    # The next sweep does the rest; nobody is nudged twice.
    assert sweep(manila(3, 14, 1)).escalated == 1
    assert sweep(manila(3, 14, 2)).escalated == 0
    assert told(kinds.SILENCE_NUDGE) == ["a0@example.com", "a1@example.com", "a2@example.com"]
    assert Escalation.objects.filter(step=Step.NUDGED).count() == 3


def test_a_sweep_that_crashes_before_its_first_commit_sends_nothing(ana, sweep, active):
    active(ana, manila(3, 10))
    with connection.execute_wrapper(Boom(fail_on=1)), pytest.raises(OperationalError):
        sweep(manila(3, 14))
    assert Escalation.objects.count() == 0
    assert presence(ana).step == Step.ACTIVE
    assert told(kinds.SILENCE_NUDGE) == []
    assert sweep(manila(3, 14, 1)).escalated == 1
    assert told(kinds.SILENCE_NUDGE) == ["ana@example.com"]


def test_a_removed_assistant_is_no_longer_watched(ana, owner, sweep, active):
    from tandem.workspaces.services import member_remove

    active(ana, manila(3, 10))
    member_remove(actor=owner, member=ana)
    assert not Presence.objects.filter(member=ana).exists()
    assert sweep(manila(3, 20)).found == 0


def test_the_ladder_of_the_workspace_can_change(ana, owner, sweep, active):
    from tandem.continuity.services.silence import continuity_settings_update

    active(ana, manila(3, 10))
    with time_machine.travel(manila(3, 11), tick=False):
        continuity_settings_update(actor=owner, workspace=owner.workspace, silence_after_hours=1)
    # The next sweep looks again and finds the shorter threshold passed.
    assert sweep(manila(3, 11)).escalated == 1


def test_the_nudge_email_offers_the_one_click_outage_report(ana, sweep, active, mailoutbox):
    active(ana, manila(3, 10))
    sweep(manila(3, 14))
    (email,) = [m for m in mailoutbox if m.to == ["ana@example.com"]]
    link = reverse("continuity:outage_now", kwargs={"ws": "alice"})
    assert link in email.body
    assert link in email.alternatives[0][0]

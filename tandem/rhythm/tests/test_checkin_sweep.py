"""The prompting sweep (exactly once, at the right UTC instant, across DST) and the sweep that
marks check-ins missed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import time_machine

from conftest import add_member, make_user
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.rhythm.models import CheckIn, CheckInSchedule, CheckInState
from tandem.rhythm.services import checkins as services
from tandem.workspaces.models import Role

EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def schedule(owner, member, at: time, *, weekdays=EVERY_DAY, now: datetime) -> CheckInSchedule:
    return services.checkin_schedule_save(
        actor=owner, member=member, spec=services.ScheduleSpec(at=at, weekdays=weekdays), now=now
    )


def sweep(now: datetime) -> int:
    with time_machine.travel(now, tick=False):
        return services.checkins_prompt_due(now)


def test_it_prompts_once_at_the_local_time_and_tells_the_member(owner, assistant):
    schedule(owner, assistant, time(9), now=utc(2026, 3, 5, 12))
    assert sweep(utc(2026, 3, 6, 0, 59)) == 0
    assert sweep(utc(2026, 3, 6, 1, 0)) == 1
    assert sweep(utc(2026, 3, 6, 1, 0)) == 0  # the same sweep again
    assert sweep(utc(2026, 3, 6, 1, 1)) == 0
    check_in = CheckIn.objects.get()
    assert check_in.member == assistant
    assert check_in.local_date == date(2026, 3, 6)
    assert check_in.state == CheckInState.PENDING
    # Due at the end of Ana's day in Manila (UTC+8).
    assert check_in.due_at == utc(2026, 3, 6, 15, 59, 59)
    note = Notification.objects.get(kind=kinds.CHECK_IN_DUE)
    assert note.recipient == assistant
    assert note.url == f"/w/alice/checkins/{check_in.code}/"
    assert CheckInSchedule.objects.get().next_prompt_at == utc(2026, 3, 7, 1, 0)


def test_two_claims_of_the_same_row_prompt_once(owner, assistant):
    schedule(owner, assistant, time(9), now=utc(2026, 3, 5, 12))
    now = utc(2026, 3, 6, 1, 0)
    # Two sweeps read the same due row before either claims it.
    first, second = (list(services.checkin_schedules_due(now)) for _ in range(2))
    with time_machine.travel(now, tick=False):
        assert services.checkin_prompt_one(first[0], now=now) is not None
        assert services.checkin_prompt_one(second[0], now=now) is None
    assert CheckIn.objects.count() == 1
    assert Notification.objects.filter(kind=kinds.CHECK_IN_DUE).count() == 1


def test_a_day_that_has_its_check_in_is_not_asked_again_after_an_edit(owner, assistant):
    schedule(owner, assistant, time(9), now=utc(2026, 3, 5, 12))
    assert sweep(utc(2026, 3, 6, 1, 0)) == 1
    # The owner moves the time later that same day: the day is not asked twice.
    schedule(owner, assistant, time(15), now=utc(2026, 3, 6, 2, 0))
    assert sweep(utc(2026, 3, 6, 7, 0)) == 0
    assert CheckIn.objects.count() == 1
    assert CheckInSchedule.objects.get().next_prompt_at == utc(2026, 3, 7, 7, 0)


def test_the_prompt_fires_once_at_the_right_instant_across_the_dst_change(owner, workspace):
    """Oslo leaves summer time on Sunday 2026-10-25: 09:00 is 07:00 UTC, then 08:00 UTC."""
    member = add_member(
        workspace, make_user("ola@example.com", "Ola", "Europe/Oslo"), Role.ASSISTANT
    )
    schedule(owner, member, time(9), now=utc(2026, 10, 23, 12))
    fired = []
    minute = utc(2026, 10, 24, 6, 0)
    # Every quarter of an hour from Saturday 06:00 to Monday 10:00 UTC.
    while minute <= utc(2026, 10, 26, 10, 0):
        if sweep(minute):
            fired.append(minute)
        minute += timedelta(minutes=15)
    assert fired == [utc(2026, 10, 24, 7, 0), utc(2026, 10, 25, 8, 0), utc(2026, 10, 26, 8, 0)]
    assert list(CheckIn.objects.order_by("local_date").values_list("local_date", flat=True)) == [
        date(2026, 10, 24),
        date(2026, 10, 25),
        date(2026, 10, 26),
    ]


def test_an_ambiguous_local_time_fires_once(owner, workspace):
    """01:30 happens twice in New York on 2026-11-01; the check-in is asked once."""
    member = add_member(
        workspace, make_user("nia@example.com", "Nia", "America/New_York"), Role.ASSISTANT
    )
    schedule(owner, member, time(1, 30), now=utc(2026, 10, 31, 12))
    # 01:30 EDT is 05:30 UTC; 01:30 EST (the second one) is 06:30 UTC.
    assert sweep(utc(2026, 11, 1, 5, 30)) == 1
    assert sweep(utc(2026, 11, 1, 6, 30)) == 0
    assert CheckIn.objects.count() == 1


def test_after_an_outage_only_today_is_asked(owner, assistant):
    schedule(owner, assistant, time(9), now=utc(2026, 3, 2, 0))
    # The sweep was down from Monday to Thursday noon in Manila.
    assert sweep(utc(2026, 3, 5, 4, 0)) == 1
    assert list(CheckIn.objects.values_list("local_date", flat=True)) == [date(2026, 3, 5)]
    assert CheckInSchedule.objects.get().next_prompt_at == utc(2026, 3, 6, 1, 0)


def test_a_member_who_left_is_not_asked(owner, assistant):
    schedule(owner, assistant, time(9), now=utc(2026, 3, 5, 12))
    assistant.removed_at = utc(2026, 3, 5, 13)
    assistant.save(update_fields=["removed_at"])
    assert sweep(utc(2026, 3, 6, 1, 0)) == 0
    assert not CheckIn.objects.exists()
    assert not CheckInSchedule.objects.get().active


def test_a_broken_row_is_pushed_forward_and_the_others_are_prompted(owner, assistant, manager):
    schedule(owner, assistant, time(9), now=utc(2026, 3, 5, 12))
    broken = schedule(owner, manager, time(9), now=utc(2026, 3, 5, 12))
    # A zone that no longer exists (a bad import): computing its prompt fails.
    manager.user.time_zone = "Mars/Olympus_Mons"
    manager.user.save(update_fields=["time_zone"])
    CheckInSchedule.objects.filter(pk=broken.pk).update(next_prompt_at=utc(2026, 3, 6, 0, 0))
    now = utc(2026, 3, 6, 1, 0)
    assert sweep(now) == 1
    assert CheckIn.objects.get().member == assistant
    broken.refresh_from_db()
    assert broken.next_prompt_at == now + services.RETRY_AFTER


def test_paused_schedules_are_not_read(owner, assistant, django_assert_num_queries):
    paused = services.ScheduleSpec(at=time(9), weekdays=EVERY_DAY, active=False)
    services.checkin_schedule_save(
        actor=owner, member=assistant, spec=paused, now=utc(2026, 3, 5, 12)
    )
    with django_assert_num_queries(1):
        assert sweep(utc(2026, 3, 6, 1, 0)) == 0


def test_it_marks_missed_only_the_pending_check_ins_past_their_day(owner, assistant, manager):
    schedule(owner, assistant, time(9), now=utc(2026, 3, 5, 12))  # Manila, UTC+8
    schedule(owner, manager, time(9), now=utc(2026, 3, 5, 12))  # Rome, UTC+1
    sweep(utc(2026, 3, 6, 8, 0))
    assert CheckIn.objects.count() == 2
    # 16:00 UTC: Ana's Friday is over, Mona's is not.
    assert services.checkins_mark_missed(utc(2026, 3, 6, 16, 0)) == 1
    assert CheckIn.objects.get(member=assistant).state == CheckInState.MISSED
    assert CheckIn.objects.get(member=manager).state == CheckInState.PENDING
    assert services.checkins_mark_missed(utc(2026, 3, 6, 16, 0)) == 0
    assert services.checkins_mark_missed(utc(2026, 3, 7, 0, 0)) == 1


def test_the_jobs_run_the_sweeps(owner, assistant):
    from tandem.rhythm.jobs.checkins import mark_missed_check_ins, prompt_check_ins

    schedule(owner, assistant, time(9), now=utc(2026, 3, 5, 12))
    with time_machine.travel(utc(2026, 3, 6, 1, 0), tick=False):
        assert prompt_check_ins.call_local() == 1
    with time_machine.travel(utc(2026, 3, 6, 16, 0), tick=False):
        assert mark_missed_check_ins.call_local() == 1

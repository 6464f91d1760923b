"""Meeting series and their occurrences: planned in UTC from the local date in the series'
zone, across daylight-saving changes, once, and moved when the time changes."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.rhythm.jobs.meetings import plan_meetings
from tandem.rhythm.models import Cadence, Meeting, MeetingSeries
from tandem.rhythm.selectors.meetings import local_times
from tandem.rhythm.services import meetings as services
from tandem.rhythm.services.meeting_plans import meetings_plan
from tandem.workspaces.models import Membership

pytestmark = pytest.mark.django_db

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
MANILA = zoneinfo.ZoneInfo("Asia/Manila")


def spec(attendees: list[Membership], **overrides: Any) -> services.SeriesSpec:
    fields: dict[str, Any] = {
        "title": "Weekly planning",
        "purpose": "Agree on the week's priorities.",
        "agenda": "## Last week\n## This week",
        "cadence": Cadence.WEEKLY,
        "weekdays": (0,),
        "starts_on": date(2026, 10, 12),
        "at": time(9, 0),
        "zone": "Europe/Oslo",
        "attendees": attendees,
        "duration_minutes": 30,
        "summary_due_hours": 24,
    }
    return services.SeriesSpec(**(fields | overrides))


def make_series(
    owner: Membership, attendees: list[Membership], now: datetime | None = None, **overrides: Any
) -> MeetingSeries:
    now = now or datetime(2026, 10, 10, 12, 0, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        return services.meeting_series_create(
            actor=owner, spec=spec(attendees, **overrides), now=now
        )


def starts(series: MeetingSeries) -> list[datetime]:
    return list(
        Meeting.objects.filter(series=series)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    )


def test_it_keeps_the_local_time_across_the_dst_change_while_the_utc_instant_moves(
    owner, assistant
):
    # Oslo leaves summer time on Sunday 25 October 2026: 09:00 is 07:00 UTC before, 08:00 after.
    series = make_series(owner, [owner, assistant])
    times = starts(series)
    assert times[:3] == [
        datetime(2026, 10, 12, 7, 0, tzinfo=UTC),
        datetime(2026, 10, 19, 7, 0, tzinfo=UTC),
        datetime(2026, 10, 26, 8, 0, tzinfo=UTC),
    ]
    assert all(moment.astimezone(OSLO).time() == time(9, 0) for moment in times)
    # Seen from Manila (no DST), the meeting moves from 15:00 to 16:00.
    before, after = (Meeting.objects.get(series=series, starts_at=times[i]) for i in (1, 2))
    assert [row.starts.time() for row in local_times(before, owner, [assistant])] == [time(15)]
    assert [row.starts.time() for row in local_times(after, owner, [assistant])] == [time(16)]
    meeting = Meeting.objects.get(series=series, starts_at=times[2])
    assert meeting.ends_at == times[2] + timedelta(minutes=30)
    assert meeting.summary_due_at == meeting.ends_at + timedelta(hours=24)


def test_it_plans_five_weeks_ahead_and_the_job_tops_up_once(owner, assistant):
    series = make_series(owner, [owner, assistant])
    assert len(starts(series)) == 5  # 12 Oct … 9 Nov: the Mondays within 35 days of 10 Oct
    series.refresh_from_db()
    assert series.planned_until == date(2026, 11, 14)

    # Five days later more than four weeks are still planned: nothing is due.
    with time_machine.travel(datetime(2026, 10, 15, 12, tzinfo=UTC), tick=False):
        assert plan_meetings.call_local() == 0
    later = datetime(2026, 10, 20, 12, tzinfo=UTC)
    with time_machine.travel(later, tick=False):
        assert plan_meetings.call_local() == 2  # Mondays 16 and 23 Nov
        assert plan_meetings.call_local() == 0
        # Planning the same series by hand again creates nothing either.
        assert meetings_plan(series=MeetingSeries.objects.get(pk=series.pk)) == 0
    assert len(starts(series)) == 7
    assert len(set(starts(series))) == 7
    series.refresh_from_db()
    assert series.planned_until == date(2026, 11, 24)


def test_a_one_off_is_planned_once_and_leaves_the_sweep(owner, assistant):
    series = make_series(owner, [owner, assistant], cadence=Cadence.ONCE, weekdays=())
    assert len(starts(series)) == 1
    series.refresh_from_db()
    assert series.planned_until is None
    assert series.ends_on == series.starts_on
    with time_machine.travel(datetime(2026, 10, 11, tzinfo=UTC), tick=False):
        assert plan_meetings.call_local() == 0


def test_every_weekday_skips_the_weekend(owner, assistant):
    series = make_series(
        owner, [owner, assistant], cadence=Cadence.DAILY, weekdays=(), ends_on=date(2026, 10, 18)
    )
    days = [moment.astimezone(OSLO).date() for moment in starts(series)]
    assert days == [date(2026, 10, day) for day in (12, 13, 14, 15, 16)]


def test_the_purpose_is_required(owner, assistant):
    with pytest.raises(ValidationError) as error:
        make_series(owner, [owner, assistant], purpose="  ")
    assert "purpose" in error.value.message_dict
    assert not MeetingSeries.objects.exists()


def test_only_delegators_create_meetings_and_only_with_members(owner, assistant, partner, outsider):
    with pytest.raises(PermissionDenied):
        make_series(assistant, [owner, assistant])
    with pytest.raises(ValidationError) as error:
        make_series(owner, [owner, partner])
    assert "attendees" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_series(owner, [owner, outsider])


def test_the_summary_is_written_by_the_first_assistant_by_default(owner, manager, assistant):
    series = make_series(owner, [owner, manager, assistant])
    assert series.summary_by == assistant
    with pytest.raises(ValidationError) as error:
        make_series(owner, [owner, manager], summary_by=assistant)
    assert "summary_by" in error.value.message_dict


def test_attendees_are_told_once_and_new_ones_on_edit(owner, manager, assistant):
    series = make_series(owner, [owner, assistant])
    added = Notification.objects.filter(kind=kinds.MEETING_ADDED)
    assert [note.recipient for note in added] == [assistant]
    with time_machine.travel(datetime(2026, 10, 10, 13, tzinfo=UTC), tick=False):
        services.meeting_series_update(
            actor=owner,
            series=series,
            spec=spec([owner, assistant, manager], title="Weekly planning"),
        )
    assert sorted(note.recipient.pk for note in added.all()) == sorted([assistant.pk, manager.pk])


def test_a_new_time_moves_future_occurrences_without_a_summary(owner, assistant):
    series = make_series(owner, [owner, assistant])
    now = datetime(2026, 10, 13, 12, tzinfo=UTC)  # after the first meeting (12 Oct)
    first = Meeting.objects.get(series=series, starts_at=datetime(2026, 10, 12, 7, tzinfo=UTC))
    second = Meeting.objects.get(series=series, starts_at=datetime(2026, 10, 19, 7, tzinfo=UTC))
    with time_machine.travel(now, tick=False):
        services.meeting_series_update(
            actor=owner, series=series, spec=spec([owner, assistant], at=time(10, 30)), now=now
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.starts_at == datetime(2026, 10, 12, 7, tzinfo=UTC)  # past: unchanged
    # The same occurrence (same code) moved to 10:30 Oslo time.
    assert second.starts_at == datetime(2026, 10, 19, 8, 30, tzinfo=UTC)
    future = Meeting.objects.filter(series=series, starts_at__gt=now)
    assert {
        moment.astimezone(OSLO).time() for moment in future.values_list("starts_at", flat=True)
    } == {time(10, 30)}

    # Another weekday: Mondays go, Wednesdays come.
    with time_machine.travel(now, tick=False):
        services.meeting_series_update(
            actor=owner,
            series=series,
            spec=spec([owner, assistant], at=time(10, 30), weekdays=(2,)),
            now=now,
        )
    days = {
        moment.astimezone(OSLO).weekday() for moment in future.values_list("starts_at", flat=True)
    }
    assert days == {2}
    assert Meeting.objects.filter(pk=first.pk).exists()


def test_ending_a_series_cancels_the_coming_meetings(owner, assistant):
    series = make_series(owner, [owner, assistant])
    now = datetime(2026, 10, 13, 12, tzinfo=UTC)
    with time_machine.travel(now, tick=False):
        cancelled = services.meeting_series_end(actor=owner, series=series)
        assert services.meeting_series_end(actor=owner, series=series) == 0
        assert plan_meetings.call_local() == 0
    assert cancelled == 4
    assert Meeting.objects.filter(series=series, cancelled_at__isnull=True).count() == 1


def test_cancelling_one_meeting_keeps_it_cancelled_when_planning_again(owner, assistant):
    series = make_series(owner, [owner, assistant])
    meeting = Meeting.objects.filter(series=series).order_by("starts_at")[1]
    with time_machine.travel(datetime(2026, 10, 13, tzinfo=UTC), tick=False):
        assert services.meeting_cancel(actor=owner, meeting=meeting)
        assert not services.meeting_cancel(actor=owner, meeting=meeting)
        meetings_plan(series=MeetingSeries.objects.get(pk=series.pk))
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None
    with (
        time_machine.travel(datetime(2026, 11, 1, tzinfo=UTC), tick=False),
        pytest.raises(ValidationError),
    ):
        services.meeting_cancel(actor=owner, meeting=Meeting.objects.filter(series=series)[0])

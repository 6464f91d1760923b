"""Meeting planning: when a series meets, and its occurrences created ahead in UTC.

An occurrence is computed from its local date in the series' zone (`tandem.lib.schedule`), so a
weekly 09:00 in Oslo stays 09:00 in Oslo across daylight-saving changes while its UTC instant
moves. Occurrences exist `PLAN_AHEAD` days ahead; the `plan_meetings` job extends them through
the partial index `meeting_series_to_plan`, and the unique (series, starts_at) makes planning
twice harmless.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from tandem.lib.schedule import local_date, local_instants, sweep_due
from tandem.rhythm.models import Cadence, Meeting, MeetingSeries

logger = logging.getLogger(__name__)

# How far ahead occurrences exist; the planning job tops them up when fewer than
# `REPLAN_WITHIN` days are left.
PLAN_AHEAD = 35
REPLAN_WITHIN = 28
# One sweep handles at most this many series; the rest wait for the next run.
SWEEP_BATCH = 500


# Calendar arithmetic


def occurs_on(series: MeetingSeries, day: date) -> bool:
    if day < series.starts_on or (series.ends_on is not None and day > series.ends_on):
        return False
    if series.cadence == Cadence.ONCE:
        return day == series.starts_on
    if series.cadence == Cadence.DAILY:
        return day.weekday() < 5
    return day.weekday() in (series.weekdays or [])


def occurrences(
    series: MeetingSeries, first: date, last: date
) -> list[tuple[date, tuple[datetime, datetime, datetime]]]:
    """The occurrences on the local days from `first` to `last`: each day with its start, end
    and summary deadline, in UTC."""
    if series.ends_on is not None:
        last = min(last, series.ends_on)
    days = local_instants(
        series.zone,
        series.at,
        max(first, series.starts_on),
        partial(occurs_on, series),
        last_day=last,
    )
    return [(day, _times(series, starts_at.astimezone(UTC))) for day, starts_at in days]


def _times(series: MeetingSeries, starts_at: datetime) -> tuple[datetime, datetime, datetime]:
    ends_at = starts_at + timedelta(minutes=series.duration_minutes)
    return starts_at, ends_at, ends_at + timedelta(hours=series.summary_due_hours)


def _today_in(series: MeetingSeries, now: datetime) -> date:
    return local_date(now, series.zone)


# Planning


def meetings_plan(*, series: MeetingSeries, now: datetime | None = None) -> int:
    """Create the occurrences from today (in the series' zone) to PLAN_AHEAD days ahead.

    Occurrences that have begun already are not created, and an existing one is kept as it is
    (a cancelled one stays cancelled). Returns how many were created.
    """
    now = now or timezone.now()
    today = _today_in(series, now)
    first = today if series.planned_until is None else max(today, series.planned_until)
    horizon = today + timedelta(days=PLAN_AHEAD)
    if series.ended_at is not None:
        return 0
    rows = []
    for _day, (starts_at, ends_at, due_at) in occurrences(series, first, horizon):
        if starts_at <= now:
            continue
        rows.append(
            Meeting(
                workspace_id=series.workspace_id,
                series=series,
                starts_at=starts_at,
                ends_at=ends_at,
                summary_due_at=due_at,
            )
        )
    with transaction.atomic():
        before = Meeting.objects.filter(series=series).count()
        Meeting.objects.bulk_create(rows, ignore_conflicts=True)
        created = Meeting.objects.filter(series=series).count() - before
        done = series.cadence == Cadence.ONCE or (
            series.ends_on is not None and series.ends_on <= horizon
        )
        series.planned_until = None if done else horizon
        MeetingSeries.objects.filter(pk=series.pk).update(planned_until=series.planned_until)
    return created


def meetings_plan_due(now: datetime | None = None) -> int:
    """The planning sweep: top up every series whose occurrences run out soon. A series that
    fails is logged and tried again next time, after the others."""
    now = now or timezone.now()
    # planned_until is a local day; a day's slack covers every zone.
    soon = now.date() + timedelta(days=REPLAN_WITHIN + 1)
    due = MeetingSeries.objects.filter(ended_at__isnull=True, planned_until__lt=soon).order_by(
        "planned_until", "id"
    )
    return sweep_due(
        due,
        lambda series: meetings_plan(series=series, now=now),
        name="meeting plans",
        log=logger,
        batch=SWEEP_BATCH,
        label=lambda series: series.code,
    )


def meetings_replan(*, series: MeetingSeries, now: datetime) -> None:
    """After the time changed: move the future occurrences that have no summary yet."""
    today = _today_in(series, now)
    wanted: dict[date, tuple[datetime, datetime, datetime]] = {}
    for day, times in occurrences(series, today, today + timedelta(days=PLAN_AHEAD)):
        if times[0] > now:
            wanted[day] = times
    future = list(
        Meeting.objects.filter(
            series=series,
            starts_at__gt=now,
            cancelled_at__isnull=True,
            summarized_at__isnull=True,
        ).order_by("starts_at")
    )
    # Each occurrence keeps its code (links in notifications) when its day stays: it is moved,
    # not replaced. Days no longer in the series are dropped first, so no start collides.
    keep: list[tuple[Meeting, tuple[datetime, datetime, datetime]]] = []
    drop: list[int] = []
    for meeting in future:
        day = local_date(meeting.starts_at, series.zone)
        if day in wanted:
            keep.append((meeting, wanted.pop(day)))
        else:
            drop.append(meeting.pk)
    Meeting.objects.filter(pk__in=drop).delete()
    for meeting, (starts_at, ends_at, due_at) in keep:
        if (meeting.starts_at, meeting.ends_at, meeting.summary_due_at) != (
            starts_at,
            ends_at,
            due_at,
        ):
            Meeting.objects.filter(pk=meeting.pk).update(
                starts_at=starts_at, ends_at=ends_at, summary_due_at=due_at
            )
    series.planned_until = None
    meetings_plan(series=series, now=now)

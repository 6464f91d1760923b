"""Working time: the stretches of real time a person works, from their weekly hours and zone.

Weekly hours are local wall-clock times (Monday 09:00–17:00 in Asia/Manila). Every computation
here walks the actual calendar days in that zone and converts each day's hours to UTC, so a week
with a daylight-saving change gives the right instants on both sides of it.
"""

from __future__ import annotations

import zoneinfo
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from tandem.lib.timezones import local_instant

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class WeeklyHours:
    """One weekday's working hours (0 = Monday), local to the person's zone."""

    weekday: int
    start: time
    end: time


def working_intervals(
    hours: Iterable[WeeklyHours], zone: str, start: datetime, end: datetime
) -> list[Interval]:
    """The person's working stretches between `start` and `end`, in UTC, in order."""
    if end <= start:
        return []
    by_day: dict[int, list[WeeklyHours]] = {}
    for row in hours:
        by_day.setdefault(row.weekday, []).append(row)
    if not by_day:
        return []
    tz = zoneinfo.ZoneInfo(zone)
    day = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date() + timedelta(days=1)
    found: list[Interval] = []
    while day <= last:
        for row in by_day.get(day.weekday(), ()):
            begins = max(local_instant(day, row.start, zone).astimezone(UTC), start)
            ends = min(local_instant(day, row.end, zone).astimezone(UTC), end)
            if begins < ends:
                found.append((begins, ends))
        day += timedelta(days=1)
    found.sort()
    return found


def working_seconds(hours: Sequence[WeeklyHours], zone: str, start: datetime, end: datetime) -> int:
    """Seconds of working time between two instants.

    A person with no working hours set has not said when they work, so every hour counts.
    """
    if end <= start:
        return 0
    if not hours:
        return int((end - start).total_seconds())
    return int(sum((b - a).total_seconds() for a, b in working_intervals(hours, zone, start, end)))


def working_seconds_since(
    hours: Sequence[WeeklyHours], zone: str, starts: Sequence[datetime], end: datetime
) -> list[int]:
    """`working_seconds(hours, zone, start, end)` for each of `starts`, walking the calendar once.

    Many things waiting for one person (their pending acknowledgements) share the end (now) and
    differ only in when they began, so the working stretches are found once, from the earliest
    start, and each start sums the part of them after it.
    """
    if not starts:
        return []
    if not hours:
        return [max(0, int((end - start).total_seconds())) for start in starts]
    earliest = min(starts)
    stretches = working_intervals(hours, zone, earliest, end)
    # after[i]: seconds in stretches[i:]; a start inside a stretch counts that stretch's rest.
    after = [0.0] * (len(stretches) + 1)
    for i in range(len(stretches) - 1, -1, -1):
        begins, ends = stretches[i]
        after[i] = after[i + 1] + (ends - begins).total_seconds()
    beginnings = [begins for begins, _ in stretches]
    found = []
    for start in starts:
        if start >= end:
            found.append(0)
            continue
        i = bisect_right(beginnings, start)
        seconds = after[i]
        if i > 0 and stretches[i - 1][1] > start:  # inside the stretch before
            seconds += (stretches[i - 1][1] - start).total_seconds()
        found.append(int(seconds))
    return found


def intersect(first: Sequence[Interval], second: Sequence[Interval]) -> list[Interval]:
    """The stretches in both ordered lists of intervals."""
    found: list[Interval] = []
    i = j = 0
    while i < len(first) and j < len(second):
        begins = max(first[i][0], second[j][0])
        ends = min(first[i][1], second[j][1])
        if begins < ends:
            found.append((begins, ends))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return found


def weekly_hours_of(rows: Iterable[object]) -> list[WeeklyHours]:
    """WeeklyHours from WorkingHours rows (anything with weekday, start and end)."""
    return [
        WeeklyHours(row.weekday, row.start, row.end)  # type: ignore[attr-defined]
        for row in rows
    ]

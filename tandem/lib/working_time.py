"""Working time: the stretches of real time a person works, from their weekly hours, zone and
public holidays. The one reader of working time: every calculation that counts it comes here.

Weekly hours are intervals of local wall-clock time, each belonging to the weekday it starts on
(Monday 09:00–17:00 in Asia/Manila). An interval whose end is not after its start ends the next
day (Monday 21:00–05:00 is a night shift into Tuesday); a day may have several (08:00–12:00 and
18:00–22:00). Every computation walks the actual calendar days in the person's zone and converts
each interval to UTC, so a week with a daylight-saving change gives the right instants on both
sides of it. A public holiday of the person's country removes the intervals that start on it,
unless the person said they work that day.
"""

from __future__ import annotations

import zoneinfo
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Protocol

from tandem.lib.public_holidays import holiday_name, holidays_between
from tandem.lib.timezones import local_instant

Interval = tuple[datetime, datetime]

DAY_SECONDS = 24 * 3600
WEEK_SECONDS = 7 * DAY_SECONDS


def _seconds(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


@dataclass(frozen=True)
class WeeklyHours:
    """One working interval starting on a weekday (0 = Monday), local to the person's zone.

    An end at or before the start is on the next day; an end equal to the start makes a whole
    day of 24 wall-clock hours.
    """

    weekday: int
    start: time
    end: time

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    @property
    def seconds(self) -> int:
        """Its length in wall-clock seconds (a DST change makes the real length differ)."""
        return (_seconds(self.end) - _seconds(self.start)) % DAY_SECONDS or DAY_SECONDS

    @property
    def week_span(self) -> tuple[int, int]:
        """Seconds from Monday 00:00 to its start and its end (past the week's end on Sunday)."""
        begins = self.weekday * DAY_SECONDS + _seconds(self.start)
        return begins, begins + self.seconds


def clashes(hours: Iterable[WeeklyHours]) -> list[tuple[WeeklyHours, WeeklyHours]]:
    """Pairs of intervals that overlap, as (earlier, later) — on the week's circle, so Sunday
    night running into Monday morning is seen too."""
    spans = sorted(hours, key=lambda row: row.week_span)
    found = []
    for i, first in enumerate(spans):
        first_begins, first_ends = first.week_span
        for second in spans[i + 1 :]:
            second_begins, second_ends = second.week_span
            if second_begins < first_ends:
                found.append((first, second))
            elif second_ends > first_begins + WEEK_SECONDS:  # into next week's `first`
                found.append((second, first))
    return found


@dataclass(frozen=True)
class WorkingTime:
    """When one person works: their weekly hours in their zone, minus the public holidays of
    their country and subdivision that they have not said they work.

    Without weekly hours a person has not said when they work, and every hour counts (holidays
    included).
    """

    hours: Sequence[WeeklyHours] = ()
    zone: str = "UTC"
    country: str = ""
    subdivision: str = ""
    worked_holidays: AbstractSet[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Callers build it from lists and sets; keep it hashable and immutable.
        object.__setattr__(self, "hours", tuple(self.hours))
        object.__setattr__(self, "worked_holidays", frozenset(self.worked_holidays))

    @property
    def has_hours(self) -> bool:
        return bool(self.hours)

    @cached_property
    def by_weekday(self) -> dict[int, list[WeeklyHours]]:
        found: dict[int, list[WeeklyHours]] = {}
        for row in sorted(self.hours, key=lambda row: row.start):
            found.setdefault(row.weekday, []).append(row)
        return found

    def public_holiday(self, day: date) -> str | None:
        """The name of the public holiday on `day` in the person's country, worked or not."""
        return holiday_name(self.country, self.subdivision, day)

    def day_off(self, day: date) -> str | None:
        """The name of the holiday that gives the person `day` off, if any."""
        if day in self.worked_holidays:
            return None
        return self.public_holiday(day)

    def holidays(self, first: date, last: date) -> list[Holiday]:
        """The person's public holidays from `first` to `last`, and whether they work them."""
        return [
            Holiday(day, holiday_name(self.country, self.subdivision, day) or "", worked)
            for day in holidays_between(self.country, self.subdivision, first, last)
            for worked in [day in self.worked_holidays]
        ]


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    worked: bool


class HoursRow(Protocol):
    """Anything with a weekday and a start and end time, such as a WorkingHours row."""

    weekday: int
    start: time
    end: time


def weekly_hours_of(rows: Iterable[HoursRow]) -> list[WeeklyHours]:
    """WeeklyHours from WorkingHours rows."""
    return [WeeklyHours(row.weekday, row.start, row.end) for row in rows]


def _shifts(who: WorkingTime, first: date, last: date) -> Iterator[tuple[date, datetime, datetime]]:
    """Each interval starting on a local day from `first` to `last` (the day, its start and its
    end in UTC), unclipped, in order; none on a holiday the person does not work."""
    by_day = who.by_weekday
    day = first
    while day <= last:
        rows = by_day.get(day.weekday())
        if rows and who.day_off(day) is None:
            for row in rows:
                begins = local_instant(day, row.start, who.zone).astimezone(UTC)
                ends_on = day + timedelta(days=1) if row.crosses_midnight else day
                ends = local_instant(ends_on, row.end, who.zone).astimezone(UTC)
                yield day, begins, ends
        day += timedelta(days=1)


def iter_working_intervals(who: WorkingTime, start: datetime, end: datetime) -> Iterator[Interval]:
    """The person's working stretches between `start` and `end`, in UTC, in order, one local day
    at a time (lazily: a caller looking for the first few stops early)."""
    if end <= start or not who.hours:
        return
    tz = zoneinfo.ZoneInfo(who.zone)
    # The day before: its night shift may run into `start`. Intervals last at most a day.
    first = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date()
    reached = start
    for _day, begins, ends in _shifts(who, first, last):
        # Never overlapping, even where a DST change pushes one interval's end past the next
        # one's start.
        begins, ends = max(begins, reached), min(ends, end)
        if begins < ends:
            yield (begins, ends)
            reached = ends


def working_intervals(who: WorkingTime, start: datetime, end: datetime) -> list[Interval]:
    """The person's working stretches between `start` and `end`, in UTC, in order."""
    return list(iter_working_intervals(who, start, end))


def working_stretches(who: WorkingTime, start: datetime, end: datetime) -> Iterator[Interval]:
    """Like `iter_working_intervals`, except that without weekly hours all of it counts."""
    if end <= start:
        return
    if not who.hours:
        yield (start, end)
        return
    yield from iter_working_intervals(who, start, end)


def working_seconds(who: WorkingTime, start: datetime, end: datetime) -> int:
    """Seconds of working time between two instants (all of them without weekly hours)."""
    return int(sum((b - a).total_seconds() for a, b in working_stretches(who, start, end)))


def working_seconds_since(who: WorkingTime, starts: Sequence[datetime], end: datetime) -> list[int]:
    """`working_seconds(who, start, end)` for each of `starts`, walking the calendar once.

    Many things waiting for one person (their pending acknowledgements) share the end (now) and
    differ only in when they began, so the working stretches are found once, from the earliest
    start, and each start sums the part of them after it.
    """
    if not starts:
        return []
    if not who.hours:
        return [max(0, int((end - start).total_seconds())) for start in starts]
    stretches = working_intervals(who, min(starts), end)
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


def is_working(who: WorkingTime, moment: datetime) -> bool:
    """Whether `moment` is inside one of the person's working intervals (a night shift that
    began the evening before included). False without weekly hours."""
    return (
        next(iter_working_intervals(who, moment, moment + timedelta(seconds=1)), None) is not None
    )


def working_day(who: WorkingTime, moment: datetime) -> tuple[date, datetime]:
    """The person's day at `moment` and the instant it ends.

    The day is the local date, unless `moment` is inside a night shift that began the day
    before: that shift's day. It ends at the later of its local midnight and the end of its last
    interval, so a night shift's deadlines at 02:00 are still "today".
    """
    today = moment.astimezone(zoneinfo.ZoneInfo(who.zone)).date()
    day = today
    for started_on, begins, ends in _shifts(
        who, today - timedelta(days=1), today - timedelta(days=1)
    ):
        if begins <= moment < ends:
            day = started_on
    ends_at = local_instant(day + timedelta(days=1), time(0), who.zone).astimezone(UTC)
    for _day, _begins, ends in _shifts(who, day, day):
        ends_at = max(ends_at, ends)
    return day, ends_at


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

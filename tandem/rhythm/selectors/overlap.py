"""The overlap planner: when every chosen member is within their working hours, in a week.

Each person's working time is local wall-clock intervals in their own zone (night shifts and
split shifts too), minus the public holidays they do not work. The week is walked on its real
dates (`working_intervals`), so a daylight-saving change in one zone and not in another moves the
shared hours on exactly the days after the change, and a holiday of one person removes their
hours of that day. Everything is computed in UTC and cut into the viewer's own days for display.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import QuerySet

from tandem.accounts.selectors import working_time_by_member
from tandem.lib.timezones import local_instant
from tandem.lib.working_time import (
    Holiday,
    Interval,
    WorkingTime,
    intersect,
    working_intervals,
)
from tandem.work.selectors import local_midnight
from tandem.workspaces.models import Membership, Role, Workspace
from tandem.workspaces.selectors import members_of_workspace

# A meeting the planner suggests: this long, inside the longest shared stretch of the week.
MEETING_MINUTES = 30
# Suggested meeting times start on a quarter hour.
_QUARTER = 15


@dataclass(frozen=True)
class Person:
    """A chosen member, with their working hours in the planned week (UTC)."""

    member: Membership
    zone: str
    working: WorkingTime
    intervals: list[Interval]
    # Their public holidays in the week (by their own local date), worked or not.
    holidays: list[Holiday] = field(default_factory=list)

    @property
    def has_hours(self) -> bool:
        return self.working.has_hours


@dataclass(frozen=True)
class LocalSpan:
    """A stretch as one person reads it, in their own zone."""

    person: Person
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Span:
    """A shared stretch (UTC), with each person's local times for its start and end."""

    start: datetime
    end: datetime
    local: list[LocalSpan]

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def duration(self) -> tuple[int, int]:
        return divmod(self.minutes, 60)


@dataclass(frozen=True)
class Bar:
    """One row of a day's 24-hour bar: stretches as x/width in minutes from the day's start."""

    label: str
    shared: bool
    pieces: list[tuple[int, int]]


@dataclass
class Day:
    """One of the viewer's days: its shared stretches, and who does not work at all on it."""

    day: date
    start: datetime
    end: datetime
    spans: list[Span] = field(default_factory=list)
    off: list[Person] = field(default_factory=list)
    # Public holidays of the chosen people on this date: "Ana: Rizal Day".
    holidays: list[tuple[Person, Holiday]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    # Local 06:00, 12:00 and 18:00 as minutes from the day's start (right on DST days too).
    ticks: list[int] = field(default_factory=list)

    @property
    def length_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def minutes(self) -> int:
        return sum(span.minutes for span in self.spans)


@dataclass(frozen=True)
class CheckInSuggestion:
    """A check-in time for an assistant, local to them: the start of the shared hours."""

    person: Person
    at: time
    days: int


@dataclass(frozen=True)
class MeetingSuggestion:
    """A meeting slot inside the longest shared stretch, read in the viewer's zone."""

    start: datetime
    end: datetime
    local: list[LocalSpan]


@dataclass
class Plan:
    week_start: date
    zone: str
    people: list[Person]
    days: list[Day]
    check_ins: list[CheckInSuggestion]
    meeting: MeetingSuggestion | None

    @property
    def without_hours(self) -> list[Person]:
        return [person for person in self.people if not person.has_hours]

    @property
    def minutes(self) -> int:
        return sum(day.minutes for day in self.days)

    @property
    def duration(self) -> tuple[int, int]:
        """Hours and minutes, for "9 h 30 min"."""
        return divmod(self.minutes, 60)

    @property
    def has_overlap(self) -> bool:
        return any(day.spans for day in self.days)


def overlap_candidates(workspace: Workspace) -> QuerySet[Membership]:
    """Everyone who can be chosen, with their working hours: two queries however many."""
    return members_of_workspace(workspace)


def chosen_members(
    candidates: Iterable[Membership], codes: Sequence[str], viewer: Membership
) -> list[Membership]:
    """The members named by `codes`, in the workspace's order; codes of anyone else (another
    workspace, a removed member, a typo) are ignored. Without codes: the viewer and the
    workspace's assistants."""
    if codes:
        wanted = set(codes)
        return [member for member in candidates if member.code in wanted]
    return [
        member for member in candidates if member.pk == viewer.pk or member.role == Role.ASSISTANT
    ]


def overlap_plan(*, members: Sequence[Membership], zone: str, week_start: date) -> Plan:
    """The shared working hours of `members` in the week of 7 days from `week_start`, a week of
    the viewer's days in `zone`. Members need `user` and `user.working_hours` loaded; one
    query for the holidays they work when any of them has a country."""
    week_begins = local_midnight(week_start, zone).astimezone(UTC)
    week_ends = local_midnight(week_start + timedelta(days=7), zone).astimezone(UTC)
    times = working_time_by_member(members)
    people = []
    for member in members:
        working = times[member.pk]
        people.append(
            Person(
                member=member,
                zone=member.user.time_zone,
                working=working,
                intervals=working_intervals(working, week_begins, week_ends),
                holidays=working.holidays(week_start, week_start + timedelta(days=6)),
            )
        )
    shared: list[Interval] = people[0].intervals if people else []
    for person in people[1:]:
        shared = intersect(shared, person.intervals)
    days = [_day(week_start + timedelta(days=n), zone, people, shared) for n in range(7)]
    return Plan(
        week_start=week_start,
        zone=zone,
        people=people,
        days=days,
        check_ins=_check_in_suggestions(people, days),
        meeting=_meeting_suggestion(people, days),
    )


def _day(day: date, zone: str, people: list[Person], shared: list[Interval]) -> Day:
    begins = local_midnight(day, zone).astimezone(UTC)
    ends = local_midnight(day + timedelta(days=1), zone).astimezone(UTC)
    window = [(begins, ends)]
    result = Day(day=day, start=begins, end=ends)
    for start, end in intersect(window, shared):
        local = [
            LocalSpan(
                person,
                start.astimezone(zoneinfo.ZoneInfo(person.zone)),
                end.astimezone(zoneinfo.ZoneInfo(person.zone)),
            )
            for person in people
        ]
        result.spans.append(Span(start, end, local))
    for person in people:
        result.holidays += [(person, holiday) for holiday in person.holidays if holiday.day == day]
        mine = intersect(window, person.intervals)
        if not mine:
            result.off.append(person)
        result.bars.append(Bar(str(person.member.user), shared=False, pieces=_pieces(mine, begins)))
    result.bars.append(
        Bar("", shared=True, pieces=_pieces([(s.start, s.end) for s in result.spans], begins))
    )
    result.ticks = [
        _offset(local_instant(day, time(hour), zone).astimezone(UTC), begins)
        for hour in (6, 12, 18)
    ]
    return result


def _offset(moment: datetime, begins: datetime) -> int:
    return int((moment - begins).total_seconds() // 60)


def _pieces(intervals: Iterable[Interval], begins: datetime) -> list[tuple[int, int]]:
    return [
        (_offset(start, begins), max(1, _offset(end, begins) - _offset(start, begins)))
        for start, end in intervals
    ]


def _check_in_suggestions(people: list[Person], days: list[Day]) -> list[CheckInSuggestion]:
    """For each chosen assistant, the local time the shared hours start on most days of the
    week (the earliest on a tie): after a DST change in one zone, most days still agree."""
    suggestions = []
    for index, person in enumerate(people):
        if person.member.role != Role.ASSISTANT:
            continue
        starts = Counter(
            day.spans[0].local[index].start.time().replace(second=0, microsecond=0)
            for day in days
            if day.spans
        )
        if not starts:
            continue
        at, count = min(starts.items(), key=lambda item: (-item[1], item[0]))
        suggestions.append(CheckInSuggestion(person=person, at=at, days=count))
    return suggestions


def _meeting_suggestion(people: list[Person], days: list[Day]) -> MeetingSuggestion | None:
    """A meeting at the first quarter hour of the longest shared stretch that leaves room for
    it; None when no stretch is long enough."""
    spans = [span for day in days for span in day.spans]
    if not spans:
        return None
    longest = max(spans, key=lambda span: (span.minutes, -span.start.timestamp()))
    start = _next_quarter(longest.start)
    end = start + timedelta(minutes=MEETING_MINUTES)
    if end > longest.end:
        return None
    local = [
        LocalSpan(
            person,
            start.astimezone(zoneinfo.ZoneInfo(person.zone)),
            end.astimezone(zoneinfo.ZoneInfo(person.zone)),
        )
        for person in people
    ]
    return MeetingSuggestion(start=start, end=end, local=local)


def _next_quarter(moment: datetime) -> datetime:
    # Quarter hours in UTC are quarter hours in every zone (all offsets are multiples of 15).
    moment = moment.replace(second=0, microsecond=0)
    return moment + timedelta(minutes=-moment.minute % _QUARTER)

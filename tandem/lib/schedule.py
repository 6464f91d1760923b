"""Schedules: a local wall-clock time on the days that match, walked in the schedule's own zone.

Check-in prompts, recurring tasks, meeting plans, digests and the end of quiet hours all ask the
same question: when does the wall clock of a zone next show a time, on a day that matches? They
all ask it here. Each candidate is converted on its own local day (`local_instant`, which holds
the DST rules), so 09:00 stays 09:00 local across a daylight-saving change while its UTC instant
moves.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Collection, Iterator
from datetime import date, datetime, time, timedelta

from tandem.lib.timezones import local_instant

# Which local days match: a predicate, the weekdays (0 = Monday), or None for every day.
Days = Callable[[date], bool] | Collection[int] | None

# Every schedule Tandem keeps (weekly, monthly) has a matching day within a year; a walk that
# finds none in that time stops, so a schedule that matches no day cannot loop for ever.
SEARCH_DAYS = 366

_DAY = timedelta(days=1)


def _matcher(on: Days) -> Callable[[date], bool] | None:
    """The predicate for `on`; None when no day can match (an empty set of weekdays)."""
    if on is None:
        return lambda day: True
    if callable(on):
        return on
    weekdays = frozenset(on)
    if not weekdays:
        return None
    return lambda day: day.weekday() in weekdays


def local_date(moment: datetime, zone: str) -> date:
    """The calendar day in `zone` at `moment`."""
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).date()


def local_instants(
    zone: str,
    at: time,
    first_day: date,
    on: Days = None,
    *,
    last_day: date | None = None,
    backwards: bool = False,
) -> Iterator[tuple[date, datetime]]:
    """The walker: each matching local day from `first_day` on (or back, with `backwards`), with
    the instant `at` has on it in `zone` (aware, in `zone`).

    It walks to `last_day` included when given, else `SEARCH_DAYS` days.
    """
    match = _matcher(on)
    if match is None:
        return
    step = -_DAY if backwards else _DAY
    if last_day is None:
        count = SEARCH_DAYS
    else:
        count = ((first_day - last_day) if backwards else (last_day - first_day)).days + 1
    day = first_day
    for _offset in range(count):
        if match(day):
            yield day, local_instant(day, at, zone)
        day += step


def next_local_instant(
    after: datetime, zone: str, at: time, on: Days = None, *, first_day: date | None = None
) -> tuple[date, datetime] | None:
    """The first `at` on a matching day strictly after `after`: its local day and its instant.

    The walk starts on the local day of `after`, or on `first_day` when given (a digest that
    was sent today starts tomorrow). None when no day matches.
    """
    start = local_date(after, zone) if first_day is None else first_day
    for day, instant in local_instants(zone, at, start, on):
        if instant > after:
            return day, instant
    return None


def last_local_instant(
    until: datetime, zone: str, at: time, on: Days = None
) -> tuple[date, datetime] | None:
    """The last `at` on a matching day at or before `until`: its local day and its instant."""
    for day, instant in local_instants(zone, at, local_date(until, zone), on, backwards=True):
        if instant <= until:
            return day, instant
    return None


def next_wall_clock(moment: datetime, zone: str, at: time) -> datetime:
    """When the wall clock of `zone` next shows `at`: today when the clock has not reached `at`
    yet, else tomorrow. Compared on the wall clock, as quiet hours are read, not in time."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    first_day = local.date() + _DAY if local.time() >= at else local.date()
    return next(local_instants(zone, at, first_day))[1]

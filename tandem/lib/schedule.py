"""Schedules: when something is next due, and the sweeps that act on what is due.

Check-in prompts, recurring tasks, meeting plans, digests and the end of quiet hours all ask the
same question: when does the wall clock of a zone next show a time, on a day that matches? They
all ask it here. Each candidate is converted on its own local day (`local_instant`, which holds
the DST rules), so 09:00 stays 09:00 local across a daylight-saving change while its UTC instant
moves.

The periodic sweeps that act on due rows one by one run through `sweep_due`: read the due rows
through their index, let each claim and act, push a row that fails forward, log.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable, Collection, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from tandem.lib.timezones import local_instant

R = TypeVar("R")

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


# Sweeps


def sweep_due(
    due: QuerySet[Any, R],
    act: Callable[[R], int | bool],
    *,
    name: str,
    log: logging.Logger,
    batch: int,
    label: Callable[[R], object] = lambda row: getattr(row, "pk", row),
    due_field: str | None = None,
    retry_at: datetime | None = None,
) -> int:
    """One run of a periodic sweep over the rows that are due; returns the sum of what `act`
    returned for them (how many were prompted, created, sent).

    `due` selects only the due rows, oldest first, through the partial index on their due
    column, and at most `batch` of them are read; the next run takes the rest. `act` claims its
    row (a conditional update on the due value it read, or the row lock it takes), so two
    sweeps at once act once, and writes what it tells in the claim's transaction. A row whose
    `act` fails is logged and, given its `due_field` and `retry_at`, pushed to `retry_at` if no
    one moved it meanwhile: one broken row never blocks the sweep, nor is it tried every run.
    """
    rows = list(due[:batch])
    done = 0
    for row in rows:
        read = getattr(row, due_field) if due_field is not None else None
        try:
            done += act(row)
        except Exception:
            log.exception("%s: %s failed; trying again later.", name, label(row))
            if due_field is not None and retry_at is not None and isinstance(row, Model):
                type(row)._default_manager.filter(pk=row.pk, **{due_field: read}).update(
                    **{due_field: retry_at}
                )
    if rows:
        log.info("%s: %d done of %d due.", name, done, len(rows))
    return done

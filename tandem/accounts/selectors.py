"""Reads of people's own settings that other parts need in bulk.

Working time (`WorkingTime`: weekly hours, zone, and the public holidays a person does not work)
is loaded here and only here. The worked holidays are read only for people with a country: for
anyone else there are no holidays to work, so no query.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Protocol

from tandem.accounts.models import User, WorkedHoliday, WorkingHours
from tandem.lib.working_time import Holiday, WeeklyHours, WorkingTime, weekly_hours_of


class OfPerson(Protocol):
    """A row about one person (a workspace's membership): accounts sits below workspaces, so
    it names only what it reads."""

    @property
    def pk(self) -> Any: ...

    @property
    def user_id(self) -> int: ...

    @property
    def user(self) -> User: ...


def worked_holidays_by_user(user_ids: Collection[int]) -> dict[int, set[date]]:
    """The holidays each person works, in one query (none without ids)."""
    found: dict[int, set[date]] = {}
    if not user_ids:
        return found
    rows = WorkedHoliday.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "day")
    for user_id, day in rows:
        found.setdefault(user_id, set()).add(day)
    return found


def working_time_by_user(user_ids: Iterable[int]) -> dict[int, WorkingTime]:
    """Each user's working time, for every id given: one query, and one more for the worked
    holidays when any of them has a country."""
    ids = set(user_ids)
    rows = WorkingHours.objects.filter(user_id__in=ids).values_list(
        "user_id",
        "weekday",
        "start",
        "end",
        "user__time_zone",
        "user__country",
        "user__subdivision",
    )
    hours: dict[int, list[WeeklyHours]] = {}
    places: dict[int, tuple[str, str, str]] = {}
    for user_id, weekday, start, end, zone, country, subdivision in rows:
        hours.setdefault(user_id, []).append(WeeklyHours(weekday, start, end))
        places[user_id] = (zone, country, subdivision)
    worked = worked_holidays_by_user([pk for pk, place in places.items() if place[1]])
    # Without weekly hours every hour counts, whatever the zone and holidays.
    found = {user_id: WorkingTime() for user_id in ids}
    for user_id, (zone, country, subdivision) in places.items():
        found[user_id] = WorkingTime(
            hours[user_id], zone, country, subdivision, worked.get(user_id, set())
        )
    return found


def _of(user: User, hours: list[WeeklyHours], worked: set[date]) -> WorkingTime:
    return WorkingTime(hours, user.time_zone, user.country, user.subdivision, worked)


def working_time_by_member(members: Sequence[OfPerson]) -> dict[int, WorkingTime]:
    """Each member's working time by member pk: from `user__working_hours` when that was
    prefetched, else in one query for all of them; and one for the worked holidays when any of
    them has a country."""
    if all("working_hours" in getattr(m.user, "_prefetched_objects_cache", {}) for m in members):
        worked = worked_holidays_by_user({m.user_id for m in members if m.user.country})
        return {
            m.pk: _of(
                m.user, weekly_hours_of(m.user.working_hours.all()), worked.get(m.user_id, set())
            )
            for m in members
        }
    by_user = working_time_by_user(m.user_id for m in members)
    return {m.pk: by_user[m.user_id] for m in members}


def working_time_of(user: User) -> WorkingTime:
    """One person's working time: their weekly hours (prefetched or one query) and the holidays
    they work (one query, when they have a country)."""
    worked = worked_holidays_by_user([user.pk] if user.country else [])
    return _of(user, weekly_hours_of(user.working_hours.all()), worked.get(user.pk, set()))


# The profile lists the public holidays of about a year ahead.
HOLIDAYS_AHEAD = timedelta(days=366)


def coming_holidays(user: User, *, today: date) -> list[Holiday]:
    """The person's public holidays from `today` for about a year, and which they work."""
    if not user.country:
        return []
    worked = worked_holidays_by_user([user.pk]).get(user.pk, set())
    who = WorkingTime((), user.time_zone, user.country, user.subdivision, worked)
    return who.holidays(today, today + HOLIDAYS_AHEAD)

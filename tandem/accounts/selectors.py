"""Reads of people's own settings that other parts need in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tandem.accounts.models import WorkingHours
from tandem.lib.working_time import WeeklyHours, weekly_hours_of

if TYPE_CHECKING:
    from tandem.workspaces.models import Membership


def weekly_hours_by_user(user_ids: Iterable[int]) -> dict[int, list[WeeklyHours]]:
    """Each user's weekly working hours, in one query."""
    found: dict[int, list[WeeklyHours]] = {}
    rows = WorkingHours.objects.filter(user_id__in=set(user_ids)).values_list(
        "user_id", "weekday", "start", "end"
    )
    for user_id, weekday, start, end in rows:
        found.setdefault(user_id, []).append(WeeklyHours(weekday, start, end))
    return found


def weekly_hours_by_member(members: Sequence[Membership]) -> dict[int, list[WeeklyHours]]:
    """Each member's weekly hours by member pk: from `user__working_hours` when that was
    prefetched, else in one query for all of them."""
    if all("working_hours" in getattr(m.user, "_prefetched_objects_cache", {}) for m in members):
        return {m.pk: weekly_hours_of(m.user.working_hours.all()) for m in members}
    by_user = weekly_hours_by_user(m.user_id for m in members)
    return {m.pk: by_user.get(m.user_id, []) for m in members}

"""The daily digest: when it is due, and the shape of what waits for a member.

What waits is read across apps, so above notify: `tandem/insights/selectors/digest.py` answers
the `digest_waiting` question of `tandem/notify/hooks.py`, and notify sends what it answers.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from tandem.lib.timezones import local_instant
from tandem.workspaces.models import Membership

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# When


def first_send_at(
    at: time, zone: str, *, now: datetime, last_sent_at: datetime | None = None
) -> datetime:
    """The first time the digest is due after it is turned on (or its time changes): `at`
    today in `zone` if that is still ahead, else tomorrow; never a second one on a local day
    that has had its digest already."""
    tz = zoneinfo.ZoneInfo(zone)
    day = now.astimezone(tz).date()
    if last_sent_at is not None and last_sent_at.astimezone(tz).date() >= day:
        day += timedelta(days=1)
    candidate = local_instant(day, at, zone)
    if candidate <= now:
        candidate = local_instant(day + timedelta(days=1), at, zone)
    return candidate


def next_send_at(at: time, zone: str, *, now: datetime) -> datetime:
    """When the digest is due again after one is sent at `now`: `at` on the next local day.

    Counted from the local day of sending, not from the day it was due, so a sweep that runs
    late (after an outage) still sends one digest per local day, never two.
    """
    tomorrow = now.astimezone(zoneinfo.ZoneInfo(zone)).date() + timedelta(days=1)
    return local_instant(tomorrow, at, zone)


# What


@dataclass(frozen=True)
class Item:
    title: StrOrPromise
    url: str
    when: datetime | None = None
    who: str = ""
    note: str = ""
    label: StrOrPromise = ""


@dataclass
class Group:
    key: str
    title: StrOrPromise
    items: list[Item] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class Waiting:
    member: Membership
    today: date
    groups: list[Group]
    # The public holiday that gives the member today off, if any.
    holiday: str | None = None

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def is_empty(self) -> bool:
        return self.total == 0

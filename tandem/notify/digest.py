"""The daily digest: when it is due, and the shape of what waits for a member.

What waits is read across apps, so above notify: `tandem/insights/selectors/digest.py` answers
the `digest_waiting` question of `tandem/notify/hooks.py`, and notify sends what it answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from tandem.lib.schedule import local_date, local_instants
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
    today = local_date(now, zone)
    sent_today = last_sent_at is not None and local_date(last_sent_at, zone) >= today
    days = local_instants(zone, at, today + timedelta(days=sent_today))
    return next(instant for _day, instant in days if instant > now)


def next_send_at(at: time, zone: str, *, now: datetime) -> datetime:
    """When the digest is due again after one is sent at `now`: `at` on the next local day.

    Counted from the local day of sending, not from the day it was due, so a sweep that runs
    late (after an outage) still sends one digest per local day, never two.
    """
    tomorrow = local_date(now, zone) + timedelta(days=1)
    return next(local_instants(zone, at, tomorrow))[1]


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

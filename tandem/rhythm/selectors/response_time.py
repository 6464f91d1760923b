"""Response time: how long members take to acknowledge, or first reply to, what is addressed to
them, counted in their own working hours (nights, weekends and days off do not count), against
the workspace's expectation.

Answered requests carry the working seconds fixed when they were acknowledged; pending ones are
measured up to now in the member's current hours and zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.selectors import working_time_by_member
from tandem.acks.models import Acknowledgement
from tandem.lib.working_time import working_seconds_since
from tandem.workspaces.models import Membership, Workspace


@dataclass(frozen=True)
class ResponseTime:
    expectation_hours: int
    # Acknowledged or replied to (since the given instant).
    answered: int
    median_seconds: int | None
    # Of those answered, how many within the expectation.
    answered_in_time: int
    # Waiting for the member now, and how many of those past the expectation already.
    pending: int
    pending_late: int

    @property
    def median_hours(self) -> float | None:
        return None if self.median_seconds is None else self.median_seconds / 3600

    @property
    def in_time_share(self) -> float | None:
        """0–1: the share answered within the expectation; None when nothing was answered."""
        return self.answered_in_time / self.answered if self.answered else None

    @property
    def in_time_percent(self) -> int | None:
        share = self.in_time_share
        return None if share is None else round(share * 100)

    @property
    def median_label(self) -> str:
        return "" if self.median_seconds is None else duration_label(self.median_seconds)


def duration_label(seconds: int) -> str:
    """A short, translated length of working time: "45 min", "3 h 20 min", "26 h"."""
    minutes = round(seconds / 60)
    if minutes < 1:
        return _("under a minute")
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    hours, rest = divmod(minutes, 60)
    if rest == 0 or hours >= 24:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


def response_times_of(
    workspace: Workspace,
    members: Sequence[Membership],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
) -> dict[int, ResponseTime]:
    """`ResponseTime` of each member (by pk), in a fixed number of queries (two, or three when
    the members' working hours were not prefetched). Members need `user` loaded.

    `since` and `until` (excluded) limit the answered requests to those answered in between;
    everything still pending counts, however old.
    """
    now = now or timezone.now()
    members = [member for member in members if member.workspace_id == workspace.pk]
    if not members:
        return {}
    expectation = workspace.response_time_hours * 3600
    theirs = Acknowledgement.objects.filter(
        workspace=workspace, member_id__in=[member.pk for member in members]
    )
    answered_rows = theirs.filter(acknowledged_at__isnull=False, response_seconds__isnull=False)
    if since is not None:
        answered_rows = answered_rows.filter(acknowledged_at__gte=since)
    if until is not None:
        answered_rows = answered_rows.filter(acknowledged_at__lt=until)
    answered: dict[int, list[int]] = {}
    for member_id, seconds in answered_rows.values_list("member_id", "response_seconds"):
        if seconds is not None:
            answered.setdefault(member_id, []).append(seconds)
    pending: dict[int, list[datetime]] = {}
    for member_id, requested_at in theirs.filter(acknowledged_at__isnull=True).values_list(
        "member_id", "requested_at"
    ):
        pending.setdefault(member_id, []).append(requested_at)
    working = working_time_by_member(members) if pending else {}
    found = {}
    for member in members:
        times = answered.get(member.pk, [])
        waiting = pending.get(member.pk, [])
        waited = working_seconds_since(working[member.pk], waiting, now) if waiting else []
        found[member.pk] = ResponseTime(
            expectation_hours=workspace.response_time_hours,
            answered=len(times),
            median_seconds=round(median(times)) if times else None,
            answered_in_time=sum(1 for seconds in times if seconds <= expectation),
            pending=len(waiting),
            pending_late=sum(1 for seconds in waited if seconds > expectation),
        )
    return found


def response_time_of(
    member: Membership, *, since: datetime | None = None, now: datetime | None = None
) -> ResponseTime:
    """How quickly `member` acknowledges or first replies, in their own working hours."""
    return response_times_of(member.workspace, [member], since=since, now=now)[member.pk]

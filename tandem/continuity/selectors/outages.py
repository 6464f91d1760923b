"""Reads of outages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db.models import Count, DateTimeField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from tandem.continuity.models import Outage
from tandem.lib.working_time import Interval
from tandem.work.models import OPEN_STATES, Task
from tandem.workspaces.models import Membership, Role, Workspace


def outage_intervals(
    member_ids: Iterable[int], start: datetime, end: datetime, *, now: datetime
) -> dict[int, list[Interval]]:
    """Each member's outages overlapping [start, end), clipped to it, in order; an outage
    still going on lasts until `now` (or `end`, if that is earlier). One query."""
    found: dict[int, list[Interval]] = {}
    rows = (
        Outage.objects.filter(
            member_id__in=list(member_ids), cancelled_at__isnull=True, starts_at__lt=end
        )
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=start))
        .order_by("starts_at")
        .values_list("member_id", "starts_at", "ends_at")
    )
    for member_id, starts_at, ends_at in rows:
        begins = max(starts_at, start)
        finishes = min(ends_at or max(now, begins), end)
        if begins < finishes:
            found.setdefault(member_id, []).append((begins, finishes))
    return found


# Access and lists (views and the owners' dashboards)

# The owners' dashboard shows outages beginning this far ahead.
PLANNED_AHEAD = timedelta(days=14)
# An open outage counts deadlines "inside" it up to here: it may last any time.
# The deadlines an outage still going on puts at risk: those of the coming day.
OPEN_AT_RISK = timedelta(days=1)


def outage_get_for_member(viewer: Membership, code: str) -> Outage:
    """An outage the viewer may see, or 404: owners and managers see every outage of their
    workspace, an assistant their own, a partner those of the assistants they supply."""
    outages = Outage.objects.select_related("workspace", "member__user", "reported_by__user")
    outages = outages.filter(workspace_id=viewer.workspace_id, code=code)
    if viewer.role == Role.ASSISTANT:
        outages = outages.filter(member=viewer)
    elif viewer.role == Role.PARTNER:
        outages = outages.filter(member__partner=viewer)
    elif not viewer.can_delegate:
        raise Http404
    outage = outages.first()
    if outage is None:
        raise Http404
    return outage


def _open_until(now: datetime) -> datetime:
    """An outage still going on puts at risk the deadlines until this instant."""
    return now + OPEN_AT_RISK


def _deadline_counts(outages: QuerySet[Outage], now: datetime) -> QuerySet[Outage]:
    """Each outage with `deadline_count`: the assistant's open tasks due inside it (for one
    still going on, up to a day from now). One subquery, so a list of outages costs one query
    however long it is."""
    inside = (
        Task.objects.filter(
            assignee=OuterRef("member"),
            state__in=OPEN_STATES,
            due_at__gte=OuterRef("starts_at"),
            due_at__lte=OuterRef("deadlines_until"),
        )
        .order_by()
        .values("assignee")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return outages.annotate(
        deadlines_until=Coalesce("ends_at", Value(_open_until(now), output_field=DateTimeField()))
    ).annotate(deadline_count=Coalesce(Subquery(inside), Value(0)))


def deadlines_during(outage: Outage, *, now: datetime | None = None) -> list[Task]:
    """The assistant's open tasks due inside the outage, soonest first; for one still going on,
    those due from its start until a day from now."""
    until = outage.ends_at or _open_until(now or timezone.now())
    tasks = Task.objects.filter(
        assignee_id=outage.member_id,
        state__in=OPEN_STATES,
        due_at__gte=outage.starts_at,
        due_at__lte=until,
    )
    return list(tasks.select_related("workspace").order_by("due_at", "id"))


class OutageRow(NamedTuple):
    """An outage of a list, its `member` (and user) loaded and `deadline_count` annotated, and
    whether it is going on at the list's `now`."""

    outage: Outage
    is_now: bool


def outages_now_and_planned(
    workspace: Workspace, now: datetime, *, members: Iterable[int] | None = None
) -> list[OutageRow]:
    """Outages going on now, then those beginning in the next 14 days, of the workspace's
    active assistants (or of `members` only: a partner's). One query."""
    outages = Outage.objects.filter(
        workspace=workspace,
        cancelled_at__isnull=True,
        member__removed_at__isnull=True,
        starts_at__lte=now + PLANNED_AHEAD,
    ).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    if members is not None:
        outages = outages.filter(member_id__in=list(members))
    rows = (
        _deadline_counts(outages, now)
        .select_related("member__user", "workspace")
        .order_by("starts_at", "id")
    )
    return [OutageRow(outage, outage.starts_at <= now) for outage in rows]


def outages_of_member(
    member: Membership, limit: int = 10, *, now: datetime | None = None
) -> list[OutageRow]:
    """The member's outages, latest first (cancelled ones too, marked). One query."""
    now = now or timezone.now()
    rows = (
        _deadline_counts(Outage.objects.filter(member=member), now)
        .select_related("member__user", "workspace")
        .order_by("-starts_at", "-id")[:limit]
    )
    return [
        OutageRow(
            outage,
            outage.cancelled_at is None
            and outage.starts_at <= now
            and (outage.ends_at is None or outage.ends_at > now),
        )
        for outage in rows
    ]


def current_outage_of(member: Membership, now: datetime) -> Outage | None:
    """The outage the member is in at `now`: one reported "now", or a planned one under way."""
    return (
        Outage.objects.filter(member=member, cancelled_at__isnull=True, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .select_related("workspace", "member__user")
        .order_by("-starts_at", "-id")
        .first()
    )


def outages_upcoming_of(member: Membership, now: datetime) -> list[Outage]:
    """The member's planned outages that have not begun, soonest first."""
    return list(
        Outage.objects.filter(member=member, cancelled_at__isnull=True, starts_at__gt=now)
        .select_related("workspace", "member__user")
        .order_by("starts_at", "id")
    )

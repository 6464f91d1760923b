"""Workload: each assistant's committed and logged hours per week against their contract, and
the number of areas they cover.

A week starts on the workspace's first weekday, at midnight in the assistant's own zone. A task
counts in one week only: the week of its deadline; open work with no deadline, or already past
it, counts in the current week (it is still to be done now). Cancelled tasks do not count.
Recurring duties add their estimate for each occurrence not yet created as a task, from today.
Everything is summed in SQL, a fixed number of queries for any number of assistants and weeks.

A week with public holidays the assistant does not work has less room: their contracted hours
shrink by the share of their usual working time the holidays take (a 40-hour week with one of
five 8-hour days off holds 32 hours).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, IntegerField, Min, Q, Sum, Value, When
from django.db.models.functions import Lower, Trim
from django.utils.translation import gettext_lazy as _

from tandem.accounts.selectors import working_time_by_member
from tandem.lib.timezones import local_instant
from tandem.lib.working_time import WorkingTime, working_seconds
from tandem.roles.selectors.roles import role_areas_of
from tandem.work.models import OPEN_STATES, RecurringTask, State, Task, TimeEntry
from tandem.work.selectors import week_start_of
from tandem.work.services.recurring import occurs_on
from tandem.workspaces.models import Membership, Workspace

# How far back the areas an assistant covers are counted, and from how many it is flagged:
# five areas of tasks and roles together, or roles in three different areas.
AREAS_WINDOW = timedelta(days=60)
AREAS_FLAG_AT = 5
ROLE_AREAS_FLAG_AT = 3

UNDERLOADED = "underloaded"
OVERLOADED = "overloaded"
FLAG_LABELS = {UNDERLOADED: _("Not enough work"), OVERLOADED: _("Overloaded")}


def current_week_start(member: Membership, now: datetime) -> date:
    """The start of the member's current week, in their own zone."""
    return week_start_of(member.local_today(now), member.workspace.week_start)


def week_bounds(week_start: date, zone: str) -> tuple[datetime, datetime]:
    """The week as instants: local midnight of its first day to that of the next week's."""
    return (
        local_instant(week_start, time(0), zone),
        local_instant(week_start + timedelta(days=7), time(0), zone),
    )


@dataclass(frozen=True)
class WeekLoad:
    member_id: int
    week_start: date
    offset: int  # 0 = the member's current week, -1 the one before, 1 the next
    contracted_minutes: int | None
    task_minutes: int
    recurring_minutes: int
    logged_minutes: int
    tasks: int
    tasks_without_estimate: int
    underload_percent: int
    overload_percent: int
    # The public holidays that take working time out of the week, and the full contract.
    holidays: tuple[str, ...] = ()
    full_contracted_minutes: int | None = None

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def committed_minutes(self) -> int:
        return self.task_minutes + self.recurring_minutes

    @property
    def committed_hours(self) -> float:
        return round(self.committed_minutes / 60, 1)

    @property
    def logged_hours(self) -> float:
        return round(self.logged_minutes / 60, 1)

    @property
    def contracted_hours(self) -> int | None:
        return None if self.contracted_minutes is None else self.contracted_minutes // 60

    def _percent(self, minutes: int) -> int | None:
        if not self.contracted_minutes:
            return None
        return round(100 * minutes / self.contracted_minutes)

    @property
    def committed_percent(self) -> int | None:
        return self._percent(self.committed_minutes)

    @property
    def logged_percent(self) -> int | None:
        return self._percent(self.logged_minutes)

    @property
    def utilisation_percent(self) -> int | None:
        """The work known of, planned or logged, whichever is more: tasks without an
        estimate still show in the logged time."""
        return self._percent(max(self.committed_minutes, self.logged_minutes))

    @property
    def flag(self) -> str:
        percent = self.utilisation_percent
        if percent is None:
            return ""
        if percent < self.underload_percent:
            return UNDERLOADED
        if percent > self.overload_percent:
            return OVERLOADED
        return ""

    @property
    def flag_label(self) -> str:
        return str(FLAG_LABELS.get(self.flag, ""))

    @property
    def is_current(self) -> bool:
        return self.offset == 0


def _holiday_share(who: WorkingTime | None, bucket: _Bucket) -> tuple[float, tuple[str, ...]]:
    """The share of the member's usual working time left in the bucket's week, and the names
    of the holidays that take the rest."""
    if who is None or not who.has_hours:
        return 1.0, ()
    days = [bucket.week_start + timedelta(days=n) for n in range(7)]
    holidays = tuple(name for day in days if (name := who.day_off(day)) is not None)
    if not holidays:
        return 1.0, ()
    usual = WorkingTime(who.hours, who.zone)
    full = working_seconds(usual, bucket.start, bucket.end)
    left = working_seconds(who, bucket.start, bucket.end)
    if not full or left == full:
        return 1.0, ()  # the holidays fall on days off
    return left / full, holidays


@dataclass(frozen=True)
class _Bucket:
    key: int
    member: Membership
    offset: int
    week_start: date
    start: datetime
    end: datetime


def _buckets(members: Sequence[Membership], offsets: Sequence[int], now: datetime) -> list[_Bucket]:
    found: list[_Bucket] = []
    for member in members:
        current = current_week_start(member, now)
        for offset in offsets:
            start_day = current + timedelta(days=7 * offset)
            start, end = week_bounds(start_day, member.user.time_zone)
            found.append(_Bucket(len(found), member, offset, start_day, start, end))
    return found


def _task_sums(workspace: Workspace, buckets: list[_Bucket]) -> dict[int, dict[str, int]]:
    """Estimated minutes, task count and unestimated count per bucket: one query."""
    whens = []
    # Open work without a deadline or past it belongs to the current week: listed first, as
    # a CASE takes the first branch that matches.
    for bucket in buckets:
        if bucket.offset == 0:
            whens.append(
                When(
                    Q(assignee_id=bucket.member.pk, state__in=OPEN_STATES)
                    & (Q(due_at__isnull=True) | Q(due_at__lt=bucket.start)),
                    then=Value(bucket.key),
                )
            )
    for bucket in buckets:
        whens.append(
            When(
                assignee_id=bucket.member.pk,
                due_at__gte=bucket.start,
                due_at__lt=bucket.end,
                then=Value(bucket.key),
            )
        )
    rows = (
        Task.objects.filter(
            workspace=workspace, assignee_id__in={bucket.member.pk for bucket in buckets}
        )
        .exclude(state=State.CANCELLED)
        .annotate(bucket=Case(*whens, default=Value(-1), output_field=IntegerField()))
        .filter(bucket__gte=0)
        .values("bucket")
        .annotate(
            minutes=Sum("estimate_minutes"),
            tasks=Count("id"),
            unestimated=Count("id", filter=Q(estimate_minutes__isnull=True)),
        )
    )
    return {
        row["bucket"]: {
            "minutes": row["minutes"] or 0,
            "tasks": row["tasks"],
            "unestimated": row["unestimated"],
        }
        for row in rows
    }


def _logged_sums(workspace: Workspace, buckets: list[_Bucket]) -> dict[int, int]:
    """Logged minutes per bucket: one query."""
    whens = [
        When(
            member_id=bucket.member.pk,
            created_at__gte=bucket.start,
            created_at__lt=bucket.end,
            then=Value(bucket.key),
        )
        for bucket in buckets
    ]
    rows = (
        TimeEntry.objects.filter(
            workspace=workspace,
            member_id__in={bucket.member.pk for bucket in buckets},
            minutes__isnull=False,
            created_at__gte=min(bucket.start for bucket in buckets),
            created_at__lt=max(bucket.end for bucket in buckets),
        )
        .annotate(bucket=Case(*whens, default=Value(-1), output_field=IntegerField()))
        .filter(bucket__gte=0)
        .values("bucket")
        .annotate(minutes=Sum("minutes"))
    )
    return {row["bucket"]: row["minutes"] or 0 for row in rows}


def _recurring_sums(workspace: Workspace, buckets: list[_Bucket], now: datetime) -> dict[int, int]:
    """Minutes of recurring duties per bucket, for occurrences from the member's today on that
    are not yet tasks (those count as tasks): two queries."""
    member_ids = {bucket.member.pk for bucket in buckets}
    templates = list(
        RecurringTask.objects.filter(
            workspace=workspace,
            assignee_id__in=member_ids,
            active=True,
            estimate_minutes__isnull=False,
        ).only("id", "assignee_id", "cadence", "weekdays", "day_of_month", "estimate_minutes")
    )
    if not templates:
        return {}
    first = min(bucket.week_start for bucket in buckets)
    last = max(bucket.week_start for bucket in buckets) + timedelta(days=7)
    made = set(
        Task.objects.filter(
            recurring_id__in=[template.pk for template in templates],
            occurrence_date__gte=first,
            occurrence_date__lt=last,
        ).values_list("recurring_id", "occurrence_date")
    )
    by_member: dict[int, list[RecurringTask]] = {}
    for template in templates:
        by_member.setdefault(template.assignee_id, []).append(template)
    found: dict[int, int] = {}
    for bucket in buckets:
        zone = zoneinfo.ZoneInfo(bucket.member.user.time_zone)
        today = now.astimezone(zone).date()
        minutes = 0
        for template in by_member.get(bucket.member.pk, []):
            for day_offset in range(7):
                day = bucket.week_start + timedelta(days=day_offset)
                if day < today or (template.pk, day) in made:
                    continue
                if occurs_on(template, day):
                    minutes += template.estimate_minutes or 0
        if minutes:
            found[bucket.key] = minutes
    return found


def workload_of(
    workspace: Workspace,
    members: Sequence[Membership],
    *,
    offsets: Sequence[int] = (0,),
    now: datetime,
) -> dict[int, list[WeekLoad]]:
    """Each member's `WeekLoad` (by pk) for the weeks at `offsets` from their current week, in
    order. Four queries whatever the number of members and weeks (one or two more for the
    working time of those with a country, for their holidays). Members need `user` and
    `workspace` loaded."""
    members = [member for member in members if member.workspace_id == workspace.pk]
    if not members or not offsets:
        return {}
    buckets = _buckets(members, offsets, now)
    tasks = _task_sums(workspace, buckets)
    logged = _logged_sums(workspace, buckets)
    recurring = _recurring_sums(workspace, buckets, now)
    # Only people with a country have holidays: no query for anyone else.
    times = working_time_by_member(
        [m for m in members if m.user.country and m.contracted_hours_per_week]
    )
    found: dict[int, list[WeekLoad]] = {member.pk: [] for member in members}
    for bucket in buckets:
        sums = tasks.get(bucket.key, {})
        contracted = bucket.member.contracted_hours_per_week
        full = contracted * 60 if contracted else None
        share, holidays = _holiday_share(times.get(bucket.member.pk), bucket)
        found[bucket.member.pk].append(
            WeekLoad(
                member_id=bucket.member.pk,
                week_start=bucket.week_start,
                offset=bucket.offset,
                contracted_minutes=round(full * share) if full else None,
                holidays=holidays,
                full_contracted_minutes=full,
                task_minutes=sums.get("minutes", 0),
                recurring_minutes=recurring.get(bucket.key, 0),
                logged_minutes=logged.get(bucket.key, 0),
                tasks=sums.get("tasks", 0),
                tasks_without_estimate=sums.get("unestimated", 0),
                underload_percent=workspace.underload_percent,
                overload_percent=workspace.overload_percent,
            )
        )
    return found


def workload_this_week(
    workspace: Workspace, members: Sequence[Membership], *, now: datetime
) -> dict[int, WeekLoad]:
    return {
        member_id: weeks[0] for member_id, weeks in workload_of(workspace, members, now=now).items()
    }


@dataclass(frozen=True)
class Areas:
    """The areas a member covers: those of their recent tasks (`names`) and those of the roles
    they hold (`role_names`)."""

    names: list[str]
    role_names: list[str] = field(default_factory=list)

    @property
    def all_names(self) -> list[str]:
        """Task and role areas together, each once whatever its case."""
        found: dict[str, str] = {}
        for name in [*self.names, *self.role_names]:
            found.setdefault(name.lower(), name)
        return [found[key] for key in sorted(found)]

    @property
    def count(self) -> int:
        return len(self.all_names)

    @property
    def roles_too_many(self) -> bool:
        """Roles in several unrelated areas on one person: hired to do everything."""
        return len(self.role_names) >= ROLE_AREAS_FLAG_AT

    @property
    def too_many(self) -> bool:
        return self.count >= AREAS_FLAG_AT or self.roles_too_many


def areas_of(workspace: Workspace, member_ids: Iterable[int], *, now: datetime) -> dict[int, Areas]:
    """The distinct areas (case-insensitive, empty ones left out) of each member's tasks that
    were assigned to them or moved in the last 60 days, or are still open, and of the roles
    they hold: two queries."""
    ids = list(member_ids)
    since = now - AREAS_WINDOW
    rows = (
        Task.objects.filter(workspace=workspace, assignee_id__in=ids)
        .exclude(state=State.CANCELLED)
        .filter(
            Q(assigned_at__gte=since) | Q(state_changed_at__gte=since) | Q(state__in=OPEN_STATES)
        )
        .annotate(key=Lower(Trim("area")))
        .exclude(key="")
        .values("assignee_id", "key")
        .annotate(name=Min(Trim("area")))
        .order_by("assignee_id", "key")
    )
    names: dict[int, list[str]] = {member_id: [] for member_id in ids}
    for row in rows:
        names.setdefault(row["assignee_id"], []).append(row["name"])
    roles = role_areas_of(workspace, ids)
    return {member_id: Areas(found, roles.get(member_id, [])) for member_id, found in names.items()}

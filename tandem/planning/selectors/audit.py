"""Reads of the task audit: a member's periods, their entries by day, what they typed before,
and what their own time entries and tasks would bring in.

Every read is the member's own: an owner or manager audits their own work, and no one else's
audit is visible to them.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.lib.timezones import now_in
from tandem.planning.models import AuditEntry, AuditPeriod, Category, Want, Weight
from tandem.planning.selectors.names import normalised
from tandem.work.models import Task, TimeEntry
from tandem.workspaces.models import Membership

SUGGESTED_DAYS = 14
# The datalist of earlier "what"s: the most recent distinct ones.
SUGGESTIONS = 200


def today_of(member: Membership) -> date:
    return now_in(member.user.time_zone).date()


def suggested_period(member: Membership) -> tuple[date, date]:
    """Two weeks from today, where the member lives."""
    today = today_of(member)
    return today, today + timedelta(days=SUGGESTED_DAYS - 1)


def periods_of(member: Membership) -> list[AuditPeriod]:
    return list(AuditPeriod.objects.filter(workspace_id=member.workspace_id, member=member))


def period_chosen(
    member: Membership, periods: list[AuditPeriod], chosen: str | None
) -> AuditPeriod | None:
    """The period named by its first day (`?period=2026-11-23`), else the one that holds today,
    else the latest; None when the member has none. A period that is not theirs is a 404."""
    if chosen:
        try:
            starts_on = date.fromisoformat(chosen)
        except ValueError:
            raise Http404 from None
        for period in periods:
            if period.starts_on == starts_on:
                return period
        raise Http404
    today = today_of(member)
    for period in periods:
        if period.starts_on <= today <= period.ends_on:
            return period
    return periods[0] if periods else None


def period_of_day(member: Membership, day: date) -> AuditPeriod | None:
    return AuditPeriod.objects.filter(
        workspace_id=member.workspace_id, member=member, starts_on__lte=day, ends_on__gte=day
    ).first()


def entry_get_for_member(member: Membership, pk: int | str) -> AuditEntry:
    """One of the member's own entries; anyone else's, or none, is a 404."""
    try:
        return AuditEntry.objects.get(pk=int(pk), workspace_id=member.workspace_id, member=member)
    except (AuditEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def entries_between(member: Membership, first: date, last: date) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            workspace_id=member.workspace_id, member=member, day__gte=first, day__lte=last
        ).order_by("-day", "-created_at", "-id")
    )


@dataclass
class Day:
    day: date
    entries: list[AuditEntry] = field(default_factory=list)
    minutes: int = 0


def by_day(entries: Iterable[AuditEntry]) -> list[Day]:
    """The entries (newest day first, as loaded) under their day, each day with its total."""
    days: list[Day] = []
    for entry in entries:
        if not days or days[-1].day != entry.day:
            days.append(Day(day=entry.day))
        days[-1].entries.append(entry)
        days[-1].minutes += entry.minutes
    return days


def earlier_whats(member: Membership) -> list[str]:
    """What the member typed before, most recent first, for the field's suggestions."""
    rows = (
        AuditEntry.objects.filter(workspace_id=member.workspace_id, member=member)
        .values("what")
        .annotate(last=Max("created_at"))
        .order_by("-last")[:SUGGESTIONS]
    )
    return [row["what"] for row in rows]


@dataclass(frozen=True)
class Judgements:
    category: str
    want: str
    weight: str


# What an imported line starts as when nothing typed before says otherwise.
DEFAULT_JUDGEMENTS = Judgements(category=Category.ROUTINE, want=Want.HAVE, weight=Weight.MARGINAL)


def last_judgements(member: Membership) -> Judgements | None:
    """The judgements of the member's latest typed entry: the form starts with them."""
    entry = (
        AuditEntry.objects.filter(
            workspace_id=member.workspace_id, member=member, source=AuditEntry.Source.TYPED
        )
        .order_by("-created_at", "-id")
        .values("category", "want", "weight")
        .first()
    )
    return Judgements(**entry) if entry else None


# --- Import from Tandem's own data -------------------------------------------------------------


@dataclass(frozen=True)
class ImportLine:
    """Something the member's own data says they did in the period, not yet in the audit."""

    key: str  # "time-<id>" or "task-<id>": what the import form sends back
    day: date
    what: str
    minutes: int
    kind: str  # the source's own words: "Briefing", "Work", "Estimate"
    judgements: Judgements


def _kind_label(kind: str) -> str:
    return str(TimeEntry.Kind(kind).label)


def import_what(kind: str, title: str) -> str:
    """An imported time entry's "what": the task's title, with the owner's part named when it is
    briefing or reviewing (a different job from doing the task)."""
    if kind == TimeEntry.Kind.WORK:
        return title[:200]
    return f"{_kind_label(kind)}: {title}"[:200]


def import_lines(member: Membership, period: AuditPeriod) -> list[ImportLine]:
    """What importing would add to `period`: the member's own finished time entries (work,
    briefing, reviewing) made on the period's days where they live; and the tasks they created
    in the period with an estimate that they do themselves (assigned to them or to nobody) and
    that have no work time of theirs (the time, when there is any, is the better figure). A task
    handed to an assistant is not the member's time: their briefing and reviewing are.

    Nothing already imported comes again. Each line's judgements are those of the member's
    latest typed entry with the same normalised name, else routine, have to, marginal."""
    zone = zoneinfo.ZoneInfo(member.user.time_zone)
    start = datetime.combine(period.starts_on, time(0), tzinfo=zone)
    end = datetime.combine(period.ends_on + timedelta(days=1), time(0), tzinfo=zone)
    imported_time = AuditEntry.objects.filter(time_entry=OuterRef("pk"))
    times = (
        TimeEntry.objects.filter(
            workspace_id=member.workspace_id,
            member=member,
            minutes__isnull=False,
            minutes__gt=0,
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(Exists(imported_time))
        .select_related("task")
        .order_by("created_at", "id")
    )
    imported_task = AuditEntry.objects.filter(task=OuterRef("pk"), member=member)
    tasks = (
        Task.objects.filter(
            Q(assignee__isnull=True) | Q(assignee=member),
            workspace_id=member.workspace_id,
            created_by=member,
            estimate_minutes__isnull=False,
            estimate_minutes__gt=0,
            created_at__gte=start,
            created_at__lt=end,
        )
        .annotate(
            own_time=Count(
                "time_entries",
                filter=Q(time_entries__member=member, time_entries__kind=TimeEntry.Kind.WORK),
            )
        )
        .filter(own_time=0)
        .exclude(Exists(imported_task))
        .order_by("created_at", "id")
    )
    lines = [
        ImportLine(
            key=f"time-{entry.pk}",
            day=timezone.localtime(entry.created_at, zone).date(),
            what=import_what(entry.kind, entry.task.title),
            minutes=min(entry.minutes or 0, 24 * 60),
            kind=_kind_label(entry.kind),
            judgements=DEFAULT_JUDGEMENTS,
        )
        for entry in times
    ] + [
        ImportLine(
            key=f"task-{task.pk}",
            day=timezone.localtime(task.created_at, zone).date(),
            what=task.title[:200],
            minutes=min(task.estimate_minutes or 0, 24 * 60),
            kind=_("Estimate"),
            judgements=DEFAULT_JUDGEMENTS,
        )
        for task in tasks
    ]
    if not lines:
        return []
    language = member.workspace.language
    known = typed_judgements_by_name(member)
    return sorted(
        (
            ImportLine(
                key=line.key,
                day=line.day,
                what=line.what,
                minutes=line.minutes,
                kind=line.kind,
                judgements=known.get(normalised(line.what, language), DEFAULT_JUDGEMENTS),
            )
            for line in lines
        ),
        key=lambda line: (line.day, line.key),
    )


def typed_judgements_by_name(member: Membership) -> dict[str, Judgements]:
    """For each normalised name the member typed, the judgements of the latest such entry.

    One query over the distinct (what, judgements) with their latest time, not over entries."""
    rows = (
        AuditEntry.objects.filter(
            workspace_id=member.workspace_id, member=member, source=AuditEntry.Source.TYPED
        )
        .values("what", "category", "want", "weight")
        .annotate(last=Max("created_at"))
        .order_by("last")
    )
    known: dict[str, Judgements] = {}
    for row in rows:  # oldest first: the latest wins
        known[normalised(row["what"], member.workspace.language)] = Judgements(
            category=row["category"], want=row["want"], weight=row["weight"]
        )
    return known

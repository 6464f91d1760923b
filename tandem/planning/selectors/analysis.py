"""The audit's analysis: the week at a glance and the ranked delegation candidates.

Sums come from the database, grouped by day and judgement (at most a row per day and
combination of judgements, whatever the number of entries), and by name for the candidates;
Python then only buckets those sums into weeks and joins similar names
(`tandem.planning.selectors.names`).

A candidate is have-to-do work that is not both key and strategic: routine-but-important,
useful-not-essential or marginal work that the member does not love doing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Count, Q, QuerySet, Sum

from tandem.lib.charts.bars import Chart, Row, stacked_bars
from tandem.planning.models import AuditEntry, AuditPeriod, Category, Responsibility, Want, Weight
from tandem.planning.selectors.names import Name, group_names
from tandem.workspaces.models import Membership

# Shares of the owner's hours a delegation frees: 80 % first, then all of it.
SHARES = (Decimal("0.8"), Decimal("1"))
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
CENT = Decimal("0.01")

# The rule, as the page says it and the query applies it.
CANDIDATE_RULE = Q(want=Want.HAVE) & ~Q(category=Category.KEY, weight=Weight.STRATEGIC)

JUDGEMENTS: dict[str, type[models.TextChoices]] = {
    "category": Category,
    "want": Want,
    "weight": Weight,
}


def dimensions() -> dict[str, list[tuple[str, str]]]:
    """Each judgement's values with their labels, in the active language."""
    return {
        dimension: [(str(value), str(label)) for value, label in choices.choices]
        for dimension, choices in JUDGEMENTS.items()
    }


def weeks_in(period: AuditPeriod) -> Decimal:
    """The period's length in weeks: its days (both ends included) over 7."""
    return Decimal((period.ends_on - period.starts_on).days + 1) / Decimal(7)


def _entries(member: Membership, period: AuditPeriod) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        workspace_id=member.workspace_id,
        member=member,
        day__gte=period.starts_on,
        day__lte=period.ends_on,
    )


@dataclass(frozen=True)
class Week:
    first: date
    last: date
    # Minutes by category key, in Category's order.
    minutes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.minutes.values())

    @property
    def hours(self) -> list[Decimal]:
        return [Decimal(minutes) / 60 for minutes in self.minutes.values()]

    @property
    def total_hours(self) -> Decimal:
        return Decimal(self.total) / 60


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    hours_per_week: Decimal


@dataclass(frozen=True)
class Glance:
    weeks: list[Week]
    # The average week, split three ways: dimension → its parts.
    average: dict[str, list[Share]]
    hours_per_week: Decimal
    total_minutes: int
    weeks_chart: Chart
    average_chart: Chart


def _hours(minutes: int | Decimal) -> float:
    return float(Decimal(minutes) / 60)


def glance(member: Membership, period: AuditPeriod, labels: dict[str, str]) -> Glance:
    """Hours per week by category, and the average week by each judgement. One query.

    `labels` names the rows of the average chart: "category", "want", "weight"."""
    rows = (
        _entries(member, period)
        .values("day", "category", "want", "weight")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    days = (period.ends_on - period.starts_on).days + 1
    parts_of = dimensions()
    weeks = [
        Week(
            first=period.starts_on + timedelta(days=start),
            last=period.starts_on + timedelta(days=min(start + 6, days - 1)),
            minutes={key: 0 for key, _label in parts_of["category"]},
        )
        for start in range(0, days, 7)
    ]
    totals: dict[str, dict[str, int]] = {
        dimension: {key: 0 for key, _label in parts} for dimension, parts in parts_of.items()
    }
    for row in rows:
        minutes = int(row["minutes"] or 0)
        weeks[(row["day"] - period.starts_on).days // 7].minutes[row["category"]] += minutes
        for dimension in parts_of:
            totals[dimension][row[dimension]] += minutes
    per_week = weeks_in(period)
    average = {
        dimension: [
            Share(
                key=key,
                label=label,
                hours_per_week=(Decimal(totals[dimension][key]) / 60 / per_week).quantize(
                    Decimal("0.1"), ROUND_HALF_UP
                ),
            )
            for key, label in parts
        ]
        for dimension, parts in parts_of.items()
    }
    total = sum(totals["category"].values())
    week_rows: list[Row] = [
        (str(index + 1), [(key, _hours(minutes)) for key, minutes in week.minutes.items()])
        for index, week in enumerate(weeks)
    ]
    average_rows: list[Row] = [
        (
            labels[dimension],
            [
                (share.key, _hours(totals[dimension][share.key]) / float(per_week))
                for share in shares
            ],
        )
        for dimension, shares in average.items()
    ]
    return Glance(
        weeks=weeks,
        average=average,
        hours_per_week=(Decimal(total) / 60 / per_week).quantize(Decimal("0.1"), ROUND_HALF_UP),
        total_minutes=total,
        weeks_chart=stacked_bars(week_rows, width=340),
        average_chart=stacked_bars(average_rows, width=340),
    )


@dataclass(frozen=True)
class Freed:
    share: int  # percent
    hours_per_week: Decimal
    value_per_month: Decimal | None


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str
    # Every wording joined into this candidate, with its minutes.
    names: list[Name]
    minutes: int
    entries: int
    hours_per_week: Decimal
    minutes_per_week: int
    freed: list[Freed]
    responsibility: Responsibility | None


def freed_by(
    minutes: int, weeks: Decimal, hourly_value: Decimal | None
) -> tuple[Decimal, list[Freed]]:
    """Hours a week of `minutes` over `weeks`, and what delegating 80 % and 100 % of them frees:
    hours a week, and their value a month (hourly value × hours freed a week × 52 / 12)."""
    per_week = Decimal(minutes) / 60 / weeks
    freed = []
    for share in SHARES:
        hours = per_week * share
        value = None
        if hourly_value is not None:
            value = (hourly_value * hours * WEEKS_PER_MONTH).quantize(CENT, ROUND_HALF_UP)
        freed.append(
            Freed(
                share=int(share * 100),
                hours_per_week=hours.quantize(Decimal("0.1"), ROUND_HALF_UP),
                value_per_month=value,
            )
        )
    return per_week.quantize(Decimal("0.1"), ROUND_HALF_UP), freed


def candidates(member: Membership, period: AuditPeriod) -> list[Candidate]:
    """The delegation candidates of the period, most hours first. Two queries: the sums by
    name, and the responsibilities already planned from them."""
    rows = (
        _entries(member, period)
        .filter(CANDIDATE_RULE)
        .values("what")
        .annotate(minutes=Sum("minutes"), count=Count("id"))
        .order_by()
    )
    names = [Name(what=row["what"], minutes=row["minutes"], count=row["count"]) for row in rows]
    groups = group_names(names, member.workspace.language)
    if not groups:
        return []
    planned = {
        responsibility.candidate_key: responsibility
        for responsibility in Responsibility.objects.filter(
            workspace_id=member.workspace_id, candidate_key__in=[group.key for group in groups]
        ).order_by("-id")
    }
    weeks = weeks_in(period)
    result = []
    for group in groups:
        per_week, freed = freed_by(group.minutes, weeks, member.hourly_value)
        result.append(
            Candidate(
                key=group.key,
                name=group.name,
                names=group.names,
                minutes=group.minutes,
                entries=group.count,
                hours_per_week=per_week,
                minutes_per_week=int(
                    (Decimal(group.minutes) / weeks).quantize(Decimal(1), ROUND_HALF_UP)
                ),
                freed=freed,
                responsibility=planned.get(group.key),
            )
        )
    return result

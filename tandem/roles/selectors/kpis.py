"""The KPIs of a role as a viewer may see them.

Owners and managers see every KPI and every holder's values. An assistant sees the KPIs of the
roles they hold, and only their own values. A partner sees the results (values against the
target) of the assistants they supply, on the roles those assistants hold. Anyone else: 404, as
for a role or KPI that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tandem.lib.charts.lines import LineChart, Point, line_chart
from tandem.lib.schedule import local_date
from tandem.roles.models import (
    AssistantRole,
    Kpi,
    KpiCadence,
    KpiSource,
    KpiTarget,
    KpiValue,
    RoleAssignment,
)
from tandem.roles.selectors.kpi_values import (
    PERIODS_KEPT,
    Measure,
    Period,
    ended_periods,
    is_met,
    measure,
    period_of,
    zone_of,
)
from tandem.workspaces.models import Membership, Role


def _holder_rule(viewer: Membership) -> Q | None:
    """Which holders' values the viewer may see (a condition on the member), or None for
    everyone's."""
    if viewer.can_delegate:
        return None
    if viewer.role == Role.ASSISTANT:
        return Q(pk=viewer.pk)
    if viewer.role == Role.PARTNER:
        return Q(partner=viewer, role=Role.ASSISTANT)
    return Q(pk__in=[])


def roles_visible_to(viewer: Membership) -> QuerySet[AssistantRole]:
    """The roles whose KPIs the viewer may see: all for delegators, else those held now by
    the viewer (an assistant) or by an assistant they supply (a partner)."""
    roles = AssistantRole.objects.filter(workspace_id=viewer.workspace_id)
    rule = _holder_rule(viewer)
    if rule is None:
        return roles
    holders = Membership.objects.active().filter(rule, workspace_id=viewer.workspace_id)
    held = RoleAssignment.objects.filter(
        workspace_id=viewer.workspace_id, ended_at__isnull=True, member__in=holders
    ).values("role_id")
    return roles.filter(pk__in=held)


def kpi_get_for_member(viewer: Membership, role_code: str, code: str) -> Kpi:
    """The KPI `code` of the role `role_code` if the viewer may see it, else 404. One query."""
    kpi = (
        Kpi.objects.filter(
            workspace_id=viewer.workspace_id,
            code=code,
            role__code=role_code,
            role__in=roles_visible_to(viewer),
        )
        .select_related("role__workspace", "workspace")
        .first()
    )
    if kpi is None:
        raise Http404
    return kpi


def kpi_role_get_for_member(viewer: Membership, role_code: str) -> AssistantRole:
    """The role `role_code` if the viewer may see its KPIs, else 404. One query."""
    role = roles_visible_to(viewer).filter(code=role_code).select_related("workspace").first()
    if role is None:
        raise Http404
    return role


def holders_visible(role: AssistantRole, viewer: Membership) -> list[RoleAssignment]:
    """The current holders of `role` whose values the viewer may see, with their user: one
    query."""
    assignments = RoleAssignment.objects.filter(
        role=role, ended_at__isnull=True, member__removed_at__isnull=True
    )
    rule = _holder_rule(viewer)
    if rule is not None:
        members = Membership.objects.filter(rule, workspace_id=viewer.workspace_id)
        assignments = assignments.filter(member__in=members)
    return list(
        assignments.select_related("member__user").order_by("member__user__display_name", "pk")
    )


def last_complete_period(kpi: Kpi, member: Membership, now: datetime) -> Period:
    today = local_date(now, zone_of(member))
    return ended_periods(kpi.cadence, kpi.workspace.week_start, today=today, limit=1)[0]


def period_choices(kpi: Kpi, viewer: Membership, now: datetime) -> list[Period]:
    """The periods a value may be entered for, newest first: the current one and the last
    twelve that ended (in the viewer's own days)."""
    today = local_date(now, viewer.user.time_zone)
    current = period_of(today, kpi.cadence, kpi.workspace.week_start)
    return [
        current,
        *ended_periods(kpi.cadence, kpi.workspace.week_start, today=today, limit=PERIODS_KEPT),
    ]


@dataclass(frozen=True)
class ValueRow:
    """A value of one period, as a table row and a point of the chart."""

    period_start: date
    period_end: date
    value: Decimal | None
    target: Decimal
    direction: str
    met: bool | None
    figure: str = ""
    note: str = ""
    so_far: bool = False  # the current period, computed now and not stored


def _row(value: KpiValue) -> ValueRow:
    return ValueRow(
        period_start=value.period_start,
        period_end=value.period_end,
        value=value.value,
        target=value.target,
        direction=value.direction,
        met=is_met(value.value, value.target, value.direction),
        figure=value.figure,
        note=value.note,
    )


@dataclass(frozen=True)
class HolderLatest:
    member: Membership
    latest: ValueRow | None


@dataclass(frozen=True)
class KpiSummary:
    kpi: Kpi
    holders: list[HolderLatest]

    @property
    def is_computed(self) -> bool:
        return self.kpi.source != KpiSource.MANUAL


def kpi_section(role: AssistantRole, viewer: Membership, *, now: datetime) -> dict[str, Any]:
    """What the role page's KPI section (`roles/_kpis.html`) shows to `viewer`: each KPI in use
    with its target, and per holder the viewer may see their latest value against the target it
    was measured against. Three queries, whatever the number of KPIs, holders and values (none
    for a viewer who may not see the role's KPIs)."""
    context: dict[str, Any] = {"role": role, "kpis": [], "can_edit": viewer.can_delegate}
    rule = _holder_rule(viewer)
    kpis = list(Kpi.objects.filter(role=role, archived_at__isnull=True))
    if not kpis:
        return context
    holders = holders_visible(role, viewer)
    if rule is not None and not holders:
        return context  # not a holder, and not the partner of one
    latest: dict[tuple[int, int], KpiValue] = {}
    if holders:
        values = KpiValue.objects.filter(
            kpi__in=kpis, member_id__in=[h.member_id for h in holders]
        ).order_by("kpi_id", "member_id", "period_start")
        for value in values:
            latest[(value.kpi_id, value.member_id)] = value
    for kpi in kpis:
        rows = []
        for holder in holders:
            last = latest.get((kpi.pk, holder.member_id))
            rows.append(HolderLatest(holder.member, _row(last) if last else None))
        context["kpis"].append(KpiSummary(kpi, rows))
    return context


@dataclass(frozen=True)
class HolderHistory:
    member: Membership
    rows: list[ValueRow]  # oldest first; the current period last, when computed
    chart: LineChart
    met_count: int = 0
    measured_count: int = 0

    @property
    def has_values(self) -> bool:
        return any(row.value is not None for row in self.rows)

    @property
    def plotted(self) -> list[tuple[Point, ValueRow]]:
        return list(zip(self.chart.points, self.rows, strict=True))

    @property
    def rows_newest_first(self) -> list[ValueRow]:
        return list(reversed(self.rows))


@dataclass(frozen=True)
class KpiPage:
    kpi: Kpi
    holders: list[HolderHistory]
    targets: list[KpiTarget]
    can_edit: bool
    is_computed: bool
    cadence_is_monthly: bool = field(default=False)


def kpi_page(kpi: Kpi, viewer: Membership, *, now: datetime) -> KpiPage:
    """A KPI's page: per holder the viewer may see, the last twelve values stored and, for a
    computed KPI, the current period so far; the target's history. A fixed number of queries
    whatever the number of holders and values (response time: one more per zone)."""
    holders = holders_visible(kpi.role, viewer)
    stored: dict[int, list[KpiValue]] = {}
    if holders:
        values = KpiValue.objects.filter(
            kpi=kpi, member_id__in=[h.member_id for h in holders]
        ).order_by("member_id", "-period_start")
        for value in values:
            theirs = stored.setdefault(value.member_id, [])
            if len(theirs) < PERIODS_KEPT:
                theirs.append(value)
    targets = list(
        KpiTarget.objects.filter(kpi=kpi).select_related("set_by__user").order_by("-set_at", "-id")
    )
    live: dict[int, Measure] = {}
    current: dict[int, Period] = {}
    is_computed = kpi.source != KpiSource.MANUAL
    if is_computed and kpi.archived_at is None and holders:
        for holder in holders:
            today = local_date(now, zone_of(holder.member))
            current[holder.member_id] = period_of(today, kpi.cadence, kpi.workspace.week_start)
        live = measure(
            kpi.workspace,
            kpi.source,
            [(h.member, current[h.member_id]) for h in holders],
            now=now,
        )
    histories = []
    for holder in holders:
        rows = [_row(value) for value in reversed(stored.get(holder.member_id, []))]
        period = current.get(holder.member_id)
        if period is not None:
            found = live.get(holder.member_id)
            so_far = found.value if found else None
            rows.append(
                ValueRow(
                    period_start=period.start,
                    period_end=period.end,
                    value=so_far,
                    target=kpi.target,
                    direction=kpi.direction,
                    met=is_met(so_far, kpi.target, kpi.direction),
                    figure=found.figure if found else "",
                    so_far=True,
                )
            )
        chart = line_chart(
            [row.value for row in rows],
            [row.target for row in rows],
            higher_is_better=kpi.direction == "higher",
        )
        measured = [row for row in rows if row.met is not None and not row.so_far]
        histories.append(
            HolderHistory(
                member=holder.member,
                rows=rows,
                chart=chart,
                met_count=sum(1 for row in measured if row.met),
                measured_count=len(measured),
            )
        )
    return KpiPage(
        kpi=kpi,
        holders=histories,
        targets=targets,
        can_edit=viewer.can_delegate,
        is_computed=is_computed,
        cadence_is_monthly=kpi.cadence == KpiCadence.MONTHLY,
    )


def holders_for_entry(kpi: Kpi, viewer: Membership) -> Sequence[Membership]:
    return [holder.member for holder in holders_visible(kpi.role, viewer)]

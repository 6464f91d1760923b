"""Writes of KPIs: definitions, target changes (kept as history), values entered by hand, and the
daily recording of computed values for the periods that ended."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.lib.schedule import local_date
from tandem.roles.models import AssistantRole, Kpi, KpiSource, KpiTarget, KpiValue, RoleAssignment
from tandem.roles.selectors.kpi_values import (
    PERIODS_KEPT,
    Period,
    ended_periods,
    instants_of,
    measure,
    period_of,
    target_at,
    zone_of,
)
from tandem.workspaces.models import Membership

logger = logging.getLogger(__name__)


def _check_delegator(actor: Membership, workspace_id: int) -> None:
    if not actor.can_delegate or actor.workspace_id != workspace_id:
        raise PermissionDenied


def kpi_create(
    *,
    actor: Membership,
    role: AssistantRole,
    name: str,
    unit: str,
    target: Decimal,
    direction: str,
    cadence: str,
    source: str,
) -> Kpi:
    """A new KPI of `role`, with its first target in the history."""
    _check_delegator(actor, role.workspace_id)
    with transaction.atomic():
        kpi = Kpi.objects.create(
            workspace_id=role.workspace_id,
            role=role,
            name=name,
            unit=unit,
            target=target,
            direction=direction,
            cadence=cadence,
            source=source,
        )
        KpiTarget.objects.create(
            workspace_id=role.workspace_id,
            kpi=kpi,
            target=target,
            direction=direction,
            set_by=actor,
            set_at=kpi.created_at,
        )
    return kpi


def kpi_update(
    *, actor: Membership, kpi: Kpi, name: str, unit: str, direction: str, cadence: str, source: str
) -> Kpi:
    """Change what a KPI is called and how it is measured. A new direction is a change of target
    too, so it goes into the history; values already recorded keep theirs."""
    _check_delegator(actor, kpi.workspace_id)
    with transaction.atomic():
        turned = direction != kpi.direction
        kpi.name, kpi.unit, kpi.direction = name, unit, direction
        kpi.cadence, kpi.source = cadence, source
        kpi.save(update_fields=["name", "unit", "direction", "cadence", "source"])
        if turned:
            KpiTarget.objects.create(
                workspace_id=kpi.workspace_id,
                kpi=kpi,
                target=kpi.target,
                direction=direction,
                set_by=actor,
            )
    return kpi


def kpi_target_change(
    *, actor: Membership, kpi: Kpi, target: Decimal, reason: str = "", at: datetime | None = None
) -> KpiTarget:
    """Set a new target from now on (or from `at`): a new row in the history. Values already
    recorded keep the target they were measured against."""
    _check_delegator(actor, kpi.workspace_id)
    if kpi.archived_at is not None:
        raise ValidationError(_("This KPI is archived."))
    with transaction.atomic():
        row = KpiTarget.objects.create(
            workspace_id=kpi.workspace_id,
            kpi=kpi,
            target=target,
            direction=kpi.direction,
            reason=reason,
            set_by=actor,
            set_at=at or timezone.now(),
        )
        kpi.target = target
        kpi.save(update_fields=["target"])
    return row


def kpi_archive(*, actor: Membership, kpi: Kpi) -> bool:
    """Archive a KPI: it is no longer measured or shown on the role's page. Its values stay.
    False when it was archived already."""
    _check_delegator(actor, kpi.workspace_id)
    now = timezone.now()
    archived = Kpi.objects.filter(pk=kpi.pk, archived_at__isnull=True).update(archived_at=now)
    if archived:
        kpi.archived_at = now
    return bool(archived)


def _targets(kpi: Kpi) -> list[KpiTarget]:
    return list(KpiTarget.objects.filter(kpi=kpi).order_by("set_at", "id"))


def _target_for(
    kpi: Kpi, targets: list[KpiTarget], member: Membership, period: Period
) -> tuple[Decimal, str]:
    """The target a value of `period` is measured against: the one in force when it ended."""
    found = target_at(targets, instants_of(member, period)[1])
    return (found.target, found.direction) if found else (kpi.target, kpi.direction)


def held_role(member: Membership, role: AssistantRole) -> bool:
    return RoleAssignment.objects.filter(role=role, member=member).exists()


def kpi_value_enter(
    *,
    actor: Membership,
    kpi: Kpi,
    member: Membership,
    period_start: date,
    value: Decimal,
    note: str = "",
) -> KpiValue:
    """Enter (or replace) a hand-entered KPI's value for a holder of its role and one period."""
    _check_delegator(actor, kpi.workspace_id)
    if kpi.source != KpiSource.MANUAL:
        raise ValidationError(_("Tandem computes this KPI's values."))
    if kpi.archived_at is not None:
        raise ValidationError(_("This KPI is archived."))
    if member.workspace_id != kpi.workspace_id or not held_role(member, kpi.role):
        raise ValidationError(_("Choose someone who holds this role."))
    period = period_of(period_start, kpi.cadence, kpi.workspace.week_start)
    with transaction.atomic():
        target, direction = _target_for(kpi, _targets(kpi), member, period)
        row, _created = KpiValue.objects.update_or_create(
            kpi=kpi,
            member=member,
            period_start=period.start,
            defaults={
                "workspace_id": kpi.workspace_id,
                "period_end": period.end,
                "value": value,
                "target": target,
                "direction": direction,
                "note": note,
                "entered_by": actor,
                "recorded_at": timezone.now(),
            },
        )
    return row


def kpi_values_record(kpi: Kpi, *, now: datetime | None = None) -> int:
    """Record a computed KPI's values for the periods that ended, for each current holder of its
    role: only periods since they took the role, at most the last twelve, and only those not
    recorded yet (one row per KPI, member and period, so running twice adds nothing). Returns
    how many were written."""
    if kpi.source == KpiSource.MANUAL or kpi.archived_at is not None:
        return 0
    now = now or timezone.now()
    workspace = kpi.workspace
    assignments = RoleAssignment.objects.filter(
        role_id=kpi.role_id, ended_at__isnull=True, member__removed_at__isnull=True
    ).select_related("member__user")
    recorded = set(
        KpiValue.objects.filter(kpi=kpi, period_start__gte=_oldest(kpi, now)).values_list(
            "member_id", "period_start"
        )
    )
    wanted: list[tuple[Membership, Period]] = []
    for assignment in assignments:
        member = assignment.member
        zone = zone_of(member)
        periods = ended_periods(
            kpi.cadence,
            workspace.week_start,
            today=local_date(now, zone),
            since=local_date(assignment.started_at, zone),
            limit=PERIODS_KEPT,
        )
        wanted += [(member, p) for p in periods if (member.pk, p.start) not in recorded]
    if not wanted:
        return 0
    targets = _targets(kpi)
    rows = []
    # One measurement per period: holders in different zones may be in different periods.
    by_period: dict[Period, list[tuple[Membership, Period]]] = {}
    for member, period in wanted:
        by_period.setdefault(period, []).append((member, period))
    for period, holders in by_period.items():
        found = measure(workspace, kpi.source, holders, now=now)
        for member, _period in holders:
            value = found.get(member.pk)
            target, direction = _target_for(kpi, targets, member, period)
            rows.append(
                KpiValue(
                    workspace_id=kpi.workspace_id,
                    kpi=kpi,
                    member=member,
                    period_start=period.start,
                    period_end=period.end,
                    value=value.value if value else None,
                    figure=value.figure if value else "",
                    target=target,
                    direction=direction,
                    recorded_at=now,
                )
            )
    with transaction.atomic():
        before = KpiValue.objects.filter(kpi=kpi).count()
        KpiValue.objects.bulk_create(rows, ignore_conflicts=True)
        return KpiValue.objects.filter(kpi=kpi).count() - before


def _oldest(kpi: Kpi, now: datetime) -> date:
    """A day before the oldest period that could be recorded, whatever the holder's zone."""
    span = {"weekly": 7, "monthly": 31, "quarterly": 92}.get(kpi.cadence, 92)
    return (now - timedelta(days=span * (PERIODS_KEPT + 1) + 2)).date()


def kpi_values_record_all(now: datetime | None = None) -> int:
    """Record the ended periods of every computed KPI in use; a KPI that fails is logged and
    skipped, not the end of the run. Returns how many values were written."""
    now = now or timezone.now()
    written = 0
    kpis = (
        Kpi.objects.filter(archived_at__isnull=True, role__archived_at__isnull=True)
        .exclude(source=KpiSource.MANUAL)
        .select_related("workspace")
    )
    for kpi in kpis:
        try:
            written += kpi_values_record(kpi, now=now)
        except Exception:
            logger.exception("Recording the values of KPI %s failed", kpi.pk)
    return written

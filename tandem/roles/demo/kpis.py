"""Demo data of KPIs: two for each demo role (one entered by hand, one computed by Tandem), three
months of values, and a target changed a month ago with its reason. The roles themselves are the
roles demo's: a role that is not there is left out. Made through the real services; safe to run
twice."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tandem.lib.schedule import local_date
from tandem.roles.models import AssistantRole, Kpi, KpiTarget, RoleAssignment
from tandem.roles.selectors.kpi_values import ended_periods
from tandem.roles.services import kpis as services
from tandem.workspaces.models import Membership, Workspace

# How long the demo's holders have held their roles: three months of values to show.
HELD_FOR = timedelta(days=100)

# Role title → its holder and its KPIs: (name, source, unit, first target, direction, cadence).
KPIS = {
    "Bookkeeping": (
        "ana@demo.test",
        [
            ("Invoices sent within 2 days", "manual", "%", 95, "higher", "monthly"),
            ("On-time delivery", "on_time", "%", 90, "higher", "monthly"),
        ],
    ),
    "Social media": (
        "lukas@demo.test",
        [
            ("Posts published", "manual", "posts", 10, "higher", "monthly"),
            ("Median response time", "response_time", "h", 4, "lower", "weekly"),
        ],
    ),
}

# The values entered by hand, oldest month first, with their notes.
ENTERED = {
    "Invoices sent within 2 days": [
        (93, "Two invoices waited for the client's PO numbers."),
        (96, "All but one, sent on the third day."),
        (97, "The new template made it quicker."),
    ],
    "Posts published": [
        (9, "A week off for the trade fair."),
        (12, "Reels on Tuesdays and Fridays."),
        (11, "One post moved to this month for the launch."),
    ],
}

# The target changed a month ago, and why.
RETARGET = ("Posts published", Decimal(12), "Two more a month since the spring campaign.")


def _kpi(owner: Membership, role: AssistantRole, spec: tuple) -> Kpi:
    name, source, unit, target, direction, cadence = spec
    kpi = Kpi.objects.filter(role=role, name=name).first()
    if kpi is not None:
        return kpi
    kpi = services.kpi_create(
        actor=owner,
        role=role,
        name=name,
        unit=unit,
        target=Decimal(target),
        direction=direction,
        cadence=cadence,
        source=source,
    )
    # Defined when the holder took the role, so its first target covers the months shown.
    since = timezone.now() - HELD_FOR
    Kpi.objects.filter(pk=kpi.pk).update(created_at=since)
    KpiTarget.objects.filter(kpi=kpi).update(set_at=since)
    kpi.created_at = since
    return kpi


def _holder(role: AssistantRole, member: Membership) -> Membership | None:
    assignment = RoleAssignment.objects.filter(
        role=role, member=member, ended_at__isnull=True
    ).first()
    if assignment is None:
        return None
    held_since = timezone.now() - HELD_FOR
    if assignment.started_at > held_since:
        RoleAssignment.objects.filter(pk=assignment.pk).update(started_at=held_since)
    return Membership.objects.select_related("user", "workspace").get(pk=member.pk)


def _months(kpi: Kpi, member: Membership) -> list[date]:
    today = local_date(timezone.now(), member.user.time_zone)
    periods = ended_periods(kpi.cadence, kpi.workspace.week_start, today=today, limit=3)
    return [period.start for period in reversed(periods)]


def create_kpi_demo(workspace: Workspace, members: dict[str, Membership]) -> None:
    owner = members["owner@demo.test"]
    roles = {
        role.title: role
        for role in AssistantRole.objects.filter(workspace=workspace, title__in=KPIS)
    }
    for title, (email, specs) in KPIS.items():
        role = roles.get(title)
        if role is None or email not in members:
            continue
        holder = _holder(role, members[email])
        for spec in specs:
            kpi = _kpi(owner, role, spec)
            if (
                kpi.name == RETARGET[0]
                and not KpiTarget.objects.filter(kpi=kpi, reason=RETARGET[2]).exists()
            ):
                services.kpi_target_change(
                    actor=owner,
                    kpi=kpi,
                    target=RETARGET[1],
                    reason=RETARGET[2],
                    at=timezone.now() - timedelta(days=30),
                )
            if holder is None:
                continue
            if kpi.name in ENTERED:
                months = _months(kpi, holder)
                for start, (value, note) in zip(months, ENTERED[kpi.name], strict=False):
                    services.kpi_value_enter(
                        actor=owner,
                        kpi=kpi,
                        member=holder,
                        period_start=start,
                        value=Decimal(value),
                        note=note,
                    )
            else:
                services.kpi_values_record(kpi)

"""What the KPI tests share: a role with holders, made as the roles pages make them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from tandem.roles.models import AssistantRole, Kpi, RoleAssignment
from tandem.roles.services import kpis as services
from tandem.workspaces.models import Membership


def make_role(owner: Membership, title: str = "Bookkeeping") -> AssistantRole:
    return AssistantRole.objects.create(workspace=owner.workspace, title=title, created_by=owner)


def assign(role: AssistantRole, member: Membership, at: datetime | None = None) -> RoleAssignment:
    assignment = RoleAssignment(workspace=role.workspace, role=role, member=member)
    if at is not None:
        assignment.started_at = at
    assignment.save()
    return assignment


def make_kpi(owner: Membership, role: AssistantRole, **overrides: object) -> Kpi:
    fields: dict[str, object] = {
        "name": "Invoices sent within 2 days",
        "unit": "%",
        "target": Decimal(95),
        "direction": "higher",
        "cadence": "monthly",
        "source": "manual",
    }
    fields.update(overrides)
    return services.kpi_create(actor=owner, role=role, **fields)  # type: ignore[arg-type]


def fresh(member: Membership) -> Membership:
    return Membership.objects.select_related("user", "workspace").get(pk=member.pk)

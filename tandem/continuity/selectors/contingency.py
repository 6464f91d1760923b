"""Reads of contingency plans: one assistant's, and the overview owners see."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from tandem.continuity.models import ContingencyPlan
from tandem.workspaces.models import Membership, Role, Workspace

# A plan not tried for this long is "untested" again.
TESTED_WITHIN = timedelta(days=90)

NONE = "none"
INCOMPLETE = "incomplete"
UNTESTED = "untested"
OK = "ok"
STATUS_LABELS = {
    NONE: _("No plan"),
    INCOMPLETE: _("Incomplete"),
    UNTESTED: _("Not tested"),
    OK: _("Ready"),
}
# Worst first.
_ORDER = {NONE: 0, INCOMPLETE: 1, UNTESTED: 2, OK: 3}


@dataclass
class PlanRow:
    member: Membership
    plan: ContingencyPlan | None
    status: str
    missing: list[str] = field(default_factory=list)  # labels of the empty parts

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def needs_attention(self) -> bool:
        return self.status != OK


def contingency_plan_of(member: Membership) -> ContingencyPlan | None:
    return ContingencyPlan.objects.filter(member=member).first()


def plan_status(
    plan: ContingencyPlan | None, member: Membership, now: datetime
) -> tuple[str, list[str]]:
    if plan is None:
        return NONE, []
    missing = [
        str(ContingencyPlan._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in ContingencyPlan.TEXT_FIELDS
        if not getattr(plan, name).strip()
    ]
    if missing:
        return INCOMPLETE, missing
    today = now.astimezone(zoneinfo.ZoneInfo(member.user.time_zone)).date()
    if plan.last_tested_on is None or plan.last_tested_on < today - TESTED_WITHIN:
        return UNTESTED, []
    return OK, []


def contingency_overview(
    workspace: Workspace, now: datetime, *, members: Iterable[int] | None = None
) -> list[PlanRow]:
    """Each active assistant of the workspace (or of `members` only: a partner's) with their
    plan's status: none, incomplete, untested (never, or more than 90 days ago) or ok. Worst
    first, then by name. Two queries."""
    assistants = Membership.objects.active().filter(workspace=workspace, role=Role.ASSISTANT)
    if members is not None:
        assistants = assistants.filter(pk__in=list(members))
    people = list(assistants.select_related("user").order_by("user__display_name", "pk"))
    plans = {
        plan.member_id: plan
        for plan in ContingencyPlan.objects.filter(member__in=[person.pk for person in people])
    }
    rows = []
    for person in people:
        plan = plans.get(person.pk)
        status, missing = plan_status(plan, person, now)
        rows.append(PlanRow(person, plan, status, missing))
    rows.sort(key=lambda row: _ORDER[row.status])
    return rows

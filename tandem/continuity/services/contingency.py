"""Contingency plans (seed 000, item 2): what an assistant does when power, internet or their
device fails. Each assistant writes their own; owners, managers and their partner read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.continuity.models import ContingencyPlan
from tandem.workspaces.models import Membership, Role

MAX_TEXT = 1000
TEXT_FIELDS = ContingencyPlan.TEXT_FIELDS


@dataclass(frozen=True)
class PlanSpec:
    backup_power: str = ""
    backup_internet: str = ""
    backup_device: str = ""
    backup_place: str = ""
    emergency_contact: str = ""
    last_tested_on: date | None = None


def contingency_plan_save(
    *, actor: Membership, spec: PlanSpec, now: datetime | None = None
) -> ContingencyPlan:
    """Create or replace the actor's own plan (assistants only)."""
    if actor.role != Role.ASSISTANT or actor.removed_at is not None:
        raise PermissionDenied
    now = now or timezone.now()
    values = {name: (getattr(spec, name) or "").strip() for name in TEXT_FIELDS}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if len(value) > MAX_TEXT:
            errors[name] = _("Keep this under %(count)s characters.") % {"count": MAX_TEXT}
    if spec.last_tested_on is not None and spec.last_tested_on > actor.local_today(now):
        errors["last_tested_on"] = _("This date is in the future: when did you last test it?")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan, created = ContingencyPlan.objects.get_or_create(
            member=actor,
            defaults={
                "workspace_id": actor.workspace_id,
                **values,
                "last_tested_on": spec.last_tested_on,
                "updated_at": now,
            },
        )
        if not created:
            for name, value in values.items():
                setattr(plan, name, value)
            plan.last_tested_on = spec.last_tested_on
            plan.updated_at = now
            plan.save(update_fields=[*TEXT_FIELDS, "last_tested_on", "updated_at"])
    return plan

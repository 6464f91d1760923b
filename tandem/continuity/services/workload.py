"""Writes of workload: an assistant's contracted hours per week."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.workspaces.models import Membership, Role


def member_contracted_hours_set(
    *, actor: Membership, member: Membership, hours: int | None
) -> Membership:
    """Owners and managers set an assistant's contracted hours per week (empty: not set)."""
    if not actor.can_delegate or member.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if member.role != Role.ASSISTANT:
        raise ValidationError(_("Only assistants have contracted hours."))
    if hours is not None and not 1 <= hours <= 80:
        raise ValidationError({"contracted_hours_per_week": _("Between 1 and 80 hours.")})
    with transaction.atomic():
        member.contracted_hours_per_week = hours
        member.save(update_fields=["contracted_hours_per_week"])
    return member

"""A responsibility becomes a duty of a role: the role's holders then get it as a recurring task,
and the plan follows those recurring tasks' time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.planning.models import Responsibility
from tandem.roles.models import AssistantRole, Duty, DutyRecurring, RoleAssignment
from tandem.roles.services.duties import duty_create
from tandem.roles.services.roles import role_assign
from tandem.workspaces.models import Membership


def responsibility_make_duty(
    *,
    actor: Membership,
    responsibility: Responsibility,
    role: AssistantRole,
    title: str,
    cadence: str,
    due_time: time,
    weekdays: Sequence[int] = (),
    day_of_month: int | None = None,
    estimate_minutes: int | None = None,
    instructions: str | None = None,
    sop_url: str | None = None,
    assign: bool = False,
    now: datetime | None = None,
) -> Duty:
    """Make the responsibility a duty of `role`, with its instructions and SOP link unless
    others are given. With `assign`, the
    responsibility's assistant is given the role first (if they do not hold it), so the duty
    reaches them. The recurring tasks the duty makes are linked to the responsibility."""
    if not actor.can_delegate:
        raise PermissionDenied
    if role.workspace_id != actor.workspace_id or responsibility.workspace_id != actor.workspace_id:
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        locked = Responsibility.objects.select_for_update().get(pk=responsibility.pk)
        if locked.duty_id is not None:
            raise ValidationError(_("This responsibility is a role duty already."))
        assistant = responsibility.assistant
        if (
            assign
            and assistant is not None
            and not RoleAssignment.objects.filter(
                role=role, member=assistant, ended_at__isnull=True
            ).exists()
        ):
            role_assign(actor=actor, role=role, member=assistant, now=now)
        duty = duty_create(
            actor=actor,
            role=role,
            title=title,
            cadence=cadence,
            due_time=due_time,
            weekdays=weekdays,
            day_of_month=day_of_month,
            estimate_minutes=estimate_minutes,
            sop_url=responsibility.sop_url if sop_url is None else sop_url,
            instructions=responsibility.instructions if instructions is None else instructions,
            now=now,
        )
        Responsibility.objects.filter(pk=responsibility.pk).update(duty=duty)
        responsibility.duty = duty
        recurring = DutyRecurring.objects.filter(duty=duty).values_list("recurring_id", flat=True)
        responsibility.recurring.add(*recurring)
    return duty

"""Every write of the delegation plan: responsibilities made, changed, moved in the order,
stepped through their statuses, tied to tasks and recurring duties, and deleted.

Only owners and managers plan. The order is kept as positions 0, 1, 2 … : a move swaps a
responsibility with its neighbour under a lock on the plan's rows, so two moves at once cannot
leave two responsibilities in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.planning.models import Responsibility, ResponsibilityStatus
from tandem.work.models import RecurringTask, Task
from tandem.workspaces.models import Membership, Role

UP = "up"
DOWN = "down"
FORWARD = "forward"
BACK = "back"
STATUS_ORDER: tuple[str, ...] = tuple(ResponsibilityStatus.values)


@dataclass(frozen=True)
class Fields:
    """What a person writes about a responsibility."""

    title: str
    description: str = ""
    assistant: Membership | None = None
    target_start: date | None = None
    sop_url: str = ""
    instructions: str = ""
    skill: str = ""


def _require_delegator(actor: Membership, workspace_id: int) -> None:
    if not actor.can_delegate or actor.workspace_id != workspace_id:
        raise PermissionDenied


def _check(actor: Membership, fields: Fields) -> None:
    if not fields.title.strip():
        raise ValidationError({"title": _("Give the responsibility a title.")})
    assistant = fields.assistant
    if assistant is not None and (
        assistant.workspace_id != actor.workspace_id
        or assistant.role != Role.ASSISTANT
        or assistant.removed_at is not None
    ):
        raise ValidationError({"assistant": _("Choose an assistant of this workspace.")})


def responsibility_create(
    *,
    actor: Membership,
    fields: Fields,
    candidate_key: str = "",
    audit_minutes_per_week: int | None = None,
) -> Responsibility:
    """A new responsibility, last in the plan, planned."""
    _require_delegator(actor, actor.workspace_id)
    _check(actor, fields)
    with transaction.atomic():
        last = (
            Responsibility.objects.select_for_update()
            .filter(workspace_id=actor.workspace_id)
            .aggregate(last=Max("position"))["last"]
        )
        return Responsibility.objects.create(
            workspace_id=actor.workspace_id,
            title=fields.title.strip(),
            description=fields.description.strip(),
            assistant=fields.assistant,
            target_start=fields.target_start,
            sop_url=fields.sop_url.strip(),
            instructions=fields.instructions.strip(),
            skill=" ".join(fields.skill.split()),
            position=0 if last is None else last + 1,
            candidate_key=candidate_key.strip()[:200],
            audit_minutes_per_week=audit_minutes_per_week,
            created_by=actor,
        )


def responsibility_update(
    *, actor: Membership, responsibility: Responsibility, fields: Fields
) -> Responsibility:
    _require_delegator(actor, responsibility.workspace_id)
    _check(actor, fields)
    responsibility.title = fields.title.strip()
    responsibility.description = fields.description.strip()
    responsibility.assistant = fields.assistant
    responsibility.target_start = fields.target_start
    responsibility.sop_url = fields.sop_url.strip()
    responsibility.instructions = fields.instructions.strip()
    responsibility.skill = " ".join(fields.skill.split())
    with transaction.atomic():
        responsibility.save(
            update_fields=[
                "title",
                "description",
                "assistant",
                "target_start",
                "sop_url",
                "instructions",
                "skill",
            ]
        )
    return responsibility


def responsibility_delete(*, actor: Membership, responsibility: Responsibility) -> None:
    _require_delegator(actor, responsibility.workspace_id)
    with transaction.atomic():
        responsibility.delete()


def responsibility_move(
    *, actor: Membership, responsibility: Responsibility, direction: str
) -> bool:
    """Swap the responsibility with the one above (`UP`) or below (`DOWN`) it; False when it is
    already first or last. The whole order is written again as 0, 1, 2 …, so positions that
    were equal (made before the order was kept) come apart."""
    _require_delegator(actor, responsibility.workspace_id)
    if direction not in (UP, DOWN):
        raise ValidationError(_("Move a responsibility up or down."))
    with transaction.atomic():
        rows = list(
            Responsibility.objects.select_for_update()
            .filter(workspace_id=responsibility.workspace_id)
            .order_by("position", "id")
            .values_list("pk", "position")
        )
        order = [pk for pk, _position in rows]
        index = order.index(responsibility.pk)
        other = index - 1 if direction == UP else index + 1
        if not 0 <= other < len(order):
            return False
        order[index], order[other] = order[other], order[index]
        positions = dict(rows)
        for position, pk in enumerate(order):
            if positions[pk] != position:
                Responsibility.objects.filter(pk=pk).update(position=position)
    return True


def responsibility_step(
    *, actor: Membership, responsibility: Responsibility, direction: str, current: str
) -> str:
    """Move the status one step forward or back from `current`, recording when. The change is
    a conditional update on `current`: a second click, or a change made meanwhile in another
    tab, changes nothing and says so."""
    _require_delegator(actor, responsibility.workspace_id)
    if current not in STATUS_ORDER or direction not in (FORWARD, BACK):
        raise ValidationError(_("This status change is not possible."))
    index = STATUS_ORDER.index(current) + (1 if direction == FORWARD else -1)
    if not 0 <= index < len(STATUS_ORDER):
        raise ValidationError(_("This status change is not possible."))
    status = STATUS_ORDER[index]
    now = timezone.now()
    with transaction.atomic():
        changed = Responsibility.objects.filter(pk=responsibility.pk, status=current).update(
            status=status, status_changed_at=now
        )
    if not changed:
        raise ValidationError(_("The status had already changed: have a look and try again."))
    responsibility.status = status
    responsibility.status_changed_at = now
    return status


def _require_same_workspace(responsibility: Responsibility, workspace_id: int) -> None:
    if workspace_id != responsibility.workspace_id:
        raise PermissionDenied


def responsibility_link_task(
    *, actor: Membership, responsibility: Responsibility, task: Task
) -> None:
    _require_delegator(actor, responsibility.workspace_id)
    _require_same_workspace(responsibility, task.workspace_id)
    with transaction.atomic():
        responsibility.tasks.add(task)


def responsibility_unlink_task(
    *, actor: Membership, responsibility: Responsibility, task: Task
) -> None:
    _require_delegator(actor, responsibility.workspace_id)
    _require_same_workspace(responsibility, task.workspace_id)
    with transaction.atomic():
        responsibility.tasks.remove(task)


def responsibility_link_recurring(
    *, actor: Membership, responsibility: Responsibility, template: RecurringTask
) -> None:
    _require_delegator(actor, responsibility.workspace_id)
    _require_same_workspace(responsibility, template.workspace_id)
    with transaction.atomic():
        responsibility.recurring.add(template)


def responsibility_unlink_recurring(
    *, actor: Membership, responsibility: Responsibility, template: RecurringTask
) -> None:
    _require_delegator(actor, responsibility.workspace_id)
    _require_same_workspace(responsibility, template.workspace_id)
    with transaction.atomic():
        responsibility.recurring.remove(template)

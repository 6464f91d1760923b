"""Roles: create, change and archive a role, and give it to assistants or take it back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.roles.models import AssistantRole, RoleAssignment
from tandem.roles.services.duties import duties_give, duties_take, require_delegator
from tandem.work.models import RecurringTask
from tandem.workspaces.models import Membership

MAX_SKILL = 40
MAX_SKILLS = 20


def skills_normalised(skills: Iterable[str]) -> list[str]:
    """Skill tags as they are kept: trimmed, lower case, inner spaces single, each once, in the
    order given ("Xero, bookkeeping , xero" → ["xero", "bookkeeping"])."""
    found: list[str] = []
    for raw in skills:
        skill = " ".join(raw.split()).lower()
        if skill and skill not in found:
            found.append(skill)
    return found


def _fields(
    *, title: str, summary: str, priorities: str, skills: Sequence[str], area: str
) -> dict[str, object]:
    errors: dict[str, str] = {}
    tags = skills_normalised(skills)
    if not title.strip():
        errors["title"] = _("Give the role a title.")
    if any(len(skill) > MAX_SKILL for skill in tags):
        errors["skills"] = _("Keep each skill short: at most %(count)s characters.") % {
            "count": MAX_SKILL
        }
    elif len(tags) > MAX_SKILLS:
        errors["skills"] = _(
            "A role needs at most %(count)s skills: name the ones that matter."
        ) % {"count": MAX_SKILLS}
    if errors:
        raise ValidationError(errors)
    lines = [line.strip() for line in priorities.splitlines()]
    return {
        "title": title.strip(),
        "summary": summary.strip(),
        "priorities": "\n".join(line for line in lines if line),
        "skills": tags,
        "area": " ".join(area.split()),
    }


def role_create(
    *,
    actor: Membership,
    title: str,
    summary: str = "",
    priorities: str = "",
    skills: Sequence[str] = (),
    area: str = "",
) -> AssistantRole:
    """A new role of the actor's workspace, held by nobody yet."""
    require_delegator(actor)
    fields = _fields(title=title, summary=summary, priorities=priorities, skills=skills, area=area)
    role = AssistantRole(workspace_id=actor.workspace_id, created_by=actor, **fields)
    role.full_clean(exclude=["workspace", "created_by"])
    role.save()
    return role


def role_update(
    *,
    actor: Membership,
    role: AssistantRole,
    title: str,
    summary: str = "",
    priorities: str = "",
    skills: Sequence[str] = (),
    area: str = "",
) -> AssistantRole:
    require_delegator(actor, role)
    fields = _fields(title=title, summary=summary, priorities=priorities, skills=skills, area=area)
    for name, value in fields.items():
        setattr(role, name, value)
    role.full_clean(exclude=["workspace", "created_by"])
    role.save(update_fields=list(fields))
    return role


def role_assign(
    *,
    actor: Membership,
    role: AssistantRole,
    member: Membership,
    now: datetime | None = None,
) -> RoleAssignment:
    """Give the role to an assistant (or a manager who does the work): from tomorrow, each of
    its duties comes to them as a recurring task."""
    require_delegator(actor, role)
    if role.archived_at is not None:
        raise ValidationError(_("This role is archived: give it to nobody."))
    if (
        member.workspace_id != role.workspace_id
        or member.removed_at is not None
        or member.role not in RecurringTask.ASSIGNEE_ROLES
    ):
        raise ValidationError({"member": _("Choose an assistant or a manager of this workspace.")})
    now = now or timezone.now()
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(
                workspace_id=role.workspace_id,
                role=role,
                member=member,
                started_at=now,
                assigned_by=actor,
            )
            duties_give(actor=actor, role=role, member=member, now=now)
    except IntegrityError:
        # The partial unique constraint: they hold the role already.
        raise ValidationError(
            {"member": _("%(name)s holds this role already.") % {"name": member.user}}
        ) from None
    return assignment


def role_unassign(
    *, actor: Membership, assignment: RoleAssignment, now: datetime | None = None
) -> bool:
    """End the assignment and remove its duties' recurring tasks from the member (the tasks
    already made stay); False when it had ended already."""
    require_delegator(actor, assignment.role)
    with transaction.atomic():
        ended = RoleAssignment.objects.filter(pk=assignment.pk, ended_at__isnull=True).update(
            ended_at=now or timezone.now()
        )
        if ended:
            duties_take(actor=actor, role=assignment.role, member=assignment.member)
    return bool(ended)


def role_archive(*, actor: Membership, role: AssistantRole, now: datetime | None = None) -> bool:
    """Archive the role: its assignments end and its duties stop coming to anyone. False when
    it was archived already."""
    require_delegator(actor, role)
    now = now or timezone.now()
    with transaction.atomic():
        archived = AssistantRole.objects.filter(pk=role.pk, archived_at__isnull=True).update(
            archived_at=now
        )
        if not archived:
            return False
        role.archived_at = now
        for assignment in RoleAssignment.objects.filter(
            role=role, ended_at__isnull=True
        ).select_related("member", "role"):
            role_unassign(actor=actor, assignment=assignment, now=now)
    return True

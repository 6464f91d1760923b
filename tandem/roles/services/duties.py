"""Duties of a role: each holder of the role gets each duty as a recurring task of their own.

A duty is the template of those recurring tasks; the recurring tasks themselves are made, changed
and removed through the recurring service of work, so they are created on time in the holder's
own zone and their estimates count in the holder's planned hours like any recurring duty.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.roles.models import AssistantRole, Duty, DutyCadence, DutyRecurring, RoleAssignment
from tandem.work.models import RecurringTask
from tandem.work.services.recurring import (
    RecurringSpec,
    recurring_create,
    recurring_delete,
    recurring_update,
)
from tandem.workspaces.models import Membership

# A duty's cadence, as its recurring tasks say it: "daily" is every weekday.
RECURRING_CADENCE = {
    DutyCadence.DAILY: RecurringTask.Cadence.WEEKDAYS,
    DutyCadence.WEEKLY: RecurringTask.Cadence.WEEKLY,
    DutyCadence.MONTHLY: RecurringTask.Cadence.MONTHLY,
}
MAX_ESTIMATE = 24 * 60


def require_delegator(actor: Membership, role: AssistantRole | None = None) -> None:
    if not actor.can_delegate:
        raise PermissionDenied
    if role is not None and role.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _clean(
    *,
    title: str,
    cadence: str,
    weekdays: Sequence[int],
    day_of_month: int | None,
    estimate_minutes: int | None,
    sop_url: str,
) -> dict[str, object]:
    """The duty's fields, checked and normalised: what belongs to another cadence is dropped."""
    errors: dict[str, str] = {}
    days: list[int] = []
    day: int | None = None
    if cadence == DutyCadence.WEEKLY:
        days = sorted({int(weekday) for weekday in weekdays})
        if not days or any(not 0 <= weekday <= 6 for weekday in days):
            errors["weekdays"] = _("Choose at least one day of the week.")
    elif cadence == DutyCadence.MONTHLY:
        day = day_of_month
        if day is None or not 1 <= day <= 31:
            errors["day_of_month"] = _("Choose a day of the month, from 1 to 31.")
    elif cadence != DutyCadence.DAILY:
        errors["cadence"] = _("Choose how often the duty comes back.")
    if not title.strip():
        errors["title"] = _("Give the duty a title.")
    if estimate_minutes is not None and not 1 <= estimate_minutes <= MAX_ESTIMATE:
        errors["estimate_minutes"] = _("An estimate is from 1 minute to 24 hours.")
    sop_url = sop_url.strip()
    if sop_url:
        try:
            URLValidator()(sop_url)
        except ValidationError:
            errors["sop_url"] = _("Enter a full web address, starting with https://.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title.strip(),
        "cadence": cadence,
        "weekdays": days,
        "day_of_month": day,
        "estimate_minutes": estimate_minutes,
        "sop_url": sop_url,
    }


def duty_spec(duty: Duty) -> RecurringSpec:
    """What each holder's recurring task says: the duty's title, instructions and SOP link."""
    return RecurringSpec(
        title=duty.title,
        cadence=RECURRING_CADENCE[DutyCadence(duty.cadence)],
        due_time=duty.due_time,
        weekdays=tuple(duty.weekdays or ()),
        day_of_month=duty.day_of_month,
        outcome=duty.instructions,
        sop_url=duty.sop_url,
        estimate_minutes=duty.estimate_minutes,
    )


def holders_of(role: AssistantRole) -> list[Membership]:
    """The members who hold the role now and are still in the workspace."""
    return [
        assignment.member
        for assignment in RoleAssignment.objects.filter(
            role=role, ended_at__isnull=True, member__removed_at__isnull=True
        ).select_related("member__user", "member__workspace")
    ]


def _give(actor: Membership, duty: Duty, member: Membership, now: datetime) -> DutyRecurring:
    template = recurring_create(actor=actor, spec=duty_spec(duty), assignee=member, now=now)
    return DutyRecurring.objects.create(
        workspace_id=duty.workspace_id, duty=duty, member=member, recurring=template
    )


def duties_give(
    *, actor: Membership, role: AssistantRole, member: Membership, now: datetime | None = None
) -> list[DutyRecurring]:
    """Give a new holder of the role each of its duties as a recurring task of their own."""
    require_delegator(actor, role)
    now = now or timezone.now()
    have = set(
        DutyRecurring.objects.filter(duty__role=role, member=member).values_list(
            "duty_id", flat=True
        )
    )
    with transaction.atomic():
        return [
            _give(actor, duty, member, now) for duty in role.duties.all() if duty.pk not in have
        ]


def duties_take(*, actor: Membership, role: AssistantRole, member: Membership) -> int:
    """Remove the recurring tasks of the role's duties from a member who no longer holds it.
    The tasks they already made stay, as ordinary tasks. Returns how many were removed."""
    require_delegator(actor, role)
    links = list(
        DutyRecurring.objects.filter(duty__role=role, member=member).select_related("recurring")
    )
    with transaction.atomic():
        for link in links:
            recurring_delete(actor=actor, template=link.recurring)
    return len(links)


def duty_create(
    *,
    actor: Membership,
    role: AssistantRole,
    title: str,
    cadence: str,
    due_time: time,
    weekdays: Sequence[int] = (),
    day_of_month: int | None = None,
    estimate_minutes: int | None = None,
    sop_url: str = "",
    instructions: str = "",
    now: datetime | None = None,
) -> Duty:
    """A new duty of the role; each of its holders gets it as a recurring task from tomorrow."""
    require_delegator(actor, role)
    if role.archived_at is not None:
        raise ValidationError(_("This role is archived: it takes no new duties."))
    fields = _clean(
        title=title,
        cadence=cadence,
        weekdays=weekdays,
        day_of_month=day_of_month,
        estimate_minutes=estimate_minutes,
        sop_url=sop_url,
    )
    now = now or timezone.now()
    with transaction.atomic():
        last = Duty.objects.filter(role=role).aggregate(last=Max("position"))["last"]
        duty = Duty.objects.create(
            workspace_id=role.workspace_id,
            role=role,
            instructions=instructions.strip(),
            due_time=due_time,
            position=(last or 0) + 1,
            **fields,
        )
        for member in holders_of(role):
            _give(actor, duty, member, now)
    return duty


def duty_update(
    *,
    actor: Membership,
    duty: Duty,
    title: str,
    cadence: str,
    due_time: time,
    weekdays: Sequence[int] = (),
    day_of_month: int | None = None,
    estimate_minutes: int | None = None,
    sop_url: str = "",
    instructions: str = "",
    now: datetime | None = None,
) -> Duty:
    """Change the duty and its holders' recurring tasks: the tasks still to come follow it,
    those already created keep what they said."""
    require_delegator(actor, duty.role)
    fields = _clean(
        title=title,
        cadence=cadence,
        weekdays=weekdays,
        day_of_month=day_of_month,
        estimate_minutes=estimate_minutes,
        sop_url=sop_url,
    )
    now = now or timezone.now()
    with transaction.atomic():
        for name, value in {
            **fields,
            "instructions": instructions.strip(),
            "due_time": due_time,
        }.items():
            setattr(duty, name, value)
        duty.save(
            update_fields=[
                "title",
                "cadence",
                "weekdays",
                "day_of_month",
                "estimate_minutes",
                "sop_url",
                "instructions",
                "due_time",
            ]
        )
        spec = duty_spec(duty)
        # A holder who left the workspace has their recurring tasks paused by work already.
        links = DutyRecurring.objects.filter(
            duty=duty, member__removed_at__isnull=True
        ).select_related("recurring__assignee__user", "member")
        for link in links:
            recurring_update(
                actor=actor, template=link.recurring, spec=spec, assignee=link.member, now=now
            )
    return duty


def duty_delete(*, actor: Membership, duty: Duty) -> None:
    """Delete the duty and its holders' recurring tasks; the tasks already made stay."""
    require_delegator(actor, duty.role)
    with transaction.atomic():
        for link in DutyRecurring.objects.filter(duty=duty).select_related("recurring"):
            recurring_delete(actor=actor, template=link.recurring)
        Duty.objects.filter(pk=duty.pk).delete()

"""Recurring tasks: templates that create a task on a cadence, in the assignee's time zone.

An occurrence belongs to a local day of the assignee. It is created at the start of that day
(local midnight, or the first valid instant when a DST change skips midnight) and is due on it
at the template's local due time. `next_run_at` keeps the UTC instant at which the next one is
to be created; the `create_recurring_tasks` job sweeps the templates that are due through the
partial index `recurring_due`.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.lib.schedule import last_local_instant, next_local_instant, sweep_due
from tandem.work.models import Priority, RecurringTask, Task
from tandem.work.services.tasks import Brief, task_create
from tandem.workspaces.models import Membership, Role
from tandem.workspaces.selectors import delegators_of

logger = logging.getLogger(__name__)

Cadence = RecurringTask.Cadence

# A template that cannot be run is tried again this much later, not at every sweep.
RETRY_AFTER = timedelta(days=1)
# One sweep handles at most this many templates; the rest wait five minutes for the next one.
SWEEP_BATCH = 500

SPEC_FIELDS = (
    "title",
    "outcome",
    "deliverable",
    "acceptance_criteria",
    "sop_url",
    "priority",
    "estimate_minutes",
    "cadence",
    "weekdays",
    "day_of_month",
    "due_time",
)


@dataclass(frozen=True)
class RecurringSpec:
    """What a template says: the brief of every occurrence and when it comes back."""

    title: str
    cadence: str
    due_time: time
    weekdays: tuple[int, ...] = field(default=())
    day_of_month: int | None = None
    outcome: str = ""
    deliverable: str = ""
    acceptance_criteria: str = ""
    sop_url: str = ""
    priority: int = Priority.NORMAL
    estimate_minutes: int | None = None


# Calendar arithmetic


def _zone(template: RecurringTask) -> str:
    return template.assignee.user.time_zone


def occurs_on(template: RecurringTask, day: date) -> bool:
    """Whether the template's cadence has an occurrence on this local day."""
    if template.cadence == Cadence.WEEKDAYS:
        return day.weekday() < 5
    if template.cadence == Cadence.WEEKLY:
        return day.weekday() in (template.weekdays or [])
    if template.cadence == Cadence.MONTHLY and template.day_of_month:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.day == min(template.day_of_month, last)
    return False


def next_occurrence(template: RecurringTask, after: datetime) -> tuple[date, datetime]:
    """The first occurrence created strictly after `after`: its local date and its run instant."""
    found = next_local_instant(after, _zone(template), time(0), partial(occurs_on, template))
    if found is None:
        raise ValueError(f"recurring task {template.code} has no occurrence: {template.cadence}")
    return found


def latest_occurrence(template: RecurringTask, until: datetime) -> tuple[date, datetime]:
    """The last occurrence whose creation time has come by `until`."""
    found = last_local_instant(until, _zone(template), time(0), partial(occurs_on, template))
    if found is None:
        raise ValueError(f"recurring task {template.code} has no occurrence: {template.cadence}")
    return found


# Writes


def _require_delegator(actor: Membership, template: RecurringTask | None = None) -> None:
    if not actor.can_delegate:
        raise PermissionDenied
    if template is not None and template.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _validate(actor: Membership, spec: RecurringSpec, assignee: Membership) -> dict[str, object]:
    """Check the spec and the assignee; return the template's fields, normalised."""
    errors: dict[str, str] = {}
    if (
        assignee.workspace_id != actor.workspace_id
        or assignee.removed_at is not None
        or assignee.role not in RecurringTask.ASSIGNEE_ROLES
    ):
        errors["assignee"] = _("Choose an assistant or a manager of this workspace.")
    weekdays: list[int] = []
    day_of_month: int | None = None
    if spec.cadence == Cadence.WEEKLY:
        weekdays = sorted({int(day) for day in spec.weekdays})
        if not weekdays or any(not 0 <= day <= 6 for day in weekdays):
            errors["weekdays"] = _("Choose at least one day of the week.")
    elif spec.cadence == Cadence.MONTHLY:
        day_of_month = spec.day_of_month
        if day_of_month is None or not 1 <= day_of_month <= 31:
            errors["day_of_month"] = _("Choose a day of the month, from 1 to 31.")
    elif spec.cadence != Cadence.WEEKDAYS:
        errors["cadence"] = _("Choose how often the task comes back.")
    if not spec.title.strip():
        errors["title"] = _("Give the task a title.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": spec.title.strip(),
        "outcome": spec.outcome.strip(),
        "deliverable": spec.deliverable.strip(),
        "acceptance_criteria": spec.acceptance_criteria.strip(),
        "sop_url": spec.sop_url.strip(),
        "priority": spec.priority,
        "estimate_minutes": spec.estimate_minutes,
        "cadence": spec.cadence,
        "weekdays": weekdays,
        "day_of_month": day_of_month,
        "due_time": spec.due_time,
    }


def recurring_create(
    *,
    actor: Membership,
    spec: RecurringSpec,
    assignee: Membership,
    now: datetime | None = None,
) -> RecurringTask:
    """A new template; its first occurrence is the first local day that starts after now."""
    _require_delegator(actor)
    fields = _validate(actor, spec, assignee)
    now = now or timezone.now()
    with transaction.atomic():
        template = RecurringTask(
            workspace_id=actor.workspace_id, assignee=assignee, created_by=actor, **fields
        )
        template.next_run_at = next_occurrence(template, now)[1]
        template.full_clean(exclude=["workspace", "assignee", "created_by"])
        template.save()
    return template


def recurring_update(
    *,
    actor: Membership,
    template: RecurringTask,
    spec: RecurringSpec,
    assignee: Membership,
    now: datetime | None = None,
) -> RecurringTask:
    """Change the template; the next occurrence is computed again from now. Occurrences already
    created keep their brief: each is a task of its own."""
    _require_delegator(actor, template)
    fields = _validate(actor, spec, assignee)
    now = now or timezone.now()
    with transaction.atomic():
        for name, value in fields.items():
            setattr(template, name, value)
        template.assignee = assignee
        template.next_run_at = next_occurrence(template, now)[1]
        template.full_clean(exclude=["workspace", "assignee", "created_by"])
        template.save(update_fields=[*SPEC_FIELDS, "assignee", "next_run_at"])
    return template


def recurring_pause(*, actor: Membership, template: RecurringTask) -> bool:
    """Stop creating occurrences; False when it was paused already."""
    _require_delegator(actor, template)
    paused = RecurringTask.objects.filter(pk=template.pk, active=True).update(active=False)
    template.active = False
    return bool(paused)


def recurring_resume(
    *, actor: Membership, template: RecurringTask, now: datetime | None = None
) -> bool:
    """Start again from the next local day: the days it was paused are not made up."""
    _require_delegator(actor, template)
    if template.assignee.removed_at is not None:
        raise ValidationError(
            _("%(name)s has left the workspace: choose another assignee first.")
            % {"name": template.assignee.user}
        )
    next_run = next_occurrence(template, now or timezone.now())[1]
    resumed = RecurringTask.objects.filter(pk=template.pk, active=False).update(
        active=True, next_run_at=next_run
    )
    if resumed:
        template.active, template.next_run_at = True, next_run
    return bool(resumed)


def recurring_delete(*, actor: Membership, template: RecurringTask) -> None:
    """Delete the template. The tasks it created stay, as ordinary tasks."""
    _require_delegator(actor, template)
    RecurringTask.objects.filter(pk=template.pk, workspace_id=actor.workspace_id).delete()


# The sweep


def _creator(template: RecurringTask) -> Membership | None:
    """Who the occurrences are created by: the template's author while they may delegate here,
    otherwise the workspace's longest-standing owner or manager."""
    author = template.created_by
    if author is not None and author.removed_at is None and author.can_delegate:
        return author
    return (
        delegators_of(template.workspace_id)
        .select_related("workspace", "user")
        .order_by(Case(When(role=Role.OWNER, then=0), default=1), "joined_at")
        .first()
    )


def _create_occurrence(template: RecurringTask, day: date) -> Task:
    actor = _creator(template)
    if actor is None:
        raise PermissionDenied(f"nobody may delegate in workspace {template.workspace_id}")
    brief = Brief(
        title=template.title,
        outcome=template.outcome,
        deliverable=template.deliverable,
        acceptance_criteria=template.acceptance_criteria,
        sop_url=template.sop_url,
        due_date=day,
        due_time=template.due_time,
        priority=template.priority,
        estimate_minutes=template.estimate_minutes,
    )
    task = task_create(actor=actor, brief=brief, assignee=template.assignee)
    # The unique constraint (recurring, occurrence_date) refuses a second task for the day.
    Task.objects.filter(pk=task.pk).update(recurring=template, occurrence_date=day)
    task.recurring, task.occurrence_date = template, day
    return task


def recurring_run_one(template: RecurringTask, *, now: datetime) -> Task | None:
    """Create the occurrence the template is due for, once; None when there is nothing to do
    (another run claimed it first, the day has its task already, or the template paused)."""
    claimed_at = template.next_run_at
    if template.assignee.removed_at is not None:
        # Nobody to give the work to: pause, and let an owner pick another assignee.
        RecurringTask.objects.filter(pk=template.pk, next_run_at=claimed_at).update(active=False)
        logger.info("recurring task %s paused: its assignee left", template.code)
        return None
    # Only the most recent occurrence that is due is created: after an outage of three days,
    # the assistant finds today's task, not a flood of three stale ones. next_run_at then
    # points to the first occurrence still to come.
    day, _instant = latest_occurrence(template, now)
    next_run = next_occurrence(template, now)[1]
    with transaction.atomic():
        # The claim: of two sweeps that read the same row, only one moves next_run_at on.
        claimed = RecurringTask.objects.filter(
            pk=template.pk, active=True, next_run_at=claimed_at
        ).update(next_run_at=next_run)
        if not claimed:
            return None
        task: Task | None
        try:
            with transaction.atomic():
                task = _create_occurrence(template, day)
        except IntegrityError:
            # The day has its task already (made before an edit or a zone change moved
            # next_run_at back): nothing to create, and the claim stands.
            task = None
    template.next_run_at = next_run
    return task


def recurring_due(now: datetime) -> QuerySet[RecurringTask]:
    """The templates whose next occurrence is due, oldest first.

    The filter matches the partial index recurring_due (active rows by next_run_at): only the
    due rows are read, however many templates are waiting.
    """
    return (
        RecurringTask.objects.filter(active=True, next_run_at__lte=now)
        .select_related("workspace", "assignee__user", "created_by__user", "created_by__workspace")
        .order_by("next_run_at")
    )


def recurring_run_due(now: datetime | None = None) -> int:
    """Create the occurrences that are due; return how many were created. A template that
    fails is tried again in a day."""
    now = now or timezone.now()
    return sweep_due(
        recurring_due(now),
        lambda template: recurring_run_one(template, now=now) is not None,
        name="recurring tasks",
        log=logger,
        batch=SWEEP_BATCH,
        label=lambda template: template.code,
        due_field="next_run_at",
        retry_at=now + RETRY_AFTER,
    )

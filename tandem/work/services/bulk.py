"""Changes to many tasks at once, from the list: assign, change the priority, move.

Each task goes through the service that changes one task (and so through the transitions
table), so history, notifications and access rules are exactly those of a single change. A task
the change does not allow is left as it is and counted by the state that kept it there, so the
list can say "7 moved, 2 could not move from Done".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.work.models import OPEN_STATES, Priority, State, Task, TaskEvent
from tandem.work.services import tasks as task_services
from tandem.work.transitions import BOARD_MOVES, TRANSITION, Action, Transition
from tandem.workspaces.hooks import activity_seen
from tandem.workspaces.models import Membership, Role

# At most this many tasks in one change: more than the list shows after a few "Show more".
MAX_TASKS = 500
# "Move to" also offers reopening a finished task (to Assigned, or Draft without assignee).
REOPEN = "reopen"


@dataclass
class BulkResult:
    """How many tasks changed, how many already were as asked, and the states that kept the
    others from changing (state → how many)."""

    changed: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def _require_delegator(actor: Membership) -> None:
    if not actor.can_delegate:
        raise PermissionDenied


def _each(
    tasks: Iterable[Task],
    row: Transition | None,
    actor: Membership,
    change: Callable[[Task], object],
    result: BulkResult,
) -> None:
    for task in tasks:
        if row is not None and not row.allows(actor, task):
            result.skipped[task.state] += 1
            continue
        state = task.state
        try:
            change(task)
        except (ValidationError, PermissionDenied):
            # Moved by someone else a moment ago, or a condition on its data: left as it is.
            result.skipped[state] += 1
        else:
            result.changed += 1


def tasks_assign(*, actor: Membership, tasks: Iterable[Task], assignee: Membership) -> BulkResult:
    """Hand every task to `assignee`; those already theirs stay as they are."""
    _require_delegator(actor)
    if assignee.workspace_id != actor.workspace_id or assignee.removed_at is not None:
        raise ValidationError({"assignee": _("Choose a member of this workspace.")})
    if assignee.role == Role.PARTNER:
        raise ValidationError({"assignee": _("Partners do not take tasks.")})
    result = BulkResult()
    pending = []
    for task in tasks:
        if task.assignee_id == assignee.pk:
            result.unchanged += 1
        else:
            pending.append(task)
    with transaction.atomic():
        _each(
            pending,
            TRANSITION[Action.ASSIGN],
            actor,
            lambda task: task_services.task_assign(actor=actor, task=task, assignee=assignee),
            result,
        )
    return result


def tasks_move(*, actor: Membership, tasks: Iterable[Task], to: str) -> BulkResult:
    """Move every task to the state `to` as the board would (or reopen it: `REOPEN`)."""
    _require_delegator(actor)
    change: Callable[[Task], object]
    if to == REOPEN:
        row = TRANSITION[Action.REOPEN]
        change = lambda task: task_services.task_reopen(actor=actor, task=task)  # noqa: E731
    elif to in State.values and State(to) in BOARD_MOVES:
        row = BOARD_MOVES[State(to)]
        change = lambda task: task_services.task_move(actor=actor, task=task, to=to)  # noqa: E731
    else:
        raise ValidationError({"to": _("Choose the state to move the tasks to.")})
    result = BulkResult()
    pending = []
    for task in tasks:
        if to != REOPEN and task.state == to:
            result.unchanged += 1
        else:
            pending.append(task)
    with transaction.atomic():
        _each(pending, row, actor, change, result)
    return result


def tasks_set_priority(*, actor: Membership, tasks: Iterable[Task], priority: int) -> BulkResult:
    """Give every open task `priority`: one update and one history row per task, written
    together. A finished task's brief no longer changes, as on the task's page."""
    _require_delegator(actor)
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    result = BulkResult()
    chosen: list[Task] = []
    for task in tasks:
        if task.workspace_id != actor.workspace_id:
            raise PermissionDenied
        if task.state not in OPEN_STATES:
            result.skipped[task.state] += 1
        elif task.priority == priority:
            result.unchanged += 1
        else:
            chosen.append(task)
    if not chosen:
        return result
    now = timezone.now()
    note = _("Priority: %(priority)s") % {"priority": Priority(priority).label}
    with transaction.atomic():
        # Only tasks still open now change, so a task finished a moment ago keeps its brief.
        ids = list(
            Task.objects.filter(
                pk__in=[task.pk for task in chosen],
                workspace_id=actor.workspace_id,
                state__in=OPEN_STATES,
            )
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Task.objects.filter(pk__in=ids).update(priority=priority, updated_at=now)
        TaskEvent.objects.bulk_create(
            TaskEvent(
                workspace_id=actor.workspace_id,
                task_id=pk,
                actor=actor,
                kind=TaskEvent.Kind.EDITED,
                note=note,
                created_at=now,
            )
            for pk in ids
        )
        activity_seen.send(actor)
    changed = set(ids)
    for task in chosen:
        if task.pk in changed:
            task.priority = priority
            result.changed += 1
        else:
            result.skipped[task.state] += 1
    return result

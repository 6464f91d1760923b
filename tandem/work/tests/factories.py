"""Tasks made through the real services, for tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from tandem.work.models import State, Task
from tandem.work.services import tasks as services
from tandem.workspaces.models import Membership


def brief(**overrides: Any) -> services.Brief:
    fields: dict[str, Any] = {
        "title": "Update the client list",
        "outcome": "Sales can call the right people next week.",
        "deliverable": "The shared sheet, updated.",
        "acceptance_criteria": "Every row has a phone number.",
        "due_date": date(2026, 12, 4),
        "due_time": time(17, 0),
        "estimate_minutes": 90,
        "resources": "https://example.com/sheet",
    }
    return services.Brief(**(fields | overrides))


def make_task(owner: Membership, assignee: Membership | None = None, **overrides: Any) -> Task:
    return services.task_create(actor=owner, brief=brief(**overrides), assignee=assignee)


def task_in_state(state: State, owner: Membership, assignee: Membership) -> Task:
    """A task brought to `state` through the services, the way people get it there."""
    if state == State.DRAFT:
        return make_task(owner)
    task = make_task(owner, assignee)
    steps: dict[State, list[Callable[[Task], object]]] = {
        State.ASSIGNED: [],
        State.ACKNOWLEDGED: [lambda t: services.task_acknowledge(actor=assignee, task=t)],
        State.IN_PROGRESS: [
            lambda t: services.task_acknowledge(actor=assignee, task=t),
            lambda t: services.task_start(actor=assignee, task=t),
        ],
        State.IN_REVIEW: [
            lambda t: services.task_acknowledge(actor=assignee, task=t),
            lambda t: services.task_submit(actor=assignee, task=t),
        ],
        State.CHANGES_REQUESTED: [
            lambda t: services.task_acknowledge(actor=assignee, task=t),
            lambda t: services.task_submit(actor=assignee, task=t),
            lambda t: services.task_review(actor=owner, task=t, accept=False, feedback="Redo."),
        ],
        State.BLOCKED: [
            lambda t: services.task_acknowledge(actor=assignee, task=t),
            lambda t: services.task_start(actor=assignee, task=t),
            lambda t: services.task_ask_for_help(actor=assignee, task=t, note="No access."),
        ],
        State.DONE: [
            lambda t: services.task_acknowledge(actor=assignee, task=t),
            lambda t: services.task_submit(actor=assignee, task=t),
            lambda t: services.task_review(actor=owner, task=t, accept=True),
        ],
        State.CANCELLED: [lambda t: services.task_cancel(actor=owner, task=t)],
    }
    for step in steps[state]:
        step(task)
    assert task.state == state
    return task

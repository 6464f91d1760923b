"""Tasks made through the real services, for tests."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from tandem.work.models import Task
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

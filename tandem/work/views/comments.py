"""The task's comment thread and attachments (in progress)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.work.models import Task


def thread_context(request: HttpRequest, task: Task) -> dict[str, Any]:
    """What the task page needs to show the thread."""
    return {}


urlpatterns: list[Any] = []

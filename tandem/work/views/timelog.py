"""Time on a task: the assistant's timer and entries, the owner's minutes (in progress)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tandem.work.models import Task


def time_context(request: HttpRequest, task: Task) -> dict[str, Any]:
    """What the task page needs to show time and the 80/20 figure."""
    return {}


urlpatterns: list[Any] = []

"""Background jobs of the delegation loop: they re-read their rows and are safe to run twice."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.work.services.recurring import recurring_run_due


@db_periodic_task(crontab(minute="*/5"))
def create_recurring_tasks() -> int:
    """Create the occurrences of recurring tasks whose local day has begun.

    Each template is claimed with a conditional update before its task is created, so two runs
    at once (or one run twice) create each occurrence once.
    """
    return recurring_run_due(timezone.now())

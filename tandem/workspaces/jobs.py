"""Background jobs of workspaces: they take ids, re-read the rows, and are safe to run twice.

The invitation email is a delivery of the outbox (`deliveries.py`), not a job of its own.
"""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.workspaces.idempotency import KEPT, form_keys_prune


@db_periodic_task(crontab(minute="17", hour="4"))
def prune_form_keys() -> int:
    """Once a day, forget the form keys older than a week; running it twice deletes nothing more."""
    return form_keys_prune(before=timezone.now() - KEPT)

"""Background jobs of silence: the sweep every minute.

The sweep claims each step in the database, with its delivery in the outbox, before anything
is sent; the outbox delivers it (tandem/outbox), and each escalation's code is the event key of
its notifications, so a retry or a second run never sends a step twice.
"""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.continuity.services import silence as services


@db_periodic_task(crontab())
def sweep_silences() -> int:
    """Escalate the silences whose next step is due (uses the partial index `presence_due`)."""
    return services.silence_sweep(timezone.now()).escalated

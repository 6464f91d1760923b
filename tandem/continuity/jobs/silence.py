"""Background jobs of silence: the sweep every minute, and the delivery of what it recorded.

The sweep claims each step in the database before anything is sent; delivery re-reads the
escalations by id and uses each one's code as the event key of its notifications, so a retry or
a second run never sends a step twice.
"""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tandem.continuity.services import silence as services


@db_periodic_task(crontab())
def sweep_silences() -> int:
    """Escalate the silences whose next step is due (uses the partial index `presence_due`)."""
    return services.silence_sweep(timezone.now()).escalated


@db_task(retries=3, retry_delay=60)
def deliver_escalations(escalation_ids: list[int]) -> int:
    return services.silence_deliver(escalation_ids)


@db_task(retries=3, retry_delay=60)
def tell_silence_resolved(escalation_ids: list[int]) -> int:
    return services.silence_tell_resolved(escalation_ids)

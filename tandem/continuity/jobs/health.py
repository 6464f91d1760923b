"""Background jobs of health."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.continuity.services.health import health_snapshots_write


@db_periodic_task(crontab(minute="23", hour="3"))
def write_health_snapshots() -> int:
    """Once a day, upsert each assistant's health snapshot of their current week; running it
    twice writes the same rows (unique member and week)."""
    return health_snapshots_write()

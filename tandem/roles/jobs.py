"""Background jobs of roles: they re-read their rows and are safe to run twice."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.roles.services.kpis import kpi_values_record_all


@db_periodic_task(crontab(minute="41", hour="2"))
def record_kpi_values() -> int:
    """Once a day, record the computed KPIs' values of the periods that ended: one row per KPI,
    holder and period, so a second run (or a run after a missed day) adds only what is missing."""
    return kpi_values_record_all()

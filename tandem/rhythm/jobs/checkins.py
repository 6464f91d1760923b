"""Background jobs of check-ins: sweeps that re-read their rows and are safe to run twice."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.rhythm.services.checkins import checkins_mark_missed, checkins_prompt_due


@db_periodic_task(crontab())
def prompt_check_ins() -> int:
    """Ask each member whose check-in time has come (index checkin_schedule_due).

    Each schedule is claimed with a conditional update before its check-in is created, so two
    runs at once (or one run twice) ask once.
    """
    return checkins_prompt_due(timezone.now())


@db_periodic_task(crontab())
def mark_missed_check_ins() -> int:
    """Mark missed the check-ins still pending after their member's day (index
    checkin_pending_due); one set-based update."""
    return checkins_mark_missed(timezone.now())

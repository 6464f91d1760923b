"""Background jobs of meetings: they re-read their rows and are safe to run twice."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tandem.rhythm.services.meeting_plans import meetings_plan_due
from tandem.rhythm.services.meetings import meeting_summaries_late_due, meeting_summaries_prompt_due


@db_periodic_task(crontab(minute="17"))
def plan_meetings() -> int:
    """Create the occurrences of series whose planned weeks run out (index
    `meeting_series_to_plan`); the unique (series, starts_at) makes a second run harmless."""
    return meetings_plan_due(timezone.now())


@db_periodic_task(crontab(minute="*/5"))
def prompt_meeting_summaries() -> int:
    """Ask each summary writer once, after their meeting ended (index
    `meeting_summary_to_prompt`; each row claimed on summary_prompted_at)."""
    return meeting_summaries_prompt_due(timezone.now())


@db_periodic_task(crontab(minute="*/5"))
def report_late_summaries() -> int:
    """Tell the owner once when a summary is past its deadline (index
    `meeting_summary_to_chase`; each row claimed on summary_overdue_at)."""
    return meeting_summaries_late_due(timezone.now())

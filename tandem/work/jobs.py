"""Background jobs of the delegation loop: they re-read their rows and are safe to run twice."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tandem.work.selectors import attachments_wanting_thumbnails
from tandem.work.services.previews import attachment_thumbnail_make
from tandem.work.services.recurring import recurring_run_due


@db_periodic_task(crontab(minute="*/5"))
def create_recurring_tasks() -> int:
    """Create the occurrences of recurring tasks whose local day has begun.

    Each template is claimed with a conditional update before its task is created, so two runs
    at once (or one run twice) create each occurrence once.
    """
    return recurring_run_due(timezone.now())


@db_task()
def make_thumbnail(attachment_id: int) -> bool:
    """An attached image's thumbnail; a second run, or one for a file that is not an image,
    changes nothing."""
    return attachment_thumbnail_make(attachment_id)


@db_periodic_task(crontab(minute="*/15"))
def make_missed_thumbnails() -> int:
    """Thumbnails whose job was lost (queued after the comment was saved, by a process that then
    stopped): the images of the last day that still want one."""
    return sum(attachment_thumbnail_make(pk) for pk in attachments_wanting_thumbnails())

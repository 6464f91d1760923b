"""Background jobs of notify: they take ids, re-read the rows, and are safe to run twice."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tandem.notify import deliveries


@db_task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """The fast path after commit: email the notifications of one event (or of one sweep), or
    hold them through quiet hours; return how many were sent. Not retried by the queue: a failed
    or lost email is the sweep's once its lease has passed."""
    return deliveries.notifications_email_send(notification_ids)


@db_periodic_task(crontab(minute="*"))
def send_due_emails() -> int:
    """Send the emails whose quiet hours or lease are over (index notification_email_due)."""
    return deliveries.emails_send_due()


@db_periodic_task(crontab(minute="*/5"))
def send_due_digests() -> int:
    """Claim the daily digests that are due; each claim records its email's delivery."""
    return deliveries.digests_send_due()

"""Background jobs of notify: they take ids, re-read the rows, and are safe to run twice."""

from __future__ import annotations

import hashlib
import logging
import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tandem.accounts.models import User
from tandem.lib.email import send_templated
from tandem.notify.digest import waiting_for
from tandem.notify.models import Digest, EmailState, Notification
from tandem.notify.selectors import held_emails_due

log = logging.getLogger(__name__)

# How many due emails one run of the sweep releases; the next minute takes the rest.
SWEEP_BATCH = 500
RETRY_AFTER = timedelta(minutes=5)


def quiet_hours_end(user: User, moment: datetime) -> datetime:
    """The first end of the person's quiet hours after `moment`, in UTC.

    Computed on the wall clock of their own zone, so a night across a DST change ends at their
    usual local time; an end that the change skips becomes the first instant after the gap.
    """
    if user.quiet_hours_end is None:
        return moment
    zone = zoneinfo.ZoneInfo(user.time_zone)
    local = moment.astimezone(zone)
    day = local.date()
    if local.time() >= user.quiet_hours_end:
        day += timedelta(days=1)
    return datetime.combine(day, user.quiet_hours_end, tzinfo=zone).astimezone(UTC)


def thread_message_id(notification: Notification) -> str:
    """A stable Message-ID for the topic: every email of one thread refers to it."""
    digest = hashlib.sha256(
        f"{notification.workspace_id}:{notification.thread_key}".encode()
    ).hexdigest()[:32]
    return f"<thread-{digest}@tandem>"


def _subject(notification: Notification, message: str) -> str:
    # The same for every email of a topic, so mail programs that thread by subject agree.
    params = notification.params
    topic = params.get("subject") or params.get("task") or message
    return " ".join(f"[{notification.workspace.name}] {topic}".split())


def _outage_path(notification: Notification) -> str:
    value = notification.params.get("outage_url") if notification.params else None
    return value if isinstance(value, str) and value.startswith("/") else ""


def _send(notification: Notification) -> None:
    user = notification.recipient.user
    ws = notification.workspace.slug
    with translation.override(user.language), timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        message = notification.message
        context = {
            "notification": notification,
            "message": message,
            "recipient": user,
            "workspace": notification.workspace,
            "link": settings.SITE_URL + notification.url,
            "settings_link": settings.SITE_URL + reverse("notify:settings", kwargs={"ws": ws}),
            # A silence nudge offers the one-click outage report too.
            "outage_link": settings.SITE_URL + outage
            if (outage := _outage_path(notification))
            else "",
        }
        subject = _subject(notification, message)
        text = render_to_string("notify/email/notification.txt", context)
        html = render_to_string("notify/email/notification.html", context)
    thread = thread_message_id(notification)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "Message-ID": f"<notification-{notification.code}@tandem>",
            "In-Reply-To": thread,
            "References": thread,
            "Content-Language": user.language,
        },
    )
    email.attach_alternative(html, "text/html")
    email.send()


@db_task(retries=3, retry_delay=60)
def send_notification_email(notification_id: int) -> None:
    """Email one notification, or hold it until the recipient's quiet hours end."""
    notification = (
        Notification.objects.select_related("workspace", "recipient__user", "actor__user")
        .filter(pk=notification_id, email_state=EmailState.PENDING)
        .first()
    )
    if notification is None:
        return  # sent already, held, or never to be emailed
    pending = Notification.objects.filter(pk=notification_id, email_state=EmailState.PENDING)
    recipient = notification.recipient
    if recipient.removed_at is not None or not recipient.user.is_active:
        pending.update(email_state=EmailState.OFF)
        return
    now = timezone.now()
    if not notification.urgent and recipient.user.in_quiet_hours(now):
        pending.update(
            email_state=EmailState.HELD, email_due_at=quiet_hours_end(recipient.user, now)
        )
        return
    # Claim the sending first, so a job that runs twice sends one email.
    if not pending.update(email_state=EmailState.SENT, email_sent_at=now):
        return
    try:
        _send(notification)
    except Exception:
        # Let the retry send it.
        Notification.objects.filter(pk=notification_id, email_state=EmailState.SENT).update(
            email_state=EmailState.PENDING, email_sent_at=None
        )
        raise


@db_periodic_task(crontab(minute="*"))
def send_held_emails() -> None:
    """Release the emails held through quiet hours that are now due."""
    now = timezone.now()
    due = list(held_emails_due(now).values_list("pk", flat=True)[:SWEEP_BATCH])
    for pk in due:
        released = Notification.objects.filter(pk=pk, email_state=EmailState.HELD).update(
            email_state=EmailState.PENDING, email_due_at=None
        )
        if not released:
            continue
        try:
            # Its own job, so one failing email is retried alone and never stops the sweep.
            send_notification_email(pk)
        except Exception:
            # The queue refused it: hold it again and try in a few minutes.
            log.exception("Could not enqueue the email of notification %s.", pk)
            Notification.objects.filter(pk=pk, email_state=EmailState.PENDING).update(
                email_state=EmailState.HELD, email_due_at=now + RETRY_AFTER
            )
    if due:
        log.info("Released %d held notification emails.", len(due))


@db_task(retries=3, retry_delay=60)
def send_digest_email(digest_id: int, due_at: str) -> None:
    """Email one claimed digest (due at `due_at`, ISO 8601) in the recipient's language, unless
    nothing is waiting for them; safe to run twice."""
    due = datetime.fromisoformat(due_at)
    digest = (
        Digest.objects.select_related("member__user", "member__workspace")
        .filter(pk=digest_id, enabled=True)
        .first()
    )
    if digest is None:
        return  # turned off since the sweep claimed it
    if digest.last_sent_at is not None and digest.last_sent_at >= due:
        return  # this one went out already
    member, user = digest.member, digest.member.user
    if member.removed_at is not None or not user.is_active:
        return
    now = timezone.now()
    waiting = waiting_for(member, now=now)
    if waiting.is_empty:
        return
    # Claim the sending first, so a job that runs twice sends one email.
    previous = digest.last_sent_at
    unsent = Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=due)
    if not Digest.objects.filter(unsent, pk=digest_id).update(last_sent_at=now):
        return
    ws = member.workspace.slug
    try:
        with timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
            send_templated(
                to=user.email,
                template="notify/email/digest",
                language=user.language,
                context={
                    "waiting": waiting,
                    "recipient": user,
                    "workspace": member.workspace,
                    "zone": user.time_zone,
                    "overview_link": settings.SITE_URL
                    + reverse("workspaces:home", kwargs={"ws": ws}),
                    "settings_link": settings.SITE_URL
                    + reverse("notify:settings", kwargs={"ws": ws}),
                },
            )
    except Exception:
        # Let the retry send it.
        Digest.objects.filter(pk=digest_id, last_sent_at=now).update(last_sent_at=previous)
        raise


@db_periodic_task(crontab(minute="*/5"))
def send_due_digests() -> int:
    """Claim the daily digests that are due and enqueue one email for each."""
    # Imported here: the services enqueue this module's jobs.
    from tandem.notify.services import digests_send_due

    return digests_send_due(timezone.now())

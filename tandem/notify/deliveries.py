"""Sending what notify recorded: notification emails under a lease, and the daily digest.

A notification's email is recorded with the notification (state pending, due at the end of a
lease). The job after commit sends it at once; the sweep sends whatever is still pending when
its lease has passed, or held when the recipient's quiet hours are over. Sending is claimed
with a lease first and marked sent once the mail server accepted it: a process killed between
those two sends the email again, with the same Message-ID, and nothing else sends twice.
"""

from __future__ import annotations

import hashlib
import logging
import zoneinfo
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from tandem.accounts.models import User
from tandem.lib.crashpoints import crash_point
from tandem.lib.email import send_templated
from tandem.notify import kinds
from tandem.notify.digest import next_send_at
from tandem.notify.hooks import digest_waiting
from tandem.notify.models import Digest, EmailState, Notification
from tandem.notify.selectors import digests_due, emails_due
from tandem.outbox.models import Delivery
from tandem.outbox.runner import backoff, lease
from tandem.outbox.services import delivery_record

log = logging.getLogger(__name__)

# How many due emails one run of the sweep sends; the next minute takes the rest.
SWEEP_BATCH = 500


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
            # The same on a second sending, so mail programs show it once.
            "Message-ID": f"<notification-{notification.code}@tandem>",
            "In-Reply-To": thread,
            "References": thread,
            "Content-Language": user.language,
        },
    )
    email.attach_alternative(html, "text/html")
    email.send()


def notification_email_send(
    notification_id: int, *, now: datetime | None = None, redelivery: bool = False
) -> bool:
    """Email one notification, hold it through the recipient's quiet hours, or drop it when they
    left; return whether it was sent now.

    The job after commit (`redelivery=False`) takes only an email never tried; the sweep only
    one whose lease or quiet hours are over, so the two never send one email at once.
    """
    now = now or timezone.now()
    notification = (
        Notification.objects.select_related("workspace", "recipient__user", "actor__user")
        .filter(pk=notification_id, email_state__in=[EmailState.PENDING, EmailState.HELD])
        .first()
    )
    if notification is None:
        return False  # sent already, or never to be emailed
    due = notification.email_due_at
    if redelivery:
        if due is None or due > now:
            return False
    elif notification.email_state != EmailState.PENDING or notification.email_attempts:
        return False  # held, or the sweep has it
    unchanged = Notification.objects.filter(
        pk=notification_id,
        email_state=notification.email_state,
        email_due_at=due,
        email_attempts=notification.email_attempts,
    )
    recipient = notification.recipient
    if (
        recipient.removed_at is not None
        or not recipient.user.is_active
        or not kinds.shown_to(recipient.role, notification.kind)  # a role changed since
    ):
        unchanged.update(email_state=EmailState.OFF, email_due_at=None)
        return False
    if not notification.urgent and recipient.user.in_quiet_hours(now):
        unchanged.update(
            email_state=EmailState.HELD, email_due_at=quiet_hours_end(recipient.user, now)
        )
        return False
    # The claim: nobody else takes this email until the lease is over.
    held_until = now + lease()
    if not unchanged.update(
        email_state=EmailState.PENDING,
        email_due_at=held_until,
        email_attempts=F("email_attempts") + 1,
    ):
        return False
    crash_point("email.claimed")
    try:
        _send(notification)
    except Exception:
        log.exception(
            "Could not send the email of notification %s; trying again later.", notification_id
        )
        Notification.objects.filter(
            pk=notification_id, email_state=EmailState.PENDING, email_due_at=held_until
        ).update(email_due_at=timezone.now() + backoff(notification.email_attempts + 1))
        return False
    crash_point("email.sent")
    Notification.objects.filter(pk=notification_id, email_state=EmailState.PENDING).update(
        email_state=EmailState.SENT, email_sent_at=timezone.now(), email_due_at=None
    )
    return True


def notifications_email_send(notification_ids: Sequence[int]) -> int:
    """The fast path for the emails of one event: each is claimed and sent on its own."""
    return sum(notification_email_send(pk) for pk in notification_ids)


def emails_send_due(now: datetime | None = None) -> int:
    """Send the emails whose lease or quiet hours are over; return how many were sent."""
    now = now or timezone.now()
    due = list(emails_due(now).values_list("pk", flat=True)[:SWEEP_BATCH])
    sent = sum(notification_email_send(pk, now=now, redelivery=True) for pk in due)
    if due:
        log.info("Sent %d of %d due notification emails.", sent, len(due))
    return sent


# The daily digest

DIGEST_HANDLER = "notify.digest"
# How many due digests one run of the sweep claims; the next run takes the rest.
DIGEST_BATCH = 500
DIGEST_RETRY_AFTER = timedelta(minutes=30)


def digest_claim(digest: Digest, *, now: datetime) -> bool:
    """Claim one due digest for sending: move it to its local time on the next day, and record
    its email's delivery in the same transaction. Of two sweeps that read the same row, only one
    claims it."""
    due_at = digest.next_send_at
    if due_at is None:
        return False
    following = next_send_at(digest.at, digest.member.user.time_zone, now=now)
    with transaction.atomic():
        claimed = Digest.objects.filter(pk=digest.pk, enabled=True, next_send_at=due_at).update(
            next_send_at=following
        )
        if claimed:
            delivery_record(DIGEST_HANDLER, {"digest": digest.pk, "due_at": due_at.isoformat()})
    if claimed:
        digest.next_send_at = following
    return bool(claimed)


def digests_send_due(now: datetime | None = None) -> int:
    """Claim the digests that are due (each records its email's delivery); return how many."""
    now = now or timezone.now()
    claimed = 0
    for digest in list(digests_due(now)[:DIGEST_BATCH]):
        due_at = digest.next_send_at
        try:
            claimed += digest_claim(digest, now=now)
        except Exception:
            # One broken row (a zone that no longer exists, …) must not stop the others.
            log.exception("Could not claim the digest %s; trying again later.", digest.pk)
            Digest.objects.filter(pk=digest.pk, next_send_at=due_at).update(
                next_send_at=now + DIGEST_RETRY_AFTER
            )
    return claimed


def digest_deliver(delivery: Delivery) -> None:
    """Email one claimed digest (payload: digest id, due time) in the recipient's language,
    unless nothing is waiting for them. The delivery's lease keeps a second runner out; the
    digest's `last_sent_at` keeps a second run from sending it again."""
    payload: dict[str, Any] = delivery.payload
    due = datetime.fromisoformat(payload["due_at"])
    digest = (
        Digest.objects.select_related("member__user", "member__workspace")
        .filter(pk=payload["digest"], enabled=True)
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
    waiting = digest_waiting.ask(member, now=now)
    if waiting.is_empty:
        return
    ws = member.workspace.slug
    with timezone.override(zoneinfo.ZoneInfo(user.time_zone)):
        send_templated(
            to=user.email,
            template="notify/email/digest",
            language=user.language,
            message_id=f"<digest-{delivery.code}@tandem>",
            context={
                "waiting": waiting,
                "recipient": user,
                "workspace": member.workspace,
                "zone": user.time_zone,
                "overview_link": settings.SITE_URL + reverse("insights:home", kwargs={"ws": ws}),
                "settings_link": settings.SITE_URL + reverse("notify:settings", kwargs={"ws": ws}),
            },
        )
    crash_point("email.sent")
    Digest.objects.filter(pk=digest.pk).update(last_sent_at=now)

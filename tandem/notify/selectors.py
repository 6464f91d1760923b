"""Every read of notifications, scoped to the member who reads them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Min, Q, QuerySet
from django.http import Http404

from tandem.notify import kinds
from tandem.notify.models import Digest, EmailPreference, EmailState, Notification
from tandem.outbox.selectors import GRACE, oldest_overdue_delivery
from tandem.workspaces.models import Membership, Role

# Deliveries late by more than this make /healthz answer 503.
LATE_FAILS = timedelta(minutes=10)


def _shown_to(member: Membership) -> QuerySet[Notification]:
    """The member's own notifications that their role, as it is now, may be shown: a partner
    who was an assistant before is not shown the notifications that named tasks."""
    rows = Notification.objects.filter(workspace_id=member.workspace_id, recipient=member)
    if member.role == Role.PARTNER:
        rows = rows.filter(kind__in=kinds.PARTNER_KINDS)
    return rows


def notifications_for_member(member: Membership) -> QuerySet[Notification]:
    """The member's own notifications, newest first, with who acted (no query per row)."""
    return _shown_to(member).select_related("actor__user").order_by("-created_at", "-id")


def notification_get_for_member(member: Membership, code: str) -> Notification:
    """One of the member's own notifications, or 404: another member's is as unknown as none."""
    notification = notifications_for_member(member).filter(code=code).first()
    if notification is None:
        raise Http404
    return notification


def unread_count(member: Membership) -> int:
    return _shown_to(member).filter(read_at__isnull=True).count()


def email_preferences(member: Membership) -> dict[str, bool]:
    """Whether the member gets email, for every kind: their choice, else the kind's default."""
    chosen = dict(EmailPreference.objects.filter(member=member).values_list("kind", "enabled"))
    return {kind: chosen.get(kind, spec.email_default) for kind, spec in kinds.KINDS.items()}


def members_emailed_for_kinds(pairs: Iterable[tuple[Membership, str]]) -> set[tuple[int, str]]:
    """Which (member id, kind) of `pairs` get email: their choice, else the kind's default (one
    query for all)."""
    wanted = {(member.pk, kind) for member, kind in pairs}
    if not wanted:
        return set()
    found = EmailPreference.objects.filter(
        member_id__in={pk for pk, _kind in wanted}, kind__in={kind for _pk, kind in wanted}
    ).values_list("member_id", "kind", "enabled")
    chosen = {(member_id, kind): enabled for member_id, kind, enabled in found}
    return {
        (pk, kind) for pk, kind in wanted if chosen.get((pk, kind), kinds.get(kind).email_default)
    }


def emails_due(now: datetime) -> QuerySet[Notification]:
    """Emails to send by `now`, earliest first: held ones whose quiet hours are over, and pending
    ones whose lease passed (their job was lost, or its process died while sending).

    Read through the partial index notification_email_due, by notify.jobs.send_due_emails.
    """
    return Notification.objects.filter(email_due_at__lte=now).order_by("email_due_at")


def oldest_overdue_email(now: datetime) -> datetime | None:
    """Since when the oldest email that should have gone out has waited (None: none): a pending
    one since it was made, a held one since its quiet hours ended."""
    found = Notification.objects.filter(email_due_at__lt=now - GRACE).aggregate(
        pending=Min("created_at", filter=Q(email_state=EmailState.PENDING)),
        held=Min("email_due_at", filter=Q(email_state=EmailState.HELD)),
    )
    return min((at for at in found.values() if at is not None), default=None)


@dataclass(frozen=True)
class DeliveryHealth:
    """Whether everything Tandem has to tell went out in time."""

    late_since: datetime | None
    now: datetime

    @property
    def age(self) -> timedelta | None:
        return self.now - self.late_since if self.late_since else None

    @property
    def is_late(self) -> bool:
        return self.late_since is not None

    @property
    def is_failing(self) -> bool:
        """Late past LATE_FAILS: /healthz answers 503."""
        age = self.age
        return age is not None and age > LATE_FAILS


def delivery_health(now: datetime) -> DeliveryHealth:
    """The oldest overdue delivery or email, in two queries through the partial indexes."""
    found = [oldest_overdue_delivery(now), oldest_overdue_email(now)]
    return DeliveryHealth(late_since=min((at for at in found if at), default=None), now=now)


def digest_of(member: Membership) -> Digest | None:
    return Digest.objects.filter(member=member).first()


def digests_due(now: datetime) -> QuerySet[Digest]:
    """Digests that are on and due by `now`, earliest first.

    Read through the partial index digest_due, by notify.jobs.send_due_digests.
    """
    return (
        Digest.objects.filter(enabled=True, next_send_at__lte=now)
        .select_related("member__user")
        .order_by("next_send_at")
    )

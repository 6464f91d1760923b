"""Every read of notifications, scoped to the member who reads them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from tandem.notify import kinds
from tandem.notify.models import Digest, EmailPreference, EmailState, Notification
from tandem.workspaces.models import Membership


def notifications_for_member(member: Membership) -> QuerySet[Notification]:
    """The member's own notifications, newest first, with who acted (no query per row)."""
    return (
        Notification.objects.filter(workspace_id=member.workspace_id, recipient=member)
        .select_related("actor__user")
        .order_by("-created_at", "-id")
    )


def notification_get_for_member(member: Membership, code: str) -> Notification:
    """One of the member's own notifications, or 404: another member's is as unknown as none."""
    notification = notifications_for_member(member).filter(code=code).first()
    if notification is None:
        raise Http404
    return notification


def unread_count(member: Membership) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def email_preferences(member: Membership) -> dict[str, bool]:
    """Whether the member gets email, for every kind: their choice, else the kind's default."""
    chosen = dict(EmailPreference.objects.filter(member=member).values_list("kind", "enabled"))
    return {kind: chosen.get(kind, spec.email_default) for kind, spec in kinds.KINDS.items()}


def members_emailed_for(members: Iterable[Membership], kind: str) -> set[int]:
    """The ids of those members who get email for `kind` (one query for all)."""
    ids = {member.pk for member in members}
    chosen = dict(
        EmailPreference.objects.filter(member_id__in=ids, kind=kind).values_list(
            "member_id", "enabled"
        )
    )
    default = kinds.get(kind).email_default
    return {pk for pk in ids if chosen.get(pk, default)}


def held_emails_due(now: datetime) -> QuerySet[Notification]:
    """Emails held through quiet hours that are due by `now`, earliest first.

    Read through the partial index notification_held_due, by notify.jobs.send_held_emails.
    """
    return Notification.objects.filter(email_state=EmailState.HELD, email_due_at__lte=now).order_by(
        "email_due_at"
    )


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

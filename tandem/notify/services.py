"""Every write to notifications and email preferences.

`notify` is the one way any part of Tandem tells people something.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.lib.codes import new_code
from tandem.notify import jobs, kinds, selectors
from tandem.notify.models import EmailPreference, EmailState, Notification
from tandem.workspaces.models import Membership, Workspace


def notify(
    *,
    workspace: Workspace,
    recipients: Iterable[Membership],
    kind: str,
    event_key: str,
    actor: Membership | None,
    url: str,
    thread_key: str,
    params: dict[str, Any],
    urgent: bool = False,
) -> list[Notification]:
    """Tell `recipients` that `event_key` happened; return the notifications created.

    The actor is never told of their own action, and each event reaches each recipient at most
    once: calling again with the same `event_key` creates nothing and sends nothing. Recipients
    who are not active members of `workspace` are skipped. Emails go out after commit.
    """
    spec = kinds.get(kind)
    urgent = urgent or spec.always_urgent
    wanted = {member.pk for member in recipients}
    if actor is not None:
        wanted.discard(actor.pk)
    if not wanted:
        return []
    with transaction.atomic():
        members = list(
            Membership.objects.active()
            .filter(workspace=workspace, pk__in=wanted)
            .select_related("user")
        )
        emailed = selectors.members_emailed_for(members, kind)
        now = timezone.now()
        rows = [
            Notification(
                workspace=workspace,
                code=new_code(),
                recipient=member,
                actor=actor,
                kind=kind,
                params=params,
                url=url,
                thread_key=thread_key,
                event_key=event_key,
                urgent=urgent,
                created_at=now,
                email_state=EmailState.PENDING
                if member.pk in emailed and member.user.is_active
                else EmailState.OFF,
            )
            for member in members
        ]
        # A row whose (recipient, event_key) exists already is skipped by the database, which
        # also settles two concurrent calls; the fresh codes tell which rows are new.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(
            Notification.objects.filter(
                code__in=[row.code for row in rows], event_key=event_key, recipient__in=members
            ).order_by("id")
        )
        for notification in created:
            if notification.email_state == EmailState.PENDING:
                transaction.on_commit(partial(jobs.send_notification_email, notification.pk))
    return created


def notification_mark_read(*, member: Membership, notification: Notification) -> None:
    if notification.recipient_id != member.pk:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
    if updated:
        notification.read_at = now


def notifications_mark_all_read(*, member: Membership) -> int:
    """Mark every unread notification of the member read; return how many were unread."""
    with transaction.atomic():
        return Notification.objects.filter(recipient=member, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def email_preferences_set(*, member: Membership, enabled_kinds: set[str]) -> None:
    """Email the member for exactly `enabled_kinds`.

    Only choices that differ from a kind's default are stored, so a member who never chose keeps
    following the defaults.
    """
    unknown = enabled_kinds - kinds.KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    with transaction.atomic():
        EmailPreference.objects.filter(member=member).delete()
        EmailPreference.objects.bulk_create(
            EmailPreference(
                workspace_id=member.workspace_id, member=member, kind=kind, enabled=enabled
            )
            for kind, spec in kinds.KINDS.items()
            if (enabled := kind in enabled_kinds) != spec.email_default
        )

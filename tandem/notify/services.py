"""Every write to notifications and email preferences.

`notify` is the one way any part of Tandem tells people something.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import time
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import User
from tandem.lib.codes import new_code
from tandem.notify import jobs, kinds, selectors
from tandem.notify.digest import first_send_at
from tandem.notify.models import Digest, EmailPreference, EmailState, Notification
from tandem.outbox.runner import lease
from tandem.workspaces.models import Membership, Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One event to tell: what `notify` takes, for `notify_many`."""

    workspace: Workspace
    recipients: Iterable[Membership]
    kind: str
    event_key: str
    actor: Membership | None
    url: str
    thread_key: str
    params: dict[str, Any]
    urgent: bool = False


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
    who are not active members of `workspace`, or whose role is not shown this kind, are
    skipped. Call it inside the event's own transaction: the notifications, and the emails still
    to send, commit with the event. Emails go out after commit, or by the sweep if that job is
    lost.
    """
    notice = Notice(
        workspace=workspace,
        recipients=recipients,
        kind=kind,
        event_key=event_key,
        actor=actor,
        url=url,
        thread_key=thread_key,
        params=params,
        urgent=urgent,
    )
    return notify_many([notice])


def notify_many(notices: Sequence[Notice]) -> list[Notification]:
    """`notify` for many events at once, in the same few queries as one: the silence sweep
    tells a thousand people in one go."""
    # A member's role as it is now decides: a partner is never told of a task, even one they
    # wrote or worked on in an earlier role.
    wanted: list[tuple[Notice, set[int]]] = []
    for notice in notices:
        ids = {member.pk for member in notice.recipients}
        if notice.actor is not None:
            ids.discard(notice.actor.pk)
        if ids:
            wanted.append((notice, ids))
    if not wanted:
        return []
    with transaction.atomic():
        found = Membership.objects.active().filter(pk__in=set().union(*(ids for _n, ids in wanted)))
        members = {member.pk: member for member in found.select_related("user")}
        told = [
            (notice, member)
            for notice, ids in wanted
            for member in (members[pk] for pk in sorted(ids) if pk in members)
            if member.workspace_id == notice.workspace.pk
            and kinds.shown_to(member.role, notice.kind)
        ]
        emailed = selectors.members_emailed_for_kinds((member, n.kind) for n, member in told)
        now = timezone.now()
        rows = [
            Notification(
                workspace=notice.workspace,
                code=new_code(),
                recipient=member,
                actor=notice.actor,
                kind=notice.kind,
                params=notice.params,
                url=notice.url,
                thread_key=notice.thread_key,
                event_key=notice.event_key,
                urgent=notice.urgent or kinds.get(notice.kind).always_urgent,
                created_at=now,
                email_state=EmailState.PENDING if emailing else EmailState.OFF,
                # The job after commit has one lease to send it; then the sweep takes it.
                email_due_at=now + lease() if emailing else None,
            )
            for notice, member in told
            for emailing in [(member.pk, notice.kind) in emailed and member.user.is_active]
        ]
        # A row whose (recipient, event_key) exists already is skipped by the database, which
        # also settles two concurrent calls; the fresh codes tell which rows are new.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(
            Notification.objects.filter(code__in=[row.code for row in rows]).order_by("id")
        )
        emails = [row.pk for row in created if row.email_state == EmailState.PENDING]
        if emails:
            transaction.on_commit(partial(jobs.send_notification_emails, emails))
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


# The daily digest


def digest_set(*, member: Membership, enabled: bool, at: time) -> Digest:
    """Turn the member's daily digest on at local time `at` (in their own zone), or off.

    Saving the same choice again keeps the next digest where it was, so a digest that is due
    and not yet swept is not pushed to tomorrow by a second click.
    """
    now = timezone.now()
    zone = member.user.time_zone
    with transaction.atomic():
        digest, created = Digest.objects.select_for_update().get_or_create(
            member=member,
            defaults={"workspace_id": member.workspace_id, "enabled": enabled, "at": at},
        )
        unchanged = (
            not created
            and digest.enabled == enabled
            and digest.at == at
            and (digest.next_send_at is not None or not enabled)
        )
        if unchanged:
            return digest
        digest.enabled, digest.at = enabled, at
        digest.next_send_at = (
            first_send_at(at, zone, now=now, last_sent_at=digest.last_sent_at) if enabled else None
        )
        digest.save(update_fields=["enabled", "at", "next_send_at"])
    return digest


def digests_reschedule(user: User) -> int:
    """Move the person's digests to their local time in their (new) zone; return how many.

    Digests that are due already keep their time: the sweep sends them in a few minutes.
    """
    now = timezone.now()
    moved = 0
    with transaction.atomic():
        digests = Digest.objects.select_for_update().filter(
            member__user=user, enabled=True, next_send_at__gt=now
        )
        for digest in digests:
            digest.next_send_at = first_send_at(
                digest.at, user.time_zone, now=now, last_sent_at=digest.last_sent_at
            )
            digest.save(update_fields=["next_send_at"])
            moved += 1
    return moved

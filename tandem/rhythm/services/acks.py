"""The one acknowledgement mechanism: ask members to acknowledge something, record that they
did (or replied), and withdraw the request when it no longer applies.

Briefs, announcements, meeting summaries and feedback all go through here, so a member's
response time is measured the same way whatever was addressed to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from tandem.accounts.selectors import working_time_of
from tandem.continuity.services.silence import activity_record
from tandem.lib.codes import new_code
from tandem.lib.working_time import working_seconds
from tandem.rhythm.models import Acknowledgement, AckWay
from tandem.workspaces.models import Membership, Workspace

# What happens when someone acknowledges a kind (tell the author, …): each part registers its own.
AckHook = Callable[[Acknowledgement, models.Model], None]
_on_acknowledged: dict[str, AckHook] = {}


def on_acknowledged(kind: str) -> Callable[[AckHook], AckHook]:
    """Register what follows an acknowledgement of `kind`; it runs inside the transaction that
    recorded it (schedule side effects with notify or on_commit), and only once per member."""

    def register(hook: AckHook) -> AckHook:
        _on_acknowledged[kind] = hook
        return hook

    return register


def ack_request(
    *,
    workspace: Workspace,
    subject: models.Model,
    kind: str,
    members: Iterable[Membership],
    at: datetime | None = None,
) -> int:
    """Ask each of `members` to acknowledge `subject`; asking again changes nothing.

    Members of another workspace, and removed members, are skipped (as `notify` does). Someone
    who acknowledged `subject` once is not asked again. Returns how many members were newly asked.
    """
    content_type = ContentType.objects.get_for_model(subject)
    at = at or timezone.now()
    rows = [
        Acknowledgement(
            workspace=workspace,
            code=new_code(),
            member=member,
            kind=kind,
            content_type=content_type,
            object_id=subject.pk,
            requested_at=at,
        )
        for member in {member.pk: member for member in members}.values()
        if member.workspace_id == workspace.pk and member.removed_at is None
    ]
    if not rows:
        return 0
    # A row that exists already is skipped by the database, which also settles two concurrent
    # requests; the fresh codes tell which rows are new.
    Acknowledgement.objects.bulk_create(rows, ignore_conflicts=True)
    return Acknowledgement.objects.filter(code__in=[row.code for row in rows]).count()


def ack_record(
    *,
    member: Membership,
    subject: models.Model,
    way: str = AckWay.ACKNOWLEDGED,
    at: datetime | None = None,
) -> Acknowledgement | None:
    """Record that `member` acknowledged (or replied to) `subject`.

    Returns the acknowledgement when this call recorded it; None when nothing was asked of the
    member or they had acknowledged it already (a second click, a retried request).
    """
    content_type = ContentType.objects.get_for_model(subject)
    at = at or timezone.now()
    with transaction.atomic():
        # Claim first: of two calls at once (a double click, a retried request), the
        # conditional update lets exactly one through.
        pending = Acknowledgement.objects.filter(
            content_type=content_type,
            object_id=subject.pk,
            member=member,
            acknowledged_at__isnull=True,
        )
        if not pending.update(acknowledged_at=at, way=way):
            return None
        activity_record(member, at=at)
        ack = (
            Acknowledgement.objects.select_related("member__user")
            .filter(content_type=content_type, object_id=subject.pk, member=member)
            .get()
        )
        ack.response_seconds = working_seconds(
            working_time_of(ack.member.user), ack.requested_at, at
        )
        ack.save(update_fields=["response_seconds"])
        hook = _on_acknowledged.get(ack.kind)
        if hook is not None:
            hook(ack, subject)
    return ack


def ack_withdraw(*, subject: models.Model, members: Iterable[Membership] | None = None) -> int:
    """Withdraw the pending requests on `subject` (of `members`, or of everyone)."""
    pending = Acknowledgement.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        acknowledged_at__isnull=True,
    )
    if members is not None:
        pending = pending.filter(member__in=[member.pk for member in members])
    deleted, _ = pending.delete()
    return deleted

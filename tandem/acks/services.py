"""The one acknowledgement mechanism: ask members to acknowledge something, record that they
did (or replied), and withdraw the request when it no longer applies.

Briefs, announcements, meeting summaries and feedback all go through here, so a member's
response time is measured the same way whatever was addressed to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from tandem.accounts.selectors import working_time_of
from tandem.acks import hooks
from tandem.acks.models import Acknowledgement, AckWay, of_subject, subject_field
from tandem.lib.codes import new_code
from tandem.lib.working_time import working_seconds
from tandem.workspaces.hooks import activity_seen
from tandem.workspaces.models import Membership, Workspace


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
    A subject of another workspace is refused.
    """
    if getattr(subject, "workspace_id", None) != workspace.pk:
        raise PermissionDenied
    field = subject_field(type(subject))
    at = at or timezone.now()
    rows = [
        Acknowledgement(
            workspace=workspace,
            code=new_code(),
            member=member,
            kind=kind,
            **{field: subject},
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
    at = at or timezone.now()
    with transaction.atomic():
        # Claim first: of two calls at once (a double click, a retried request), the
        # conditional update lets exactly one through.
        pending = Acknowledgement.objects.filter(
            of_subject(subject), member=member, acknowledged_at__isnull=True
        )
        if not pending.update(acknowledged_at=at, way=way):
            return None
        activity_seen.send(member, at=at)
        ack = (
            Acknowledgement.objects.select_related("member__user")
            .filter(of_subject(subject), member=member)
            .get()
        )
        ack.response_seconds = working_seconds(
            working_time_of(ack.member.user), ack.requested_at, at
        )
        ack.save(update_fields=["response_seconds"])
        hooks.acknowledged.send(ack, subject)
    return ack


def ack_withdraw(*, subject: models.Model, members: Iterable[Membership] | None = None) -> int:
    """Withdraw the pending requests on `subject` (of `members`, or of everyone)."""
    pending = Acknowledgement.objects.filter(of_subject(subject), acknowledged_at__isnull=True)
    if members is not None:
        pending = pending.filter(member__in=[member.pk for member in members])
    deleted, _ = pending.delete()
    return deleted

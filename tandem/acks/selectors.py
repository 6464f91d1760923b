"""Reads of acknowledgements by their subject."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import QuerySet

from tandem.acks.models import AckKind, Acknowledgement, of_subject, subject_field
from tandem.lib.periods import Span, spans_q
from tandem.workspaces.models import Membership

# Every kind of subject with what its page needs, and its workspace: one query loads an ack and
# whatever it is about.
SUBJECTS = (
    "task__workspace",
    "review__task",
    "review__workspace",
    "announcement__workspace",
    "summary__meeting__series",
    "summary__workspace",
)


def with_subjects(acks: QuerySet[Acknowledgement]) -> QuerySet[Acknowledgement]:
    return acks.select_related(*SUBJECTS)


def acks_of_subject(subject: models.Model) -> QuerySet[Acknowledgement]:
    """Everyone asked to acknowledge `subject`, with whether and when they did."""
    return (
        Acknowledgement.objects.filter(of_subject(subject))
        .select_related("member__user")
        .order_by("acknowledged_at", "member__user__display_name")
    )


def acks_of_subjects(subjects: Sequence[models.Model]) -> dict[int, list[Acknowledgement]]:
    """`acks_of_subject` for many subjects of one model at once (one query): by subject pk."""
    found: dict[int, list[Acknowledgement]] = {subject.pk: [] for subject in subjects}
    if not subjects:
        return found
    field = subject_field(type(subjects[0]))
    rows = Acknowledgement.objects.filter(**{f"{field}_id__in": list(found)}).select_related(
        "member__user"
    )
    for ack in rows.order_by("requested_at", "id"):
        found[getattr(ack, f"{field}_id")].append(ack)
    return found


def ack_pending_for(member: Membership, subject: models.Model) -> Acknowledgement | None:
    """The member's open request to acknowledge `subject`, if there is one."""
    return Acknowledgement.objects.filter(
        of_subject(subject), member=member, acknowledged_at__isnull=True
    ).first()


@dataclass(frozen=True)
class BriefAcks:
    """A member's briefs asked in a span: the working seconds each acknowledged one took, and
    when each still waiting was asked."""

    answered: list[int] = field(default_factory=list)
    pending: list[datetime] = field(default_factory=list)


def brief_acks(workspace_id: int, spans: Mapping[int, Span]) -> dict[int, BriefAcks]:
    """Each member's brief acknowledgements asked in their span. Members with none are left
    out. One query."""
    found: dict[int, BriefAcks] = {}
    rows = Acknowledgement.objects.filter(
        spans_q("member_id", "requested_at", spans), workspace_id=workspace_id, kind=AckKind.BRIEF
    ).values_list("member_id", "acknowledged_at", "response_seconds", "requested_at")
    for member_id, acknowledged_at, seconds, requested_at in rows:
        theirs = found.setdefault(member_id, BriefAcks())
        if acknowledged_at is None:
            theirs.pending.append(requested_at)
        else:
            theirs.answered.append(seconds or 0)
    return found

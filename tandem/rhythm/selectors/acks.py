"""Reads of acknowledgements."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from tandem.rhythm.models import Acknowledgement
from tandem.workspaces.models import Membership


def acks_of_subject(subject: models.Model) -> QuerySet[Acknowledgement]:
    """Everyone asked to acknowledge `subject`, with whether and when they did."""
    return (
        Acknowledgement.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )
        .select_related("member__user")
        .order_by("acknowledged_at", "member__user__display_name")
    )


def ack_pending_for(member: Membership, subject: models.Model) -> Acknowledgement | None:
    """The member's open request to acknowledge `subject`, if there is one."""
    return Acknowledgement.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        member=member,
        acknowledged_at__isnull=True,
    ).first()


def ack_get_for_member(member: Membership, code: str) -> Acknowledgement:
    """One of the member's own acknowledgements; anyone else's is a 404."""
    ack = (
        Acknowledgement.objects.filter(workspace_id=member.workspace_id, member=member, code=code)
        .select_related("content_type")
        .first()
    )
    if ack is None:
        raise Http404
    return ack

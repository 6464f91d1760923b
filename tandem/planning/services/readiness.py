"""Taking the readiness self-assessment: the answers and the scores they give are kept, each
taking a row of its own."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.planning.models import ReadinessAssessment
from tandem.planning.readiness import QUESTIONS, SCALE, scores_of
from tandem.workspaces.models import DELEGATOR_ROLES, Membership


def readiness_take(
    *, actor: Membership, answers: Mapping[str, int], now: datetime | None = None
) -> ReadinessAssessment:
    """Record the actor's own answers (an owner or a manager), scored as the questions score
    them today."""
    if actor.role not in DELEGATOR_ROLES or actor.removed_at is not None:
        raise PermissionDenied
    kept: dict[str, int] = {}
    for question in QUESTIONS:
        answer = answers.get(question.key)
        if answer not in SCALE:
            raise ValidationError({question.key: _("Choose how much you agree.")})
        kept[question.key] = int(answer)
    with transaction.atomic():
        return ReadinessAssessment.objects.create(
            workspace_id=actor.workspace_id,
            member=actor,
            answers=kept,
            scores=scores_of(kept),
            taken_at=now or timezone.now(),
        )

"""The readiness self-assessment, before hiring or growing: retaken as often as wanted, each
result kept."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from tandem.workspaces.models import Membership, Workspace


class ReadinessAssessment(models.Model):
    """One taking of the self-assessment: the answers (question key → choice) and the score of
    each area (area key → 0–100), as they were scored then."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-taken_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "member", "-taken_at"], name="readiness_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.taken_at:%Y-%m-%d}"

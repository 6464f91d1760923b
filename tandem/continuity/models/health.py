"""Relationship health over time: one snapshot per assistant and week."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from tandem.workspaces.models import Membership, Workspace


class HealthSnapshot(models.Model):
    """The health score of an assistant for one week, with each component as it was then."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="health_snapshots"
    )
    week_start = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    # {"responsiveness": {"score": 80, "value": ..., ...}, ...}: what was shown then.
    components = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-week_start"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["member", "week_start"], name="health_once_per_week"),
        ]

    def __str__(self) -> str:
        return f"health of {self.member_id} in week {self.week_start}: {self.score}"

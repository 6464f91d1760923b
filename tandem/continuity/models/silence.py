"""Presence: when each assistant was last active, and where their silence escalation stands."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.workspaces.models import Membership, Workspace


class Step(models.IntegerChoices):
    """The escalation ladder, in order."""

    ACTIVE = 0, _("Active")
    NUDGED = 1, _("Nudged")
    OWNER_TOLD = 2, _("Owners and managers told")
    PARTNER_TOLD = 3, _("Partner told")


class Presence(models.Model):
    """One row per assistant: their last activity and the next escalation step that is due.

    `next_step_at` is the sweep's due time; it is never earlier than the true due time (it may
    be set to a wall-clock lower bound on activity and pushed to the exact working-time instant
    by the sweep), so the sweep reads only rows that may be due.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="presence")
    last_active_at = models.DateTimeField(default=timezone.now)
    step = models.PositiveSmallIntegerField(choices=Step.choices, default=Step.ACTIVE)
    next_step_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar = [
            # For continuity.jobs.sweep_silences: only rows whose next step may be due are read.
            models.Index(
                fields=["next_step_at"],
                condition=models.Q(next_step_at__isnull=False),
                name="presence_due",
            ),
        ]

    def __str__(self) -> str:
        return f"presence of {self.member_id}: step {self.step}"


class Escalation(models.Model):
    """One step of the ladder sent for one silence: the history of a member's silences."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="escalations")
    # The silence this belongs to starts at the member's last activity.
    silent_since = models.DateTimeField()
    step = models.PositiveSmallIntegerField(choices=Step.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-sent_at", "-id"]
        constraints: ClassVar = [
            # Each step of each silence is sent at most once, however many sweeps race.
            models.UniqueConstraint(
                fields=["member", "silent_since", "step"], name="escalation_once_per_step"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "-sent_at"], name="escalation_ws_recent"),
            models.Index(
                fields=["member"],
                condition=models.Q(resolved_at__isnull=True),
                name="escalation_open",
            ),
        ]

    def __str__(self) -> str:
        return f"escalation {self.step} of {self.member_id} since {self.silent_since}"

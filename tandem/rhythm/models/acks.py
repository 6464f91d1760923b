"""Acknowledgements: one record of "this was addressed to you, and you saw it", for briefs,
announcements, meeting summaries and feedback alike; response time is measured from them."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.workspaces.models import Membership, Workspace


class AckKind(models.TextChoices):
    BRIEF = "brief", _("Brief")
    ANNOUNCEMENT = "announcement", _("Announcement")
    SUMMARY = "summary", _("Meeting summary")
    FEEDBACK = "feedback", _("Feedback")


class AckWay(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REPLIED = "replied", _("Replied")


class Acknowledgement(models.Model):
    """Something addressed to one member, and when (and how) they acknowledged it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    kind = models.CharField(max_length=16, choices=AckKind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    requested_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    way = models.CharField(max_length=16, choices=AckWay.choices, blank=True)
    # Working seconds of the member between requested_at and acknowledged_at, in their own
    # working hours; fixed when they acknowledge, so later changes of hours keep history.
    response_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["requested_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "member"], name="ack_once_per_member"
            ),
        ]
        indexes: ClassVar = [
            # What is waiting for a member; their response times, newest first.
            models.Index(fields=["member", "acknowledged_at"], name="ack_member_state"),
            models.Index(fields=["content_type", "object_id"], name="ack_subject"),
            models.Index(fields=["workspace", "member", "-requested_at"], name="ack_ws_member"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} → {self.member_id}"

    @property
    def is_pending(self) -> bool:
        return self.acknowledged_at is None

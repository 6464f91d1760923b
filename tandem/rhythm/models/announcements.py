"""The town hall: announcements to the whole workspace or to its assistants, with replies and
a read record per member."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.rhythm.models.replies import Reply
from tandem.workspaces.models import Membership, Workspace


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    ASSISTANTS = "assistants", _("Assistants")


class Announcement(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    audience = models.CharField(
        _("for"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    # Important: each member in the audience is asked to acknowledge it.
    important = models.BooleanField(_("ask everyone to acknowledge it"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "-created_at"], name="announcement_ws_list"),
        ]

    def __str__(self) -> str:
        return self.title


class AnnouncementReply(Reply):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="replies")

    def __str__(self) -> str:
        return f"reply to {self.announcement_id} by {self.author_id}"


class AnnouncementRead(models.Model):
    """When a member first opened an announcement."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["announcement", "member"], name="announcement_read_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} read by {self.member_id}"

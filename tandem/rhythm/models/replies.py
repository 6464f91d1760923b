"""What a reply is, wherever people answer one another in the rhythm."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.workspaces.models import Membership, Workspace


class Reply(models.Model):
    """A member's answer in a thread: to an announcement, or to a check-in."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("reply"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering: ClassVar = ["created_at", "id"]

"""The delegation plan: responsibilities handed over one at a time, in order."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.workspaces.models import Membership, Workspace


class ResponsibilityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    BRIEFED = "briefed", _("Briefed")
    DELEGATED_80 = "delegated_80", _("80 % delegated")
    DELEGATED = "delegated", _("Fully delegated")


class Responsibility(models.Model):
    """A thing being handed over to an assistant: in the plan's order, from a target start,
    with the instructions it needs, tied to the tasks and recurring duties that carry it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    assistant = models.ForeignKey(
        Membership,
        verbose_name=_("assistant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveIntegerField(default=0)
    target_start = models.DateField(_("target start"), null=True, blank=True)
    # The instructions it needs: a link to the SOP, or the steps written here.
    sop_url = models.URLField(_("SOP link"), blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    # The skill it needs (a tag, as in a role's required skills).
    skill = models.CharField(_("skill needed"), max_length=60, blank=True)
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=ResponsibilityStatus.choices,
        default=ResponsibilityStatus.PLANNED,
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    # Where it came from in the audit: the candidate's key, and the owner's minutes a week
    # it took then.
    candidate_key = models.CharField(max_length=200, blank=True)
    audit_minutes_per_week = models.PositiveIntegerField(null=True, blank=True)
    tasks = models.ManyToManyField("work.Task", blank=True, related_name="+")
    recurring = models.ManyToManyField("work.RecurringTask", blank=True, related_name="+")
    duty = models.ForeignKey(
        "roles.Duty", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering: ClassVar = ["position", "id"]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "position"], name="responsibility_ws_position"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "planning:responsibility", kwargs={"ws": self.workspace.slug, "code": self.code}
        )

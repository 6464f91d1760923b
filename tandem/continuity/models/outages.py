"""Outages (a power cut, no internet, time off) and each assistant's contingency plan."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.workspaces.models import Membership, Workspace


class OutageKind(models.TextChoices):
    POWER = "power", _("Power cut")
    INTERNET = "internet", _("No internet")
    DEVICE = "device", _("Broken device")
    TIME_OFF = "time_off", _("Time off")
    OTHER = "other", _("Something else")


class Outage(models.Model):
    """A stretch when an assistant cannot work: planned ahead, or happening now (open-ended
    until they are back). Silence is not counted during it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="outages")
    kind = models.CharField(_("what"), max_length=10, choices=OutageKind.choices)
    starts_at = models.DateTimeField(_("from"))
    # Empty while an outage reported "now" is still going on.
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-starts_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["member", "starts_at"], name="outage_member_start"),
            models.Index(fields=["workspace", "starts_at"], name="outage_ws_start"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.member_id} from {self.starts_at}"


class ContingencyPlan(models.Model):
    """What an assistant does when power, internet or their device fails (seed 000, item 2)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="contingency_plan"
    )
    backup_power = models.TextField(_("backup power"), blank=True)
    backup_internet = models.TextField(_("backup internet"), blank=True)
    backup_device = models.TextField(_("backup device"), blank=True)
    backup_place = models.TextField(_("backup place to work"), blank=True)
    emergency_contact = models.TextField(_("emergency contact"), blank=True)
    last_tested_on = models.DateField(_("last tested on"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    # The plan's free-text answers, in the order the page shows them.
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = (
        "backup_power",
        "backup_internet",
        "backup_device",
        "backup_place",
        "emergency_contact",
    )

    def __str__(self) -> str:
        return f"contingency plan of {self.member_id}"

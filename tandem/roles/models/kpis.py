"""KPIs: what a role is measured by, the target over time, and the values per assistant."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.roles.models.roles import AssistantRole
from tandem.workspaces.models import Membership, Workspace


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class KpiCadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class KpiSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    ON_TIME = "on_time", _("On-time delivery rate (%)")
    RESPONSE_TIME = "response_time", _("Median response time (working hours)")
    CHANGES_REQUESTED = "changes_requested", _("Changes-requested rate (%)")
    CHECK_INS = "check_ins", _("Check-in rate (%)")
    BRIEF_ACK = "brief_ack", _("Brief acknowledgement time (working hours)")


class Kpi(models.Model):
    """A measurable result a role is held to: a name, a unit, a target, which way is better,
    how often it is measured, and where its values come from."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(AssistantRole, on_delete=models.CASCADE, related_name="kpis")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    # The current target; its history is in `KpiTarget`, and every value keeps the target it
    # was measured against.
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    cadence = models.CharField(
        _("cadence"), max_length=10, choices=KpiCadence.choices, default=KpiCadence.MONTHLY
    )
    source = models.CharField(
        _("source"), max_length=20, choices=KpiSource.choices, default=KpiSource.MANUAL
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("KPI")
        ordering: ClassVar = ["role_id", "name", "id"]

    def __str__(self) -> str:
        return self.name


class KpiTarget(models.Model):
    """A target as it was set: changing a target adds a row and keeps the old ones."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    target = models.DecimalField(max_digits=12, decimal_places=2)
    direction = models.CharField(max_length=6, choices=Direction.choices)
    reason = models.CharField(_("why it changed"), max_length=200, blank=True)
    set_by = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["kpi_id", "set_at", "id"]

    def __str__(self) -> str:
        return f"{self.kpi_id}: {self.target}"


class KpiValue(models.Model):
    """A KPI's value for one assistant over one period (`period_start` to `period_end`,
    exclusive, days in the assistant's zone), with the target it was measured against."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    # None: computed, but there was nothing to measure in the period.
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    direction = models.CharField(max_length=6, choices=Direction.choices)
    # The numbers behind a computed value ("9 of 10 tasks on time").
    figure = models.CharField(max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["kpi_id", "member_id", "period_start"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kpi", "member", "period_start"], name="kpi_value_once_per_period"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "member", "period_start"], name="kpi_value_member"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.member_id} {self.period_start}: {self.value}"

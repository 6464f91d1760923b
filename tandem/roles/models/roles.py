"""A role, the duties it carries by cadence, and who holds it."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.workspaces.models import Membership, Workspace


class AssistantRole(models.Model):
    """The scope of work of an assistant (bookkeeper, social media, personal assistant): what
    it is for, its priorities, the skills it needs, its duties and its KPIs. Not to be mixed up
    with a member's role in the workspace (owner, manager, assistant, partner)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    title = models.CharField(_("title"), max_length=80)
    summary = models.TextField(_("summary"), blank=True)
    priorities = models.TextField(
        _("priorities"), blank=True, help_text=_("What comes first, one a line.")
    )
    # Skill tags, lower case and trimmed ("bookkeeping", "xero"); hiring reads them too.
    skills = models.JSONField(_("required skills"), default=list, blank=True)
    # The area of the business ("Finance", "Marketing"): roles in unrelated areas on one
    # person are what the "hired to do everything" flag looks for, with the areas of tasks.
    area = models.CharField(_("area"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("role")
        ordering: ClassVar = ["title", "id"]
        indexes: ClassVar = [models.Index(fields=["workspace", "title"], name="role_ws_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roles:role", kwargs={"ws": self.workspace.slug, "code": self.code})


class RoleAssignment(models.Model):
    """An assistant holds a role from `started_at` until `ended_at`."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(AssistantRole, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["role", "member"],
                condition=models.Q(ended_at__isnull=True),
                name="role_assignment_once",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "member"], name="role_assignment_member"),
        ]

    def __str__(self) -> str:
        return f"{self.role_id} → {self.member_id}"


class DutyCadence(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class Duty(models.Model):
    """Something a role does on a cadence. Each holder of the role gets it as a recurring task
    (`DutyRecurring`), so its estimate counts in their planned hours like any recurring duty."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(AssistantRole, on_delete=models.CASCADE, related_name="duties")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    sop_url = models.URLField(_("SOP link"), blank=True)
    cadence = models.CharField(_("cadence"), max_length=10, choices=DutyCadence.choices)
    # Weekly: the weekdays (0 = Monday); monthly: the day of the month (a shorter month uses
    # its last day). Daily means every weekday.
    weekdays = models.JSONField(default=list, blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    due_time = models.TimeField(_("due at (local time)"))
    estimate_minutes = models.PositiveIntegerField(
        _("estimated effort (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering: ClassVar = ["role_id", "cadence", "position", "id"]

    def __str__(self) -> str:
        return self.title


class DutyRecurring(models.Model):
    """The recurring task that carries a duty for one holder of its role."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="recurring_links")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    recurring = models.OneToOneField(
        "work.RecurringTask", on_delete=models.CASCADE, related_name="duty_link"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["duty", "member"], name="duty_recurring_once"),
        ]

    def __str__(self) -> str:
        return f"{self.duty_id} → {self.recurring_id}"

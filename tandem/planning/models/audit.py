"""The task audit: what an owner or manager does, logged for one or two weeks and judged three
ways, so the work to delegate shows itself."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.workspaces.models import Membership, Workspace


class Category(models.TextChoices):
    KEY = "key", _("Key")
    ROUTINE = "routine", _("Routine but important")
    USEFUL = "useful", _("Useful, not essential")


class Want(models.TextChoices):
    LOVE = "love", _("Love to do")
    HAVE = "have", _("Have to do")


class Weight(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic")
    MARGINAL = "marginal", _("Marginal")


class AuditPeriod(models.Model):
    """The one or two weeks a member audits, from `starts_on` to `ends_on` (both included)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-starts_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="audit_period_ends_after_start",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "member", "-starts_on"], name="audit_period_member"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on}"


class AuditEntry(models.Model):
    """One thing done: what, for how long, on which day, and the three judgements."""

    class Source(models.TextChoices):
        TYPED = "typed", _("Typed")
        TIME_ENTRY = "time_entry", _("From a time entry")
        TASK = "task", _("From a task")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(
        AuditPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    day = models.DateField(_("day"))
    what = models.CharField(_("what"), max_length=200)
    minutes = models.PositiveIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    want = models.CharField(_("love or have to"), max_length=4, choices=Want.choices)
    weight = models.CharField(_("strategic or marginal"), max_length=10, choices=Weight.choices)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.TYPED)
    # What an imported entry came from, so importing again adds nothing twice.
    time_entry = models.OneToOneField(
        "work.TimeEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task = models.ForeignKey(
        "work.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-day", "-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "member", "day"], name="audit_entry_member_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.what} ({self.minutes} min)"

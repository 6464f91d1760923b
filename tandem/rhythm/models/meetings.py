"""Meetings: a series with a purpose and an agenda, its occurrences, and the summary owed
after each one."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.workspaces.models import Membership, Role, Workspace

# Who may attend a meeting: partners see attendance, not the content of the client's work.
ATTENDEE_ROLES = (Role.OWNER, Role.MANAGER, Role.ASSISTANT)
# A meeting's call link becomes a "Join" button this long before it starts, until it ends.
CALL_OPENS_BEFORE = timedelta(minutes=10)
# Any video-call service (Meet, Zoom, Teams, Jitsi …), over https only.
validate_call_url = URLValidator(
    schemes=["https"], message=_("Give the call's full https:// link (Meet, Zoom, Teams, Jitsi …).")
)


class Cadence(models.TextChoices):
    ONCE = "once", _("Once")
    DAILY = "daily", _("Every weekday")
    WEEKLY = "weekly", _("Every week")


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Meeting")
    KICKOFF = "kickoff", _("Kickoff with a new assistant")


class MeetingSeries(models.Model):
    """A meeting, once or repeating, at a local time in the zone it was planned in."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    kind = models.CharField(max_length=10, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"))
    agenda = models.TextField(_("agenda"), blank=True)
    # The video call every occurrence is held in; optional.
    call_url = models.URLField(
        _("video call link"), max_length=500, blank=True, validators=[validate_call_url]
    )
    cadence = models.CharField(
        _("repeats"), max_length=8, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    # Weekly: the weekdays (0 = Monday).
    weekdays = models.JSONField(default=list, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    at = models.TimeField(_("time of day"))
    # The zone `at` is read in: a series follows that zone's daylight-saving changes.
    zone = models.CharField(_("time zone"), max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    attendees = models.ManyToManyField(Membership, related_name="meeting_series", blank=True)
    # Who owes the summary after each occurrence (usually the assistant).
    summary_by = models.ForeignKey(
        Membership,
        verbose_name=_("summary written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary_due_hours = models.PositiveSmallIntegerField(
        _("summary due within (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Occurrences exist up to this local day; rhythm.jobs.plan_meetings extends them ahead.
    # None once nothing is left to plan (a one-off, or a series planned through its last day).
    planned_until = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["title", "id"]
        indexes: ClassVar = [
            # For rhythm.jobs.plan_meetings: series whose occurrences run out soon.
            models.Index(
                fields=["planned_until"],
                condition=models.Q(ended_at__isnull=True),
                name="meeting_series_to_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    """One occurrence of a series."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    summary_due_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # When the summary writer was asked for the summary (after the meeting ended).
    summary_prompted_at = models.DateTimeField(null=True, blank=True)
    # When the owner was told that the summary is late.
    summary_overdue_at = models.DateTimeField(null=True, blank=True)
    # When its summary was first submitted (also on MeetingSummary): kept here so that the
    # sweeps and "summaries owed" read one table, and a summarised meeting leaves the indexes.
    summarized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["starts_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["series", "starts_at"], name="meeting_once_per_start"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "starts_at"], name="meeting_ws_start"),
            # For rhythm.jobs.prompt_meeting_summaries: ended meetings not yet prompted.
            models.Index(
                fields=["ends_at"],
                condition=models.Q(summary_prompted_at__isnull=True, cancelled_at__isnull=True),
                name="meeting_summary_to_prompt",
            ),
            # For rhythm.jobs.report_late_summaries: meetings whose summary is not in yet.
            models.Index(
                fields=["summary_due_at"],
                condition=models.Q(
                    summary_overdue_at__isnull=True,
                    summarized_at__isnull=True,
                    cancelled_at__isnull=True,
                ),
                name="meeting_summary_to_chase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def call_is_open(self, now: datetime | None = None) -> bool:
        """Whether its call may be joined now: from a few minutes before it starts to its end."""
        now = now or timezone.now()
        return (
            self.cancelled_at is None and self.starts_at - CALL_OPENS_BEFORE <= now < self.ends_at
        )

    @property
    def call_open_now(self) -> bool:
        return self.call_is_open()


class MeetingSummary(models.Model):
    """What was decided and who does what by when, written after a meeting."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="summary")
    author = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    decisions = models.TextField(_("what was decided"))
    notes = models.TextField(_("notes"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"summary of {self.meeting_id}"


class ActionItem(models.Model):
    """Who does what by when, from a summary; it can become a task in one click."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    summary = models.ForeignKey(
        MeetingSummary, on_delete=models.CASCADE, related_name="action_items"
    )
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    text = models.CharField(_("what"), max_length=200)
    owner = models.ForeignKey(
        Membership,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("by when"), null=True, blank=True)
    task = models.ForeignKey(
        "work.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["position", "id"]

    def __str__(self) -> str:
        return self.text

"""The delegation loop: tasks with their briefs, history, reviews, help requests, comments,
attachments, time, and recurring templates."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.lib.timezones import local_instant
from tandem.workspaces.models import Membership, Role, Workspace


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ASSIGNED = "assigned", _("Assigned")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    BLOCKED = "blocked", _("Stuck")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# States in which the work is still to be done by someone.
OPEN_STATES = frozenset(
    {
        State.DRAFT,
        State.ASSIGNED,
        State.ACKNOWLEDGED,
        State.IN_PROGRESS,
        State.IN_REVIEW,
        State.CHANGES_REQUESTED,
        State.BLOCKED,
    }
)


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


def task_path(slug: str, code: str) -> str:
    """A task's page, for those who hold its workspace's slug and its code but not the task."""
    return reverse("work:task", kwargs={"ws": slug, "code": code})


class Task(models.Model):
    """A piece of work an owner or manager delegates, with its brief."""

    # The brief: what the owner writes and may change while the task is open.
    BRIEF_FIELDS: ClassVar[tuple[str, ...]] = (
        "title",
        "outcome",
        "deliverable",
        "acceptance_criteria",
        "due_date",
        "due_time",
        "priority",
        "estimate_minutes",
        "resources",
        "sop_url",
        "area",
    )

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    title = models.CharField(_("title"), max_length=200)
    outcome = models.TextField(_("outcome: why it matters"), blank=True)
    deliverable = models.TextField(_("deliverable"), blank=True)
    acceptance_criteria = models.TextField(_("acceptance criteria"), blank=True)
    # The deadline as the assignee reads it: a date, and optionally a time, in `due_zone`.
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    due_time = models.TimeField(_("time"), null=True, blank=True)
    due_zone = models.CharField(max_length=64, default="UTC")
    # The same deadline as an instant (the end of the day when no time is given), for sorting
    # and for "overdue"; derived by the services whenever the deadline or the assignee changes.
    due_at = models.DateTimeField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    estimate_minutes = models.PositiveIntegerField(
        _("estimated effort (minutes)"), null=True, blank=True
    )
    resources = models.TextField(_("resources"), blank=True, help_text=_("Links, one per line."))
    sop_url = models.URLField(_("SOP link"), blank=True)
    # The area of the business the work belongs to ("Bookkeeping", "Customer support"): the
    # number of areas an assistant covers shows who was hired to do everything.
    area = models.CharField(_("area"), max_length=60, blank=True)
    assignee = models.ForeignKey(
        Membership,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tasks",
    )
    created_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="created_tasks"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    state_changed_at = models.DateTimeField(default=timezone.now)
    # Where a stuck task returns once the owner has answered.
    resume_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    # Where a cancelled task returns when the cancellation is undone.
    cancelled_from = models.CharField(max_length=20, choices=State.choices, blank=True)

    # Acknowledgement by the assignee.
    assigned_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    ack_questions = models.TextField(blank=True)
    proposed_due_date = models.DateField(null=True, blank=True)
    proposed_due_time = models.TimeField(null=True, blank=True)
    proposal_reason = models.TextField(blank=True)

    recurring = models.ForeignKey(
        "RecurringTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
    )
    occurrence_date = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recurring", "occurrence_date"], name="task_one_occurrence_per_day"
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["workspace", "state", "-priority", "due_at"], name="task_ws_state_urgency"
            ),
            models.Index(fields=["workspace", "assignee", "state"], name="task_ws_assignee_state"),
            models.Index(fields=["workspace", "due_at"], name="task_ws_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return task_path(self.workspace.slug, self.code)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def has_proposal(self) -> bool:
        return self.proposed_due_date is not None

    @property
    def proposed_due_at(self) -> datetime | None:
        """The proposed deadline as an instant, read in the deadline's zone like `due_at`."""
        if self.proposed_due_date is None:
            return None
        return local_instant(self.proposed_due_date, self.proposed_due_time, self.due_zone)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < timezone.now()


class TaskEvent(models.Model):
    """The task's history: who changed what, when, from which state to which, and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created the task")
        STATE = "state", _("changed the state")
        EDITED = "edited", _("edited the brief")
        ASSIGNED = "assigned", _("assigned the task")
        ACKNOWLEDGED = "acknowledged", _("acknowledged the brief")
        PROPOSED = "proposed", _("proposed another deadline")
        PROPOSAL_ACCEPTED = "proposal_accepted", _("accepted the proposed deadline")
        PROPOSAL_DECLINED = "proposal_declined", _("kept the original deadline")
        HELP = "help", _("asked for help")
        HELP_ANSWERED = "help_answered", _("answered the request for help")
        REVIEW = "review", _("reviewed the work")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    note = models.TextField(blank=True)
    # A change of deadline (proposed, accepted, kept) names both: the deadline it was and the
    # one proposed, as instants (a deadline without a time is the end of its day).
    deadline_was = models.DateTimeField(null=True, blank=True)
    deadline_proposed = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["task", "created_at"], name="taskevent_task")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.task_id})"


class Review(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        CHANGES = "changes", _("Changes requested")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="reviews_given"
    )
    assignee = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="reviews_received"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    feedback = models.TextField(_("feedback"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "assignee", "-created_at"], name="review_assignee"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.task_id})"


class HelpRequest(models.Model):
    """An "I'm stuck": the assistant's note, and the owner's answer that unblocks."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="help_requests")
    requested_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("what is blocking you"))
    created_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return self.note[:60]


class Comment(models.Model):
    """One thread per task; Markdown, rendered sanitised."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Membership, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [models.Index(fields=["task", "created_at"], name="comment_task")]

    def __str__(self) -> str:
        return self.body[:60]


class Submission(models.Model):
    """A hand-in: what the assignee gives the reviewer with the work, each time they submit it:
    a note, links, and files (attachments that point here)."""

    MAX_LINKS: ClassVar[int] = 10

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="submissions")
    # The history's line for this hand-in.
    event = models.OneToOneField(
        TaskEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="submission"
    )
    submitted_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note for the reviewer"), blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One address a line."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["task", "-created_at"], name="submission_task"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def link_list(self) -> list[str]:
        return [line for line in self.links.splitlines() if line.strip()]


def attachment_path(instance: Attachment, filename: str) -> str:
    # Random folder names: files are served only through a view that checks permission.
    return f"attachments/{instance.workspace_id}/{instance.code}/{filename}"


# Files a browser may show in the page; everything else is downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
# Images that get a thumbnail (the `make_thumbnail` job).
PREVIEW_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def thumbnail_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.workspace_id}/{instance.code}/thumbnail/{filename}"


class Attachment(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    # A file handed in with the work, rather than posted in the thread.
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    uploaded_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    # An image's small copy for the thread, made by the `make_thumbnail` job; until then (and
    # if it cannot be made: `preview_refused` says why) the thread shows the file's link.
    thumbnail = models.FileField(upload_to=thumbnail_path, max_length=300, blank=True)
    thumbnail_width = models.PositiveSmallIntegerField(null=True, blank=True)
    thumbnail_height = models.PositiveSmallIntegerField(null=True, blank=True)
    preview_refused = models.CharField(max_length=100, blank=True)

    class Meta:
        indexes: ClassVar = [
            # The images still waiting for their thumbnail: the `make_missed_thumbnails` sweep.
            models.Index(
                fields=["created_at"],
                condition=models.Q(
                    thumbnail="", preview_refused="", content_type__in=sorted(PREVIEW_TYPES)
                ),
                name="attachment_thumbnail_due",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def inline(self) -> bool:
        """Whether a browser may show the file in the page; everything else is downloaded."""
        return self.content_type in INLINE_TYPES

    @property
    def wants_thumbnail(self) -> bool:
        return (
            self.content_type in PREVIEW_TYPES and not self.thumbnail and not self.preview_refused
        )


class TimeEntry(models.Model):
    """Minutes spent on a task: the assistant's work, or the owner's briefing and reviewing."""

    class Kind(models.TextChoices):
        WORK = "work", _("Work")
        BRIEFING = "briefing", _("Briefing")
        REVIEWING = "reviewing", _("Reviewing")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="time_entries")
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="time_entries")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WORK)
    # A running timer has started_at and no minutes yet.
    started_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(minutes__isnull=True),
                name="time_one_running_timer_per_member",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["task", "kind"], name="time_task_kind"),
            models.Index(fields=["workspace", "member", "created_at"], name="time_member"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes or 0} min {self.get_kind_display()}"

    @property
    def is_running(self) -> bool:
        return self.minutes is None


class RecurringTask(models.Model):
    """A template that creates a task on a cadence, in the assignee's time zone."""

    # Who can be given a recurring task: the people who do the work.
    ASSIGNEE_ROLES: ClassVar[tuple[str, ...]] = (Role.ASSISTANT, Role.MANAGER)

    class Cadence(models.TextChoices):
        WEEKDAYS = "weekdays", _("Every weekday")
        WEEKLY = "weekly", _("Weekly, on chosen days")
        MONTHLY = "monthly", _("Monthly, on a day of the month")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    title = models.CharField(_("title"), max_length=200)
    outcome = models.TextField(_("outcome: why it matters"), blank=True)
    deliverable = models.TextField(_("deliverable"), blank=True)
    acceptance_criteria = models.TextField(_("acceptance criteria"), blank=True)
    # Every occurrence links to it (a role's duty gives its SOP this way).
    sop_url = models.URLField(_("SOP link"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    estimate_minutes = models.PositiveIntegerField(
        _("estimated effort (minutes)"), null=True, blank=True
    )
    assignee = models.ForeignKey(
        Membership,
        verbose_name=_("assignee"),
        on_delete=models.CASCADE,
        related_name="recurring_tasks",
    )
    created_by = models.ForeignKey(
        Membership, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cadence = models.CharField(_("cadence"), max_length=10, choices=Cadence.choices)
    # Weekly: the weekdays (0 = Monday) as a list; monthly: the day of the month (1–31; a
    # shorter month uses its last day).
    weekdays = models.JSONField(default=list, blank=True)
    day_of_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    # Each occurrence is due at this local time in the assignee's zone, on its day.
    due_time = models.TimeField(_("due at (local time)"))
    active = models.BooleanField(default=True)
    # When the next occurrence is to be created (UTC); the recurring-task job selects rows
    # where it has passed, through the partial index below.
    next_run_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [
            models.Index(
                fields=["next_run_at"], name="recurring_due", condition=models.Q(active=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title

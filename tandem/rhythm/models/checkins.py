"""Check-ins: a short written answer at a local time on chosen days, instead of a meeting."""

from __future__ import annotations

from functools import cache
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.rhythm.models.replies import Reply
from tandem.workspaces.models import Membership, Role, Workspace

# Who is asked to check in: the people who do the work.
SCHEDULE_ROLES = (Role.ASSISTANT, Role.MANAGER)


# The written questions when a schedule has none of its own; shown in the reader's language.
DEFAULT_QUESTIONS = (_("What did you finish?"), _("What is next?"))


@cache
def _default_question_numbers() -> dict[str, int]:
    """Each default question as any language asks it, to its number."""
    numbers = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for number, question in enumerate(DEFAULT_QUESTIONS):
                numbers[str(question).casefold()] = number
    return numbers


def question_for_reader(question: str) -> str:
    """A question as it was asked, in the reader's language when it is a default one: an
    answer given in Italian to "Cosa hai finito?" reads "What did you finish?" in English."""
    number = _default_question_numbers().get(question.strip().casefold())
    return question if number is None else str(DEFAULT_QUESTIONS[number])


def default_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


class CheckInSchedule(models.Model):
    """When a member is asked to check in: weekdays and a local time in their own zone."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="check_in_schedule"
    )
    # Weekdays as a list (0 = Monday) and the local time, in the member's own zone.
    weekdays = models.JSONField(default=default_weekdays)
    at = models.TimeField(_("local time"))
    # The written questions; an empty list means the default questions, in the reader's
    # language. "Anything blocking you?" and the mood are always asked.
    questions = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    # The next prompt, in UTC; recomputed from the local time after each prompt, and when the
    # schedule or the member's zone changes.
    next_prompt_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [
            # For rhythm.jobs.prompt_check_ins: only active schedules that are due are read.
            models.Index(
                fields=["next_prompt_at"],
                condition=models.Q(active=True),
                name="checkin_schedule_due",
            ),
        ]

    def __str__(self) -> str:
        return f"check-in of {self.member_id} at {self.at:%H:%M}"


class CheckInState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    MISSED = "missed", _("Missed")


class CheckIn(models.Model):
    """One day's check-in of one member: prompted, then answered or missed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    member = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="check_ins")
    schedule = models.ForeignKey(
        CheckInSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The member's own calendar day this check-in belongs to.
    local_date = models.DateField()
    prompted_at = models.DateTimeField(default=timezone.now)
    # Unanswered by then (the end of the member's local day), it counts as missed.
    due_at = models.DateTimeField()
    state = models.CharField(
        max_length=10, choices=CheckInState.choices, default=CheckInState.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # The written answers: [{"question": "...", "answer": "..."}], questions as they were asked.
    answers = models.JSONField(default=list, blank=True)
    blockers = models.TextField(_("anything blocking you?"), blank=True)
    mood = models.PositiveSmallIntegerField(
        _("how are you?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # The task an owner made of the blocker, if any.
    blocker_task = models.ForeignKey(
        "work.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-local_date", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["member", "local_date"], name="checkin_once_per_day"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "local_date"], name="checkin_ws_day"),
            # For rhythm.jobs.mark_missed_check_ins: only pending check-ins past their day.
            models.Index(
                fields=["due_at"],
                condition=models.Q(state="pending"),
                name="checkin_pending_due",
            ),
        ]

    def __str__(self) -> str:
        return f"check-in {self.code} of {self.member_id} on {self.local_date}"

    @property
    def answer_rows(self) -> list[dict[str, str]]:
        """The answers, each default question in the reader's language."""
        return [
            {"question": question_for_reader(row["question"]), "answer": row["answer"]}
            for row in self.answers
        ]

    @property
    def has_blocker(self) -> bool:
        return bool(self.blockers.strip())

    @property
    def answered_late(self) -> bool:
        """Answered after its day ended (a missed check-in answered later)."""
        return self.answered_at is not None and self.answered_at > self.due_at


class CheckInReply(Reply):
    """An owner's or manager's reply to a check-in, usually to its blocker."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="replies")

    def __str__(self) -> str:
        return f"reply to {self.check_in_id} by {self.author_id}"

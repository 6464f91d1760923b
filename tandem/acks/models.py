"""Acknowledgements: one record of "this was addressed to you, and you saw it", for briefs,
announcements, meeting summaries and feedback alike; response time is measured from them.

A subject is one of four kinds, each its own nullable foreign key, and a check constraint keeps
exactly one set: the database knows what every row is about, deleting a subject deletes its
requests, and a page loads the subjects with `select_related` instead of a query per kind.
The keys name their models by app label ("work.Task"), so this low app points at the apps
above it in the database only: its code never imports them (see docs/architecture.md).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.workspaces.models import Membership, Workspace


class AckKind(models.TextChoices):
    BRIEF = "brief", _("Brief")
    ANNOUNCEMENT = "announcement", _("Announcement")
    SUMMARY = "summary", _("Meeting summary")
    FEEDBACK = "feedback", _("Feedback")


class AckWay(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REPLIED = "replied", _("Replied")


# The subject's foreign keys, one per kind of thing acknowledged.
SUBJECT_FIELDS = ("task", "review", "announcement", "summary")


def _exactly_one_subject() -> Q:
    one = Q()
    for chosen in SUBJECT_FIELDS:
        one |= Q(
            **{f"{field}__isnull": field != chosen for field in SUBJECT_FIELDS},
        )
    return one


class Acknowledgement(models.Model):
    """Something addressed to one member, and when (and how) they acknowledged it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    kind = models.CharField(max_length=16, choices=AckKind.choices)
    task = models.ForeignKey(
        "work.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    review = models.ForeignKey(
        "work.Review", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    announcement = models.ForeignKey(
        "rhythm.Announcement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    summary = models.ForeignKey(
        "rhythm.MeetingSummary", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    way = models.CharField(max_length=16, choices=AckWay.choices, blank=True)
    # Working seconds of the member between requested_at and acknowledged_at, in their own
    # working hours; fixed when they acknowledge, so later changes of hours keep history.
    response_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["requested_at", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=_exactly_one_subject(), name="ack_one_subject"),
            *(
                models.UniqueConstraint(fields=[field, "member"], name=f"ack_once_per_{field}")
                for field in SUBJECT_FIELDS
            ),
        ]
        indexes: ClassVar = [
            # What is waiting for a member; their response times, newest first.
            models.Index(fields=["member", "acknowledged_at"], name="ack_member_state"),
            models.Index(fields=["workspace", "member", "-requested_at"], name="ack_ws_member"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_id} → {self.member_id}"

    @property
    def subject(self) -> models.Model | None:
        """What was acknowledged (None only while a row is being made)."""
        for field in SUBJECT_FIELDS:
            if getattr(self, f"{field}_id") is not None:
                return getattr(self, field)
        return None

    @property
    def subject_id(self) -> int | None:
        for field in SUBJECT_FIELDS:
            value = getattr(self, f"{field}_id")
            if value is not None:
                return value
        return None

    @property
    def is_pending(self) -> bool:
        return self.acknowledged_at is None


def subject_field(model: type[models.Model]) -> str:
    """The foreign key that holds subjects of `model` ("task" for work's Task)."""
    for field in SUBJECT_FIELDS:
        if Acknowledgement._meta.get_field(field).related_model is model:
            return field
    raise TypeError(f"{model.__name__} cannot be acknowledged.")


def of_subject(subject: models.Model) -> Q:
    """The rows about `subject`."""
    return Q(**{f"{subject_field(type(subject))}_id": subject.pk})

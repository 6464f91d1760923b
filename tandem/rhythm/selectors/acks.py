"""Reads of acknowledgements: who was asked, what waits for a member, and where each thing is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.selectors import working_time_of
from tandem.acks.models import AckKind, Acknowledgement
from tandem.acks.selectors import with_subjects
from tandem.lib.working_time import working_seconds_since
from tandem.rhythm.models import Announcement, MeetingSummary
from tandem.rhythm.selectors.response_time import duration_label
from tandem.work.models import Review, Task, task_path
from tandem.workspaces.models import Membership, Role

# How many pending acknowledgements one page lists; the rest are counted.
WAITING_LIMIT = 50
RECENT_LIMIT = 10


def ack_get_for_member(member: Membership, code: str) -> Acknowledgement:
    """One of the member's own acknowledgements; anyone else's is a 404."""
    ack = with_subjects(
        Acknowledgement.objects.filter(workspace_id=member.workspace_id, member=member, code=code)
    ).first()
    if ack is None:
        raise Http404
    return ack


@dataclass
class AckRow:
    """One acknowledgement with what it is about, for a page: a title, a link, how long."""

    ack: Acknowledgement
    slug: str
    # Working seconds of the member so far (pending) or until they acknowledged.
    seconds: int
    expectation_seconds: int

    @property
    def subject(self) -> models.Model | None:
        return self.ack.subject

    @property
    def label(self) -> str:
        return duration_label(self.seconds)

    @property
    def late(self) -> bool:
        return self.seconds > self.expectation_seconds

    @property
    def needs_brief_page(self) -> bool:
        """A brief is acknowledged on the task's page, where the deadline is answered too."""
        return self.ack.kind == AckKind.BRIEF

    @cached_property
    def title(self) -> str:
        subject = self.subject
        if isinstance(subject, Review):
            return _("Feedback on “%(task)s”") % {"task": subject.task.title}
        if isinstance(subject, MeetingSummary):
            return _("Summary of “%(meeting)s”") % {"meeting": subject.meeting.series.title}
        return str(subject)

    @cached_property
    def url(self) -> str:
        """Where the subject is read."""
        subject = self.subject
        if isinstance(subject, Task):
            return task_path(self.slug, subject.code) + "#acknowledge"
        if isinstance(subject, Review):
            return task_path(self.slug, subject.task.code) + "#feedback"
        if isinstance(subject, Announcement):
            return reverse("rhythm:announcement", kwargs={"ws": self.slug, "code": subject.code})
        if isinstance(subject, MeetingSummary):
            return reverse("rhythm:meeting", kwargs={"ws": self.slug, "code": subject.meeting.code})
        return reverse("rhythm:acks", kwargs={"ws": self.slug})


@dataclass(frozen=True)
class AcksOfMember:
    waiting: list[AckRow]
    waiting_total: int
    recent: list[AckRow]


def acks_for_member(member: Membership, *, now: datetime | None = None) -> AcksOfMember:
    """What waits for the member's acknowledgement, oldest first, with how long it has waited in
    their own working hours; and what they acknowledged lately, newest first."""
    now = now or timezone.now()
    mine = Acknowledgement.objects.filter(workspace_id=member.workspace_id, member=member)
    if member.role == Role.PARTNER:
        # A partner (perhaps an assistant before) is never shown a brief or feedback on a task.
        mine = mine.filter(kind=AckKind.ANNOUNCEMENT)
    waiting_rows = mine.filter(acknowledged_at__isnull=True)
    pending = list(with_subjects(waiting_rows).order_by("requested_at", "id")[:WAITING_LIMIT])
    recent = list(
        with_subjects(mine.filter(acknowledged_at__isnull=False)).order_by(
            "-acknowledged_at", "-id"
        )[:RECENT_LIMIT]
    )
    total = waiting_rows.count() if len(pending) == WAITING_LIMIT else len(pending)
    shown = [*pending, *recent]
    waiting = [ack for ack in shown if ack.acknowledged_at is None]
    done = [ack for ack in shown if ack.acknowledged_at is not None]
    waited = working_seconds_since(
        working_time_of(member.user), [ack.requested_at for ack in waiting], now
    )
    expectation = member.workspace.response_time_hours * 3600
    slug = member.workspace.slug
    return AcksOfMember(
        waiting=[
            AckRow(ack, slug, seconds, expectation)
            for ack, seconds in zip(waiting, waited, strict=True)
        ],
        waiting_total=total - (len(pending) - len(waiting)),
        recent=[AckRow(ack, slug, ack.response_seconds or 0, expectation) for ack in done],
    )

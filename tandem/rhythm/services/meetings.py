"""Meetings: a series with a purpose, and the summary owed after each occurrence, acknowledged
by the owner.

When a series meets, and its occurrences ahead, is `meeting_plans`. Summaries are chased by two
sweeps: `prompt_meeting_summaries` asks the writer once after the meeting ends,
`report_late_summaries` tells the owner once when it is late.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.acks.models import AckKind, Acknowledgement
from tandem.acks.services import ack_request
from tandem.lib.schedule import sweep_due
from tandem.lib.templatetags.when import when
from tandem.lib.timezones import is_valid_zone
from tandem.notify import kinds
from tandem.notify.services import notify
from tandem.rhythm.models import (
    ATTENDEE_ROLES,
    ActionItem,
    Cadence,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingSummary,
)
from tandem.rhythm.services.meeting_plans import meetings_plan, meetings_replan
from tandem.work.models import Task
from tandem.work.services.tasks import Brief, task_create
from tandem.workspaces.models import Membership, Role

logger = logging.getLogger(__name__)

# One sweep handles at most this many meetings; the rest wait for the next run.
SWEEP_BATCH = 500

SCHEDULE_FIELDS = (
    "cadence",
    "weekdays",
    "starts_on",
    "ends_on",
    "at",
    "zone",
    "duration_minutes",
    "summary_due_hours",
)


@dataclass(frozen=True)
class SeriesSpec:
    """What a meeting series says: its purpose and agenda, and when it meets."""

    title: str
    purpose: str
    starts_on: date
    at: time
    zone: str
    attendees: Sequence[Membership]
    cadence: str = Cadence.WEEKLY
    weekdays: tuple[int, ...] = field(default=())
    ends_on: date | None = None
    agenda: str = ""
    duration_minutes: int = 30
    summary_by: Membership | None = None
    summary_due_hours: int = 24
    kind: str = MeetingKind.REGULAR


@dataclass(frozen=True)
class ItemSpec:
    """One action item of a summary: who does what by when."""

    text: str
    owner: Membership | None = None
    due_date: date | None = None


# Notifications


def _meeting_url(meeting: Meeting) -> str:
    return reverse("rhythm:meeting", kwargs={"ws": meeting.workspace.slug, "code": meeting.code})


def _params(series: MeetingSeries, actor: Membership | None = None) -> dict[str, object]:
    params: dict[str, object] = {"meeting": series.title, "subject": series.title}
    if actor is not None:
        params["actor"] = str(actor.user)
    return params


# Series


def _require_delegator(actor: Membership, series: MeetingSeries | None = None) -> None:
    if not actor.can_delegate:
        raise PermissionDenied
    if series is not None and series.workspace_id != actor.workspace_id:
        raise PermissionDenied


def _validate(actor: Membership, spec: SeriesSpec) -> Membership | None:
    """Check the spec; return who writes the summary (by default the first assistant)."""
    errors: dict[str, str] = {}
    if not spec.purpose.strip():
        errors["purpose"] = _("Say what the meeting is for: one sentence is enough.")
    if not spec.title.strip():
        errors["title"] = _("Give the meeting a name.")
    if not is_valid_zone(spec.zone):
        errors["zone"] = _("Choose a time zone from the list.")
    if spec.cadence == Cadence.WEEKLY and not spec.weekdays:
        errors["weekdays"] = _("Choose at least one day of the week.")
    if spec.ends_on is not None and spec.ends_on < spec.starts_on:
        errors["ends_on"] = _("The last day cannot come before the first day.")
    for person in spec.attendees:
        if (
            person.workspace_id != actor.workspace_id
            or person.removed_at is not None
            or person.role not in ATTENDEE_ROLES
        ):
            errors["attendees"] = _("Choose owners, managers or assistants of this workspace.")
    if not spec.attendees:
        errors["attendees"] = _("Choose who attends.")
    summary_by = spec.summary_by
    if summary_by is None:
        summary_by = next(
            (person for person in spec.attendees if person.role == Role.ASSISTANT), None
        )
    elif summary_by.pk not in {person.pk for person in spec.attendees}:
        errors["summary_by"] = _("The person who writes the summary must attend the meeting.")
    if errors:
        raise ValidationError(errors)
    return summary_by


def _announce(series: MeetingSeries, actor: Membership, members: Iterable[Membership]) -> None:
    """Tell newly added attendees, with a link to the next occurrence."""
    people = [person for person in members if person.pk != actor.pk]
    if not people:
        return
    first = (
        Meeting.objects.filter(series=series, cancelled_at__isnull=True)
        .order_by("starts_at")
        .first()
    )
    url = (
        reverse("rhythm:meeting", kwargs={"ws": series.workspace.slug, "code": first.code})
        if first
        else reverse("rhythm:meetings", kwargs={"ws": series.workspace.slug})
    )
    notify(
        workspace=series.workspace,
        recipients=people,
        kind=kinds.MEETING_ADDED,
        event_key=f"meeting-series:{series.code}:added",
        actor=actor,
        url=url,
        thread_key=f"meeting-series:{series.code}",
        params=_params(series, actor),
    )


def meeting_series_create(
    *, actor: Membership, spec: SeriesSpec, now: datetime | None = None
) -> MeetingSeries:
    """Create a series and plan its occurrences; attendees are told.

    `now` plans as of another moment: the demo makes a series that began last week.
    """
    _require_delegator(actor)
    summary_by = _validate(actor, spec)
    with transaction.atomic():
        series = MeetingSeries(
            workspace=actor.workspace,
            kind=spec.kind,
            title=spec.title.strip(),
            purpose=spec.purpose.strip(),
            agenda=spec.agenda,
            cadence=spec.cadence,
            weekdays=sorted(set(spec.weekdays)) if spec.cadence == Cadence.WEEKLY else [],
            starts_on=spec.starts_on,
            # A one-off's last day is its day.
            ends_on=spec.starts_on if spec.cadence == Cadence.ONCE else spec.ends_on,
            at=spec.at,
            zone=spec.zone,
            duration_minutes=spec.duration_minutes,
            summary_by=summary_by,
            summary_due_hours=spec.summary_due_hours,
            created_by=actor,
            created_at=now or timezone.now(),
        )
        series.full_clean(exclude=["summary_by", "created_by", "attendees"])
        series.save()
        series.attendees.set(spec.attendees)
        meetings_plan(series=series, now=now)
        _announce(series, actor, spec.attendees)
    return series


def meeting_series_update(
    *, actor: Membership, series: MeetingSeries, spec: SeriesSpec, now: datetime | None = None
) -> MeetingSeries:
    """Change a series. A new time moves the future occurrences that have no summary."""
    _require_delegator(actor, series)
    if series.ended_at is not None:
        raise ValidationError(_("This meeting has ended; it can no longer be changed."))
    summary_by = _validate(actor, spec)
    now = now or timezone.now()
    with transaction.atomic():
        before = {name: getattr(series, name) for name in SCHEDULE_FIELDS}
        series.title = spec.title.strip()
        series.purpose = spec.purpose.strip()
        series.agenda = spec.agenda
        series.cadence = spec.cadence
        series.weekdays = sorted(set(spec.weekdays)) if spec.cadence == Cadence.WEEKLY else []
        series.starts_on = spec.starts_on
        series.ends_on = spec.starts_on if spec.cadence == Cadence.ONCE else spec.ends_on
        series.at = spec.at
        series.zone = spec.zone
        series.duration_minutes = spec.duration_minutes
        series.summary_due_hours = spec.summary_due_hours
        series.summary_by = summary_by
        series.full_clean(exclude=["summary_by", "created_by", "attendees"])
        series.save(update_fields=["title", "purpose", "agenda", "summary_by", *SCHEDULE_FIELDS])
        old = set(series.attendees.values_list("pk", flat=True))
        series.attendees.set(spec.attendees)
        if before != {name: getattr(series, name) for name in SCHEDULE_FIELDS}:
            meetings_replan(series=series, now=now)
        _announce(series, actor, [person for person in spec.attendees if person.pk not in old])
    return series


def meeting_series_end(
    *, actor: Membership, series: MeetingSeries, now: datetime | None = None
) -> int:
    """End a series: its future occurrences are cancelled. Returns how many were."""
    _require_delegator(actor, series)
    now = now or timezone.now()
    with transaction.atomic():
        if not MeetingSeries.objects.filter(pk=series.pk, ended_at__isnull=True).update(
            ended_at=now, planned_until=None
        ):
            return 0
        series.ended_at, series.planned_until = now, None
        return Meeting.objects.filter(
            series=series, starts_at__gt=now, cancelled_at__isnull=True
        ).update(cancelled_at=now)


def meeting_cancel(*, actor: Membership, meeting: Meeting) -> bool:
    """Cancel one occurrence that has not begun; True when this call cancelled it."""
    _require_delegator(actor, meeting.series)
    now = timezone.now()
    if meeting.starts_at <= now:
        raise ValidationError(_("This meeting has already begun; it can no longer be cancelled."))
    with transaction.atomic():
        done = Meeting.objects.filter(pk=meeting.pk, cancelled_at__isnull=True).update(
            cancelled_at=now
        )
    if done:
        meeting.cancelled_at = now
    return bool(done)


# Summaries


def _delegators_of(meeting: Meeting, author: Membership | None) -> list[Membership]:
    """Who acknowledges a summary: the series' creator and the delegators who attended."""
    series = meeting.series
    people = {
        person.pk: person
        for person in series.attendees.active().select_related("user")
        if person.can_delegate
    }
    creator = series.created_by
    if creator is not None and creator.removed_at is None:
        people.setdefault(creator.pk, creator)
    if not people:
        people = {
            person.pk: person
            for person in Membership.objects.active()
            .filter(workspace_id=meeting.workspace_id, role=Role.OWNER)
            .select_related("user")
        }
    if author is not None:
        people.pop(author.pk, None)
    return list(people.values())


def can_write_summary(member: Membership, meeting: Meeting) -> bool:
    """The summary writer of the series; with none named, any attendee."""
    series = meeting.series
    if series.summary_by_id is not None:
        return series.summary_by_id == member.pk
    return series.attendees.filter(pk=member.pk).exists()


def meeting_summary_submit(
    *,
    actor: Membership,
    meeting: Meeting,
    decisions: str,
    notes: str = "",
    items: Sequence[ItemSpec] = (),
    now: datetime | None = None,
) -> MeetingSummary:
    """Write (or correct) the summary of a meeting that has begun.

    The first submission asks the owner to acknowledge it and tells them; a correction replaces
    the action items that have not become tasks, and tells nobody again.
    """
    if meeting.workspace_id != actor.workspace_id or not can_write_summary(actor, meeting):
        raise PermissionDenied
    now = now or timezone.now()
    if not decisions.strip():
        raise ValidationError({"decisions": _("Write what was decided, even if it was little.")})
    if meeting.cancelled_at is not None:
        raise ValidationError(_("This meeting was cancelled: there is nothing to summarise."))
    if meeting.starts_at > now:
        raise ValidationError(_("The meeting has not begun yet: write its summary afterwards."))
    for item in items:
        if item.owner is not None and item.owner.workspace_id != actor.workspace_id:
            raise PermissionDenied
    with transaction.atomic():
        summary = MeetingSummary.objects.select_for_update().filter(meeting=meeting).first()
        first = summary is None
        if summary is None:
            summary = MeetingSummary.objects.create(
                workspace_id=meeting.workspace_id,
                meeting=meeting,
                author=actor,
                decisions=decisions.strip(),
                notes=notes.strip(),
                submitted_at=now,
                updated_at=now,
            )
            Meeting.objects.filter(pk=meeting.pk, summarized_at__isnull=True).update(
                summarized_at=now
            )
            meeting.summarized_at = now
        else:
            summary.decisions, summary.notes, summary.updated_at = (
                decisions.strip(),
                notes.strip(),
                now,
            )
            summary.save(update_fields=["decisions", "notes", "updated_at"])
            summary.action_items.filter(task__isnull=True).delete()
        start = summary.action_items.count()
        ActionItem.objects.bulk_create(
            ActionItem(
                workspace_id=meeting.workspace_id,
                summary=summary,
                text=item.text.strip()[:200],
                owner=item.owner,
                due_date=item.due_date,
                position=start + position,
            )
            for position, item in enumerate(item for item in items if item.text.strip())
        )
        if first:
            readers = _delegators_of(meeting, actor)
            ack_request(
                workspace=meeting.workspace,
                subject=summary,
                kind=AckKind.SUMMARY,
                members=readers,
                at=now,
            )
            notify(
                workspace=meeting.workspace,
                recipients=readers,
                kind=kinds.SUMMARY_SUBMITTED,
                event_key=f"meeting:{meeting.code}:summary",
                actor=actor,
                url=_meeting_url(meeting),
                thread_key=f"meeting:{meeting.code}",
                params=_params(meeting.series, actor),
            )
    return summary


def summary_acknowledged(ack: Acknowledgement, subject: object) -> None:
    """The summary's author hears who acknowledged it. (Connected to the acks hook
    `acknowledged`.)"""
    if ack.kind != AckKind.SUMMARY or not isinstance(subject, MeetingSummary):
        return
    summary = MeetingSummary.objects.select_related(
        "author", "meeting__series", "meeting__workspace"
    ).get(pk=subject.pk)
    meeting = summary.meeting
    notify(
        workspace=meeting.workspace,
        recipients=[summary.author],
        kind=kinds.SUMMARY_ACKNOWLEDGED,
        event_key=f"meeting:{meeting.code}:acknowledged:{ack.member_id}",
        actor=ack.member,
        url=_meeting_url(meeting),
        thread_key=f"meeting:{meeting.code}",
        params=_params(meeting.series, ack.member),
    )


def action_item_make_task(*, actor: Membership, item: ActionItem) -> Task:
    """Turn an action item into a task; a second call returns the task made by the first."""
    if not actor.can_delegate or item.workspace_id != actor.workspace_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            ActionItem.objects.select_for_update(of=("self",))
            .select_related("task")
            .get(pk=item.pk)
        )
        if locked.task is not None:
            item.task = locked.task
            return locked.task
        owner = locked.owner
        assignee = (
            owner
            if owner is not None
            and owner.removed_at is None
            and owner.role in (Role.ASSISTANT, Role.MANAGER)
            else None
        )
        meeting = item.summary.meeting
        task = task_create(
            actor=actor,
            brief=Brief(
                title=locked.text,
                outcome=_("Agreed in the meeting “%(meeting)s” on %(day)s.")
                % {
                    "meeting": meeting.series.title,
                    "day": when(
                        meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.series.zone)).date(),
                        "date",
                    ),
                },
                due_date=locked.due_date,
            ),
            assignee=assignee,
        )
        ActionItem.objects.filter(pk=item.pk, task__isnull=True).update(task=task)
        item.task = task
    return task


# The sweeps


def _sweep(due: QuerySet[Meeting], act: Callable[[Meeting], int | bool], name: str) -> int:
    return sweep_due(
        due, act, name=name, log=logger, batch=SWEEP_BATCH, label=lambda meeting: meeting.code
    )


def meeting_summaries_prompt_due(now: datetime | None = None) -> int:
    """Ask each summary writer once, after the meeting ended. Returns how many were asked."""
    now = now or timezone.now()
    due = (
        Meeting.objects.filter(
            ends_at__lte=now, summary_prompted_at__isnull=True, cancelled_at__isnull=True
        )
        .select_related("series__summary_by", "workspace")
        .order_by("ends_at", "id")
    )
    return _sweep(due, lambda meeting: _summary_prompt(meeting, now=now), "summary prompts")


def _summary_prompt(meeting: Meeting, *, now: datetime) -> int:
    """Claim one meeting's prompt and tell its writer, in one transaction: a process that dies
    between the two loses neither."""
    with transaction.atomic():
        # Claimed first: a second sweep running at once skips it.
        if not Meeting.objects.filter(pk=meeting.pk, summary_prompted_at__isnull=True).update(
            summary_prompted_at=now
        ):
            return 0
        writer = meeting.series.summary_by
        if meeting.summarized_at is not None or writer is None or writer.removed_at is not None:
            return 0
        return len(
            notify(
                workspace=meeting.workspace,
                recipients=[writer],
                kind=kinds.SUMMARY_DUE,
                event_key=f"meeting:{meeting.code}:summary-due",
                actor=None,
                url=_meeting_url(meeting),
                thread_key=f"meeting:{meeting.code}",
                params=_params(meeting.series),
            )
        )


def meeting_summaries_late_due(now: datetime | None = None) -> int:
    """Tell the owner once when a summary is past its deadline. Returns how many meetings."""
    now = now or timezone.now()
    due = (
        Meeting.objects.filter(
            summary_due_at__lte=now,
            summary_overdue_at__isnull=True,
            summarized_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .select_related("series__created_by__user", "series__summary_by", "workspace")
        .order_by("summary_due_at", "id")
    )
    return _sweep(due, lambda meeting: _summary_late(meeting, now=now), "late summaries")


def _summary_late(meeting: Meeting, *, now: datetime) -> bool:
    """Claim one late summary and tell the owners, in one transaction."""
    with transaction.atomic():
        if not Meeting.objects.filter(
            pk=meeting.pk, summarized_at__isnull=True, summary_overdue_at__isnull=True
        ).update(summary_overdue_at=now):
            return False
        if meeting.series.summary_by_id is None:
            return False  # nobody owed it
        notify(
            workspace=meeting.workspace,
            recipients=_delegators_of(meeting, meeting.series.summary_by),
            kind=kinds.SUMMARY_LATE,
            event_key=f"meeting:{meeting.code}:summary-late",
            actor=None,
            url=_meeting_url(meeting),
            thread_key=f"meeting:{meeting.code}",
            params=_params(meeting.series),
        )
        return True

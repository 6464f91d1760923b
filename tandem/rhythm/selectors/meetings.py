"""Reads of meetings, with their access rules.

Owners and managers see every meeting of the workspace; assistants the meetings they attend;
partners none (the views refuse them). Another workspace's meeting is a 404, like one that does
not exist.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.acks.models import AckKind, Acknowledgement
from tandem.rhythm.models import ATTENDEE_ROLES, ActionItem, Meeting, MeetingSeries, MeetingSummary
from tandem.workspaces.models import Membership, Role, Workspace


def _attendees() -> Prefetch:
    return Prefetch(
        "series__attendees",
        queryset=Membership.objects.select_related("user").order_by("user__display_name"),
    )


def _visible_to(member: Membership, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    meetings = meetings.filter(workspace_id=member.workspace_id)
    if member.can_delegate:
        return meetings
    if member.role == Role.ASSISTANT:
        return meetings.filter(series__attendees=member)
    return meetings.none()


def series_visible_to(member: Membership) -> QuerySet[MeetingSeries]:
    """The series whose agenda and summaries `member` may read: every one for owners and
    managers, those they attend for assistants, none for partners."""
    series = MeetingSeries.objects.filter(workspace_id=member.workspace_id)
    if member.can_delegate:
        return series
    if member.role == Role.ASSISTANT:
        return series.filter(attendees=member)
    return series.none()


def attendee_choices(workspace: Workspace) -> QuerySet[Membership]:
    """Who may be invited to a meeting: the workspace's active owners, managers and
    assistants, by name."""
    return (
        Membership.objects.active()
        .filter(workspace=workspace, role__in=ATTENDEE_ROLES)
        .select_related("user")
        .order_by("user__display_name")
    )


def next_meeting_of(series: MeetingSeries, *, now: datetime) -> Meeting | None:
    """The series' next meeting that is not cancelled."""
    return (
        Meeting.objects.filter(series=series, cancelled_at__isnull=True, starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )


def meetings_base() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "series__summary_by__user", "series__created_by__user", "workspace"
    )


def meeting_get_for_member(member: Membership, code: str) -> Meeting:
    """One occurrence the member may see, with its series and attendees; otherwise 404."""
    meeting = (
        _visible_to(member, meetings_base().filter(code=code))
        .prefetch_related(_attendees())
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def series_get(workspace: Workspace, code: str) -> MeetingSeries:
    """A series of the workspace by code, or 404. It checks no role: the views that use it let
    only delegators this far."""
    series = (
        MeetingSeries.objects.filter(workspace=workspace, code=code)
        .select_related("workspace", "summary_by__user", "created_by__user")
        .prefetch_related("attendees")
        .first()
    )
    if series is None:
        raise Http404
    return series


def action_item_get(workspace: Workspace, code: str) -> ActionItem:
    """An action item of the workspace by code, or 404. It checks no role: the view that uses
    it lets only delegators this far."""
    item = (
        ActionItem.objects.filter(workspace=workspace, code=code)
        .select_related("task", "owner__user", "summary__meeting__series")
        .first()
    )
    if item is None:
        raise Http404
    return item


def meetings_upcoming(
    member: Membership, *, now: datetime | None = None, days: int = 14, limit: int = 100
) -> list[Meeting]:
    """The member's meetings from now to `days` ahead (cancelled ones included, marked)."""
    now = now or timezone.now()
    return list(
        _visible_to(
            member,
            meetings_base().filter(ends_at__gt=now, starts_at__lt=now + timedelta(days=days)),
        )
        .prefetch_related(_attendees())
        .order_by("starts_at", "id")[:limit]
    )


def meeting_next_of(
    member: Membership, *, now: datetime | None = None, days: int = 7
) -> Meeting | None:
    """The next meeting the member attends, on now or within `days`, not cancelled: one
    query, or None."""
    now = now or timezone.now()
    return (
        meetings_base()
        .filter(
            workspace_id=member.workspace_id,
            series__attendees=member,
            cancelled_at__isnull=True,
            ends_at__gt=now,
            starts_at__lt=now + timedelta(days=days),
        )
        .order_by("starts_at", "id")
        .first()
    )


def meetings_recent(
    member: Membership, *, now: datetime | None = None, limit: int = 10
) -> list[Meeting]:
    """The member's latest meetings that have ended, newest first."""
    now = now or timezone.now()
    return list(
        _visible_to(
            member,
            meetings_base().filter(ends_at__lte=now, cancelled_at__isnull=True),
        ).order_by("-starts_at", "-id")[:limit]
    )


def summaries_owed_by(member: Membership, *, now: datetime | None = None) -> list[Meeting]:
    """Meetings that have ended and whose summary the member still owes, oldest first."""
    now = now or timezone.now()
    return list(
        meetings_base()
        .filter(
            workspace_id=member.workspace_id,
            series__summary_by=member,
            ends_at__lte=now,
            summarized_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .order_by("ends_at", "id")[:50]
    )


def summaries_to_acknowledge(member: Membership) -> list[MeetingSummary]:
    """Summaries waiting for the member's acknowledgement, oldest first (the board's
    attention panel reads it too)."""
    waiting = Acknowledgement.objects.filter(
        workspace_id=member.workspace_id,
        member=member,
        kind=AckKind.SUMMARY,
        acknowledged_at__isnull=True,
        summary__isnull=False,
    ).values("summary_id")
    return list(
        MeetingSummary.objects.filter(workspace_id=member.workspace_id, pk__in=waiting)
        .select_related("author__user", "meeting__series")
        .order_by("submitted_at", "id")[:50]
    )


@dataclass(frozen=True)
class LocalTime:
    """When an occurrence begins for one attendee, in their own zone."""

    member: Membership
    starts: datetime
    zone: str
    other_day: bool  # another calendar day than the viewer's


def local_times(
    meeting: Meeting, viewer: Membership, attendees: Iterable[Membership] | None = None
) -> list[LocalTime]:
    """When the meeting begins for each other attendee, in their own zone."""
    viewer_zone = zoneinfo.ZoneInfo(viewer.user.time_zone)
    viewer_day = meeting.starts_at.astimezone(viewer_zone).date()
    rows = []
    people = attendees if attendees is not None else meeting.series.attendees.all()
    for person in people:
        if person.pk == viewer.pk or person.removed_at is not None:
            continue
        starts = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(person.user.time_zone))
        rows.append(
            LocalTime(
                member=person,
                starts=starts,
                zone=person.user.time_zone,
                other_day=starts.date() != viewer_day,
            )
        )
    return rows

"""Personal calendar feeds: what a person's feed holds, across all their active memberships,
and the iCalendar (RFC 5545) text a calendar application subscribes to.

Every instant goes out in UTC ("...Z"): the calendar application shows it in its own zone, so
the feed never has to describe zones. A deadline without a time is an all-day event on its date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from tandem.accounts.models import User
from tandem.continuity.models import Outage
from tandem.lib.schedule import local_date, local_instants
from tandem.rhythm.models import CalendarFeed, CheckInSchedule, Meeting
from tandem.work.models import OPEN_STATES, Task
from tandem.workspaces.models import Role

# Meetings from this far back and this far ahead are in the feed.
MEETINGS_BEFORE = timedelta(days=30)
MEETINGS_AHEAD = timedelta(days=90)
# Check-in times for this many of the person's own days, today included.
CHECK_IN_DAYS = 14
CHECK_IN_MINUTES = 15
# An outage still going on shows until this long after now (the feed is fetched hourly).
OPEN_OUTAGE_SHOWN = timedelta(hours=1)

Kind = Literal["deadline", "meeting", "check_in", "outage"]

# The feed follows the person's role in each workspace as it is now: where they are a partner
# (perhaps an assistant or a manager before), it shows no task, meeting or check-in of that
# workspace, only their own outages.
SEES_WORK = [role for role in Role.values if role != Role.PARTNER]


@dataclass(frozen=True)
class Entry:
    """One event of the feed. `start`/`end` are UTC instants, or dates for an all-day event."""

    uid: str
    kind: Kind
    summary: str
    start: datetime | date
    end: datetime | date | None
    path: str
    description: str
    # Where it happens: a meeting's video call.
    location: str = ""


def calendar_feed_by_token(token: str) -> CalendarFeed:
    """The feed a secret address names, or 404: a reset token and a made-up one look alike."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    return feed


def calendar_entries(user: User, *, now: datetime) -> list[Entry]:
    """Everything of the person's feed: a fixed number of queries however many rows."""
    links = _Links()
    return [
        *_deadlines(user, links),
        *_meetings(user, links, now),
        *_check_ins(user, links, now),
        *_outages(user, links, now),
    ]


def calendar_ical(
    entries: Iterable[Entry], *, now: datetime, name: str, absolute: Callable[[str], str]
) -> bytes:
    """The feed as iCalendar text; `absolute` turns a path into a full URL back to Tandem."""
    calendar = Calendar()
    calendar.add("prodid", "-//Tandem//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # Ask subscribers to fetch it again every hour (RFC 7986, and the older Outlook name).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = now.astimezone(UTC)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.summary)
        event.add("dtstart", entry.start)
        if entry.end is not None:
            event.add("dtend", entry.end)
        event.add("description", entry.description)
        event.add("url", absolute(entry.path))
        if entry.location:
            event.add("location", entry.location)
        event.add("categories", [entry.kind.replace("_", "-")])
        # Deadlines and check-ins do not make the person busy; meetings and outages do.
        event.add("transp", "OPAQUE" if entry.kind in ("meeting", "outage") else "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


class _Links:
    """Paths back to Tandem; a workspace's list pages are reversed once per feed."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], str] = {}

    def workspace_page(self, name: str, slug: str) -> str:
        key = (name, slug)
        if key not in self._cache:
            self._cache[key] = reverse(name, kwargs={"ws": slug})
        return self._cache[key]

    def object_page(self, name: str, slug: str, code: str) -> str:
        return reverse(name, kwargs={"ws": slug, "code": code})


def _deadlines(user: User, links: _Links) -> list[Entry]:
    tasks = (
        Task.objects.filter(
            assignee__user=user,
            assignee__removed_at__isnull=True,
            assignee__role__in=SEES_WORK,
            state__in=OPEN_STATES,
            due_at__isnull=False,
        )
        .select_related("workspace")
        .only(
            "code", "title", "due_date", "due_time", "due_at", "workspace__slug", "workspace__name"
        )
        .order_by("due_at", "id")
    )
    entries = []
    for task in tasks:
        start: datetime | date
        end: datetime | date | None
        if task.due_time is None and task.due_date is not None:
            start, end = task.due_date, task.due_date + timedelta(days=1)
        else:
            start, end = task.due_at.astimezone(UTC), None  # type: ignore[union-attr]
        entries.append(
            Entry(
                uid=f"task-{task.code}@tandem",
                kind="deadline",
                summary=_("Deadline: %(title)s") % {"title": task.title},
                start=start,
                end=end,
                path=task.get_absolute_url(),
                description=_("A task of yours in %(workspace)s.")
                % {"workspace": task.workspace.name},
            )
        )
    return entries


def _meetings(user: User, links: _Links, now: datetime) -> list[Entry]:
    meetings = (
        Meeting.objects.filter(
            series__attendees__user=user,
            series__attendees__removed_at__isnull=True,
            series__attendees__role__in=SEES_WORK,
            cancelled_at__isnull=True,
            starts_at__gte=now - MEETINGS_BEFORE,
            starts_at__lt=now + MEETINGS_AHEAD,
        )
        .select_related("series", "workspace")
        .order_by("starts_at", "id")
    )
    entries = []
    for meeting in meetings:
        series = meeting.series
        slug = meeting.workspace.slug
        description = _("Purpose: %(purpose)s") % {"purpose": series.purpose}
        if series.agenda:
            description += "\n\n" + _("Agenda:") + "\n" + series.agenda
        if series.call_url:
            description += "\n\n" + _("Video call: %(url)s") % {"url": series.call_url}
        description += "\n\n" + meeting.workspace.name
        entries.append(
            Entry(
                uid=f"meeting-{meeting.code}@tandem",
                kind="meeting",
                summary=series.title,
                start=meeting.starts_at.astimezone(UTC),
                end=meeting.ends_at.astimezone(UTC),
                path=links.object_page("rhythm:meeting", slug, meeting.code),
                description=description,
                location=series.call_url,
            )
        )
    return entries


def _check_ins(user: User, links: _Links, now: datetime) -> list[Entry]:
    """The next days' check-in times, each computed in the person's own zone on its own date,
    so a daylight-saving change moves the UTC instant and not the local time."""
    schedules = CheckInSchedule.objects.filter(
        member__user=user,
        member__removed_at__isnull=True,
        member__role__in=SEES_WORK,
        active=True,
    ).select_related("member__workspace")
    zone = user.time_zone
    today = local_date(now, zone)
    last = today + timedelta(days=CHECK_IN_DAYS - 1)
    entries = []
    for schedule in schedules:
        workspace = schedule.member.workspace
        path = links.workspace_page("rhythm:checkins", workspace.slug)
        days = local_instants(zone, schedule.at, today, set(schedule.weekdays or ()), last_day=last)
        for day, instant in days:
            start = instant.astimezone(UTC)
            entries.append(
                Entry(
                    uid=f"checkin-{schedule.member.code}-{day:%Y%m%d}@tandem",
                    kind="check_in",
                    summary=_("Check-in: %(workspace)s") % {"workspace": workspace.name},
                    start=start,
                    end=start + timedelta(minutes=CHECK_IN_MINUTES),
                    path=path,
                    description=_(
                        "Time for your short written check-in: what you finished, what is "
                        "next, and anything blocking you."
                    ),
                )
            )
    return entries


def _outages(user: User, links: _Links, now: datetime) -> list[Entry]:
    """The person's own outages (as an assistant), in the same window as meetings. One still
    going on lasts until an hour from now, and says so."""
    outages = (
        Outage.objects.filter(
            member__user=user,
            member__removed_at__isnull=True,
            cancelled_at__isnull=True,
            starts_at__lt=now + MEETINGS_AHEAD,
        )
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gte=now - MEETINGS_BEFORE))
        .select_related("workspace")
        .order_by("starts_at", "id")
    )
    entries = []
    for outage in outages:
        kind = outage.get_kind_display()
        if outage.ends_at is None:
            end = max(now, outage.starts_at) + OPEN_OUTAGE_SHOWN
            summary = _("Outage: %(kind)s (still going on)") % {"kind": kind}
        else:
            end = outage.ends_at
            summary = _("Outage: %(kind)s") % {"kind": kind}
        description = outage.workspace.name
        if outage.note:
            description = f"{outage.note}\n\n{description}"
        entries.append(
            Entry(
                uid=f"outage-{outage.code}@tandem",
                kind="outage",
                summary=summary,
                start=outage.starts_at.astimezone(UTC),
                end=end.astimezone(UTC),
                path=links.object_page("continuity:outage", outage.workspace.slug, outage.code),
                description=description,
            )
        )
    return entries

"""Every read of check-ins, scoped to the member who reads.

Owners and managers read every check-in of their workspace; anyone else only their own (another
member's check-in is a 404, like one that does not exist). Partners read none.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR

from tandem.lib.periods import Span, spans_q
from tandem.lib.templatetags.when import when
from tandem.lib.timezones import local_instant
from tandem.rhythm.models import (
    SCHEDULE_ROLES,
    CheckIn,
    CheckInReply,
    CheckInSchedule,
    CheckInState,
)
from tandem.workspaces.models import Membership

PAGE_SIZE = 20
# How far back the feed looks for missed check-ins and blockers still without a task.
RECENT_DAYS = 7
RECENT_LIMIT = 20


def checkins_for_member(member: Membership) -> QuerySet[CheckIn]:
    """The check-ins a member may read."""
    rows = CheckIn.objects.filter(workspace_id=member.workspace_id)
    if member.can_delegate:
        return rows
    return rows.filter(member=member)


def checkin_get_for_member(member: Membership, code: str) -> CheckIn:
    check_in = (
        checkins_for_member(member)
        .select_related("workspace", "member__user", "schedule", "blocker_task")
        .filter(code=code)
        .first()
    )
    if check_in is None:
        raise Http404
    return check_in


def checkin_replies(check_in: CheckIn) -> list[CheckInReply]:
    return list(check_in.replies.select_related("author__user"))


def checkin_schedule_of(member: Membership) -> CheckInSchedule | None:
    return CheckInSchedule.objects.filter(member=member).first()


# The feed


@dataclass
class MemberDay:
    """One member's check-in today, in their own day."""

    member: Membership
    schedule: CheckInSchedule | None
    today: date
    check_in: CheckIn | None = None
    # Today's prompt when it is still to come.
    later_at: datetime | None = None

    @property
    def zone(self) -> str:
        return self.member.user.time_zone

    @property
    def local_at(self) -> str:
        return when(self.schedule.at, "time") if self.schedule else ""

    @property
    def weekdays_label(self) -> str:
        if self.schedule is None:
            return ""
        return ", ".join(str(WEEKDAYS_ABBR[day]) for day in sorted(self.schedule.weekdays))

    @property
    def at_here(self) -> datetime | None:
        """The prompt time of the member's today, as an instant (shown in the viewer's zone)."""
        if self.schedule is None:
            return None
        return local_instant(self.today, self.schedule.at, self.zone)


@dataclass
class Feed:
    answered: list[CheckIn]
    waiting: list[CheckIn]
    later: list[MemberDay]
    blockers: list[CheckIn]
    missed: list[CheckIn]
    earlier: Page[CheckIn]
    team: list[MemberDay]

    @property
    def page_one(self) -> bool:
        return self.earlier.number == 1


def _with_replies(check_ins: Iterable[CheckIn]) -> None:
    """Load the replies of many check-ins (shown in several lists) in one query, into each one's
    `replies`; none when there is no check-in."""
    prefetch_related_objects(
        list(check_ins),
        Prefetch("replies", queryset=CheckInReply.objects.select_related("author__user")),
    )


def _rows(member: Membership) -> QuerySet[CheckIn]:
    return checkins_for_member(member).select_related("workspace", "member__user", "blocker_task")


def checkin_team(member: Membership, now: datetime) -> list[MemberDay]:
    """Every active assistant and manager with their schedule, in one query."""
    people = (
        Membership.objects.active()
        .filter(workspace_id=member.workspace_id, role__in=SCHEDULE_ROLES)
        .select_related("user", "check_in_schedule")
        .order_by("user__display_name", "id")
    )
    team = []
    for person in people:
        schedule = getattr(person, "check_in_schedule", None)
        team.append(MemberDay(person, schedule, person.local_today(now)))
    return team


def checkin_feed(
    member: Membership, *, now: datetime | None = None, page: int | str | None = 1
) -> Feed:
    """The delegators' feed: today's answers (each member's today is their own local day), who
    has not answered yet, who is still to be asked today, blockers still open, recent missed
    check-ins, and earlier days a page at a time. A fixed number of queries."""
    now = now or timezone.now()
    team = checkin_team(member, now)
    by_member = {day.member.pk: day for day in team}
    todays = {day.today for day in team}
    today_rows = list(
        _rows(member)
        .filter(member_id__in=list(by_member), local_date__in=todays)
        .order_by("-answered_at", "id")
    )
    for check_in in today_rows:
        day = by_member[check_in.member_id]
        if check_in.local_date == day.today:
            day.check_in = check_in
    current = [day.check_in for day in team if day.check_in is not None]
    answered = sorted(
        (c for c in current if c.state == CheckInState.ANSWERED),
        key=lambda c: (not c.has_blocker, c.answered_at or now),
    )
    waiting = sorted(
        (c for c in current if c.state == CheckInState.PENDING), key=lambda c: c.prompted_at
    )
    later = []
    for day in team:
        schedule = day.schedule
        if day.check_in is None and schedule is not None and schedule.active:
            upcoming = schedule.next_prompt_at
            zone = zoneinfo.ZoneInfo(day.zone)
            if (
                upcoming is not None
                and upcoming > now
                and upcoming.astimezone(zone).date() == (day.today)
            ):
                day.later_at = upcoming
                later.append(day)
    later.sort(key=lambda day: day.later_at or now)
    current_ids = [c.pk for c in current]
    since = min(todays, default=now.date()) - timedelta(days=RECENT_DAYS)
    blockers = list(
        _rows(member)
        .filter(state=CheckInState.ANSWERED, blocker_task__isnull=True, local_date__gte=since)
        .exclude(blockers="")
        .exclude(pk__in=current_ids)
        .order_by("-answered_at", "-id")[:RECENT_LIMIT]
    )
    missed = list(
        _rows(member)
        .filter(state=CheckInState.MISSED, local_date__gte=since)
        .order_by("-local_date", "-id")[:RECENT_LIMIT]
    )
    # A blocker still without a task is shown (with its reply form) once, among the blockers.
    shown = current_ids + [c.pk for c in blockers]
    earlier_rows = _rows(member).exclude(pk__in=shown).order_by("-local_date", "-id")
    earlier = Paginator(earlier_rows, PAGE_SIZE).get_page(page)
    _with_replies([*current, *blockers, *missed, *earlier.object_list])
    return Feed(answered, waiting, later, blockers, missed, earlier, team)


@dataclass
class MyCheckIns:
    today: CheckIn | None
    late: list[CheckIn]
    history: Page[CheckIn] | None
    schedule: CheckInSchedule | None
    next_prompt_at: datetime | None


def checkins_of_member(
    member: Membership,
    *,
    now: datetime | None = None,
    page: int | str | None = 1,
    history: bool = True,
) -> MyCheckIns:
    """A member's own check-ins: today's, missed ones that may still be answered, and (with
    `history`) the earlier ones a page at a time."""
    now = now or timezone.now()
    today = member.local_today(now)
    own = CheckIn.objects.filter(member=member).select_related(
        "workspace", "member__user", "blocker_task"
    )
    current = own.filter(local_date=today).first()
    since = today - timedelta(days=RECENT_DAYS)
    late = list(
        own.filter(state=CheckInState.MISSED, local_date__gte=since).order_by("-local_date")
    )
    earlier = None
    if history:
        rows = own.order_by("-local_date", "-id")
        if current is not None:
            rows = rows.exclude(pk=current.pk)
        earlier = Paginator(rows, PAGE_SIZE).get_page(page)
    _with_replies([*([current] if current else []), *(earlier.object_list if earlier else [])])
    schedule = checkin_schedule_of(member)
    upcoming = schedule.next_prompt_at if schedule is not None and schedule.active else None
    return MyCheckIns(current, late, earlier, schedule, upcoming)


@dataclass(frozen=True)
class CheckInCounts:
    answered: int = 0
    missed: int = 0

    @property
    def asked(self) -> int:
        return self.answered + self.missed


def checkin_counts(workspace_id: int, spans: Mapping[int, Span]) -> dict[int, CheckInCounts]:
    """Each member's check-ins answered and missed on the local days of their span (spans of
    dates). Members with none are left out. One query."""
    rows = (
        CheckIn.objects.filter(
            spans_q("member_id", "local_date", spans),
            workspace_id=workspace_id,
            state__in=[CheckInState.ANSWERED, CheckInState.MISSED],
        )
        .values("member_id")
        .annotate(
            answered=Count("id", filter=Q(state=CheckInState.ANSWERED)),
            missed=Count("id", filter=Q(state=CheckInState.MISSED)),
        )
    )
    return {
        row["member_id"]: CheckInCounts(answered=row["answered"], missed=row["missed"])
        for row in rows
    }

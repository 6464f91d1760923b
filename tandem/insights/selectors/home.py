"""What each role's home page shows. Owners and managers: the top of Needs attention, each
assistant now, the work delivered this week, and the getting-started checklist until it is done.
Partners: the assistants they supply, as continuity shows them (never the content of the work).
Each is read in a fixed number of queries, whatever the number of assistants."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.db.models import Exists, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tandem.continuity.models import ContingencyPlan, Escalation
from tandem.continuity.selectors.dashboard import TeamRow as DashboardRow
from tandem.continuity.selectors.dashboard import assistants_for, team_dashboard
from tandem.continuity.selectors.health import Health, health_of
from tandem.insights.selectors.continuity_attention import (
    ContinuityAttention,
    continuity_attention,
)
from tandem.insights.selectors.rhythm_attention import RhythmAttention, rhythm_attention
from tandem.planning.models import AuditEntry, ReadinessAssessment
from tandem.rhythm.models import CheckInSchedule
from tandem.work.models import Review, State, Task, task_path
from tandem.work.selectors import (
    Row,
    local_midnight,
    needs_attention,
    tasks_visible_to,
    week_start_of,
)
from tandem.workspaces.models import Invitation, Membership, Role, Workspace
from tandem.workspaces.selectors import TeamRow, team_clock

# How many rows of Needs attention the home page shows, and of the week's delivered work.
TRIAGE_ROWS = 5
DELIVERED_ROWS = 8

# How many things done the task audit needs before "a week of your own tasks" is logged.
AUDITED_ENTRIES = 5


# Getting started


@dataclass(frozen=True)
class Step:
    key: str
    done: bool


def checklist(member: Membership) -> list[Step]:
    """The getting-started steps of an owner or a manager, each ticked from what the workspace
    holds, and the first two from what they did themselves (the readiness check, a week of the
    task audit): one query. (Time zone and working hours are not a step: signing up sets
    both.)"""
    workspace_id = member.workspace_id
    assistants = Membership.objects.active().filter(workspace_id=workspace_id, role=Role.ASSISTANT)
    # The fifth entry exists when at least five do: one EXISTS, whatever the number logged.
    audited = AuditEntry.objects.filter(workspace_id=workspace_id, member=member)[
        AUDITED_ENTRIES - 1 : AUDITED_ENTRIES
    ]
    found = (
        Workspace.objects.filter(pk=workspace_id)
        .annotate(
            readiness=Exists(
                ReadinessAssessment.objects.filter(workspace_id=workspace_id, member=member)
            ),
            audit=Exists(audited),
            invited=Exists(assistants)
            | Exists(Invitation.objects.filter(workspace_id=workspace_id, role=Role.ASSISTANT)),
            briefed=Exists(
                Task.objects.filter(workspace_id=workspace_id, assigned_at__isnull=False)
            ),
            check_ins=Exists(
                CheckInSchedule.objects.filter(
                    workspace_id=workspace_id, active=True, member__in=assistants
                )
            ),
            contingency=Exists(
                ContingencyPlan.objects.filter(workspace_id=workspace_id, member__in=assistants)
            ),
            reviewed=Exists(Review.objects.filter(workspace_id=workspace_id)),
        )
        .values("readiness", "audit", "invited", "briefed", "check_ins", "contingency", "reviewed")
        .get()
    )
    return [Step(key, bool(done)) for key, done in found.items()]


# Today's triage


@dataclass(frozen=True)
class Label:
    kind: str  # what waits: "stuck", "silent", "review", ...
    text: str
    urgent: bool = False


@dataclass
class TriageRow:
    title: str
    url: str
    labels: list[Label]


@dataclass
class Triage:
    rows: list[TriageRow]
    total: int  # what waits, counted as Needs attention counts it: once per section

    @property
    def hidden(self) -> int:
        return max(0, self.total - sum(len(row.labels) for row in self.rows))


def triage(member: Membership, *, now: datetime, limit: int = TRIAGE_ROWS) -> Triage:
    """The top of Needs attention, most pressing first: the same selectors, so the two pages
    agree on what waits and how much. A task in several sections (overdue and not acknowledged)
    is one row with each of its labels. A fixed number of queries."""
    sections = needs_attention(member, now=now, limit=limit)
    continuity: ContinuityAttention = continuity_attention(member, now=now)
    rhythm: RhythmAttention = rhythm_attention(member, now=now)
    slug = member.workspace.slug
    rows: dict[str, TriageRow] = {}

    def add(key: str, title: str, url: str, label: Label) -> None:
        if key in rows:
            rows[key].labels.append(label)
        else:
            rows[key] = TriageRow(title, url, [label])

    def task_rows(key: str, label: Label, anchor: str = "") -> None:
        for row in sections[key].rows:
            add(row["code"], row["title"], task_path(slug, row["code"]) + anchor, label)

    task_rows("stuck", Label("stuck", _("Stuck"), urgent=True), "#answer")
    for silent in continuity.silent:
        code = silent.member.code
        add(
            f"member:{code}",
            silent.member.user.display_name,
            reverse("continuity:member", kwargs={"ws": slug, "code": code}),
            Label("silent", _("Silent"), urgent=True),
        )
    for outage in continuity.outages:
        add(
            f"outage:{outage.code}",
            f"{outage.member.user.display_name}: {outage.get_kind_display()}",
            reverse("continuity:outage", kwargs={"ws": slug, "code": outage.code}),
            Label("outage", _("Outage")),
        )
    task_rows("reviews", Label("review", _("To review")), "#review")
    task_rows("proposals", Label("proposal", _("Deadline proposed")), "#proposal")
    for check_in in rhythm.blockers:
        add(
            f"check-in:{check_in.code}",
            f"{check_in.member.user.display_name}: {check_in.blockers[:80]}",
            reverse("rhythm:checkin", kwargs={"ws": slug, "code": check_in.code}),
            Label("blocker", _("Blocker")),
        )
    task_rows("overdue", Label("overdue", _("Overdue")))
    task_rows("acknowledgements", Label("acknowledgement", _("Not acknowledged")))
    total = sum(section.total for section in sections.values()) + continuity.total + rhythm.total
    return Triage(rows=list(rows.values())[:limit], total=total)


# Each assistant now


@dataclass(frozen=True)
class AssistantNow:
    clock: TeamRow
    health: Health | None
    on: Row | None  # the task they are on, if any

    @property
    def member(self) -> Membership:
        return self.clock.member


# What an assistant is "on": work they have started, or are stuck on, most recent first.
ON_STATES = (State.IN_PROGRESS, State.BLOCKED, State.CHANGES_REQUESTED)


def assistants_now(viewer: Membership, *, now: datetime) -> list[AssistantNow]:
    """Each assistant of the workspace with their local time, whether they are working now (the
    working-time reader), the task they are on and their health score. A fixed number of
    queries."""
    people = assistants_for(viewer)
    if not people:
        return []
    clocks = team_clock(viewer.workspace, now, members=people)
    healths = health_of(viewer.workspace, people, now=now)
    on: dict[int, Row] = {}
    rows = cast(
        "QuerySet[Task, Row]",
        tasks_visible_to(viewer)
        .filter(assignee__in=[person.pk for person in people], state__in=ON_STATES)
        .order_by("assignee_id", "-state_changed_at", "-id")
        .values("assignee_id", "code", "title", "state"),
    )
    for row in rows:
        on.setdefault(row["assignee_id"], row)
    return [
        AssistantNow(clock, healths.get(clock.member.pk), on.get(clock.member.pk))
        for clock in clocks
    ]


# Delivered this week


@dataclass
class Delivered:
    rows: list[Row]
    total: int
    since: datetime


def delivered_this_week(
    member: Membership, *, zone: str, now: datetime, limit: int = DELIVERED_ROWS
) -> Delivered:
    """Tasks accepted since the start of the viewer's week (the workspace's first weekday, in
    the viewer's zone), latest first: two queries."""
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    since = local_midnight(week_start_of(today, member.workspace.week_start), zone)
    done = tasks_visible_to(member).filter(state=State.DONE, state_changed_at__gte=since)
    rows = cast(
        "QuerySet[Task, Row]",
        done.order_by("-state_changed_at", "-id").values(
            "code", "title", "state_changed_at", "assignee__user__display_name"
        ),
    )
    return Delivered(rows=list(rows[:limit]), total=done.count(), since=since)


# The partner's home


@dataclass(frozen=True)
class SuppliedNow:
    row: DashboardRow  # health, silence, outage: what continuity shows partners
    clock: TeamRow


@dataclass
class PartnerHome:
    rows: list[SuppliedNow]
    escalations: list[Escalation]  # the latest step of each open silence


def partner_home(viewer: Membership, *, now: datetime) -> PartnerHome:
    """The assistants the partner supplies: continuity's team page for partners (health,
    attendance, open escalations; no task contents), with each one's local time."""
    dashboard = team_dashboard(viewer, now=now)
    people = [row.member for row in dashboard.rows]
    clocks = {row.member.pk: row for row in team_clock(viewer.workspace, now, members=people)}
    return PartnerHome(
        rows=[SuppliedNow(row, clocks[row.member.pk]) for row in dashboard.rows],
        escalations=_open_silences(dashboard.escalations),
    )


def _open_silences(escalations: list[Escalation]) -> list[Escalation]:
    """One row per silence still open: its latest step (the list comes latest first)."""
    seen: set[tuple[int, datetime]] = set()
    found = []
    for escalation in escalations:
        key = (escalation.member_id, escalation.silent_since)
        if escalation.resolved_at is None and key not in seen:
            seen.add(key)
            found.append(escalation)
    return found

"""The continuity dashboards: the team page owners, managers and partners see, and one
assistant's page. Each is read in a fixed number of queries, whatever the number of
assistants; a partner's is limited to the assistants they supply and shows no task contents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tandem.continuity.models import Escalation, Outage
from tandem.continuity.selectors.contingency import (
    PlanRow,
    contingency_overview,
    contingency_plan_of,
    plan_status,
)
from tandem.continuity.selectors.health import WINDOW, Health, Trend, health_of, trend_of
from tandem.continuity.selectors.outages import (
    OutageRow,
    outages_now_and_planned,
    outages_of_member,
)
from tandem.continuity.selectors.silence import (
    Silence,
    SilenceStatus,
    silence_history,
    silence_status_of,
)
from tandem.continuity.selectors.workload import Areas, WeekLoad, areas_of, workload_of
from tandem.workspaces.models import Membership, Role

# The member page's weeks: the current one and the three before, and the next.
MEMBER_WEEKS = (-3, -2, -1, 0, 1)


def assistants_for(viewer: Membership) -> list[Membership]:
    """The active assistants the viewer may follow: all of the workspace for owners and
    managers, those they supply for a partner, nobody for anyone else. One query, plus one for
    the working hours."""
    people = Membership.objects.active().filter(
        workspace_id=viewer.workspace_id, role=Role.ASSISTANT
    )
    if viewer.role == Role.PARTNER:
        people = people.filter(partner=viewer)
    elif not viewer.can_delegate:
        return []
    return list(
        people.select_related("user", "workspace")
        .prefetch_related("user__working_hours")
        .order_by("user__display_name", "pk")
    )


@dataclass
class TeamRow:
    member: Membership
    health: Health
    silence: SilenceStatus | None
    load: WeekLoad | None
    plan: PlanRow | None
    outage: Outage | None  # going on now
    areas: Areas | None  # None for partners: areas are task contents

    @property
    def has_workload_flag(self) -> bool:
        return bool(self.load and self.load.flag) or bool(self.areas and self.areas.too_many)


@dataclass
class TeamDashboard:
    rows: list[TeamRow]
    outages: list[OutageRow]
    escalations: list[Escalation]
    for_partner: bool
    plans: list[PlanRow] = field(default_factory=list)

    @property
    def silent(self) -> list[TeamRow]:
        return [
            row
            for row in self.rows
            if row.silence is not None and (row.silence.is_silent or row.silence.is_escalated)
        ]

    @property
    def workload_flags(self) -> list[TeamRow]:
        return [row for row in self.rows if row.has_workload_flag]

    @property
    def plans_to_fix(self) -> list[PlanRow]:
        return [plan for plan in self.plans if plan.needs_attention]

    @property
    def new_members(self) -> list[TeamRow]:
        return [row for row in self.rows if row.health.is_new]


def _recent_escalations(member_ids: list[int], now: datetime) -> list[Escalation]:
    return list(
        Escalation.objects.filter(member_id__in=member_ids, sent_at__gte=now - WINDOW)
        .select_related("member__user")
        .order_by("-sent_at", "-id")[:50]
    )


def team_dashboard(viewer: Membership, *, now: datetime) -> TeamDashboard:
    """Everything on the team page, in a fixed number of queries."""
    workspace = viewer.workspace
    people = assistants_for(viewer)
    for_partner = viewer.role == Role.PARTNER
    if not people:
        return TeamDashboard([], [], [], for_partner)
    ids = [person.pk for person in people]
    loads = {
        member_id: weeks[0] for member_id, weeks in workload_of(workspace, people, now=now).items()
    }
    healths = health_of(workspace, people, now=now, loads=loads)
    silences = silence_status_of(people, now)
    outages = outages_now_and_planned(workspace, now, members=ids)
    plans = contingency_overview(workspace, now, members=ids)
    areas = {} if for_partner else areas_of(workspace, ids, now=now)
    current = {row.outage.member_id: row.outage for row in outages if row.is_now}
    plan_by_member = {plan.member.pk: plan for plan in plans}
    rows = [
        TeamRow(
            member=person,
            health=healths[person.pk],
            silence=silences.get(person.pk),
            load=loads.get(person.pk),
            plan=plan_by_member.get(person.pk),
            outage=current.get(person.pk),
            areas=None if for_partner else areas.get(person.pk),
        )
        for person in people
    ]
    return TeamDashboard(
        rows=rows,
        outages=outages,
        escalations=_recent_escalations(ids, now),
        for_partner=for_partner,
        plans=plans,
    )


@dataclass
class MemberPage:
    member: Membership
    health: Health
    trend: Trend
    weeks: list[WeekLoad]
    areas: Areas | None
    silence: SilenceStatus | None
    silences: list[Silence]
    outages: list[OutageRow]
    plan: PlanRow

    @property
    def this_week(self) -> WeekLoad | None:
        return next((week for week in self.weeks if week.is_current), None)


def member_page(viewer: Membership, member: Membership, *, now: datetime) -> MemberPage:
    """Everything on one assistant's page, in a fixed number of queries."""
    workspace = member.workspace
    weeks = workload_of(workspace, [member], offsets=MEMBER_WEEKS, now=now)[member.pk]
    this_week = next((week for week in weeks if week.is_current), None)
    current = {member.pk: this_week} if this_week is not None else {}
    health = health_of(workspace, [member], now=now, loads=current)[member.pk]
    plan = contingency_plan_of(member)
    status, missing = plan_status(plan, member, now)
    return MemberPage(
        member=member,
        health=health,
        trend=trend_of(member, now=now),
        weeks=weeks,
        areas=None
        if viewer.role == Role.PARTNER
        else areas_of(workspace, [member.pk], now=now)[member.pk],
        silence=silence_status_of([member], now).get(member.pk),
        silences=silence_history(member, limit=10),
        outages=outages_of_member(member, limit=10),
        plan=PlanRow(member, plan, status, missing),
    )

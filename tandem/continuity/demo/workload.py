"""Demo data of continuity: workload and health. Contracted hours for both assistants, areas on
the demo tasks, Lukas overloaded this week, and eight weeks of health for both. Made through
the real services; safe to run twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from django.utils import timezone

from tandem.continuity.models import HealthSnapshot
from tandem.continuity.selectors.health import Health, health_of
from tandem.continuity.selectors.workload import current_week_start
from tandem.continuity.services.health import health_snapshot_write
from tandem.work.models import Task
from tandem.work.services import tasks as task_services
from tandem.workspaces.models import Membership, Workspace
from tandem.workspaces.services import member_contracted_hours_set

AREAS = {
    "Plan the Q1 newsletter calendar": "Marketing",
    "Reconcile November invoices": "Bookkeeping",
    "Update the CRM contact list": "Sales",
    "Research three booking tools": "Research",
    "Set up the shared support inbox": "Customer support",
    "Draft the December newsletter": "Marketing",
    "Prepare the board meeting slides": "Admin",
    "Clean up the shared drive": "Admin",
    "Send the October client report": "Reporting",
}

# Lukas this week: far more than his 40 contracted hours, across many areas.
OVERLOAD = [
    ("Year-end bookkeeping catch-up", 14, "Bookkeeping"),
    ("Migrate the client list to the new CRM", 12, "Sales"),
    ("Write the website's new service pages", 10, "Marketing"),
    ("Answer the backlog of support emails", 8, "Customer support"),
    ("Prepare the supplier contracts for signing", 6, "Legal"),
    ("Design the spring price list", 5, "Design"),
]

# How each assistant's score moved over the past seven weeks, against this week's.
TREND_SHIFTS = {
    "ana@demo.test": [-22, -18, -15, -9, -10, -4, -2],  # settling in, getting better
    "lukas@demo.test": [14, 12, 13, 9, 6, 4, 2],  # slipping as the work piles up
}


def _fresh(member: Membership) -> Membership:
    return (
        Membership.objects.select_related("user", "workspace")
        .prefetch_related("user__working_hours")
        .get(pk=member.pk)
    )


def _fill_areas(workspace: Workspace, owner: Membership) -> None:
    for task in Task.objects.filter(workspace=workspace, title__in=AREAS, area="").select_related(
        "workspace", "assignee__user"
    ):
        if not task.is_open:
            continue
        brief = task_services.Brief(
            **{name: getattr(task, name) for name in task_services.BRIEF_FIELDS}
            | {"area": AREAS[task.title]}
        )
        task_services.task_update_brief(actor=owner, task=task, brief=brief)


def _overload(owner: Membership, lukas: Membership) -> None:
    now = timezone.now()
    week_end = current_week_start(lukas, now) + timedelta(days=6)
    existing = set(
        Task.objects.filter(assignee=lukas, title__in=[t for t, _h, _a in OVERLOAD]).values_list(
            "title", flat=True
        )
    )
    for title, hours, area in OVERLOAD:
        if title in existing:
            continue
        task_services.task_create(
            actor=owner,
            brief=task_services.Brief(
                title=title,
                outcome="Needed before the end of the week.",
                due_date=week_end,
                estimate_minutes=hours * 60,
                area=area,
            ),
            assignee=lukas,
        )


def _shifted(health: Health, shift: int, at_week: int) -> Health:
    components = [
        component
        if component.score is None
        else replace(component, score=max(0, min(100, component.score + shift + at_week % 3 * 2)))
        for component in health.components
    ]
    return Health(
        member_id=health.member_id,
        components=components,
        joined_at=health.joined_at,
        now=health.now,
    )


def _history(member: Membership, shifts: list[int]) -> None:
    now = timezone.now()
    current = current_week_start(member, now)
    if HealthSnapshot.objects.filter(member=member, week_start__lt=current).exists():
        health_snapshot_write(member, current, now)
        return
    health = health_of(member.workspace, [member], now=now)[member.pk]
    for weeks_ago, shift in zip(range(7, 0, -1), shifts, strict=True):
        week = current - timedelta(days=7 * weeks_ago)
        health_snapshot_write(member, week, now, health=_shifted(health, shift, weeks_ago))
    health_snapshot_write(member, current, now, health=health)


def create_workload_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    """People are keyed by email: owner@, manager@, ana@, lukas@, partner@demo.test."""
    owner = _fresh(people["owner@demo.test"])
    ana, lukas = _fresh(people["ana@demo.test"]), _fresh(people["lukas@demo.test"])
    member_contracted_hours_set(actor=owner, member=ana, hours=30)
    member_contracted_hours_set(actor=owner, member=lukas, hours=40)
    _fill_areas(workspace, owner)
    _overload(owner, lukas)
    for email, shifts in TREND_SHIFTS.items():
        _history(_fresh(people[email]), shifts)

"""Every read of the delegation loop, scoped to what the member may see.

Owners and managers see every task of the workspace; an assistant sees the tasks assigned to
them; a partner sees no task contents at all.
"""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.http import Http404

from tandem.work.models import Task, TimeEntry
from tandem.workspaces.models import Membership, Role


def tasks_visible_to(member: Membership) -> QuerySet[Task]:
    tasks = Task.objects.filter(workspace_id=member.workspace_id)
    if member.can_delegate:
        return tasks
    if member.role == Role.ASSISTANT:
        return tasks.filter(assignee=member)
    return tasks.none()


def task_get_for_member(member: Membership, code: str) -> Task:
    """The task with `code` if this member may see it; otherwise 404, exactly as if absent."""
    task = (
        tasks_visible_to(member)
        .select_related("assignee__user", "created_by__user", "workspace")
        .filter(code=code)
        .first()
    )
    if task is None:
        raise Http404
    return task


def assignable_members(member: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(workspace_id=member.workspace_id)
        .exclude(role=Role.PARTNER)
        .select_related("user")
        .order_by("user__display_name")
    )


def minutes_split(
    *, task: Task | None = None, assignee: Membership | None = None
) -> dict[str, int]:
    """The 80/20 figure: owner minutes (briefing, reviewing) against the assistant's work."""
    entries = TimeEntry.objects.filter(minutes__isnull=False)
    if task is not None:
        entries = entries.filter(task=task)
    if assignee is not None:
        entries = entries.filter(task__assignee=assignee)
    totals = dict(
        entries.values_list("kind").annotate(total=Sum("minutes")).values_list("kind", "total")
    )
    owner = (totals.get(TimeEntry.Kind.BRIEFING) or 0) + (totals.get(TimeEntry.Kind.REVIEWING) or 0)
    work = totals.get(TimeEntry.Kind.WORK) or 0
    total = owner + work
    return {
        "owner": owner,
        "work": work,
        "total": total,
        "owner_share": round(100 * owner / total) if total else 0,
    }

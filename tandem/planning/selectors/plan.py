"""Reads of the delegation plan: the responsibilities in order, what each still needs before it
can be handed over, and the 80/20 figure of the work tied to one.

What a responsibility needs before it is handed over:

- instructions: a link to the SOP or the steps written out;
- an assistant;
- the skill it needs among the skills of an assistant's current roles (the union of the
  `skills` of every role they hold now); a responsibility with no skill named needs none;
- room: an assistant already above the workspace's overload threshold of their contracted
  hours this week takes nothing new.

"Still doing it yourself": once a responsibility is 80 % or fully delegated, the owners' and
managers' minutes on briefing and reviewing its work should have fallen to a fifth of the whole
or less. If they are 20 % or more of the minutes of the last two weeks, the plan says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from itertools import pairwise

from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.continuity.selectors.workload import WeekLoad, workload_this_week
from tandem.lib.timezones import local_instant
from tandem.planning.models import Responsibility, ResponsibilityStatus
from tandem.roles.selectors.roles import skills_of_members
from tandem.roles.services.roles import skills_normalised
from tandem.work.models import RecurringTask, Task, TimeEntry
from tandem.work.selectors import (
    MinutesSplit,
    minutes_split,
    minutes_split_by_period,
    week_start_of,
)
from tandem.workspaces.models import DELEGATOR_ROLES, Membership, Role, Workspace

# Being handed over: briefed, or 80 % delegated. One at a time per assistant.
HANDING_OVER = (ResponsibilityStatus.BRIEFED, ResponsibilityStatus.DELEGATED_80)
# Handed over, or nearly: the owner's minutes should have fallen by now.
LET_GO = (ResponsibilityStatus.DELEGATED_80, ResponsibilityStatus.DELEGATED)
STATUS_ORDER: tuple[str, ...] = tuple(ResponsibilityStatus.values)
Status = ResponsibilityStatus

SPLIT_WEEKS = 8
# The rule for "you are still doing this yourself": the owner's share of the minutes of the
# last `STILL_DOING_WEEKS` weeks at or above `STILL_DOING_SHARE` percent.
STILL_DOING_WEEKS = 2
STILL_DOING_SHARE = 20

NO_INSTRUCTIONS = "instructions"
NO_ASSISTANT = "assistant"
NO_SKILL = "skill"
OVERLOADED = "overloaded"


def normal_skill(skill: str) -> str:
    """A skill as roles keep their tags (trimmed, lower case), or "" for none."""
    found = skills_normalised([skill])
    return found[0] if found else ""


def responsibilities_of(workspace: Workspace | int) -> QuerySet[Responsibility]:
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    return Responsibility.objects.filter(workspace_id=workspace_id).order_by("position", "id")


def responsibility_get_for_member(member: Membership, code: str) -> Responsibility:
    """The responsibility with `code` for an owner or a manager of its workspace; otherwise 404,
    exactly as if absent."""
    if not member.can_delegate:
        raise Http404
    found = (
        responsibilities_of(member.workspace_id)
        .select_related("workspace", "assistant__user", "assistant__workspace", "duty__role")
        .filter(code=code)
        .first()
    )
    if found is None:
        raise Http404
    return found


def plan_assistants(workspace: Workspace) -> QuerySet[Membership]:
    """Who a responsibility can go to: the workspace's active assistants, by name."""
    return (
        Membership.objects.active()
        .filter(workspace=workspace, role=Role.ASSISTANT)
        .select_related("user", "workspace")
        .order_by("user__display_name", "pk")
    )


def still_doing(status: str, recent: MinutesSplit) -> bool:
    """80 % or fully delegated, and the owners' share of the minutes of the last two weeks is
    a fifth or more."""
    return status in LET_GO and recent.total > 0 and recent.owner_share >= STILL_DOING_SHARE


@dataclass(frozen=True)
class Missing:
    """One thing a responsibility still needs, and where to fix it."""

    key: str
    text: str | Promise
    fix_url: str
    fix_text: str | Promise


@dataclass
class PlanItem:
    responsibility: Responsibility
    missing: list[Missing] = field(default_factory=list)
    # When no assistant is chosen and a skill is needed: the assistants who have it.
    skilled: list[Membership] = field(default_factory=list)
    load: WeekLoad | None = None
    # Other responsibilities of the same assistant being handed over at the same time.
    alongside: list[Responsibility] = field(default_factory=list)
    # For a planned one: those its briefing would put beside it ("one at a time").
    would_crowd: list[Responsibility] = field(default_factory=list)
    # The owners' and the assistant's minutes on its work in the last two weeks.
    recent: MinutesSplit | None = None

    @property
    def still_doing_it(self) -> bool:
        return self.recent is not None and still_doing(self.responsibility.status, self.recent)

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def status_index(self) -> int:
        return STATUS_ORDER.index(self.responsibility.status)

    @property
    def can_go_back(self) -> bool:
        return self.status_index > 0

    @property
    def can_go_forward(self) -> bool:
        return self.status_index < len(STATUS_ORDER) - 1

    @property
    def next_label(self) -> str:
        if not self.can_go_forward:
            return ""
        return str(ResponsibilityStatus(STATUS_ORDER[self.status_index + 1]).label).lower()


@dataclass(frozen=True)
class Plan:
    items: list[PlanItem]
    # The first planned responsibility, in order, with nothing missing.
    ready_next: PlanItem | None
    # Assistants with more than one responsibility being handed over at once.
    crowded: list[tuple[Membership, list[Responsibility]]]

    def __len__(self) -> int:
        return len(self.items)


def _missing(
    item: PlanItem,
    skills: dict[int, set[str]],
    assistants: Sequence[Membership],
    loads: dict[int, WeekLoad],
    slug: str,
) -> None:
    responsibility = item.responsibility
    edit = reverse("planning:responsibility_edit", kwargs={"ws": slug, "code": responsibility.code})
    if not responsibility.sop_url and not responsibility.instructions.strip():
        item.missing.append(
            Missing(NO_INSTRUCTIONS, _("No instructions yet"), edit, _("Add the instructions"))
        )
    assistant = responsibility.assistant
    needed = normal_skill(responsibility.skill)
    if assistant is None:
        if needed:
            item.skilled = [a for a in assistants if needed in skills.get(a.pk, set())]
        item.missing.append(
            Missing(NO_ASSISTANT, _("No assistant chosen yet"), edit, _("Choose an assistant"))
        )
        if needed and not item.skilled:
            item.missing.append(
                Missing(
                    NO_SKILL,
                    _("No assistant has the skill “%(skill)s”") % {"skill": responsibility.skill},
                    reverse("roles:roles", kwargs={"ws": slug}),
                    _("Add it to a role"),
                )
            )
        return
    if needed and needed not in skills.get(assistant.pk, set()):
        item.missing.append(
            Missing(
                NO_SKILL,
                _("%(name)s's roles do not include the skill “%(skill)s”")
                % {"name": assistant.user.display_name, "skill": responsibility.skill},
                reverse("roles:roles", kwargs={"ws": slug}),
                _("Give them a role with it"),
            )
        )
    load = loads.get(assistant.pk)
    item.load = load
    percent = load.utilisation_percent if load is not None else None
    if load is not None and percent is not None and percent > load.overload_percent:
        item.missing.append(
            Missing(
                OVERLOADED,
                _("%(name)s is already at %(percent)s%% of their hours this week")
                % {"name": assistant.user.display_name, "percent": percent},
                reverse("continuity:member", kwargs={"ws": slug, "code": assistant.code}),
                _("See their workload"),
            )
        )


def _recent_minutes(kinds: Q, start: datetime, end: datetime) -> Coalesce:
    """The minutes of `kinds` on a responsibility's work from `start` to `end`, as a subquery
    of the responsibility's row: an entry counts once even when its task is both linked and
    made by a linked recurring duty."""
    task_links = Responsibility.tasks.through.objects.filter(
        responsibility_id=OuterRef(OuterRef("pk"))
    ).values("task_id")
    recurring_links = Responsibility.recurring.through.objects.filter(
        responsibility_id=OuterRef(OuterRef("pk"))
    ).values("recurringtask_id")
    entries = (
        TimeEntry.objects.filter(
            kinds, minutes__isnull=False, created_at__gte=start, created_at__lt=end
        )
        .filter(Q(task_id__in=task_links) | Q(task__recurring_id__in=recurring_links))
        .order_by()
        .annotate(total=Func(F("minutes"), function="SUM", output_field=IntegerField()))
        .values("total")
    )
    return Coalesce(Subquery(entries, output_field=IntegerField()), 0)


def plan_of(workspace: Workspace, viewer: Membership, *, now: datetime) -> Plan:
    """The workspace's plan in order, each responsibility with what it still needs and its
    minutes of the last two weeks. A fixed number of queries however many responsibilities
    and assistants."""
    bounds = split_weeks(viewer, now=now)
    start, end = bounds[-1 - STILL_DOING_WEEKS], bounds[-1]
    owner_kinds = Q(
        kind__in=[TimeEntry.Kind.BRIEFING, TimeEntry.Kind.REVIEWING],
        member__role__in=DELEGATOR_ROLES,
    )
    responsibilities = list(
        responsibilities_of(workspace)
        .select_related("workspace", "assistant__user", "assistant__workspace")
        .annotate(
            recent_owner=_recent_minutes(owner_kinds, start, end),
            recent_work=_recent_minutes(Q(kind=TimeEntry.Kind.WORK), start, end),
        )
    )
    assistants = list(plan_assistants(workspace))
    chosen = {r.assistant.pk: r.assistant for r in responsibilities if r.assistant is not None}
    skills = (
        skills_of_members(workspace, {*chosen, *(a.pk for a in assistants)})
        if any(r.skill for r in responsibilities)
        else {}
    )
    loads = workload_this_week(workspace, list(chosen.values()), now=now) if chosen else {}
    handing: dict[int, list[Responsibility]] = {}
    for responsibility in responsibilities:
        if responsibility.assistant_id and responsibility.status in HANDING_OVER:
            handing.setdefault(responsibility.assistant_id, []).append(responsibility)
    items: list[PlanItem] = []
    for responsibility in responsibilities:
        item = PlanItem(
            responsibility,
            recent=MinutesSplit(
                owner=getattr(responsibility, "recent_owner", 0),
                work=getattr(responsibility, "recent_work", 0),
            ),
        )
        if responsibility.status != ResponsibilityStatus.DELEGATED:
            _missing(item, skills, assistants, loads, workspace.slug)
        if responsibility.assistant_id:
            others = [
                other
                for other in handing.get(responsibility.assistant_id, [])
                if other.pk != responsibility.pk
            ]
            if responsibility.status in HANDING_OVER:
                item.alongside = others
            elif responsibility.status == ResponsibilityStatus.PLANNED:
                item.would_crowd = others
        items.append(item)
    ready_next = next(
        (
            item
            for item in items
            if item.responsibility.status == ResponsibilityStatus.PLANNED and item.ready
        ),
        None,
    )
    crowded = [(chosen[member_id], found) for member_id, found in handing.items() if len(found) > 1]
    return Plan(items=items, ready_next=ready_next, crowded=crowded)


def plan_item_of(responsibility: Responsibility, *, now: datetime) -> PlanItem:
    """One responsibility with what it still needs (its page)."""
    workspace = responsibility.workspace
    item = PlanItem(responsibility)
    if responsibility.status == ResponsibilityStatus.DELEGATED:
        return item
    assistant = responsibility.assistant
    assistants = list(plan_assistants(workspace)) if assistant is None else []
    skills = (
        skills_of_members(workspace, [a.pk for a in (assistant, *assistants) if a is not None])
        if responsibility.skill
        else {}
    )
    loads = workload_this_week(workspace, [assistant], now=now) if assistant else {}
    _missing(item, skills, assistants, loads, workspace.slug)
    if assistant is not None and responsibility.status in (*HANDING_OVER, Status.PLANNED):
        others = list(
            responsibilities_of(workspace)
            .filter(assistant=assistant, status__in=HANDING_OVER)
            .exclude(pk=responsibility.pk)
            .select_related("workspace")
        )
        if responsibility.status == Status.PLANNED:
            item.would_crowd = others
        else:
            item.alongside = others
    return item


def handing_over_alongside(responsibility: Responsibility) -> list[Responsibility]:
    """The assistant's other responsibilities being handed over now (for the warning after a
    status change)."""
    if responsibility.assistant_id is None or responsibility.status not in HANDING_OVER:
        return []
    return list(
        responsibilities_of(responsibility.workspace_id)
        .filter(assistant_id=responsibility.assistant_id, status__in=HANDING_OVER)
        .exclude(pk=responsibility.pk)
    )


# The work tied to a responsibility


def tasks_of_responsibility(responsibility: Responsibility) -> QuerySet[Task]:
    """Its linked tasks and the tasks created from its linked recurring duties."""
    return Task.objects.filter(workspace_id=responsibility.workspace_id).filter(
        Q(pk__in=responsibility.tasks.values("pk"))
        | Q(recurring_id__in=responsibility.recurring.values("pk"))
    )


def linked_tasks(responsibility: Responsibility) -> list[Task]:
    return list(
        responsibility.tasks.filter(workspace_id=responsibility.workspace_id)
        .select_related("workspace", "assignee__user")
        .order_by("-created_at", "-id")
    )


def linked_recurring(responsibility: Responsibility) -> list[RecurringTask]:
    return list(
        responsibility.recurring.filter(workspace_id=responsibility.workspace_id)
        .select_related("assignee__user")
        .order_by("title", "id")
    )


TASK_CHOICES = 20


def task_choices(responsibility: Responsibility, query: str) -> list[Task]:
    """Tasks of the workspace not yet linked, whose title holds every word typed: the newest
    first, at most 20."""
    tasks = Task.objects.filter(workspace_id=responsibility.workspace_id).exclude(
        pk__in=responsibility.tasks.values("pk")
    )
    for word in query.split():
        tasks = tasks.filter(title__icontains=word)
    return list(
        tasks.select_related("assignee__user").order_by("-created_at", "-id")[:TASK_CHOICES]
    )


def recurring_choices(responsibility: Responsibility) -> list[RecurringTask]:
    return list(
        RecurringTask.objects.filter(workspace_id=responsibility.workspace_id)
        .exclude(pk__in=responsibility.recurring.values("pk"))
        .select_related("assignee__user")
        .order_by("-active", "title", "id")
    )


def task_of_workspace(responsibility: Responsibility, code: str) -> Task:
    task = Task.objects.filter(workspace_id=responsibility.workspace_id, code=code).first()
    if task is None:
        raise Http404
    return task


def recurring_of_workspace(responsibility: Responsibility, code: str) -> RecurringTask:
    template = RecurringTask.objects.filter(
        workspace_id=responsibility.workspace_id, code=code
    ).first()
    if template is None:
        raise Http404
    return template


@dataclass(frozen=True)
class WeekSplit(MinutesSplit):
    week_start: datetime


@dataclass(frozen=True)
class SplitSeries:
    weeks: list[WeekSplit]
    status: str

    @property
    def has_data(self) -> bool:
        return any(week.total for week in self.weeks)

    @property
    def total(self) -> MinutesSplit:
        return MinutesSplit(
            owner=sum(week.owner for week in self.weeks),
            work=sum(week.work for week in self.weeks),
        )

    @property
    def recent(self) -> MinutesSplit:
        """The last `STILL_DOING_WEEKS` weeks together."""
        weeks = self.weeks[-STILL_DOING_WEEKS:]
        return MinutesSplit(
            owner=sum(week.owner for week in weeks), work=sum(week.work for week in weeks)
        )

    @property
    def still_doing_it(self) -> bool:
        return still_doing(self.status, self.recent)


def split_weeks(viewer: Membership, *, now: datetime, weeks: int = SPLIT_WEEKS) -> list[datetime]:
    """The starts of the last `weeks` weeks (this one last), at midnight of the workspace's
    first weekday in the viewer's zone, and the start of the next week after them."""
    zone = viewer.user.time_zone
    current = week_start_of(viewer.local_today(now), viewer.workspace.week_start)
    days = [current + timedelta(days=7 * n) for n in range(1 - weeks, 2)]
    return [local_instant(day, time(0), zone) for day in days]


def split_series(
    responsibility: Responsibility, viewer: Membership, *, now: datetime
) -> SplitSeries:
    """Owner minutes against assistant minutes on the responsibility's work, per week for the
    last eight weeks: one query."""
    bounds = split_weeks(viewer, now=now)
    periods = list(pairwise(bounds))
    splits = minutes_split_by_period(tasks_of_responsibility(responsibility), periods)
    return SplitSeries(
        weeks=[
            WeekSplit(owner=split.owner, work=split.work, week_start=start)
            for split, (start, _end) in zip(splits, periods, strict=True)
        ],
        status=responsibility.status,
    )


def assistant_split(responsibility: Responsibility) -> MinutesSplit | None:
    """The assistant's own 80/20 figure, on every task assigned to them."""
    if responsibility.assistant is None:
        return None
    return minutes_split(assignee=responsibility.assistant)

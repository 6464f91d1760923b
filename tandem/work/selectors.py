"""Every read of the delegation loop, scoped to what the member may see.

Owners and managers see every task of the workspace; an assistant sees the tasks assigned to
them; a partner sees no task contents at all.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Lower, RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.periods import Span, spans_q
from tandem.lib.timezones import local_instant
from tandem.work.models import (
    OPEN_STATES,
    PREVIEW_TYPES,
    Attachment,
    Comment,
    RecurringTask,
    Review,
    State,
    Task,
    TimeEntry,
)
from tandem.workspaces.models import DELEGATOR_ROLES, Membership, Role


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


@dataclass(frozen=True)
class AssignedWork:
    """What is still in a member's hands: open tasks, and recurring tasks that make more."""

    tasks: int
    recurring: int

    def __bool__(self) -> bool:
        return bool(self.tasks or self.recurring)


def assigned_work_of(member: Membership) -> AssignedWork:
    return AssignedWork(
        tasks=Task.objects.filter(
            workspace_id=member.workspace_id, assignee=member, state__in=OPEN_STATES
        ).count(),
        recurring=RecurringTask.objects.filter(
            workspace_id=member.workspace_id, assignee=member, active=True
        ).count(),
    )


def assignable_members(member: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(workspace_id=member.workspace_id)
        .exclude(role=Role.PARTNER)
        .select_related("user")
        .order_by("user__display_name")
    )


@dataclass(frozen=True)
class MinutesSplit:
    """The 80/20 figure: owner minutes (briefing, reviewing) against the assistant's work, and
    the owner's share of the whole in percent."""

    owner: int
    work: int

    @property
    def total(self) -> int:
        return self.owner + self.work

    @property
    def owner_share(self) -> int:
        return round(100 * self.owner / self.total) if self.total else 0


def minutes_split(*, task: Task | None = None, assignee: Membership | None = None) -> MinutesSplit:
    """The 80/20 figure of a task, or of the tasks assigned to someone."""
    entries = TimeEntry.objects.filter(minutes__isnull=False)
    if task is not None:
        entries = entries.filter(task=task)
    if assignee is not None:
        entries = entries.filter(task__assignee=assignee)
    totals = dict(
        entries.values_list("kind").annotate(total=Sum("minutes")).values_list("kind", "total")
    )
    owner = (totals.get(TimeEntry.Kind.BRIEFING) or 0) + (totals.get(TimeEntry.Kind.REVIEWING) or 0)
    return MinutesSplit(owner=owner, work=totals.get(TimeEntry.Kind.WORK) or 0)


# Views of many tasks
#
# The board, the list, the calendar, "my day" and "needs attention". Each reads a bounded number
# of rows in a fixed number of queries, however many tasks the workspace has (the tests pin the
# counts with 20 tasks and with 500), and reads rows as light dicts rather than model instances:
# the board shows up to 400 of them.


Row = dict[str, Any]

# The board's columns, left to right: the open states in their order, then done; cancelled work
# is not on the board.
BOARD_STATES: tuple[State, ...] = (*(state for state in State if state in OPEN_STATES), State.DONE)
COLUMN_SIZE = 50
# Most urgent first: the highest priority, then the nearest deadline, then no deadline.
URGENCY = (F("priority").desc(), F("due_at").asc(nulls_last=True), F("id").asc())
# What a card, a row or a calendar entry shows; the brief's long texts stay in the database.
ROW_FIELDS = (
    "code",
    "title",
    "state",
    "priority",
    "due_at",
    "due_time",
    "due_zone",
    "proposed_due_date",
)


def _rows(tasks: QuerySet[Task], *extra: str, **expressions: Any) -> QuerySet[Task, Row]:
    return tasks.values(
        *ROW_FIELDS, *extra, assignee_name=F("assignee__user__display_name"), **expressions
    )


def board_counts(member: Membership) -> dict[str, int]:
    """How many tasks each column holds, counted in SQL in one query."""
    rows = (
        tasks_visible_to(member)
        .filter(state__in=BOARD_STATES)
        .order_by()
        .values("state")
        .annotate(total=Count("id"))
    )
    return {row["state"]: row["total"] for row in rows}


def board_column_page(
    member: Membership, state: str, page: int = 1, *, size: int = COLUMN_SIZE
) -> tuple[list[Row], bool]:
    """One page of a column's cards, most urgent first, and whether more follow; one query
    on the (workspace, state, priority, due) index, no count."""
    start = (page - 1) * size
    rows = list(
        _rows(tasks_visible_to(member).filter(state=state)).order_by(*URGENCY)[
            start : start + size + 1
        ]
    )
    return rows[:size], len(rows) > size


def board_cards(member: Membership) -> dict[str, list[Row]]:
    """The first page of every column: one query per column, which measured twice as fast as
    one query ranking every task of the workspace with a window function."""
    return {state: board_column_page(member, state)[0] for state in BOARD_STATES}


def local_midnight(day: date, zone: str) -> datetime:
    """The instant a local day starts in `zone`."""
    return local_instant(day, time(0), zone)


def week_start_of(day: date, week_start: int) -> date:
    """The first day of the week holding `day`; `week_start` is 0 for Monday … 6 for Sunday."""
    return day - timedelta(days=(day.weekday() - week_start) % 7)


class DueWindow(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    TODAY = "today", _("Today")
    WEEK = "week", _("This week")
    LATER = "later", _("After this week")
    NONE = "none", _("No deadline")


@dataclass(frozen=True)
class TaskFilters:
    """The list's filters. `assignee` is a member's code or "none"; `state` a state or "open";
    `due` a DueWindow; `day` one local day (the calendar's "+N more")."""

    assignee: str = ""
    state: str = ""
    priority: int | None = None
    due: str = ""
    day: date | None = None
    text: str = ""


# The list's columns that sort, by the name the address gives them ("?sort=due", "?sort=-due"):
# each sorts by its own value, then as the list does by default. Tasks with no deadline or no
# assignee come last either way.
STATE_ORDER = Case(
    *(When(state=state, then=Value(position)) for position, state in enumerate(State)),
    output_field=IntegerField(),
)
SORTS: dict[str, Any] = {
    "title": Lower("title"),
    "state": STATE_ORDER,
    "priority": F("priority"),
    "assignee": Lower("assignee__user__display_name"),
    "due": F("due_at"),
}


def list_order(sort: str) -> list[Any]:
    """The ORDER BY of the list for `sort` (a key of SORTS, "-" first for descending); open
    work first and the most urgent first when it names no column."""
    name = sort.removeprefix("-")
    finished = Case(When(state__in=OPEN_STATES, then=Value(0)), default=Value(1))
    if name not in SORTS:
        return [finished, *URGENCY]
    column = SORTS[name]
    key = column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True)
    return [key, finished, *URGENCY]


def tasks_filtered(
    member: Membership,
    filters: TaskFilters,
    *,
    zone: str,
    week_start: int,
    now: datetime | None = None,
    sort: str = "",
) -> QuerySet[Task, Row]:
    """The list: what the member may see, filtered, sorted by `sort` (see `list_order`).
    Days are the viewer's local days in `zone`; weeks start on the workspace's `week_start`."""
    now = now or timezone.now()
    tasks = tasks_visible_to(member)
    if filters.assignee == "none":
        tasks = tasks.filter(assignee__isnull=True)
    elif filters.assignee:
        tasks = tasks.filter(assignee__code=filters.assignee)
    if filters.state == "open":
        tasks = tasks.filter(state__in=OPEN_STATES)
    elif filters.state:
        tasks = tasks.filter(state=filters.state)
    if filters.priority:
        tasks = tasks.filter(priority=filters.priority)
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    week = week_start_of(today, week_start)
    windows: dict[str, tuple[date, date]] = {
        DueWindow.TODAY: (today, today + timedelta(days=1)),
        DueWindow.WEEK: (week, week + timedelta(days=7)),
    }
    if filters.due == DueWindow.OVERDUE:
        tasks = tasks.filter(state__in=OPEN_STATES, due_at__lt=now)
    elif filters.due in windows:
        first, end = windows[filters.due]
        tasks = tasks.filter(
            due_at__gte=local_midnight(first, zone), due_at__lt=local_midnight(end, zone)
        )
    elif filters.due == DueWindow.LATER:
        tasks = tasks.filter(due_at__gte=local_midnight(week + timedelta(days=7), zone))
    elif filters.due == DueWindow.NONE:
        tasks = tasks.filter(due_at__isnull=True)
    if filters.day:
        tasks = tasks.filter(
            due_at__gte=local_midnight(filters.day, zone),
            due_at__lt=local_midnight(filters.day + timedelta(days=1), zone),
        )
    if filters.text:
        tasks = tasks.filter(title__icontains=filters.text)
    return _rows(tasks).order_by(*list_order(sort))


def calendar_entries(
    member: Membership, *, first: date, last: date, zone: str, per_day: int = 3
) -> dict[date, tuple[list[Row], int]]:
    """Deadlines from `first` to `last` (local days in `zone`): each day's first few, and how
    many the day has in all. One query for the range, grouped into local days here: ranking
    within each local day in SQL (a window over TruncDate) measured three times slower on
    SQLite, which converts every row's zone in Python."""
    tz = zoneinfo.ZoneInfo(zone)
    rows = _rows(
        tasks_visible_to(member)
        .exclude(state=State.CANCELLED)
        .filter(
            due_at__gte=local_midnight(first, zone),
            due_at__lt=local_midnight(last + timedelta(days=1), zone),
        )
        .order_by("due_at", "-priority", "id")
    )
    days: dict[date, tuple[list[Row], int]] = {}
    for row in rows:
        day = row["due_at"].astimezone(tz).date()
        shown, total = days.get(day, ([], 0))
        if total < per_day:
            shown.append(row)
        days[day] = (shown, total + 1)
    return days


@dataclass(frozen=True)
class Section:
    key: str
    rows: list[Row]
    total: int


# "My day": each of the member's open tasks falls in one section, in this order.
MY_DAY_SECTIONS = ("waiting", "overdue", "today", "next", "none", "in_review")


def my_day(
    member: Membership, *, zone: str, now: datetime | None = None, per_section: int = 10
) -> dict[str, Section]:
    """The member's own open tasks in sections (waiting for their acknowledgement, overdue, due
    today in `zone`, due later, no deadline, handed in for review), each the most urgent
    `per_section` with its total: one query, a CASE sorts each task into its section and
    windows rank and count within it."""
    now = now or timezone.now()
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    section = Case(
        When(state=State.ASSIGNED, then=Value(0)),
        When(state=State.IN_REVIEW, then=Value(5)),
        When(due_at__isnull=True, then=Value(4)),
        When(due_at__lt=now, then=Value(1)),
        When(due_at__lt=local_midnight(today + timedelta(days=1), zone), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    ranked = (
        tasks_visible_to(member)
        .filter(assignee=member, state__in=OPEN_STATES - {State.DRAFT})
        .annotate(
            section=section,
            rank=Window(RowNumber(), partition_by=[section], order_by=URGENCY),
            section_total=Window(Count("id"), partition_by=[section]),
        )
        .filter(rank__lte=per_section)
        .order_by("section", "rank")
    )
    found: dict[int, Section] = {}
    # Whom a proposed deadline waits for: the task's author, in the same query.
    for row in _rows(
        ranked, "section", "section_total", author_name=F("created_by__user__display_name")
    ):
        index = row["section"]
        if index not in found:
            found[index] = Section(MY_DAY_SECTIONS[index], [], row["section_total"])
        found[index].rows.append(row)
    return {
        key: found.get(index) or Section(key, [], 0) for index, key in enumerate(MY_DAY_SECTIONS)
    }


def feedback_received(member: Membership, *, limit: int = 3) -> list[Review]:
    """The latest reviews of the member's work."""
    return list(
        Review.objects.filter(workspace_id=member.workspace_id, assignee=member)
        .select_related("task", "reviewer__user")
        .only(
            "outcome",
            "feedback",
            "rating",
            "created_at",
            "task__code",
            "task__title",
            "reviewer__user__display_name",
        )
        .order_by("-created_at", "-id")[:limit]
    )


ATTENTION_SECTIONS = ("acknowledgements", "proposals", "stuck", "reviews", "overdue")


def needs_attention(
    member: Membership, *, now: datetime | None = None, limit: int = 20
) -> dict[str, Section]:
    """What waits on the owners and managers, oldest first: one query counts every section,
    then one query per section reads at most `limit` rows."""
    now = now or timezone.now()
    tasks = tasks_visible_to(member)
    sections: dict[str, tuple[Q, tuple[Any, ...]]] = {
        "acknowledgements": (
            Q(state=State.ASSIGNED, acknowledged_at__isnull=True),
            (F("assigned_at").asc(nulls_last=True), "id"),
        ),
        "proposals": (
            Q(state__in=OPEN_STATES, proposed_due_date__isnull=False),
            (F("acknowledged_at").asc(nulls_last=True), "id"),
        ),
        "stuck": (Q(state=State.BLOCKED), ("state_changed_at", "id")),
        "reviews": (Q(state=State.IN_REVIEW), ("state_changed_at", "id")),
        "overdue": (Q(state__in=OPEN_STATES, due_at__lt=now), ("due_at", "id")),
    }
    totals = tasks.aggregate(
        **{key: Count("id", filter=condition) for key, (condition, _order) in sections.items()}
    )
    extra = ("assigned_at", "state_changed_at", "proposal_reason")
    return {
        key: Section(
            key,
            list(_rows(tasks.filter(condition), *extra).order_by(*order)[:limit]),
            totals[key],
        )
        for key, (condition, order) in sections.items()
    }


# Thread and time
#
# The comment thread, its files, timers and time entries of one task, and the 80/20 figure per
# assistant.


def comments_of_task(task: Task) -> list[tuple[Comment, list[Attachment]]]:
    """The task's thread, oldest first, each comment (with its author) and its files: always
    two queries, however long the thread (and even when it is empty)."""
    comments = list(task.comments.select_related("author__user"))
    files: dict[int | None, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(task=task).order_by("created_at", "id"):
        files.setdefault(attachment.comment_id, []).append(attachment)
    return [(comment, files.get(comment.pk, [])) for comment in comments]


def attachment_get(task: Task, code: str) -> Attachment:
    """A file of a task the member may see (found with `task_get_for_member`), or 404."""
    found = Attachment.objects.filter(task=task, workspace_id=task.workspace_id, code=code).first()
    if found is None:
        raise Http404
    return found


def attachments_wanting_thumbnails(
    *, within: timedelta = timedelta(days=1), limit: int = 200
) -> list[int]:
    """Images attached in the last `within` that have no thumbnail yet and were not refused:
    for the sweep that makes the thumbnails lost jobs left behind."""
    return list(
        Attachment.objects.filter(
            created_at__gte=timezone.now() - within,
            content_type__in=sorted(PREVIEW_TYPES),
            thumbnail="",
            preview_refused="",
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def members_who_see_task(task: Task) -> list[Membership]:
    """Who can read the task's thread: the workspace's owners and managers, and the assignee."""
    who = Q(role__in=DELEGATOR_ROLES)
    if task.assignee_id:
        who |= Q(pk=task.assignee_id)
    return list(
        Membership.objects.active()
        .filter(who, workspace_id=task.workspace_id)
        .select_related("user")
        .order_by("pk")
    )


def running_timers(task: Task, member: Membership) -> list[TimeEntry]:
    """Timers running on this task (anyone's), and the member's own wherever it runs."""
    return list(
        TimeEntry.objects.filter(minutes__isnull=True, workspace_id=task.workspace_id)
        .filter(Q(task=task) | Q(member=member))
        .select_related("member__user", "task")
        .order_by("started_at", "id")
    )


def time_entries_of_task(task: Task) -> QuerySet[TimeEntry]:
    return (
        TimeEntry.objects.filter(task=task, workspace_id=task.workspace_id)
        .select_related("member__user")
        .order_by("-created_at", "-id")
    )


def time_entry_get(task: Task, entry_id: object) -> TimeEntry:
    """An entry of a task the member may see, or 404."""
    try:
        pk = int(str(entry_id))
    except ValueError:
        raise Http404 from None
    entry = time_entries_of_task(task).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


@dataclass(frozen=True)
class AssistantTime(MinutesSplit):
    member: Membership


def time_by_assistant(workspace_id: int, since: datetime | None = None) -> list[AssistantTime]:
    """The 80/20 figure per assistant: owner minutes (briefing, reviewing) on the tasks assigned
    to them against their own minutes of work. One query, however many assistants and entries."""
    entry = "assigned_tasks__time_entries__"
    counted = Q(**{f"{entry}minutes__isnull": False})
    if since is not None:
        counted &= Q(**{f"{entry}created_at__gte": since})
    owner_kinds = [TimeEntry.Kind.BRIEFING, TimeEntry.Kind.REVIEWING]

    def total(kinds: list[TimeEntry.Kind]) -> Coalesce:
        only = counted & Q(**{f"{entry}kind__in": kinds})
        return Coalesce(Sum(f"{entry}minutes", filter=only), 0)

    members = (
        Membership.objects.active()
        .filter(workspace_id=workspace_id, role=Role.ASSISTANT)
        .select_related("user")
        .annotate(owner_minutes=total(owner_kinds), work_minutes=total([TimeEntry.Kind.WORK]))
        .order_by("user__display_name", "pk")
    )
    return [
        AssistantTime(
            member=member,
            owner=_annotated_minutes(member, "owner_minutes"),
            work=_annotated_minutes(member, "work_minutes"),
        )
        for member in members
    ]


def _annotated_minutes(member: Membership, name: str) -> int:
    """A sum of minutes annotated on a membership (the membership queryset's rows carry no
    annotation types)."""
    minutes: int = getattr(member, name)
    return minutes


# Recurring tasks: each read is scoped to the member's workspace, and a template of another
# workspace is a 404 like a missing one.


def recurring_for_member(member: Membership) -> QuerySet[RecurringTask]:
    if not member.can_delegate:
        return RecurringTask.objects.none()
    return RecurringTask.objects.filter(workspace_id=member.workspace_id)


def recurring_get_for_member(member: Membership, code: str) -> RecurringTask:
    template = (
        recurring_for_member(member)
        .select_related("assignee__user", "workspace")
        .filter(code=code)
        .first()
    )
    if template is None:
        raise Http404
    return template


def recurring_list(member: Membership) -> list[RecurringTask]:
    """The workspace's templates, active first, in one query."""
    return list(
        recurring_for_member(member)
        .select_related("assignee__user")
        .order_by("-active", "title", "id")
    )


def recurring_assignees(member: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(workspace_id=member.workspace_id, role__in=RecurringTask.ASSIGNEE_ROLES)
        .select_related("user")
        .order_by("user__display_name")
    )


def recent_occurrences(member: Membership, *, per_template: int = 3) -> dict[int, list[Task]]:
    """The latest few occurrences of every template of the workspace, in one query (a window
    ranks the tasks within each template)."""
    rows = (
        Task.objects.filter(workspace_id=member.workspace_id, recurring__isnull=False)
        .only("workspace_id", "code", "title", "state", "occurrence_date", "recurring_id")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("recurring_id")],
                order_by=[F("occurrence_date").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_template)
        .order_by("recurring_id", "rank")
    )
    found: dict[int, list[Task]] = {}
    for task in rows:
        found.setdefault(task.recurring_id, []).append(task)  # type: ignore[arg-type]
    return found


# Counts over a period, for health (the last four weeks) and for KPIs (a week, a month, a quarter
# in each assistant's own days). Each takes every member's span and reads them in one query.


@dataclass(frozen=True)
class DeliveryCounts:
    on_time: int = 0
    total: int = 0


def delivery_counts(workspace_id: int, spans: Mapping[int, Span]) -> dict[int, DeliveryCounts]:
    """Of each member's tasks due in their span, how many were handed in (first submitted for
    review) by their deadline; one not handed in by its deadline is late, and cancelled tasks do
    not count. Members with no task due are left out. One query."""
    rows = (
        Task.objects.filter(spans_q("assignee_id", "due_at", spans), workspace_id=workspace_id)
        .exclude(state=State.CANCELLED)
        .annotate(
            submitted_at=Min("events__created_at", filter=Q(events__to_state=State.IN_REVIEW))
        )
        .values_list("assignee_id", "due_at", "submitted_at")
    )
    totals: dict[int, list[int]] = {}
    for member_id, due_at, submitted_at in rows:
        counts = totals.setdefault(member_id, [0, 0])
        counts[1] += 1
        if submitted_at is not None and submitted_at <= due_at:
            counts[0] += 1
    return {
        member_id: DeliveryCounts(on_time=on_time, total=total)
        for member_id, (on_time, total) in totals.items()
    }


@dataclass(frozen=True)
class ReviewCounts:
    # Tasks of the member reviewed in the span, and of those the ones accepted with no change
    # requested in the span.
    reviewed: int = 0
    accepted_first_time: int = 0
    # Reviews with written feedback from `feedback_since` on.
    with_feedback: int = 0

    @property
    def changes_requested(self) -> int:
        return self.reviewed - self.accepted_first_time


def review_counts(
    workspace_id: int, spans: Mapping[int, Span], *, feedback_since: datetime | None = None
) -> dict[int, ReviewCounts]:
    """Each member's reviewed tasks in their span (by the review's time), those with changes
    requested, and the reviews with written feedback since `feedback_since` (within the span;
    from its start when None). Members with no review are left out. One query."""
    rows = Review.objects.filter(
        spans_q("assignee_id", "created_at", spans), workspace_id=workspace_id
    ).values_list("assignee_id", "task_id", "outcome", "feedback", "created_at")
    tasks: dict[int, dict[int, bool]] = {}  # member → task → accepted without changes so far
    feedback: dict[int, int] = {}
    for member_id, task_id, outcome, text, created_at in rows:
        theirs = tasks.setdefault(member_id, {})
        accepted = outcome == Review.Outcome.ACCEPTED
        theirs[task_id] = theirs.get(task_id, True) and accepted
        if text.strip() and (feedback_since is None or created_at >= feedback_since):
            feedback[member_id] = feedback.get(member_id, 0) + 1
    return {
        member_id: ReviewCounts(
            reviewed=len(theirs),
            accepted_first_time=sum(1 for ok in theirs.values() if ok),
            with_feedback=feedback.get(member_id, 0),
        )
        for member_id, theirs in tasks.items()
    }

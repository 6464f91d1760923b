"""Views of many tasks: the board, the list, the calendar, "my day" and "needs attention".

Every page reads through the selectors, so owners and managers see every task, an assistant
their own and a partner none; each page makes the same number of queries however many tasks
there are, and shows days and times in the viewer's own zone. Row links are built from a base
path computed once per page rather than one `{% url %}` per row: the board shows 400 cards.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dates import MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tandem.continuity.selectors.attention import continuity_attention
from tandem.notify.digest import waiting_for
from tandem.rhythm.selectors.attention import rhythm_attention
from tandem.work import selectors, transitions
from tandem.work.models import OPEN_STATES, Priority, State, Task
from tandem.work.services import tasks as services
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Role
from tandem.workspaces.selectors import MemberHoliday, member_holidays

PER_PAGE = 50
# How the card menu names each move (the state a task moves to).
MOVE_LABELS = {
    State.ACKNOWLEDGED: gettext_lazy("Acknowledge: I understand the brief"),
    State.IN_PROGRESS: gettext_lazy("Start work"),
    State.IN_REVIEW: gettext_lazy("Submit for review"),
    State.DONE: gettext_lazy("Accept: done"),
    State.CANCELLED: gettext_lazy("Cancel the task"),
}


def _bases(request: WorkspaceRequest) -> dict[str, str]:
    """Base paths for the links of many rows: `{{ tasks_base }}{{ task.code }}/`."""
    slug = request.workspace.slug
    return {
        "tasks_base": reverse("work:list", kwargs={"ws": slug}),
        "board_base": reverse("work:board", kwargs={"ws": slug}),
        "card_base": f"{reverse('work:board', kwargs={'ws': slug})}card/",
    }


# A card of the board. The board shows up to 400 of them: written out here they cost a third
# of what the same markup cost as template nodes (measured: 6 ms against 18 ms for 400 cards,
# and 200 ms with the first version's filters and includes). work/_card.html places them.
CARD = (
    '<li class="board-card{stuck_class}" data-code="{code}" data-state="{state}" draggable="true">'
    '<div class="card-head"><a class="card-title" href="{url}">{title}</a>'
    '<a class="card-menu-button" href="{menu}" hx-get="{menu}" hx-target="next .card-menu" '
    'aria-expanded="false" aria-label="{actions}" title="{actions}">⋯</a></div>'
    '<div class="card-meta">{stuck}<span class="badge priority-{priority}">{priority_label}</span>'
    '<span class="card-deadline">{deadline}</span></div>'
    '<div class="card-assignee">{assignee}</div><div class="card-menu"></div></li>\n'
)


class Rows:
    """Prepares task rows (dicts from the selectors) for the templates, doing once per page
    what filters and includes would do for every row: links from base paths, translated
    labels, each local day's and time's label, and the deadline as work/_deadline.html shows
    it."""

    def __init__(self, request: WorkspaceRequest) -> None:
        bases = _bases(request)
        self.tasks_base, self.card_base = bases["tasks_base"], bases["card_base"]
        self.now = timezone.now()
        self.zone = timezone.get_current_timezone()
        self.states = {value: str(label) for value, label in State.choices}
        self.priorities = {value: str(label) for value, label in Priority.choices}
        self.overdue_badge = format_html(
            ' <span class="badge badge-danger">{}</span>', _("overdue")
        )
        self.no_deadline = format_html('<span class="muted">{}</span>', _("No deadline"))
        self._days: dict[date, str] = {}
        self._names: tuple[dict[int, str], dict[int, str]] | None = None
        self._times: dict[time, str] = {}

    def _day(self, local: datetime) -> str:
        """The local day's label, escaped, as the date filter's "D j M" gives it: "Fri 4 Dec"."""
        day = local.date()
        if day not in self._days:
            if not self._names:
                self._names = (
                    {number: str(name) for number, name in WEEKDAYS_ABBR.items()},
                    {number: str(name).title() for number, name in MONTHS_3.items()},
                )
            weekdays, months = self._names
            self._days[day] = escape(f"{weekdays[day.weekday()]} {day.day} {months[day.month]}")
        return self._days[day]

    def _time(self, local: datetime) -> str:
        """The local time's label, escaped: "17:00"."""
        moment = local.time().replace(second=0, microsecond=0)
        if moment not in self._times:
            self._times[moment] = escape(formats.time_format(moment, "TIME_FORMAT"))
        return self._times[moment]

    def deadline(self, row: dict[str, Any]) -> SafeString:
        """What work/_deadline.html shows, for a row."""
        if row["due_at"] is None:
            return self.no_deadline
        local = row["due_at"].astimezone(self.zone)
        label = self._day(local)
        if row["due_time"] is not None:
            label = f"{label}, {self._time(local)}"
        if row["overdue"]:
            return SafeString(
                f'<time datetime="{local.isoformat()}" class="overdue">{label}</time>'
                f"{self.overdue_badge}"
            )
        return SafeString(f'<time datetime="{local.isoformat()}">{label}</time>')

    def cards(self, rows: Iterable[dict[str, Any]]) -> SafeString:
        """The board's cards for these rows: title, priority, deadline, assignee, and a stuck
        marker; the ⋯ button loads the card's actions when asked."""
        actions = escape(_("Actions"))
        stuck_badge = format_html('<span class="badge badge-danger">{}</span>', _("Stuck"))
        unassigned = escape(_("Not assigned"))
        html = []
        for row in self.prepare(rows):
            stuck = row["state"] == State.BLOCKED
            html.append(
                CARD.format(
                    stuck_class=" is-stuck" if stuck else "",
                    code=row["code"],
                    state=row["state"],
                    url=row["url"],
                    menu=row["menu_url"],
                    title=escape(row["title"]),
                    actions=actions,
                    stuck=stuck_badge if stuck else "",
                    priority=row["priority"],
                    priority_label=escape(row["priority_label"]),
                    deadline=row["deadline"],
                    assignee=escape(row["assignee_name"]) if row["assignee_name"] else unassigned,
                )
            )
        return SafeString("".join(html))

    def prepare(self, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Add to each row its links, labels, deadline and whether it is overdue."""
        prepared = []
        for row in rows:
            code, due_at = row["code"], row["due_at"]
            row["url"] = f"{self.tasks_base}{code}/"
            row["menu_url"] = f"{self.card_base}{code}/menu/"
            row["state_label"] = self.states[row["state"]]
            row["priority_label"] = self.priorities[row["priority"]]
            row["overdue"] = (
                due_at is not None and due_at < self.now and row["state"] in OPEN_STATES
            )
            row["deadline"] = self.deadline(row)
            if due_at is not None and row["due_time"] is not None:
                row["time_label"] = self._time(due_at.astimezone(self.zone))
            prepared.append(row)
        return prepared


def _row_of(task: Task) -> dict[str, Any]:
    """A task instance as the row the selectors give for it."""
    return {
        "code": task.code,
        "title": task.title,
        "state": task.state,
        "priority": task.priority,
        "due_at": task.due_at,
        "due_time": task.due_time,
        "assignee_name": task.assignee.user.display_name if task.assignee else None,
    }


def _is_partner(request: WorkspaceRequest) -> bool:
    return request.member.role == Role.PARTNER


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


# Board


@dataclass
class Column:
    state: str
    label: str
    count: int
    shown: int
    cards: SafeString

    @property
    def next_page(self) -> int | None:
        return 2 if self.count > self.shown else None


@require_GET
@member_required()
def board(request: WorkspaceRequest) -> HttpResponse:
    columns: list[Column] = []
    if not _is_partner(request):
        rows = Rows(request)
        counts = selectors.board_counts(request.member)
        cards = selectors.board_cards(request.member)
        columns = [
            Column(
                state,
                rows.states[state],
                counts.get(state, 0),
                len(cards[state]),
                rows.cards(cards[state]),
            )
            for state in selectors.BOARD_STATES
        ]
    return render(
        request,
        "work/board.html",
        {
            "nav": "board",
            "mode": "board",
            "columns": columns,
            "total": sum(column.count for column in columns),
            **_bases(request),
        },
    )


@require_GET
@member_required()
def board_column(request: WorkspaceRequest, state: str) -> HttpResponse:
    """One column's next cards ("Show more"): the cards for htmx, a page of its own without."""
    if state not in selectors.BOARD_STATES:
        raise Http404
    page = _page_number(request.GET.get("page"))
    cards, more = selectors.board_column_page(request.member, state, page)
    context = {
        "nav": "board",
        "mode": "column",
        "state": state,
        "label": State(state).label,
        "cards": Rows(request).cards(cards),
        "page": page,
        "next_page": page + 1 if more else None,
        "previous_page": page - 1 if page > 1 else None,
        **_bases(request),
    }
    if request.htmx:
        return render(request, "work/board.html#cards_page", context)
    return render(request, "work/board.html", context)


@require_GET
@member_required()
def card_menu(request: WorkspaceRequest, code: str) -> HttpResponse:
    """A card's actions, loaded when asked for: the board itself renders none."""
    task = selectors.task_get_for_member(request.member, code)
    moves = [(state, MOVE_LABELS[state]) for state in transitions.board_moves(request.member, task)]
    context = {"nav": "board", "mode": "menu", "task": task, "moves": moves, **_bases(request)}
    if request.htmx:
        return render(request, "work/_card_menu.html", context)
    return render(request, "work/board.html", context)


@require_POST
@member_required()
@idempotent
def card_move(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Move a card to another state (drag and drop, or the card menu's forms)."""
    task = selectors.task_get_for_member(request.member, code)
    to = request.POST.get("to", "")
    if to not in State.values:
        messages.error(request, _("Choose the state to move the task to."))
    else:
        try:
            services.task_move(actor=request.member, task=task, to=to)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            # Refused, maybe because someone else moved it a moment ago: show it as it is.
            task = selectors.task_get_for_member(request.member, code)
        else:
            messages.success(
                request,
                _("“%(title)s” is now “%(state)s”.")
                % {"title": task.title, "state": State(task.state).label},
            )
    if request.htmx:
        # The card as it is now: the script puts it in the column of its (maybe unchanged) state.
        return render(
            request,
            "work/_card.html",
            {"cards": Rows(request).cards([_row_of(task)]), "with_messages": True},
        )
    board_url = reverse("work:board", kwargs={"ws": request.workspace.slug})
    if task.state in selectors.BOARD_STATES:
        board_url = f"{board_url}#column-{task.state}"
    return redirect(board_url)


# List


class TaskFilterForm(forms.Form):
    """The list's filters, read from the query string; a value that does not fit is ignored."""

    q = forms.CharField(label=gettext_lazy("Title contains"), required=False, max_length=100)
    assignee = forms.ChoiceField(label=gettext_lazy("Assignee"), required=False)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("Any state")), ("open", gettext_lazy("Open")), *State.choices],
    )
    priority = forms.TypedChoiceField(
        label=gettext_lazy("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", gettext_lazy("Any priority")), *reversed(Priority.choices)],
    )
    due = forms.ChoiceField(
        label=gettext_lazy("Deadline"),
        required=False,
        choices=[("", gettext_lazy("Any time")), *selectors.DueWindow.choices],
    )
    day = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, member: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        if member.can_delegate:
            self.fields["assignee"].choices = [  # type: ignore[attr-defined]
                ("", _("Anyone")),
                ("none", _("Not assigned")),
                *((m.code, str(m.user)) for m in selectors.assignable_members(member)),
            ]
        else:
            del self.fields["assignee"]

    def selects(self) -> list[dict[str, Any]]:
        """The select fields with their options, written out by the template: Django's widget
        templates render each option through an include, which cost more than the table."""
        selects = []
        for name in ("assignee", "state", "priority", "due"):
            if name not in self.fields:
                continue
            current = str(self[name].value() or "")
            field = self.fields[name]
            selects.append(
                {
                    "name": name,
                    "id": f"filter-{name}",
                    "label": field.label,
                    "options": [
                        (str(value), label, str(value) == current)
                        for value, label in field.choices  # type: ignore[attr-defined]
                    ],
                }
            )
        return selects

    def filters(self) -> selectors.TaskFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return selectors.TaskFilters(
            assignee=data.get("assignee", ""),
            state=data.get("state", ""),
            priority=data.get("priority"),
            due=data.get("due", ""),
            day=data.get("day"),
            text=data.get("q", "").strip(),
        )


@require_GET
@member_required()
def task_list(request: WorkspaceRequest) -> HttpResponse:
    context: dict[str, Any] = {"nav": "tasks", **_bases(request)}
    if not _is_partner(request):
        form = TaskFilterForm(request.GET, member=request.member)
        filters = form.filters()
        rows = selectors.tasks_filtered(
            request.member,
            filters,
            zone=request.user.time_zone,
            week_start=request.workspace.week_start,
        )
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = Rows(request).prepare(page.object_list)
        context |= {
            "form": form,
            "filters": filters,
            "filtered": filters != selectors.TaskFilters(),
            "delegator": request.member.can_delegate,
            "page": page,
        }
    return render(request, "work/list.html", context)


# Calendar

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    tasks: list[dict[str, Any]]
    total: int
    holidays: list[MemberHoliday] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.tasks)


def _month_of(raw: str, today: date) -> date:
    match = _MONTH.match(raw or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 1900 <= year <= 9999 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


@require_GET
@member_required()
def task_calendar(request: WorkspaceRequest) -> HttpResponse:
    zone = request.user.time_zone
    today = timezone.localdate()
    month = _month_of(request.GET.get("month", ""), today)
    week_start = request.workspace.week_start
    weeks = calendar.Calendar(firstweekday=week_start).monthdatescalendar(month.year, month.month)
    entries: dict[date, tuple[list[dict[str, Any]], int]] = {}
    holidays: dict[date, list[MemberHoliday]] = {}
    if not _is_partner(request):
        # Owners and managers see everyone's public holidays; an assistant their own.
        holidays = member_holidays(
            request.workspace,
            first=weeks[0][0],
            last=weeks[-1][-1],
            member=None if request.member.can_delegate else request.member,
        )
        entries = selectors.calendar_entries(
            request.member, first=weeks[0][0], last=weeks[-1][-1], zone=zone
        )
        rows = Rows(request)
        for day_rows, _total in entries.values():
            rows.prepare(day_rows)
    grid = [
        [
            Day(
                day,
                day.month == month.month,
                day == today,
                *entries.get(day, ([], 0)),
                holidays=holidays.get(day, []),
            )
            for day in week
        ]
        for week in weeks
    ]
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=31)).replace(day=1)
    weekdays = [(week_start + offset) % 7 for offset in range(7)]
    return render(
        request,
        "work/calendar.html",
        {
            "nav": "calendar",
            "month": month,
            "weeks": grid,
            "weekdays": [(WEEKDAYS[d], WEEKDAYS_ABBR[d]) for d in weekdays],
            "previous": previous,
            "following": following,
            "is_this_month": month == today.replace(day=1),
            "has_tasks": bool(entries),
            **_bases(request),
        },
    )


# My day and Needs attention


@dataclass
class Block:
    """A section of a page with its heading, what to say when it is empty, and where the rest
    of it is listed."""

    title: str
    empty: str
    more: str
    section: selectors.Section

    @property
    def hidden(self) -> int:
        return self.section.total - len(self.section.rows)


@require_GET
@member_required()
def my_day(request: WorkspaceRequest) -> HttpResponse:
    context: dict[str, Any] = {"nav": "my_day", **_bases(request)}
    if not _is_partner(request):
        sections = selectors.my_day(request.member, zone=request.user.time_zone)
        rows = Rows(request)
        for section in sections.values():
            rows.prepare(section.rows)
        mine = f"&assignee={request.member.code}" if request.member.can_delegate else ""
        context |= {
            "waiting": Block(
                _("Waiting for your acknowledgement"),
                "",
                f"?state=assigned{mine}",
                sections["waiting"],
            ),
            "blocks": [
                Block(
                    _("Overdue"),
                    _("Nothing overdue."),
                    f"?due=overdue{mine}",
                    sections["overdue"],
                ),
                Block(
                    _("Today"),
                    _("Nothing else is due today."),
                    f"?due=today&state=open{mine}",
                    sections["today"],
                ),
                Block(
                    _("Next"),
                    _("Nothing due after today."),
                    f"?state=open{mine}",
                    sections["next"],
                ),
                Block(
                    _("No deadline"),
                    _("Every open task has a deadline."),
                    f"?due=none&state=open{mine}",
                    sections["none"],
                ),
                Block(
                    _("Handed in, waiting for review"),
                    _("Nothing is waiting for review."),
                    f"?state=in_review{mine}",
                    sections["in_review"],
                ),
            ],
            "has_tasks": any(section.total for section in sections.values()),
            "rhythm": waiting_for(request.member, now=timezone.now(), site="", tasks=False),
            "feedback": selectors.feedback_received(request.member),
            "today": timezone.localdate(),
        }
    return render(request, "work/my_day.html", context)


@require_GET
@member_required(*DELEGATORS)
def attention(request: WorkspaceRequest) -> HttpResponse:
    sections = selectors.needs_attention(request.member)
    rows = Rows(request)
    for section in sections.values():
        rows.prepare(section.rows)
    blocks = {
        "acknowledgements": Block(
            _("Briefs not acknowledged yet"),
            _("Every assigned brief has been acknowledged."),
            "?state=assigned",
            sections["acknowledgements"],
        ),
        "proposals": Block(
            _("Deadlines proposed by the assistant"),
            _("No proposed deadline waits for your decision."),
            "",
            sections["proposals"],
        ),
        "stuck": Block(
            _("Stuck: asking for help"),
            _("Nobody is stuck."),
            "?state=blocked",
            sections["stuck"],
        ),
        "reviews": Block(
            _("Waiting for your review"),
            _("No work is waiting for a review."),
            "?state=in_review",
            sections["reviews"],
        ),
        "overdue": Block(
            _("Overdue"),
            _("No open task is past its deadline."),
            "?due=overdue",
            sections["overdue"],
        ),
    }
    rhythm = rhythm_attention(request.member)
    continuity = continuity_attention(request.member)
    return render(
        request,
        "work/attention.html",
        {
            "nav": "attention",
            "blocks": blocks,
            "rhythm": rhythm,
            "continuity": continuity,
            "everything_fine": not rhythm.total
            and not continuity.total
            and not any(section.total for section in sections.values()),
            "now": timezone.now(),
            **_bases(request),
        },
    )


urlpatterns = [
    path("board/", board, name="board"),
    path("board/card/<str:code>/menu/", card_menu, name="card_menu"),
    path("board/card/<str:code>/move/", card_move, name="card_move"),
    path("board/<str:state>/", board_column, name="board_column"),
    path("tasks/", task_list, name="list"),
    path("calendar/", task_calendar, name="calendar"),
    path("my-day/", my_day, name="my_day"),
    path("attention/", attention, name="attention"),
]

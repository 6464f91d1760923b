"""The list of tasks: what the member may see, filtered, sorted, 50 at a time; and, for owners
and managers, changes to many tasks at once."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from tandem.lib.http import post_only
from tandem.work import selectors
from tandem.work.forms import TaskBulkForm, TaskFilterForm
from tandem.work.models import State
from tandem.work.services import bulk as bulk_services
from tandem.work.views.rows import Rows, bases, is_partner
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent

PER_PAGE = 50
# The columns, in the table's order, by the name `?sort=` gives them.
COLUMNS = ("title", "state", "priority", "assignee", "due")


def _sort_of(request: WorkspaceRequest) -> str:
    sort = request.GET.get("sort", "")
    return sort if sort.removeprefix("-") in selectors.SORTS else ""


def _headers(request: WorkspaceRequest, sort: str, delegator: bool) -> list[dict[str, Any]]:
    """Each column's header: its label, the address that sorts by it (ascending first, then
    descending) and its aria-sort."""
    labels = {
        "title": _("Task"),
        "state": _("State"),
        "priority": _("Priority"),
        "assignee": _("Assignee"),
        "due": _("Deadline"),
    }
    headers = []
    for name in COLUMNS:
        if name == "assignee" and not delegator:
            continue
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{name}" if sort == name else name
        aria = {name: "ascending", f"-{name}": "descending"}.get(sort, "")
        headers.append(
            {"name": name, "label": labels[name], "query": query.urlencode(), "aria_sort": aria}
        )
    return headers


def _sort_choices(sort: str, delegator: bool) -> list[tuple[str, str, bool]]:
    """The "Sort by" field's options (the headers' sorts, for phones and without a mouse)."""
    choices = [
        ("", _("Most urgent first")),
        ("due", _("Deadline, soonest first")),
        ("-due", _("Deadline, latest first")),
        ("-priority", _("Priority, highest first")),
        ("priority", _("Priority, lowest first")),
        ("title", _("Task A–Z")),
        ("-title", _("Task Z–A")),
        ("state", _("State, in the order of work")),
    ]
    if delegator:
        choices.append(("assignee", _("Assignee A–Z")))
    if sort not in {value for value, _label in choices}:
        choices.append((sort, _("Sort by")))  # a header's other direction: kept as it is
    return [(value, label, value == sort) for value, label in choices]


@require_GET
@member_required()
def task_list(request: WorkspaceRequest) -> HttpResponse:
    context: dict[str, Any] = {"nav": "tasks", **bases(request)}
    if not is_partner(request):
        delegator = request.member.can_delegate
        # The filter's and the bulk change's choices of assignee: read once for both.
        members = list(selectors.assignable_members(request.member)) if delegator else []
        form = TaskFilterForm(request.GET, member=request.member, members=members)
        filters = form.filters()
        sort = _sort_of(request)
        rows = selectors.tasks_filtered(
            request.member,
            filters,
            zone=request.user.time_zone,
            week_start=request.workspace.week_start,
            sort=sort,
        )
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = Rows(request).prepare(page.object_list)
        context |= {
            "form": form,
            "filters": filters,
            "filtered": filters != selectors.TaskFilters(),
            "sort": sort,
            "headers": _headers(request, sort, delegator),
            "sort_choices": _sort_choices(sort, delegator),
            "delegator": delegator,
            "page": page,
            "query": request.GET.urlencode(),
        }
        if request.htmx and request.htmx.target == "task-rows":
            # "Show more": the next rows, and the link after them.
            return render(request, "work/list.html#more", context)
        if delegator:
            context["bulk_form"] = TaskBulkForm(member=request.member, members=members)
    return render(request, "work/list.html", context)


def _result_message(action: str, result: bulk_services.BulkResult, assignee: str = "") -> str:
    """ "7 moved, 2 could not move from Done": what changed, then what did not and why."""
    count = result.changed
    if action == TaskBulkForm.ASSIGN:
        parts = [
            ngettext("%(count)d assigned to %(name)s", "%(count)d assigned to %(name)s", count)
            % {"count": count, "name": assignee}
        ]
    elif action == TaskBulkForm.PRIORITY:
        parts = [ngettext("%(count)d changed", "%(count)d changed", count) % {"count": count}]
    else:
        parts = [ngettext("%(count)d moved", "%(count)d moved", count) % {"count": count}]
    if result.unchanged:
        parts.append(
            ngettext("%(count)d already so", "%(count)d already so", result.unchanged)
            % {"count": result.unchanged}
        )
    for state, skipped in result.skipped.items():
        parts.append(
            ngettext(
                "%(count)d could not move from %(state)s",
                "%(count)d could not move from %(state)s",
                skipped,
            )
            % {"count": skipped, "state": State(state).label}
            if action == TaskBulkForm.MOVE
            else ngettext(
                "%(count)d could not change while %(state)s",
                "%(count)d could not change while %(state)s",
                skipped,
            )
            % {"count": skipped, "state": State(state).label}
        )
    return ", ".join(parts)


@member_required(*DELEGATORS)
@post_only("work:list")
@idempotent
def task_bulk(request: WorkspaceRequest) -> HttpResponse:
    """Assign, reprioritise or move the chosen tasks, then back to the list as it was."""
    query = QueryDict(request.POST.get("query", ""))
    back = f"{bases(request)['tasks_base']}?{query.urlencode()}".rstrip("?")
    form = TaskBulkForm(request.POST, member=request.member)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    data = form.cleaned_data
    tasks = list(
        selectors.tasks_visible_to(request.member)
        .filter(code__in=data["tasks"])
        .select_related("assignee__user", "created_by__user", "workspace")
        .order_by("id")
    )
    action = data["action"]
    assignee = form.members.get(data["assignee"]) if action == TaskBulkForm.ASSIGN else None
    try:
        if assignee is not None:
            result = bulk_services.tasks_assign(
                actor=request.member, tasks=tasks, assignee=assignee
            )
        elif action == TaskBulkForm.PRIORITY:
            result = bulk_services.tasks_set_priority(
                actor=request.member, tasks=tasks, priority=data["priority"]
            )
        else:
            result = bulk_services.tasks_move(actor=request.member, tasks=tasks, to=data["to"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    message = _result_message(action, result, str(assignee.user) if assignee else "")
    if result.skipped or not result.changed:
        messages.warning(request, message)
    else:
        messages.success(request, message)
    return redirect(back)


urlpatterns = [
    path("tasks/", task_list, name="list"),
    path("tasks/bulk/", task_bulk, name="bulk"),
]

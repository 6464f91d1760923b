"""The list of tasks: what the member may see, filtered, a page at a time."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from tandem.work import selectors
from tandem.work.forms import TaskFilterForm
from tandem.work.views.rows import Rows, bases, is_partner
from tandem.workspaces.access import WorkspaceRequest, member_required

PER_PAGE = 50


@require_GET
@member_required()
def task_list(request: WorkspaceRequest) -> HttpResponse:
    context: dict[str, Any] = {"nav": "tasks", **bases(request)}
    if not is_partner(request):
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


urlpatterns = [
    path("tasks/", task_list, name="list"),
]

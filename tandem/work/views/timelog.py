"""Time on a task: the assignee's timer and entries, corrections to any entry, and the 80/20
figure per assistant."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import post_only, undo_tag
from tandem.work import selectors
from tandem.work.forms import TimeEntryForm
from tandem.work.models import Task, TimeEntry, task_path
from tandem.work.services import time as services
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Membership


def _task_url(task: Task, anchor: str = "time") -> str:
    return f"{task.get_absolute_url()}#{anchor}"


def _task_page(request: WorkspaceRequest, code: str) -> str:
    return f"{task_path(request.workspace.slug, code)}#time"


def _entries_page_of(request: WorkspaceRequest, code: str, **_rest: str) -> str:
    return reverse("work:time_entries", kwargs={"ws": request.workspace.slug, "code": code})


def _act(request: WorkspaceRequest, code: str, act: Any) -> HttpResponse:
    """Run a one-button step (the timer): a message either way, then back to the time card."""
    task = selectors.task_get_for_member(request.member, code)
    try:
        message = act(task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect(_task_url(task))


@member_required()
@post_only(_task_page)
@idempotent
def timer_start(request: WorkspaceRequest, code: str) -> HttpResponse:
    def act(task: Task) -> str:
        started = services.timer_start(actor=request.member, task=task)
        if started.stopped is not None:
            return _(
                "Your timer on “%(task)s” stopped at %(time)s, and a new one runs on this task."
            ) % {
                "task": started.stopped.task.title,
                "time": services.duration_text(started.stopped.minutes or 0),
            }
        return _("The timer is running.")

    return _act(request, code, act)


@member_required()
@post_only(_task_page)
@idempotent
def timer_stop(request: WorkspaceRequest, code: str) -> HttpResponse:
    def act(task: Task) -> str:
        entry = services.timer_stop(actor=request.member, task=task)
        return _("Timer stopped: %(time)s recorded.") % {
            "time": services.duration_text(entry.minutes or 0)
        }

    return _act(request, code, act)


@member_required()
@post_only(_task_page)
@idempotent
def time_add(request: WorkspaceRequest, code: str) -> HttpResponse:
    task = selectors.task_get_for_member(request.member, code)
    form = TimeEntryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.time_entry_add(
                actor=request.member,
                task=task,
                minutes=data["minutes"],
                day=data["day"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Logged %(time)s.") % {"time": services.duration_text(entry.minutes or 0)},
            )
            return redirect(_task_url(task))
    return form_kept(request, form, name="time_form", to=_task_url(task))


# The page of a task's entries, where each member corrects their own (owners anyone's).


def _entry_form(entry: TimeEntry, data: Any = None) -> TimeEntryForm:
    zone = entry.member.user.time_zone
    day = timezone.localtime(entry.created_at, timezone=zoneinfo.ZoneInfo(zone)).date()
    return TimeEntryForm(
        data,
        auto_id=f"entry-{entry.pk}-%s",
        initial={
            "minutes": services.duration_text(entry.minutes or 0),
            "day": day,
            "note": entry.note,
        },
    )


def _can_edit(member: Membership, entry: TimeEntry) -> bool:
    return not entry.is_running and services.may_correct(member, entry)


def _entries_page(request: WorkspaceRequest, task: Task) -> HttpResponse:
    entries = list(selectors.time_entries_of_task(task))
    rows = []
    for entry in entries:
        editable = _can_edit(request.member, entry)
        form = None
        kept = False
        if editable:
            # An edit with errors comes back here (`form_kept`), open, with what was entered.
            form = kept_form(
                request, f"entry-{entry.pk}", TimeEntryForm, auto_id=f"entry-{entry.pk}-%s"
            )
            kept = form is not None
            if form is None:
                form = _entry_form(entry)
        rows.append(
            {
                "entry": entry,
                "time": services.duration_text(entry.minutes) if entry.minutes else "",
                "form": form,
                "open": kept,
            }
        )
    context = {
        "nav": "tasks",
        "task": task,
        "rows": rows,
        "total": services.duration_text(sum(entry.minutes or 0 for entry in entries)),
    }
    return render(request, "work/time_entries.html", context)


@require_GET
@member_required()
def time_entries(request: WorkspaceRequest, code: str) -> HttpResponse:
    task = selectors.task_get_for_member(request.member, code)
    return _entries_page(request, task)


def _entries_url(task: Task) -> str:
    return reverse("work:time_entries", kwargs={"ws": task.workspace.slug, "code": task.code})


@member_required()
@post_only(_entries_page_of)
@idempotent
def time_entry_edit(request: WorkspaceRequest, code: str) -> HttpResponse:
    task = selectors.task_get_for_member(request.member, code)
    entry = selectors.time_entry_get(task, request.POST.get("entry"))
    if not services.may_correct(request.member, entry):
        raise PermissionDenied
    form = _entry_form(entry, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.time_entry_update(
                actor=request.member,
                entry=entry,
                minutes=data["minutes"],
                day=data["day"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The entry is corrected."))
            return redirect(f"{_entries_url(task)}#entry-{entry.pk}")
    return form_kept(
        request, form, name=f"entry-{entry.pk}", to=f"{_entries_url(task)}#entry-{entry.pk}"
    )


@member_required()
@post_only(_entries_page_of, confirm=gettext_lazy("Delete this time entry?"))
@idempotent
def time_entry_delete(request: WorkspaceRequest, code: str) -> HttpResponse:
    task = selectors.task_get_for_member(request.member, code)
    entry = selectors.time_entry_get(task, request.POST.get("entry"))
    token = services.time_entry_delete(actor=request.member, entry=entry)
    undo = reverse(
        "work:time_entry_restore",
        kwargs={"ws": request.workspace.slug, "code": task.code, "token": token},
    )
    messages.success(request, _("The entry is deleted."), extra_tags=undo_tag(undo))
    return redirect(_entries_url(task))


@member_required()
@post_only(_entries_page_of)
@idempotent
def time_entry_restore(request: WorkspaceRequest, code: str, token: str) -> HttpResponse:
    """The undo of a deletion, from its message."""
    task = selectors.task_get_for_member(request.member, code)
    try:
        entry = services.time_entry_restore(actor=request.member, task=task, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_entries_url(task))
    messages.success(request, _("The entry is back."))
    return redirect(f"{_entries_url(task)}#entry-{entry.pk}")


# The 80/20 figure per assistant.

PERIODS = {
    "30": (gettext_lazy("Last 30 days"), 30),
    "90": (gettext_lazy("Last 90 days"), 90),
    "365": (gettext_lazy("Last 12 months"), 365),
    "all": (gettext_lazy("All time"), None),
}


@require_GET
@member_required(*DELEGATORS)
def time_summary(request: WorkspaceRequest) -> HttpResponse:
    period = request.GET.get("period", "90")
    if period not in PERIODS:
        period = "90"
    days = PERIODS[period][1]
    since = timezone.now() - timedelta(days=days) if days else None
    rows = selectors.time_by_assistant(request.workspace.pk, since)
    return render(
        request,
        "work/time_summary.html",
        {
            "nav": "time",
            "rows": rows,
            "periods": [(key, label) for key, (label, _days) in PERIODS.items()],
            "period": period,
            "totals": selectors.MinutesSplit(
                owner=sum(row.owner for row in rows), work=sum(row.work for row in rows)
            ),
        },
    )


urlpatterns = [
    path("tasks/<str:code>/timer/start/", timer_start, name="timer_start"),
    path("tasks/<str:code>/timer/stop/", timer_stop, name="timer_stop"),
    path("tasks/<str:code>/time/", time_add, name="time_add"),
    path("tasks/<str:code>/time/entries/", time_entries, name="time_entries"),
    path("tasks/<str:code>/time/entries/edit/", time_entry_edit, name="time_entry_edit"),
    path("tasks/<str:code>/time/entries/delete/", time_entry_delete, name="time_entry_delete"),
    path(
        "tasks/<str:code>/time/entries/restore/<str:token>/",
        time_entry_restore,
        name="time_entry_restore",
    ),
    path("time/", time_summary, name="time_summary"),
]

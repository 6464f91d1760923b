"""Recurring tasks: the list of templates, their form, and pause / resume / delete."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import Weekday
from tandem.lib.drafts import draft_saved
from tandem.lib.http import post_only
from tandem.lib.templatetags.when import when
from tandem.lib.timezones import local_instant
from tandem.work import selectors
from tandem.work.forms_recurring import DRAFT_FIELDS, RecurringForm
from tandem.work.models import RecurringTask, Task
from tandem.work.services import recurring as services
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent

Cadence = RecurringTask.Cadence


def describe_cadence(template: RecurringTask) -> str:
    """The cadence in words: "Every weekday", "Every week on Monday, Friday", …"""
    if template.cadence == Cadence.WEEKLY:
        days = ", ".join(str(Weekday(day).label) for day in sorted(template.weekdays or []))
        return _("Every week on %(days)s") % {"days": days}
    if template.cadence == Cadence.MONTHLY:
        day = template.day_of_month or 1
        if day > 28:
            return _("Every month on day %(day)s, or the month's last day if it is shorter") % {
                "day": day
            }
        return _("Every month on day %(day)s") % {"day": day}
    return _("Every weekday, Monday to Friday")


@dataclass(frozen=True)
class Row:
    template: RecurringTask
    cadence: str
    zone: str
    next_date: date | None
    next_due_at: datetime | None
    next_due_there: str  # the same instant as the assignee reads it, formatted
    recent: list[Task]
    assignee_left: bool


def _row(template: RecurringTask, recent: list[Task]) -> Row:
    zone = template.assignee.user.time_zone
    next_date = next_due_at = None
    next_due_there = ""
    if template.active and template.next_run_at is not None:
        # next_run_at is the start of the occurrence's local day: its date is that day.
        next_date = template.next_run_at.astimezone(zoneinfo.ZoneInfo(zone)).date()
        next_due_at = local_instant(next_date, template.due_time, zone)
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            next_due_there = when(next_due_at)
    return Row(
        template=template,
        cadence=describe_cadence(template),
        zone=zone,
        next_date=next_date,
        next_due_at=next_due_at,
        next_due_there=next_due_there,
        recent=recent,
        assignee_left=template.assignee.removed_at is not None,
    )


def list_url(request: WorkspaceRequest) -> str:
    return reverse("work:recurring_list", kwargs={"ws": request.workspace.slug})


@member_required(*DELEGATORS)
def recurring_list(request: WorkspaceRequest) -> HttpResponse:
    templates = selectors.recurring_list(request.member)
    recent = selectors.recent_occurrences(request.member) if templates else {}
    rows = [_row(template, recent.get(template.pk, [])) for template in templates]
    return render(request, "work/recurring_list.html", {"rows": rows, "nav": "recurring"})


def _form_page(
    request: WorkspaceRequest, form: RecurringForm, template: RecurringTask | None, status: int
) -> HttpResponse:
    return render(
        request,
        "work/recurring_form.html",
        {"form": form, "template": template, "nav": "recurring"},
        status=status,
    )


def _saved(request: WorkspaceRequest, draft_key: str, message: str) -> HttpResponse:
    draft_saved(request, *(f"{draft_key}:{name}" for name in DRAFT_FIELDS))
    messages.success(request, message)
    return redirect(list_url(request))


@member_required(*DELEGATORS)
@idempotent
def recurring_new(request: WorkspaceRequest) -> HttpResponse:
    draft_key = f"{request.workspace.slug}:new-recurring"
    form = RecurringForm(
        request.POST or None,
        assignees=selectors.recurring_assignees(request.member),
        draft_key=draft_key,
    )
    if request.method != "POST":
        return _form_page(request, form, None, 200)
    if form.is_valid():
        try:
            template = services.recurring_create(
                actor=request.member, spec=form.spec(), assignee=form.cleaned_data["assignee"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _saved(
                request,
                draft_key,
                _("“%(title)s” is saved. Its first task comes on %(day)s.")
                % {"title": template.title, "day": _next_day(template)},
            )
    return _form_page(request, form, None, 400)


@member_required(*DELEGATORS)
@idempotent
def recurring_edit(request: WorkspaceRequest, code: str) -> HttpResponse:
    template = selectors.recurring_get_for_member(request.member, code)
    draft_key = f"{request.workspace.slug}:recurring:{template.code}"
    form = RecurringForm(
        request.POST or None,
        initial=RecurringForm.initial_for(template),
        assignees=selectors.recurring_assignees(request.member),
        draft_key=draft_key,
    )
    if request.method != "POST":
        return _form_page(request, form, template, 200)
    if form.is_valid():
        try:
            services.recurring_update(
                actor=request.member,
                template=template,
                spec=form.spec(),
                assignee=form.cleaned_data["assignee"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("“%(title)s” is saved.") % {"title": template.title}
            if template.active:
                message += " " + _("Its next task comes on %(day)s.") % {"day": _next_day(template)}
            return _saved(request, draft_key, message)
    template.refresh_from_db()
    return _form_page(request, form, template, 400)


def _next_day(template: RecurringTask) -> str:
    row = _row(template, [])
    return when(row.next_date, "date") if row.next_date else ""


@member_required(*DELEGATORS)
@post_only("work:recurring_list")
@idempotent
def recurring_pause(request: WorkspaceRequest, code: str) -> HttpResponse:
    template = selectors.recurring_get_for_member(request.member, code)
    services.recurring_pause(actor=request.member, template=template)
    messages.success(
        request,
        _("“%(title)s” is paused: no new tasks until you resume it.") % {"title": template.title},
    )
    return redirect(list_url(request))


@member_required(*DELEGATORS)
@post_only("work:recurring_list")
@idempotent
def recurring_resume(request: WorkspaceRequest, code: str) -> HttpResponse:
    template = selectors.recurring_get_for_member(request.member, code)
    try:
        services.recurring_resume(actor=request.member, template=template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” is running again. Its next task comes on %(day)s.")
            % {"title": template.title, "day": _next_day(template)},
        )
    return redirect(list_url(request))


@member_required(*DELEGATORS)
@post_only("work:recurring_list")
@idempotent
def recurring_delete(request: WorkspaceRequest, code: str) -> HttpResponse:
    template = selectors.recurring_get_for_member(request.member, code)
    services.recurring_delete(actor=request.member, template=template)
    messages.success(
        request,
        _("“%(title)s” is deleted. The tasks it already created stay.") % {"title": template.title},
    )
    return redirect(list_url(request))


urlpatterns = [
    path("recurring/", recurring_list, name="recurring_list"),
    path("recurring/new/", recurring_new, name="recurring_new"),
    path("recurring/<str:code>/edit/", recurring_edit, name="recurring_edit"),
    path("recurring/<str:code>/pause/", recurring_pause, name="recurring_pause"),
    path("recurring/<str:code>/resume/", recurring_resume, name="recurring_resume"),
    path("recurring/<str:code>/delete/", recurring_delete, name="recurring_delete"),
]

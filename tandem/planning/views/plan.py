"""The delegation plan: responsibilities handed over one at a time, in order, each with what it
still needs, its status, and the 80/20 figure of the work tied to it. Owners and managers only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.lib.charts.split import split_chart
from tandem.lib.drafts import draft_saved
from tandem.lib.http import next_or, post_only
from tandem.planning.forms.plan import DRAFT_FIELDS, ResponsibilityForm
from tandem.planning.models import Responsibility, ResponsibilityStatus
from tandem.planning.selectors import plan as selectors
from tandem.planning.services import plan as services
from tandem.roles.selectors.roles import skills_in_use
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent


def plan_url(request: WorkspaceRequest, code: str = "") -> str:
    address = reverse("planning:plan", kwargs={"ws": request.workspace.slug})
    return f"{address}#r-{code}" if code else address


def _plan_context(request: WorkspaceRequest) -> dict[str, Any]:
    return {
        "nav": "plan",
        "plan": selectors.plan_of(request.workspace, request.member, now=timezone.now()),
        "statuses": ResponsibilityStatus,
    }


@member_required(*DELEGATORS)
def plan(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "planning/plan.html", _plan_context(request))


def _form_page(
    request: WorkspaceRequest,
    form: ResponsibilityForm,
    responsibility: Responsibility | None,
    status: int,
) -> HttpResponse:
    context = {
        "nav": "plan",
        "form": form,
        "responsibility": responsibility,
        "known_skills": skills_in_use(request.workspace),
        "audit_minutes": form.initial.get("audit_minutes_per_week")
        or (responsibility.audit_minutes_per_week if responsibility else None),
    }
    return render(request, "planning/responsibility_form.html", context, status=status)


def _saved(request: WorkspaceRequest, draft_key: str, responsibility: Responsibility) -> None:
    draft_saved(request, *(f"{draft_key}:{name}" for name in DRAFT_FIELDS))
    messages.success(request, _("“%(title)s” is saved.") % {"title": responsibility.title})


@member_required(*DELEGATORS)
@idempotent
def responsibility_new(request: WorkspaceRequest) -> HttpResponse:
    """A new responsibility, last in the plan. The analysis's "Plan it" link fills in the
    candidate: `?title=&candidate=&minutes=`."""
    draft_key = f"{request.workspace.slug}:new-responsibility"
    form = ResponsibilityForm(
        request.POST or None,
        initial=ResponsibilityForm.initial_from_query(request.GET),
        assistants=selectors.plan_assistants(request.workspace),
        draft_key=draft_key,
    )
    if request.method != "POST":
        return _form_page(request, form, None, 200)
    if form.is_valid():
        try:
            responsibility = services.responsibility_create(
                actor=request.member,
                fields=form.fields_of(),
                candidate_key=form.cleaned_data["candidate_key"] or "",
                audit_minutes_per_week=form.cleaned_data["audit_minutes_per_week"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _saved(request, draft_key, responsibility)
            return redirect(plan_url(request, responsibility.code))
    return _form_page(request, form, None, 400)


@member_required(*DELEGATORS)
@idempotent
def responsibility_edit(request: WorkspaceRequest, code: str) -> HttpResponse:
    responsibility = selectors.responsibility_get_for_member(request.member, code)
    draft_key = f"{request.workspace.slug}:responsibility:{responsibility.code}"
    form = ResponsibilityForm(
        request.POST or None,
        initial=ResponsibilityForm.initial_for(responsibility),
        assistants=selectors.plan_assistants(request.workspace),
        draft_key=draft_key,
    )
    if request.method != "POST":
        return _form_page(request, form, responsibility, 200)
    if form.is_valid():
        try:
            services.responsibility_update(
                actor=request.member, responsibility=responsibility, fields=form.fields_of()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _saved(request, draft_key, responsibility)
            return redirect(responsibility.get_absolute_url())
    responsibility.refresh_from_db()
    return _form_page(request, form, responsibility, 400)


@member_required(*DELEGATORS)
def responsibility(request: WorkspaceRequest, code: str) -> HttpResponse:
    found = selectors.responsibility_get_for_member(request.member, code)
    now = timezone.now()
    series = selectors.split_series(found, request.member, now=now)
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "nav": "plan",
        "responsibility": found,
        "item": selectors.plan_item_of(found, now=now),
        "series": series,
        "chart": split_chart([(week.week_start, week.owner, week.work) for week in series.weeks]),
        "assistant_split": selectors.assistant_split(found),
        "tasks": selectors.linked_tasks(found),
        "recurring": selectors.linked_recurring(found),
        "q": query,
        "task_choices": selectors.task_choices(found, query),
        "recurring_choices": selectors.recurring_choices(found),
        "statuses": ResponsibilityStatus,
        "still_doing_share": selectors.STILL_DOING_SHARE,
    }
    return render(request, "planning/responsibility.html", context)


@member_required(*DELEGATORS)
@post_only("planning:plan", confirm=gettext_lazy("Delete this responsibility from the plan?"))
@idempotent
def responsibility_delete(request: WorkspaceRequest, code: str) -> HttpResponse:
    found = selectors.responsibility_get_for_member(request.member, code)
    services.responsibility_delete(actor=request.member, responsibility=found)
    messages.success(
        request,
        _("“%(title)s” is deleted from the plan. Its tasks stay as they were.")
        % {"title": found.title},
    )
    return redirect(plan_url(request))


@member_required(*DELEGATORS)
@post_only("planning:plan")
@idempotent
def responsibility_move(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Up or down one place. With htmx the plan's list comes back, and the focus stays on the
    button pressed (the buttons keep their ids)."""
    found = selectors.responsibility_get_for_member(request.member, code)
    try:
        services.responsibility_move(
            actor=request.member, responsibility=found, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return render(request, "planning/_plan_list.html", _plan_context(request))
    return redirect(plan_url(request, found.code))


@member_required(*DELEGATORS)
@post_only("planning:responsibility", "code")
@idempotent
def responsibility_status(request: WorkspaceRequest, code: str) -> HttpResponse:
    """One step forward or back, from the status the page showed."""
    found = selectors.responsibility_get_for_member(request.member, code)
    back_to = next_or(request, found.get_absolute_url())
    try:
        services.responsibility_step(
            actor=request.member,
            responsibility=found,
            direction=request.POST.get("direction", ""),
            current=request.POST.get("current", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back_to)
    messages.success(
        request,
        _("“%(title)s” is now: %(status)s.")
        % {"title": found.title, "status": found.get_status_display()},
    )
    alongside = selectors.handing_over_alongside(found)
    if alongside and found.assistant is not None:
        messages.warning(
            request,
            _(
                "One at a time: %(name)s is also being handed over %(others)s. Consider "
                "finishing that first."
            )
            % {
                "name": found.assistant.user.display_name,
                "others": ", ".join(f"“{other.title}”" for other in alongside),
            },
        )
    return redirect(back_to)


@member_required(*DELEGATORS)
@post_only("planning:responsibility", "code")
@idempotent
def responsibility_link(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Tie a task (`task`) or a recurring duty (`recurring`) to the responsibility."""
    found = selectors.responsibility_get_for_member(request.member, code)
    if task_code := request.POST.get("task"):
        task = selectors.task_of_workspace(found, task_code)
        services.responsibility_link_task(actor=request.member, responsibility=found, task=task)
        messages.success(request, _("“%(title)s” is linked.") % {"title": task.title})
    elif template_code := request.POST.get("recurring"):
        template = selectors.recurring_of_workspace(found, template_code)
        services.responsibility_link_recurring(
            actor=request.member, responsibility=found, template=template
        )
        messages.success(request, _("“%(title)s” is linked.") % {"title": template.title})
    else:
        messages.error(request, _("Choose a task or a recurring task to link."))
    return redirect(f"{found.get_absolute_url()}#work")


@member_required(*DELEGATORS)
@post_only("planning:responsibility", "code")
@idempotent
def responsibility_unlink(request: WorkspaceRequest, code: str) -> HttpResponse:
    found = selectors.responsibility_get_for_member(request.member, code)
    if task_code := request.POST.get("task"):
        task = selectors.task_of_workspace(found, task_code)
        services.responsibility_unlink_task(actor=request.member, responsibility=found, task=task)
        title = task.title
    elif template_code := request.POST.get("recurring"):
        template = selectors.recurring_of_workspace(found, template_code)
        services.responsibility_unlink_recurring(
            actor=request.member, responsibility=found, template=template
        )
        title = template.title
    else:
        return redirect(found.get_absolute_url())
    messages.success(request, _("“%(title)s” is no longer linked.") % {"title": title})
    return redirect(f"{found.get_absolute_url()}#work")


urlpatterns: list[URLPattern] = [
    path("plan/", plan, name="plan"),
    path("plan/new/", responsibility_new, name="responsibility_new"),
    path("plan/<str:code>/", responsibility, name="responsibility"),
    path("plan/<str:code>/edit/", responsibility_edit, name="responsibility_edit"),
    path("plan/<str:code>/delete/", responsibility_delete, name="responsibility_delete"),
    path("plan/<str:code>/move/", responsibility_move, name="responsibility_move"),
    path("plan/<str:code>/status/", responsibility_status, name="responsibility_status"),
    path("plan/<str:code>/link/", responsibility_link, name="responsibility_link"),
    path("plan/<str:code>/unlink/", responsibility_unlink, name="responsibility_unlink"),
]

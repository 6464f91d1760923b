"""A task's page, its brief, and each step of the loop as its own small view."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.lib.drafts import draft_saved
from tandem.lib.forms import form_kept
from tandem.lib.http import Done, post_only, undo_tag
from tandem.work import selectors
from tandem.work.forms import (
    AcknowledgeForm,
    AnswerForm,
    AssignForm,
    BriefForm,
    HelpForm,
    ReasonForm,
    ReviewForm,
    SubmitForm,
)
from tandem.work.models import Task, task_path
from tandem.work.services import tasks as services
from tandem.work.views import page
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Role


@member_required(*DELEGATORS)
@idempotent
def task_new(request: WorkspaceRequest) -> HttpResponse:
    draft_key = f"{request.workspace.slug}:new-task"
    form = BriefForm(
        request.POST or None,
        assignees=selectors.assignable_members(request.member),
        draft_key=draft_key,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                task = services.task_create(
                    actor=request.member,
                    brief=services.Brief(**form.brief_data()),
                    assignee=form.cleaned_data["assignee"],
                    opened_at=form.cleaned_data["opened_at"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                draft_saved(
                    request,
                    *(
                        f"{draft_key}:{name}"
                        for name in ("outcome", "deliverable", "acceptance_criteria", "resources")
                    ),
                )
                messages.success(request, _("The task is saved."))
                return redirect(task)
        check = page.brief_check(form.data)
        return render(
            request,
            "work/task_form.html",
            {"form": form, "check": check, "nav": "tasks"},
            status=400,
        )
    context = {"form": form, "check": page.brief_check({}), "nav": "tasks"}
    return render(request, "work/task_form.html", context)


@member_required(*DELEGATORS)
@idempotent
def task_edit(request: WorkspaceRequest, code: str) -> HttpResponse:
    task = selectors.task_get_for_member(request.member, code)
    draft_key = f"{request.workspace.slug}:{task.code}"
    form = BriefForm(
        request.POST or None,
        instance=task,
        draft_key=draft_key,
        assignees=selectors.assignable_members(request.member),
    )
    form.fields.pop("assignee")
    if request.method == "POST":
        if form.is_valid():
            try:
                services.task_update_brief(
                    actor=request.member,
                    task=task,
                    brief=services.Brief(**form.brief_data()),
                    opened_at=form.cleaned_data["opened_at"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                draft_saved(
                    request,
                    *(
                        f"{draft_key}:{name}"
                        for name in ("outcome", "deliverable", "acceptance_criteria", "resources")
                    ),
                )
                messages.success(request, _("The brief is saved."))
                return redirect(task)
        return render(
            request,
            "work/task_form.html",
            {"form": form, "task": task, "check": page.brief_check(form.data), "nav": "tasks"},
            status=400,
        )
    return render(
        request,
        "work/task_form.html",
        {"form": form, "task": task, "check": page.check_of(task), "nav": "tasks"},
    )


@member_required(*DELEGATORS)
@post_only(lambda request: reverse("work:task_new", kwargs={"ws": request.workspace.slug}))
def brief_check(request: WorkspaceRequest) -> HttpResponse:
    """The clarity check, live while the brief is written (htmx posts the form as it changes)."""
    form = BriefForm(
        request.POST, assignees=selectors.assignable_members(request.member), draft_key="check"
    )
    form.is_valid()
    data = {**request.POST.dict(), **getattr(form, "cleaned_data", {})}
    return render(request, "work/_clarity.html", {"check": page.brief_check(data)})


@member_required()
def task_detail(request: WorkspaceRequest, code: str) -> HttpResponse:
    task = selectors.task_get_for_member(request.member, code)
    return render(request, "work/task_detail.html", page.detail_context(request, task))


def _act(
    request: WorkspaceRequest,
    code: str,
    form_class: Callable[..., Any] | None,
    form_name: str,
    act: Callable[[Task, dict[str, Any]], str | Done],
    **form_kwargs: Any,
) -> HttpResponse:
    """Run one step of the loop: parse the form, call the service, and back to the task's page,
    which says what happened or shows the form again with what was entered and its errors."""
    task = selectors.task_get_for_member(request.member, code)
    form = form_class(request.POST, request.FILES, **form_kwargs) if form_class else None
    if form is None or form.is_valid():
        try:
            message = act(task, form.cleaned_data if form else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(task)
            form.add_error(None, error)
        else:
            if isinstance(message, Done):
                messages.success(request, message.text, extra_tags=undo_tag(message.undo))
            else:
                messages.success(request, message)
            return redirect(task)
    return form_kept(request, cast(forms.Form, form), name=form_name, to=task.get_absolute_url())


def _task_page(request: WorkspaceRequest, code: str) -> str:
    return task_path(request.workspace.slug, code)


StepAct = Callable[[WorkspaceRequest, Task, dict[str, Any]], str | Done]


def _step(
    form_class: type[forms.Form] | None = None,
    form_name: str = "",
    *roles: Role,
    confirm: str | Promise | None = None,
) -> Callable[[StepAct], Callable[[WorkspaceRequest, str], HttpResponse]]:
    """A step of the loop as a POST-only view of the members in `roles` (everyone when none):
    the decorated function calls the service and says what happened."""

    def wrap(act: StepAct) -> Callable[[WorkspaceRequest, str], HttpResponse]:
        @member_required(*roles)
        @post_only(_task_page, confirm=confirm)
        @idempotent
        def view(request: WorkspaceRequest, code: str) -> HttpResponse:
            return _act(request, code, form_class, form_name, partial(act, request))

        view.__name__ = view.__qualname__ = act.__name__
        view.__doc__ = act.__doc__
        return view

    return wrap


@_step(AcknowledgeForm, "ack_form")
def task_acknowledge(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> str:
    services.task_acknowledge(
        actor=request.member,
        task=task,
        questions=data["questions"],
        proposed_due_date=data["proposed_due_date"],
        proposed_due_time=data["proposed_due_time"],
        reason=data["reason"],
    )
    if data["proposed_due_date"]:
        return _("Thanks. Your proposed deadline was sent for a decision.")
    return _("Thanks: the brief is acknowledged.")


@_step(None, "", *DELEGATORS)
def task_decide_proposal(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> str:
    accept = request.POST.get("decision") == "accept"
    services.task_decide_proposal(actor=request.member, task=task, accept=accept)
    return _("The new deadline is set.") if accept else _("The original deadline stays.")


@_step()
def task_start(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> str:
    services.task_start(actor=request.member, task=task)
    return _("The task is in progress.")


@_step(SubmitForm, "submit_form")
def task_submit(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> str:
    services.task_submit(
        actor=request.member,
        task=task,
        note=data["note"],
        links=data["links"],
        files=data["files"],
    )
    return _("Submitted for review.")


@_step(HelpForm, "help_form")
def task_stuck(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> str:
    services.task_ask_for_help(actor=request.member, task=task, note=data["note"])
    return _("Help is on its way: the owner has been told right now.")


@_step(AnswerForm, "answer_form", *DELEGATORS)
def task_answer(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> str:
    services.task_answer_help(actor=request.member, task=task, answer=data["answer"])
    return _("Your answer was sent, and the task is unblocked.")


@member_required(*DELEGATORS)
@post_only(_task_page)
@idempotent
def task_review(request: WorkspaceRequest, code: str) -> HttpResponse:
    draft_key = f"{request.workspace.slug}:{code}:feedback"

    def act(task: Task, data: dict[str, Any]) -> str:
        accept = data["decision"] == "accept"
        services.task_review(
            actor=request.member,
            task=task,
            accept=accept,
            feedback=data["feedback"],
            rating=data["rating"],
            opened_at=data["opened_at"],
        )
        draft_saved(request, draft_key)
        return _("Accepted. The task is done.") if accept else _("Changes requested.")

    return _act(request, code, ReviewForm, "review_form", act, draft_key=draft_key)


@member_required(*DELEGATORS)
@post_only(_task_page)
@idempotent
def task_assign(request: WorkspaceRequest, code: str) -> HttpResponse:
    def act(task: Task, data: dict[str, Any]) -> str:
        services.task_assign(actor=request.member, task=task, assignee=data["assignee"])
        return _("Assigned to %(name)s.") % {"name": data["assignee"].user}

    return _act(
        request,
        code,
        AssignForm,
        "assign_form",
        act,
        assignees=selectors.assignable_members(request.member),
    )


@_step(ReasonForm, "cancel_form", *DELEGATORS, confirm=gettext_lazy("Cancel this task?"))
def task_cancel(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> Done:
    services.task_cancel(actor=request.member, task=task, reason=data["reason"])
    undo = reverse("work:task_undo_cancel", kwargs={"ws": task.workspace.slug, "code": task.code})
    return Done(_("The task is cancelled."), undo=undo)


@_step(None, "", *DELEGATORS)
def task_undo_cancel(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> str:
    services.task_cancel_undo(actor=request.member, task=task)
    return _("The cancellation is undone: the task is “%(state)s” again.") % {
        "state": task.get_state_display()
    }


@_step(None, "", *DELEGATORS)
def task_reopen(request: WorkspaceRequest, task: Task, data: dict[str, Any]) -> str:
    services.task_reopen(actor=request.member, task=task)
    return _("The task is open again.")


urlpatterns = [
    path("tasks/new/", task_new, name="task_new"),
    path("tasks/check/", brief_check, name="brief_check"),
    path("tasks/<str:code>/", task_detail, name="task"),
    path("tasks/<str:code>/edit/", task_edit, name="task_edit"),
    path("tasks/<str:code>/acknowledge/", task_acknowledge, name="task_acknowledge"),
    path("tasks/<str:code>/proposal/", task_decide_proposal, name="task_proposal"),
    path("tasks/<str:code>/start/", task_start, name="task_start"),
    path("tasks/<str:code>/submit/", task_submit, name="task_submit"),
    path("tasks/<str:code>/stuck/", task_stuck, name="task_stuck"),
    path("tasks/<str:code>/answer/", task_answer, name="task_answer"),
    path("tasks/<str:code>/review/", task_review, name="task_review"),
    path("tasks/<str:code>/assign/", task_assign, name="task_assign"),
    path("tasks/<str:code>/cancel/", task_cancel, name="task_cancel"),
    path("tasks/<str:code>/reopen/", task_reopen, name="task_reopen"),
    path("tasks/<str:code>/undo-cancel/", task_undo_cancel, name="task_undo_cancel"),
]

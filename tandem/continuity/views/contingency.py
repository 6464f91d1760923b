"""Contingency plans: an assistant's own plan form; owners and managers see every assistant's
plan status and read any plan; a partner reads the plans of the assistants they supply."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.continuity.forms.contingency import ContingencyForm
from tandem.continuity.selectors import contingency as selectors
from tandem.continuity.services import contingency as services
from tandem.workspaces.access import Allow, WorkspaceRequest, access_member_by_code, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Role


def _overview(request: WorkspaceRequest) -> HttpResponse:
    supplied = None
    if request.member.role == Role.PARTNER:
        supplied = request.member.supplied_members.values_list("pk", flat=True)
    return render(
        request,
        "continuity/contingency_team.html",
        {
            "nav": "members",
            "plans": selectors.contingency_overview(
                request.workspace, timezone.now(), members=supplied
            ),
        },
    )


@member_required()
@idempotent
def contingency(request: WorkspaceRequest) -> HttpResponse:
    """Assistants: their own plan. Owners, managers and partners: who has a plan ready."""
    if request.member.role != Role.ASSISTANT:
        if request.method == "POST":
            raise PermissionDenied
        return _overview(request)
    plan = selectors.contingency_plan_of(request.member)
    if request.method != "POST":
        initial: dict[str, Any] = {}
        if plan is not None:
            initial = {name: getattr(plan, name) for name in ContingencyForm.base_fields}
        form = ContingencyForm(initial=initial)
        status = 200
    else:
        form = ContingencyForm(request.POST)
        if form.is_valid():
            try:
                services.contingency_plan_save(actor=request.member, spec=form.spec())
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, _("Your contingency plan is saved."))
                return redirect("continuity:contingency", ws=request.workspace.slug)
        status = 400
    status_now, missing = selectors.plan_status(plan, request.member, timezone.now())
    return render(
        request,
        "continuity/contingency.html",
        {
            "nav": "my_day",
            "form": form,
            "plan": plan,
            "status": status_now,
            "status_label": selectors.STATUS_LABELS[status_now],
            "missing": missing,
        },
        status=status,
    )


@require_GET
@member_required(Role.OWNER, Role.MANAGER, Role.PARTNER)
def contingency_of(request: WorkspaceRequest, code: str) -> HttpResponse:
    member = access_member_by_code(
        request.member, code, allow=[Allow.DELEGATORS, Allow.PARTNER], roles=[Role.ASSISTANT]
    )
    plan = selectors.contingency_plan_of(member)
    status, missing = selectors.plan_status(plan, member, timezone.now())
    return render(
        request,
        "continuity/contingency_of.html",
        {
            "nav": "members",
            "member": member,
            "plan": plan,
            "status": status,
            "status_label": selectors.STATUS_LABELS[status],
            "missing": missing,
        },
    )


urlpatterns: list[URLPattern] = [
    path("contingency/", contingency, name="contingency"),
    path("contingency/<str:code>/", contingency_of, name="contingency_of"),
]

"""Workload: owners and managers set an assistant's contracted hours per week."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.continuity.forms.workload import ContractedHoursForm
from tandem.continuity.views.health import continuity_subject, render_member_page
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.services import member_contracted_hours_set


@require_POST
@member_required(*DELEGATORS)
@idempotent
def contracted_hours(request: WorkspaceRequest, code: str) -> HttpResponse:
    subject = continuity_subject(request, code)
    form = ContractedHoursForm(request.POST)
    if form.is_valid():
        try:
            member_contracted_hours_set(
                actor=request.member,
                member=subject,
                hours=form.cleaned_data["contracted_hours_per_week"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The contracted hours of %(name)s are saved.") % {"name": subject.user},
            )
            return redirect("continuity:member", ws=request.workspace.slug, code=subject.code)
    return render_member_page(request, subject, form, status=400)


urlpatterns: list[URLPattern] = [
    path("continuity/people/<str:code>/hours/", contracted_hours, name="contracted_hours"),
]

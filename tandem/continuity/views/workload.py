"""Workload: owners and managers set an assistant's contracted hours per week."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from tandem.continuity.forms.workload import ContractedHoursForm
from tandem.continuity.views.health import continuity_subject
from tandem.lib.forms import form_kept
from tandem.lib.http import post_only
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.services import member_contracted_hours_set


@member_required(*DELEGATORS)
@post_only("continuity:member", "code")
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
    return form_kept(
        request,
        form,
        name="hours_form",
        to=reverse(
            "continuity:member", kwargs={"ws": request.workspace.slug, "code": subject.code}
        ),
    )


urlpatterns: list[URLPattern] = [
    path("continuity/people/<str:code>/hours/", contracted_hours, name="contracted_hours"),
]

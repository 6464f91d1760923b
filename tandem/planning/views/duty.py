"""Make a responsibility a duty of a role: its holders then get it as a recurring task."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.planning.forms.duty import DutyFromResponsibilityForm, estimate_for
from tandem.planning.selectors.plan import responsibility_get_for_member
from tandem.planning.services.duty import responsibility_make_duty
from tandem.roles.models import DutyCadence
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent


@member_required(*DELEGATORS)
@idempotent
def responsibility_duty(request: WorkspaceRequest, code: str) -> HttpResponse:
    responsibility = responsibility_get_for_member(request.member, code)
    if responsibility.duty_id is not None:
        return redirect(responsibility.get_absolute_url())
    status = 200
    if request.method == "POST":
        form = DutyFromResponsibilityForm(request.POST, responsibility=responsibility)
        if form.is_valid():
            try:
                duty = responsibility_make_duty(
                    actor=request.member,
                    responsibility=responsibility,
                    role=form.cleaned_data["role"],
                    assign=form.cleaned_data.get("assign", False),
                    now=timezone.now(),
                    **form.values(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "“%(duty)s” is a duty of %(role)s now: whoever holds the role gets "
                        "it as a recurring task."
                    )
                    % {"duty": duty.title, "role": duty.role.title},
                )
                return redirect(responsibility.get_absolute_url())
        status = 400
    else:
        form = DutyFromResponsibilityForm(
            responsibility=responsibility,
            initial={
                "title": responsibility.title,
                "instructions": responsibility.instructions,
                "sop_url": responsibility.sop_url,
                "cadence": DutyCadence.WEEKLY,
                "estimate_minutes": estimate_for(
                    responsibility.audit_minutes_per_week, DutyCadence.WEEKLY
                ),
            },
        )
    return render(
        request,
        "planning/responsibility_duty.html",
        {"nav": "plan", "responsibility": responsibility, "form": form},
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("plan/<str:code>/duty/", responsibility_duty, name="responsibility_duty"),
]

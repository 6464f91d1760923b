"""The readiness self-assessment, before hiring or growing: each owner or manager takes it for
themselves, as often as they like, and sees their own results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tandem.planning.forms.readiness import ReadinessForm
from tandem.planning.selectors import readiness as selectors
from tandem.planning.services import readiness as services
from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent


@require_GET
@member_required(*DELEGATORS)
def readiness(request: WorkspaceRequest) -> HttpResponse:
    """The latest result on top, with advice, then the earlier takings; before the first
    taking, the statements themselves."""
    history = selectors.readiness_history(request.member)
    return render(
        request,
        "planning/readiness.html",
        {
            "nav": "readiness",
            "latest": history[0] if history else None,
            "history": history,
            "more": len(history) >= selectors.HISTORY_ROWS,
            "form": None if history else ReadinessForm(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@member_required(*DELEGATORS)
@idempotent
def readiness_take(request: WorkspaceRequest) -> HttpResponse:
    """The statements, started from the last answers; saved, back to the results."""
    last = selectors.readiness_last_answers(request.member)
    if request.method != "POST":
        return _form_page(request, ReadinessForm(initial=last or {}), again=last is not None)
    form = ReadinessForm(request.POST)
    if form.is_valid():
        try:
            services.readiness_take(actor=request.member, answers=form.answers())
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Your answers are saved. Here is where you stand."))
            return redirect("planning:readiness", ws=request.workspace.slug)
    return _form_page(request, form, again=last is not None, status=400)


def _form_page(
    request: WorkspaceRequest, form: ReadinessForm, *, again: bool, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "planning/readiness_take.html",
        {"nav": "readiness", "form": form, "again": again},
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("readiness/", readiness, name="readiness"),
    path("readiness/take/", readiness_take, name="readiness_take"),
]

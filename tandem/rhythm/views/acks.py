"""Acknowledging anything addressed to you: one button, one URL, for every kind."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.rhythm.selectors.acks import ack_get_for_member
from tandem.rhythm.services.acks import ack_record
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent


@require_POST
@member_required()
@idempotent
def acknowledge(request: WorkspaceRequest, code: str) -> HttpResponse:
    ack = ack_get_for_member(request.member, code)
    subject = ack.subject
    if subject is not None and ack_record(member=request.member, subject=subject):
        messages.success(request, _("Acknowledged. Thank you."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("workspaces:home", kwargs={"ws": request.workspace.slug})
    return redirect(target)


urlpatterns = [
    path("acks/<str:code>/", acknowledge, name="acknowledge"),
]

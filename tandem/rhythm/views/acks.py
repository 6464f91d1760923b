"""Acknowledging anything addressed to you: one button, one URL, for every kind; and the page
of what is waiting for your acknowledgement."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.acks.models import AckKind
from tandem.acks.services import ack_record
from tandem.lib.http import next_or, post_only
from tandem.rhythm.selectors.acks import ack_get_for_member, acks_for_member
from tandem.rhythm.selectors.response_time import duration_label
from tandem.work.models import task_path
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent


@require_GET
@member_required()
def acks(request: WorkspaceRequest) -> HttpResponse:
    found = acks_for_member(request.member)
    return render(
        request,
        "rhythm/acks.html",
        {
            "nav": "acks",
            "waiting": found.waiting,
            "waiting_total": found.waiting_total,
            "recent": found.recent,
            "expectation": duration_label(request.workspace.response_time_hours * 3600),
        },
    )


@member_required()
@post_only("rhythm:acks")
@idempotent
def acknowledge(request: WorkspaceRequest, code: str) -> HttpResponse:
    ack = ack_get_for_member(request.member, code)
    subject = ack.subject
    if ack.kind == AckKind.BRIEF and ack.is_pending and ack.task is not None:
        # A brief is acknowledged with its deadline question, on the task's page.
        messages.info(request, _("Read the brief and say whether the deadline works for you."))
        return redirect(task_path(request.workspace.slug, ack.task.code) + "#acknowledge")
    if subject is not None and ack_record(member=request.member, subject=subject):
        messages.success(request, _("Acknowledged. Thank you."))
    return redirect(next_or(request, reverse("rhythm:acks", kwargs={"ws": request.workspace.slug})))


urlpatterns = [
    path("acks/", acks, name="acks"),
    path("acks/<str:code>/", acknowledge, name="acknowledge"),
]

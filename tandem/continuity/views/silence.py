"""Silence: the owners' settings of the escalation ladder and workload thresholds, and one
assistant's silence threshold with their silence history."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.continuity.forms.silence import ContinuitySettingsForm, MemberSilenceForm
from tandem.continuity.selectors import silence as selectors
from tandem.continuity.services import silence as services
from tandem.lib.timezones import now_in
from tandem.notify.selectors import delivery_health
from tandem.workspaces.access import (
    DELEGATORS,
    Allow,
    WorkspaceRequest,
    access_member_by_code,
    member_required,
)
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Role


@member_required(Role.OWNER)
@idempotent
def continuity_settings(request: WorkspaceRequest) -> HttpResponse:
    """Owners: the silence ladder's three delays and the workload thresholds."""
    workspace = request.workspace
    # The form validates a copy: the service compares the old values with the new.
    form = ContinuitySettingsForm(request.POST or None, instance=copy.copy(workspace))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.continuity_settings_update(
                    actor=request.member,
                    workspace=workspace,
                    **{name: form.cleaned_data[name] for name in services.WORKSPACE_FIELDS},
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The continuity settings are saved."))
                return redirect("continuity:settings", ws=workspace.slug)
        status = 400
    return render(
        request,
        "continuity/settings.html",
        {
            "nav": "settings",
            "form": form,
            "workspace": workspace,
            "deliveries": delivery_health(timezone.now()),
        },
        status=status,
    )


@member_required(*DELEGATORS)
@idempotent
def member_silence(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Owners and managers: one assistant's silence now, their own threshold, and history."""
    member = access_member_by_code(
        request.member,
        code,
        allow=[Allow.DELEGATORS],
        roles=[Role.ASSISTANT],
        select_related=("user", "workspace", "partner__user"),
    )
    form = MemberSilenceForm(request.POST or None, instance=copy.copy(member))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.member_silence_threshold_set(
                    actor=request.member,
                    member=member,
                    hours=form.cleaned_data["silence_after_hours"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("The silence threshold of %(name)s is saved.")
                    % {"name": member.user.display_name},
                )
                return redirect("continuity:member_silence", ws=request.workspace.slug, code=code)
        status = 400
    now = timezone.now()
    return render(
        request,
        "continuity/silence_member.html",
        {
            "nav": "continuity",
            "member": member,
            "form": form,
            "status": selectors.silence_status_of([member], now).get(member.pk),
            "history": selectors.silence_history(member),
            "now_there": now_in(member.user.time_zone),
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("continuity/settings/", continuity_settings, name="settings"),
    path("continuity/silence/<str:code>/", member_silence, name="member_silence"),
]

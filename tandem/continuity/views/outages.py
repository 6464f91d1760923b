"""Outages: "I can't work right now" in one click (also the link of the silence nudge), the
assistant's own outages with a form to plan one, one outage with the deadlines inside it, "I'm
back", cancelling a planned one, and the card of My day.

Owners and managers see and record the outages of every assistant; a partner sees those of the
assistants they supply (not the tasks inside them); another assistant's outage is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tandem.continuity.forms.outages import OutageNowForm, OutagePlanForm
from tandem.continuity.models import Outage, OutageKind
from tandem.continuity.selectors import outages as selectors
from tandem.continuity.services import outages as services
from tandem.lib.http import next_or, post_only
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent
from tandem.workspaces.models import Role
from tandem.workspaces.selectors import assistants_of


def _now_page(request: WorkspaceRequest, form: OutageNowForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "continuity/outage_now.html",
        {
            "nav": "my_day",
            "form": form,
            "current": selectors.current_outage_of(request.member, timezone.now()),
        },
        status=status,
    )


@member_required(Role.ASSISTANT)
@idempotent
def outage_now(request: WorkspaceRequest) -> HttpResponse:
    """One click: a power cut (unless another kind is chosen), from now, until "I'm back"."""
    if request.method != "POST":
        kind = request.GET.get("kind", OutageKind.POWER)
        initial = {"kind": kind if kind in OutageKind.values else OutageKind.POWER}
        return _now_page(request, OutageNowForm(initial=initial))
    form = OutageNowForm(request.POST)
    if form.is_valid():
        before = selectors.current_outage_of(request.member, timezone.now())
        try:
            outage = services.outage_report_now(
                actor=request.member,
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if before is not None and before.pk == outage.pk:
                messages.info(
                    request, _("You had told us already. Press “I'm back” when you can work.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. The owner knows you cannot work right now, and no one will "
                        "chase you for it. Press “I'm back” when you can work again."
                    ),
                )
            return redirect(services.outage_url(outage))
    return _now_page(request, form, status=400)


def _list_page(request: WorkspaceRequest, form: OutagePlanForm, status: int = 200) -> HttpResponse:
    now = timezone.now()
    context: dict[str, Any] = {"nav": "my_day", "form": form, "now": now}
    if request.member.can_delegate:
        context["nav"] = "members"
        context["outages"] = selectors.outages_now_and_planned(request.workspace, now)
    else:
        context["current"] = selectors.current_outage_of(request.member, now)
        context["upcoming"] = selectors.outages_upcoming_of(request.member, now)
        context["outages"] = selectors.outages_of_member(request.member, limit=20)
    return render(request, "continuity/outages.html", context, status=status)


@member_required(Role.OWNER, Role.MANAGER, Role.ASSISTANT)
@idempotent
def outages(request: WorkspaceRequest) -> HttpResponse:
    """Assistants: their own outages, and planning one. Owners and managers: the team's outages
    now and planned, and recording one for an assistant."""
    if request.member.can_delegate:
        kwargs: dict[str, Any] = {"choices": assistants_of(request.workspace.pk)}
    else:
        kwargs = {"member": request.member}
    if request.method != "POST":
        return _list_page(request, OutagePlanForm(**kwargs))
    form = OutagePlanForm(request.POST, **kwargs)
    if form.is_valid():
        starts_at, ends_at = form.instants
        try:
            outage = services.outage_plan(
                actor=request.member,
                member=form.cleaned_data["member"],
                kind=form.cleaned_data["kind"],
                starts_at=starts_at,
                ends_at=ends_at,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    target = {"starts_at": "starts_on", "ends_at": "ends_on"}.get(field, field)
                    form.add_error(target if target in form.fields else None, problems)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The outage is planned. The owners know, and silence will not count it."),
            )
            return redirect(services.outage_url(outage))
    return _list_page(request, form, status=400)


@require_GET
@member_required()
def outage(request: WorkspaceRequest, code: str) -> HttpResponse:
    found = selectors.outage_get_for_member(request.member, code)
    now = timezone.now()
    # Partners see attendance, never the client's tasks.
    show_tasks = request.member.role != Role.PARTNER
    may_change = request.member.can_delegate or found.member_id == request.member.pk
    return render(
        request,
        "continuity/outage.html",
        {
            "nav": "my_day" if found.member_id == request.member.pk else "members",
            "outage": found,
            "now": now,
            "is_now": found.cancelled_at is None
            and found.starts_at <= now
            and (found.ends_at is None or found.ends_at > now),
            "is_ahead": found.cancelled_at is None and found.starts_at > now,
            "deadlines": selectors.deadlines_during(found, now=now) if show_tasks else None,
            "may_change": may_change,
            "is_mine": found.member_id == request.member.pk,
        },
    )


@member_required(Role.OWNER, Role.MANAGER, Role.ASSISTANT)
@post_only("continuity:outage", "code")
@idempotent
def outage_end(request: WorkspaceRequest, code: str) -> HttpResponse:
    found: Outage = selectors.outage_get_for_member(request.member, code)
    if services.outage_end(actor=request.member, outage=found):
        if found.member_id == request.member.pk:
            messages.success(request, _("Welcome back! The owners know you can work again."))
        else:
            messages.success(request, _("The outage has ended."))
    else:
        messages.info(request, _("This outage is not going on: nothing to end."))
    return redirect(next_or(request, services.outage_url(found)))


@member_required(Role.OWNER, Role.MANAGER, Role.ASSISTANT)
@post_only("continuity:outage", "code", confirm=gettext_lazy("Cancel this planned outage?"))
@idempotent
def outage_cancel(request: WorkspaceRequest, code: str) -> HttpResponse:
    found = selectors.outage_get_for_member(request.member, code)
    if services.outage_cancel(actor=request.member, outage=found):
        messages.success(request, _("The planned outage is cancelled."))
    else:
        messages.info(
            request, _("This outage has begun or was cancelled already: it cannot be cancelled.")
        )
    return redirect(next_or(request, services.outage_url(found)))


@require_GET
@member_required(Role.ASSISTANT)
def outage_card(request: WorkspaceRequest) -> HttpResponse:
    """The "Can't work right now?" card of My day, as it stands (loaded by htmx)."""
    return render(
        request,
        "continuity/_outage_card.html",
        {
            "current": selectors.current_outage_of(request.member, timezone.now()),
            "live": True,
            "outage_kinds": OutageKind.choices,
        },
    )


urlpatterns: list[URLPattern] = [
    path("outages/", outages, name="outages"),
    path("outages/now/", outage_now, name="outage_now"),
    path("outages/card/", outage_card, name="outage_card"),
    path("outages/<str:code>/", outage, name="outage"),
    path("outages/<str:code>/end/", outage_end, name="outage_end"),
    path("outages/<str:code>/cancel/", outage_cancel, name="outage_cancel"),
]

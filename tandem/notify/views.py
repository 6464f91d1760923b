from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.lib.http import is_safe_url, post_only
from tandem.notify import selectors, services
from tandem.notify.forms import DEFAULT_DIGEST_TIME, EmailPreferencesForm
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent

PER_PAGE = 50
# How many notifications the bell's menu shows; the list has them all.
BELL_MENU_SIZE = 10


@require_GET
@member_required()
def notification_list(request: WorkspaceRequest) -> HttpResponse:
    notifications = selectors.notifications_for_member(request.member)
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notify/list.html",
        {
            "nav": "notifications",
            "page": page,
            "unread": selectors.unread_count(request.member),
        },
    )


@member_required()
@post_only("notify:list")
def notification_read(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Mark one notification read and follow its link (the list's links post here)."""
    notification = selectors.notification_get_for_member(request.member, code)
    services.notification_mark_read(member=request.member, notification=notification)
    if is_safe_url(request, notification.url):
        return redirect(notification.url)
    return redirect("notify:list", ws=request.workspace.slug)


@member_required()
@post_only("notify:list")
def notification_read_all(request: WorkspaceRequest) -> HttpResponse:
    services.notifications_mark_all_read(member=request.member)
    if request.htmx:
        # From the bell's menu: the menu again, and the bell's face with it.
        return _bell_menu(request)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notify:list", ws=request.workspace.slug)


@require_GET
@member_required()
def bell(request: WorkspaceRequest) -> HttpResponse:
    """The bell's face with the unread count, loaded by htmx after the page."""
    return render(request, "notify/_bell.html", {"unread": selectors.unread_count(request.member)})


@require_GET
@member_required()
def bell_menu(request: WorkspaceRequest) -> HttpResponse:
    """The bell menu's latest notifications, loaded when it opens."""
    return _bell_menu(request)


def _bell_menu(request: WorkspaceRequest) -> HttpResponse:
    return render(
        request,
        "notify/_bell_panel.html",
        {
            "latest": selectors.notifications_for_member(request.member)[:BELL_MENU_SIZE],
            "unread": selectors.unread_count(request.member),
        },
    )


@member_required()
@idempotent
def email_settings(request: WorkspaceRequest) -> HttpResponse:
    digest = selectors.digest_of(request.member)
    initial: dict[str, object] = {
        **selectors.email_preferences(request.member),
        "digest": digest is not None and digest.enabled,
        "digest_at": digest.at if digest is not None else DEFAULT_DIGEST_TIME,
    }
    # Not `request.POST or None`: a form with every box unchecked posts no field of its own.
    form = EmailPreferencesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.email_preferences_set(
                member=request.member, enabled_kinds=form.enabled_kinds()
            )
            if form.cleaned_data["digest"] or digest is not None:
                services.digest_set(
                    member=request.member,
                    enabled=form.cleaned_data["digest"],
                    at=form.digest_time(),
                )
        messages.success(request, _("Your email settings have been saved."))
        return redirect("notify:settings", ws=request.workspace.slug)
    return render(
        request,
        "notify/settings.html",
        {"nav": "notifications", "form": form, "zone": request.user.time_zone},
        status=400 if form.is_bound else 200,
    )

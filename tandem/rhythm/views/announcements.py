"""The town hall: the list, posting, one announcement with its replies and read record."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.acks.selectors import ack_pending_for
from tandem.lib.drafts import draft_saved
from tandem.lib.forms import form_kept, kept_form
from tandem.lib.http import post_only
from tandem.lib.markdown import render as render_markdown
from tandem.rhythm.forms.announcements import AnnouncementForm, ReplyForm
from tandem.rhythm.models import Announcement, AnnouncementReply
from tandem.rhythm.selectors import announcements as selectors
from tandem.rhythm.services import announcements as services
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent

PER_PAGE = 20
NAV = "announcements"


def _list_url(request: WorkspaceRequest) -> str:
    return reverse("rhythm:announcements", kwargs={"ws": request.workspace.slug})


def _new_draft_key(request: WorkspaceRequest) -> str:
    return f"{request.workspace.slug}:new-announcement"


def _reply_draft_key(announcement: Announcement) -> str:
    return f"{announcement.workspace.slug}:{announcement.code}:reply"


@require_GET
@member_required()
def announcement_list(request: WorkspaceRequest) -> HttpResponse:
    announcements = selectors.announcements_for_member(request.member)
    page = Paginator(announcements, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "rhythm/announcements.html",
        {
            "nav": NAV,
            "page": page,
            "may_post": selectors.announcement_may_post(request.member),
        },
    )


@member_required()
@idempotent
def announcement_new(request: WorkspaceRequest) -> HttpResponse:
    if not selectors.announcement_may_post(request.member):
        raise PermissionDenied
    draft_key = _new_draft_key(request)
    form = AnnouncementForm(request.POST or None, draft_key=draft_key)
    if request.method == "POST":
        if form.is_valid():
            try:
                announcement = services.announcement_post(actor=request.member, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                draft_saved(request, draft_key)
                messages.success(request, _("Your announcement is posted."))
                return redirect(services.announcement_url(announcement))
        return render(
            request, "rhythm/announcement_form.html", {"nav": NAV, "form": form}, status=400
        )
    return render(request, "rhythm/announcement_form.html", {"nav": NAV, "form": form})


class RenderedReply(NamedTuple):
    reply: AnnouncementReply
    html: SafeString


def _detail_context(
    request: WorkspaceRequest, announcement: Announcement, reply_form: ReplyForm | None = None
) -> dict[str, Any]:
    member = request.member
    replies = [
        RenderedReply(reply, render_markdown(reply.body))
        for reply in selectors.replies_of_announcement(announcement)
    ]
    context: dict[str, Any] = {
        "nav": NAV,
        "announcement": announcement,
        "body_html": render_markdown(announcement.body),
        "replies": replies,
        "reply_form": reply_form
        or kept_form(request, "reply_form", ReplyForm, draft_key=_reply_draft_key(announcement))
        or ReplyForm(draft_key=_reply_draft_key(announcement)),
        "ack": ack_pending_for(member, announcement) if announcement.important else None,
        "may_delete": selectors.announcement_may_delete(member, announcement),
    }
    if selectors.announcement_may_see_record(member, announcement):
        context["record"] = selectors.announcement_record(announcement)
    return context


@require_GET
@member_required()
def announcement_detail(request: WorkspaceRequest, code: str) -> HttpResponse:
    announcement = selectors.announcement_get_for_member(request.member, code)
    services.announcement_mark_read(member=request.member, announcement=announcement)
    return render(request, "rhythm/announcement.html", _detail_context(request, announcement))


@member_required()
@post_only("rhythm:announcement", "code")
@idempotent
def announcement_reply(request: WorkspaceRequest, code: str) -> HttpResponse:
    announcement = selectors.announcement_get_for_member(request.member, code)
    draft_key = _reply_draft_key(announcement)
    form = ReplyForm(request.POST, draft_key=draft_key)
    if form.is_valid():
        try:
            reply = services.announcement_reply(
                actor=request.member, announcement=announcement, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            draft_saved(request, draft_key)
            messages.success(request, _("Your reply is posted."))
            return redirect(f"{services.announcement_url(announcement)}#reply-{reply.pk}")
    return form_kept(request, form, name="reply_form", to=services.announcement_url(announcement))


@member_required()
@post_only("rhythm:announcement", "code")
@idempotent
def announcement_delete(request: WorkspaceRequest, code: str) -> HttpResponse:
    announcement = selectors.announcement_get_for_member(request.member, code)
    services.announcement_delete(actor=request.member, announcement=announcement)
    messages.success(request, _("“%(title)s” is deleted.") % {"title": announcement.title})
    return redirect(_list_url(request))


urlpatterns: list[URLPattern] = [
    path("announcements/", announcement_list, name="announcements"),
    path("announcements/new/", announcement_new, name="announcement_new"),
    path("announcements/<str:code>/", announcement_detail, name="announcement"),
    path("announcements/<str:code>/replies/", announcement_reply, name="announcement_reply"),
    path("announcements/<str:code>/delete/", announcement_delete, name="announcement_delete"),
]

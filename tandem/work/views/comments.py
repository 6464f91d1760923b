"""The task's comment thread and its files: post (plain form or htmx), and download."""

from __future__ import annotations

import logging
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.lib.drafts import draft_saved
from tandem.lib.forms import form_kept
from tandem.lib.http import post_only
from tandem.work import jobs, selectors
from tandem.work.forms import CommentForm
from tandem.work.models import Comment, task_path
from tandem.work.services import comments as services
from tandem.work.views import page
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent, unspent

log = logging.getLogger(__name__)


def _queue_thumbnails(comment: Comment) -> None:
    """After the comment is saved: its images' thumbnails, in the background. A job the queue
    refuses, or one lost with the process, is the `make_missed_thumbnails` sweep's."""
    for attachment in comment.attachments.all():
        if attachment.wants_thumbnail:
            try:
                jobs.make_thumbnail(attachment.pk)
            except Exception:
                log.exception("Could not queue the thumbnail of attachment %s.", attachment.pk)


@member_required()
@post_only(lambda request, code: task_path(request.workspace.slug, code))
@idempotent
def comment_add(request: WorkspaceRequest, code: str) -> HttpResponse:
    task = selectors.task_get_for_member(request.member, code)
    draft_key = page.comment_draft_key(task)
    form = CommentForm(
        request.POST, request.FILES, draft_key=draft_key, mention_url=page.mention_url(task)
    )
    if form.is_valid():
        try:
            comment = services.comment_add(
                actor=request.member,
                task=task,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            draft_saved(request, draft_key)
            _queue_thumbnails(comment)
            if request.htmx:
                context = page.thread_context(request, task) | {"task": task, "posted": comment}
                return render(request, "work/_thread_posted.html", context)
            messages.success(request, _("Your comment is posted."))
            return redirect(f"{task.get_absolute_url()}#thread")
    if request.htmx:
        # htmx swaps no 4xx answer, so the errors come back with 200; nothing was posted, so the
        # form's key is not spent.
        context = {"task": task, "comment_form": form}
        return unspent(render(request, "work/_thread_posted.html", context))
    return form_kept(request, form, name="comment_form", to=task.get_absolute_url())


@require_GET
@member_required()
def attachment_download(request: WorkspaceRequest, code: str, file_code: str) -> HttpResponse:
    """A file, only for members who may see its task; images and PDFs open in the browser."""
    task = selectors.task_get_for_member(request.member, code)
    attachment = selectors.attachment_get(task, file_code)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=not attachment.inline,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)  # a streaming response, where views return HttpResponse


# How many people the mention box suggests at once.
MENTION_SUGGESTIONS = 8


@require_GET
@member_required()
def mention_candidates(request: WorkspaceRequest, code: str) -> HttpResponse:
    """Who may be mentioned on this task (those who can read its thread, but not the writer),
    matching `q` at the start of their name, a word of it or their email: for the comment box's
    suggestions. JSON: [{"handle", "name"}]."""
    task = selectors.task_get_for_member(request.member, code)
    typed = request.GET.get("q", "").strip().casefold()[:100]
    members = selectors.members_who_see_task(task)
    handles = services.mention_handles(members)
    found = []
    for member in members:
        if member.pk == request.member.pk:
            continue
        name = member.user.display_name
        words = [name.casefold(), *name.casefold().split(), member.user.email.casefold()]
        if typed and not any(word.startswith(typed) for word in words):
            continue
        found.append({"handle": services.mention_handle(member, handles), "name": name})
    found.sort(key=lambda row: row["name"].casefold())
    return JsonResponse(found[:MENTION_SUGGESTIONS], safe=False)


@require_GET
@member_required()
def attachment_thumbnail(request: WorkspaceRequest, code: str, file_code: str) -> HttpResponse:
    """An image's thumbnail, for the same members as the image; 404 until it is made."""
    task = selectors.task_get_for_member(request.member, code)
    attachment = selectors.attachment_get(task, file_code)
    if not attachment.thumbnail:
        raise Http404
    try:
        handle = attachment.thumbnail.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    is_png = attachment.thumbnail.name.endswith(".png")
    response = FileResponse(handle, content_type="image/png" if is_png else "image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=86400"
    return cast(HttpResponse, response)


urlpatterns = [
    path("tasks/<str:code>/mentions/", mention_candidates, name="mentions"),
    path("tasks/<str:code>/comments/", comment_add, name="comment_add"),
    path("tasks/<str:code>/files/<str:file_code>/", attachment_download, name="attachment"),
    path(
        "tasks/<str:code>/files/<str:file_code>/thumbnail/",
        attachment_thumbnail,
        name="attachment_thumbnail",
    ),
]

"""The task's comment thread and its files: post (plain form or htmx), and download."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tandem.lib.drafts import draft_saved
from tandem.lib.forms import form_kept
from tandem.lib.http import post_only
from tandem.work import selectors
from tandem.work.forms import CommentForm
from tandem.work.models import task_path
from tandem.work.services import comments as services
from tandem.work.views import page
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.idempotency import idempotent, unspent


@member_required()
@post_only(lambda request, code: task_path(request.workspace.slug, code))
@idempotent
def comment_add(request: WorkspaceRequest, code: str) -> HttpResponse:
    task = selectors.task_get_for_member(request.member, code)
    draft_key = page.comment_draft_key(task)
    form = CommentForm(request.POST, request.FILES, draft_key=draft_key)
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


urlpatterns = [
    path("tasks/<str:code>/comments/", comment_add, name="comment_add"),
    path("tasks/<str:code>/files/<str:file_code>/", attachment_download, name="attachment"),
]

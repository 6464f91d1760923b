"""The files Tandem keeps with a task, in its thread or in a hand-in: which are allowed, and
how they are stored."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from tandem.work.models import Attachment, Comment, Submission, Task
from tandem.workspaces.models import Membership


def _types() -> mimetypes.MimeTypes:
    """A guesser that knows the allow-list, whatever /etc/mime.types holds on this machine."""
    guesser = mimetypes.MimeTypes()
    for extension, content_type in settings.ATTACHMENT_TYPES.items():
        guesser.add_type(content_type, extension)
    return guesser


def attachment_check(file: UploadedFile) -> str:
    """The content type of an upload by its name, once it is allowed; or ValidationError."""
    name = PurePath(file.name or "").name
    content_type, encoding = _types().guess_type(name, strict=True)
    allowed = set(settings.ATTACHMENT_TYPES.values())
    extension = PurePath(name).suffix.lower()
    if (
        content_type is None
        or encoding is not None
        or content_type not in allowed
        or settings.ATTACHMENT_TYPES.get(extension) != content_type
    ):
        raise ValidationError(
            _(
                "“%(name)s” is not a file type Tandem keeps. Allowed: PDF, images (PNG, JPEG, "
                "GIF, WebP), text, CSV, Word, Excel, PowerPoint, OpenDocument and ZIP files."
            )
            % {"name": name},
            code="file_type",
        )
    if not file.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
    if file.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            code="file_size",
        )
    return content_type


def attachments_check(files: Sequence[UploadedFile], *, limit: int, field: str) -> list[str]:
    """The content type of each upload, once all are allowed; or one ValidationError on `field`
    that names every problem."""
    if len(files) > limit:
        raise ValidationError({field: _("Attach at most %(max)d files at once.") % {"max": limit}})
    problems, types = [], []
    for file in files:
        try:
            types.append(attachment_check(file))
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError({field: problems})
    return types


def attachments_store(
    *,
    task: Task,
    actor: Membership,
    files: Sequence[UploadedFile],
    types: Sequence[str],
    stored: list[Attachment],
    comment: Comment | None = None,
    submission: Submission | None = None,
) -> None:
    """Save checked uploads with a comment or a hand-in; each saved one is added to `stored`, so
    the caller can delete the files when its transaction rolls back."""
    for file, content_type in zip(files, types, strict=True):
        attachment = Attachment(
            workspace_id=task.workspace_id,
            task=task,
            comment=comment,
            submission=submission,
            uploaded_by=actor,
            name=PurePath(file.name or "").name[-200:],
            content_type=content_type,
            size=file.size or 0,
        )
        attachment.file.save(attachment.name, file, save=False)
        stored.append(attachment)
        attachment.save()

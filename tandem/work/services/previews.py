"""Thumbnails of images attached to tasks: made once, in the background, never in the way.

The job may run twice, or for a file already done: the first thumbnail saved wins (a
conditional update), a second one's file is deleted, and a refused image is not tried again.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile

from tandem.lib import images
from tandem.work.models import Attachment, thumbnail_path

log = logging.getLogger(__name__)


def attachment_thumbnail_make(attachment_id: int) -> bool:
    """Make the attachment's thumbnail if it wants one; whether one was made now."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None or not attachment.wants_thumbnail:
        return False
    pending = Attachment.objects.filter(pk=attachment.pk, thumbnail="", preview_refused="")
    try:
        with attachment.file.open("rb") as handle:
            data, extension, width, height = images.thumbnail(handle)
    except FileNotFoundError:
        pending.update(preview_refused="missing")
        return False
    except images.Refused as refusal:
        log.info("No thumbnail for attachment %s: %s", attachment.pk, refusal)
        pending.update(preview_refused=str(refusal)[:100])
        return False
    storage = attachment.thumbnail.storage
    name = storage.save(thumbnail_path(attachment, f"thumbnail.{extension}"), ContentFile(data))
    if not pending.update(thumbnail=name, thumbnail_width=width, thumbnail_height=height):
        storage.delete(name)  # another run was first
        return False
    return True

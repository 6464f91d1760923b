"""The town hall: post an announcement, reply to it, record who read it, delete it.

An important announcement asks each member of its audience (but its author) to acknowledge it,
through the one acknowledgement mechanism (`services/acks.py`); replying counts as
acknowledging, and acknowledging counts as having read it.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.acks.models import AckKind, Acknowledgement, AckWay
from tandem.acks.services import ack_record, ack_request, ack_withdraw
from tandem.notify import kinds
from tandem.notify.services import notify
from tandem.rhythm.models import Announcement, AnnouncementRead, AnnouncementReply, Audience
from tandem.rhythm.selectors.announcements import (
    announcement_may_delete,
    announcement_may_post,
    audience_members,
    audiences_of,
)
from tandem.workspaces.models import Membership

MAX_TITLE = 200
MAX_BODY = 20_000


def announcement_url(announcement: Announcement) -> str:
    return reverse(
        "rhythm:announcement",
        kwargs={"ws": announcement.workspace.slug, "code": announcement.code},
    )


def _thread_key(announcement: Announcement) -> str:
    return f"announcement:{announcement.code}"


def _clean_text(value: str, *, field: str, limit: int, required_message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: required_message})
    if len(text) > limit:
        raise ValidationError({field: _("Keep it under %(limit)d characters.") % {"limit": limit}})
    return text


def announcement_post(
    *,
    actor: Membership,
    title: str,
    body: str,
    audience: str = Audience.EVERYONE,
    important: bool = False,
    at: datetime | None = None,
) -> Announcement:
    """Post in the town hall: tell the audience, and if it is important ask each of them (but
    the author) to acknowledge it."""
    if not announcement_may_post(actor):
        raise PermissionDenied
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who the announcement is for.")})
    title = _clean_text(
        title, field="title", limit=MAX_TITLE, required_message=_("Give it a title.")
    )
    body = _clean_text(
        body, field="body", limit=MAX_BODY, required_message=_("Write the announcement.")
    )
    workspace = actor.workspace
    with transaction.atomic():
        announcement = Announcement.objects.create(
            workspace=workspace,
            author=actor,
            title=title,
            body=body,
            audience=audience,
            important=important,
            created_at=at or timezone.now(),
        )
        # The author has read what they wrote: it is never "unread" for them.
        AnnouncementRead.objects.create(
            workspace=workspace,
            announcement=announcement,
            member=actor,
            read_at=announcement.created_at,
        )
        audience_list = list(audience_members(announcement))
        if important:
            ack_request(
                workspace=workspace,
                subject=announcement,
                kind=AckKind.ANNOUNCEMENT,
                members=[member for member in audience_list if member.pk != actor.pk],
                at=announcement.created_at,
            )
        notify(
            workspace=workspace,
            recipients=audience_list,
            kind=kinds.ANNOUNCEMENT_POSTED,
            event_key=f"announcement:{announcement.code}:posted",
            actor=actor,
            url=announcement_url(announcement),
            thread_key=_thread_key(announcement),
            params={"title": announcement.title},
            urgent=False,
        )
    return announcement


def announcement_reply(
    *, actor: Membership, announcement: Announcement, body: str, at: datetime | None = None
) -> AnnouncementReply:
    """Reply to an announcement; tell its author; a reply from someone asked to acknowledge
    it is their acknowledgement."""
    if actor.workspace_id != announcement.workspace_id or announcement.audience not in audiences_of(
        actor
    ):
        raise PermissionDenied
    body = _clean_text(body, field="body", limit=MAX_BODY, required_message=_("Write a reply."))
    at = at or timezone.now()
    with transaction.atomic():
        reply = AnnouncementReply.objects.create(
            workspace_id=announcement.workspace_id,
            announcement=announcement,
            author=actor,
            body=body,
            created_at=at,
        )
        _mark_read(member=actor, announcement=announcement, at=at)
        ack_record(member=actor, subject=announcement, way=AckWay.REPLIED, at=at)
        notify(
            workspace=announcement.workspace,
            recipients=[announcement.author],
            kind=kinds.ANNOUNCEMENT_REPLY,
            event_key=f"announcement-reply:{announcement.code}:{reply.pk}",
            actor=actor,
            url=f"{announcement_url(announcement)}#reply-{reply.pk}",
            thread_key=_thread_key(announcement),
            params={"title": announcement.title},
        )
    return reply


def _mark_read(*, member: Membership, announcement: Announcement, at: datetime) -> None:
    # ignore_conflicts: two tabs opening it at once both succeed, and the first read stays.
    AnnouncementRead.objects.bulk_create(
        [
            AnnouncementRead(
                workspace_id=announcement.workspace_id,
                announcement=announcement,
                member=member,
                read_at=at,
            )
        ],
        ignore_conflicts=True,
    )


def announcement_mark_read(
    *, member: Membership, announcement: Announcement, at: datetime | None = None
) -> bool:
    """Record that `member` opened the announcement, once; True when this was the first time."""
    if AnnouncementRead.objects.filter(announcement=announcement, member=member).exists():
        return False
    _mark_read(member=member, announcement=announcement, at=at or timezone.now())
    return True


def announcement_delete(*, actor: Membership, announcement: Announcement) -> None:
    """Delete an announcement with its replies; its open requests to acknowledge go too (the
    acknowledgements already given stay, for response times)."""
    if actor.workspace_id != announcement.workspace_id or not announcement_may_delete(
        actor, announcement
    ):
        raise PermissionDenied
    with transaction.atomic():
        ack_withdraw(subject=announcement)
        announcement.delete()


def announcement_acknowledged(ack: Acknowledgement, subject: models.Model) -> None:
    """Whoever acknowledged an announcement (from the list of what waits for them, say) has
    seen it. (Connected to the acks hook `acknowledged`.)"""
    if (
        ack.kind == AckKind.ANNOUNCEMENT
        and isinstance(subject, Announcement)
        and ack.acknowledged_at is not None
    ):
        _mark_read(member=ack.member, announcement=subject, at=ack.acknowledged_at)

"""Reads of the town hall, and who may see and post what.

Who sees an announcement: owners and managers see every one; an announcement to everyone reaches
every active member (partners included); one to the assistants reaches the active assistants.
Anyone else gets the same 404 as for an announcement that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from tandem.acks.models import Acknowledgement
from tandem.rhythm.models import Announcement, AnnouncementRead, AnnouncementReply, Audience
from tandem.workspaces.models import Membership, Role

# Roles each audience reaches (besides owners and managers, who see every announcement).
AUDIENCE_ROLES: dict[str, tuple[str, ...]] = {
    Audience.EVERYONE: tuple(Role.values),
    Audience.ASSISTANTS: (Role.ASSISTANT,),
}


def announcement_may_post(member: Membership) -> bool:
    """Owners and managers post; assistants when the workspace allows it; partners never."""
    if member.can_delegate:
        return True
    return member.role == Role.ASSISTANT and member.workspace.assistants_can_announce


def announcement_may_delete(member: Membership, announcement: Announcement) -> bool:
    return member.is_owner or announcement.author_id == member.pk


def announcement_may_see_record(member: Membership, announcement: Announcement) -> bool:
    """Who read and acknowledged it is for its author, owners and managers."""
    return member.can_delegate or announcement.author_id == member.pk


def audiences_of(member: Membership) -> list[str]:
    """The audiences whose announcements `member` sees."""
    if member.can_delegate:
        return list(Audience.values)
    return [audience for audience, roles in AUDIENCE_ROLES.items() if member.role in roles]


def _visible_to(member: Membership) -> QuerySet[Announcement]:
    return Announcement.objects.filter(
        workspace_id=member.workspace_id, audience__in=audiences_of(member)
    )


def _count_of(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef), 0 when empty.

    Subqueries rather than joined Counts: two joined counts would multiply each other's rows.
    """
    counted = queryset.order_by().values("announcement_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _acks_of_each() -> QuerySet[Acknowledgement]:
    return Acknowledgement.objects.filter(
        announcement=OuterRef("pk"), member__removed_at__isnull=True
    )


def announcements_for_member(member: Membership) -> QuerySet[Announcement]:
    """The town hall as `member` sees it, newest first, each with its counts for the list:
    `reply_count`, `read_by_me`, `my_ack_pending`, `ack_total`, `ack_done` (a fixed number of
    queries however many announcements there are)."""
    replies = (
        AnnouncementReply.objects.filter(announcement=OuterRef("pk"))
        .order_by()
        .values("announcement")
        .annotate(n=Count("id"))
        .values("n")
    )
    acks = _acks_of_each()
    return (
        _visible_to(member)
        .select_related("author__user")
        .annotate(
            reply_count=Coalesce(Subquery(replies, output_field=IntegerField()), Value(0)),
            read_by_me=Exists(
                AnnouncementRead.objects.filter(announcement=OuterRef("pk"), member=member)
            ),
            my_ack_pending=Exists(acks.filter(member=member, acknowledged_at__isnull=True)),
            ack_total=_count_of(acks),
            ack_done=_count_of(acks.filter(acknowledged_at__isnull=False)),
        )
        .order_by("-created_at", "-id")
    )


def announcement_get_for_member(member: Membership, code: str) -> Announcement:
    """One announcement `member` may see, or 404 (another workspace, another audience, or none)."""
    announcement = (
        _visible_to(member).select_related("author__user", "workspace").filter(code=code).first()
    )
    if announcement is None:
        raise Http404
    return announcement


def audience_members(announcement: Announcement) -> QuerySet[Membership]:
    """The active members an announcement is addressed to (its author among them, if so)."""
    return (
        Membership.objects.active()
        .filter(
            workspace_id=announcement.workspace_id,
            role__in=AUDIENCE_ROLES[announcement.audience],
        )
        .select_related("user")
        .order_by("user__display_name", "id")
    )


def replies_of_announcement(announcement: Announcement) -> QuerySet[AnnouncementReply]:
    return announcement.replies.select_related("author__user").order_by("created_at", "id")


@dataclass(frozen=True)
class RecordRow:
    """One member of the audience: when they first opened it, and their acknowledgement."""

    member: Membership
    read_at: datetime | None
    ack: Acknowledgement | None

    @property
    def acknowledged_at(self) -> datetime | None:
        return self.ack.acknowledged_at if self.ack else None

    @property
    def seen(self) -> bool:
        """Opened it, or acknowledged or replied (from the list of what waits for them)."""
        return self.read_at is not None or self.acknowledged_at is not None


@dataclass(frozen=True)
class Record:
    rows: list[RecordRow]

    @property
    def not_seen(self) -> list[RecordRow]:
        return [row for row in self.rows if not row.seen]

    @property
    def read_count(self) -> int:
        return sum(1 for row in self.rows if row.seen)

    @property
    def asked(self) -> list[RecordRow]:
        return [row for row in self.rows if row.ack is not None]

    @property
    def acked_count(self) -> int:
        return sum(1 for row in self.rows if row.acknowledged_at is not None)


def announcement_record(announcement: Announcement) -> Record:
    """Who of the audience (but its author) has read and acknowledged it: three queries.

    Those who have not seen it come first, so the owner sees at once whom to chase.
    """
    members = list(audience_members(announcement).exclude(pk=announcement.author_id))
    reads = dict(
        AnnouncementRead.objects.filter(announcement=announcement).values_list(
            "member_id", "read_at"
        )
    )
    acks = {ack.member_id: ack for ack in Acknowledgement.objects.filter(announcement=announcement)}
    rows = [RecordRow(member, reads.get(member.pk), acks.get(member.pk)) for member in members]
    rows.sort(key=lambda row: (row.seen, row.acknowledged_at is not None))
    return Record(rows)

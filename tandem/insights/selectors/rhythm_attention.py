"""What the rhythm puts on an owner's or manager's "Needs attention": blockers from check-ins,
missed check-ins, meeting summaries to acknowledge or that are late, and important
announcements not everyone has acknowledged. One query per section, each capped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from tandem.rhythm.models import Announcement, CheckIn, CheckInState, Meeting, MeetingSummary
from tandem.rhythm.selectors.announcements import announcements_for_member
from tandem.rhythm.selectors.meetings import summaries_to_acknowledge
from tandem.workspaces.models import Membership

RECENT = timedelta(days=7)
LIMIT = 10


@dataclass
class RhythmAttention:
    blockers: list[CheckIn]
    missed: list[CheckIn]
    summaries: list[MeetingSummary]
    late_summaries: list[Meeting]
    announcements: list[Announcement]

    @property
    def total(self) -> int:
        return (
            len(self.blockers)
            + len(self.missed)
            + len(self.summaries)
            + len(self.late_summaries)
            + len(self.announcements)
        )


def rhythm_attention(member: Membership, *, now: datetime | None = None) -> RhythmAttention:
    """For owners and managers: five queries, whatever the size of the workspace."""
    now = now or timezone.now()
    since = (now - RECENT).date()
    check_ins = CheckIn.objects.filter(
        workspace_id=member.workspace_id, local_date__gte=since
    ).select_related("member__user")
    blockers = list(
        check_ins.filter(state=CheckInState.ANSWERED, blocker_task__isnull=True)
        .exclude(blockers="")
        .order_by("-answered_at", "-id")[:LIMIT]
    )
    missed = list(
        check_ins.filter(state=CheckInState.MISSED).order_by("-local_date", "-id")[:LIMIT]
    )
    late = list(
        Meeting.objects.filter(
            workspace_id=member.workspace_id,
            summary_due_at__lt=now,
            summary_due_at__gte=now - RECENT * 4,
            summarized_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .select_related("series__summary_by__user")
        .order_by("summary_due_at", "id")[:LIMIT]
    )
    # The counts the town hall shows (of members still in the workspace), so the two agree.
    announcements = list(
        announcements_for_member(member)
        .filter(important=True, created_at__gte=now - RECENT * 2)
        .filter(Q(ack_done__lt=F("ack_total")))[:LIMIT]
    )
    return RhythmAttention(
        blockers=blockers,
        missed=missed,
        summaries=summaries_to_acknowledge(member)[:LIMIT],
        late_summaries=late,
        announcements=announcements,
    )

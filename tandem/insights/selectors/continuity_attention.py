"""What continuity puts on an owner's or manager's "Needs attention": assistants silent in
their working hours (or escalated), and outages going on now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from tandem.continuity.models import Outage
from tandem.continuity.selectors.outages import outages_now_and_planned
from tandem.continuity.selectors.silence import SilenceStatus, silence_status_of
from tandem.workspaces.models import Membership, Role


@dataclass
class Silent:
    member: Membership
    status: SilenceStatus


@dataclass
class ContinuityAttention:
    silent: list[Silent]
    outages: list[Outage]

    @property
    def total(self) -> int:
        return len(self.silent) + len(self.outages)


def continuity_attention(member: Membership, *, now: datetime | None = None) -> ContinuityAttention:
    """Five queries: the assistants, their silence (three), the outages going on."""
    now = now or timezone.now()
    assistants = list(
        Membership.objects.active()
        .filter(workspace_id=member.workspace_id, role=Role.ASSISTANT)
        .select_related("user")
        .order_by("user__display_name", "id")
    )
    statuses = silence_status_of(assistants, now)
    silent = [
        Silent(assistant, status)
        for assistant in assistants
        if (status := statuses.get(assistant.pk)) and (status.is_silent or status.is_escalated)
    ]
    outages = [row.outage for row in outages_now_and_planned(member.workspace, now) if row.is_now]
    return ContinuityAttention(silent=silent, outages=outages)

"""The escalation ladder of a silence, and silence counted in working time.

Pure computation, no writes: the sweep (services/silence.py) and the status shown on pages
(selectors/silence.py) share it. Silence counts only the assistant's working time in their own
zone (night and split shifts, minus the public holidays they do not work), minus declared outages
and time off.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tandem.continuity.models import Step
from tandem.lib.working_time import Interval, WorkingTime, working_stretches
from tandem.workspaces.models import Membership

# A new assistant's first days: the nudge comes after half the usual silence.
NEW_MEMBER_DAYS = 60
# How far ahead the sweep looks for a due instant; a row not due by then is looked at again then.
HORIZON = timedelta(days=14)


# The ladder


@dataclass(frozen=True)
class Ladder:
    """Seconds of working silence after which each step is due, counted from the last activity."""

    nudge: int
    owner: int
    partner: int | None
    is_new: bool

    @property
    def last_step(self) -> int:
        return Step.PARTNER_TOLD if self.partner is not None else Step.OWNER_TOLD

    def target(self, step: int) -> int | None:
        targets: dict[int, int | None] = {
            Step.NUDGED: self.nudge,
            Step.OWNER_TOLD: self.owner,
            Step.PARTNER_TOLD: self.partner,
        }
        return targets.get(step)


def is_new_member(joined_at: datetime, at: datetime) -> bool:
    return at < joined_at + timedelta(days=NEW_MEMBER_DAYS)


def nudge_hours(override: int | None, workspace_hours: int) -> int:
    return override or workspace_hours


def ladder_of(
    *,
    override: int | None,
    joined_at: datetime,
    silent_since: datetime,
    nudge_after: int,
    owner_after: int,
    partner_after: int,
    has_partner: bool,
) -> Ladder:
    """The ladder of one silence: the member's own threshold or the workspace's, halved in the
    first days of a new assistant (when the silence began); each later step after its own delay."""
    new = is_new_member(joined_at, silent_since)
    nudge = nudge_hours(override, nudge_after) * 3600
    if new:
        nudge //= 2
    owner = nudge + owner_after * 3600
    partner = owner + partner_after * 3600 if has_partner else None
    return Ladder(nudge=nudge, owner=owner, partner=partner, is_new=new)


def member_ladder(member: Membership, silent_since: datetime) -> Ladder:
    workspace = member.workspace
    partner = member.partner if member.partner_id else None
    return ladder_of(
        override=member.silence_after_hours,
        joined_at=member.joined_at,
        silent_since=silent_since,
        nudge_after=workspace.silence_after_hours,
        owner_after=workspace.escalate_owner_after_hours,
        partner_after=workspace.escalate_partner_after_hours,
        has_partner=partner is not None and partner.removed_at is None,
    )


# Working time, walked lazily (`working_stretches`): a due instant is usually found within a day
# or two.


def _without(stretch: Interval, outages: Sequence[Interval]) -> Iterator[Interval]:
    """The parts of `stretch` outside `outages` (ordered by start; they may overlap)."""
    begins, ends = stretch
    for out_begins, out_ends in outages:
        if out_ends <= begins:
            continue
        if out_begins >= ends:
            break
        if out_begins > begins:
            yield (begins, out_begins)
        begins = max(begins, out_ends)
        if begins >= ends:
            return
    if begins < ends:
        yield (begins, ends)


def reach(
    who: WorkingTime,
    start: datetime,
    seconds: int,
    outages: Sequence[Interval],
    until: datetime,
) -> datetime | None:
    """The instant at which `seconds` of working time outside outages have passed since `start`;
    None if that is not before `until`."""
    if seconds <= 0:
        return start
    remaining = float(seconds)
    for stretch in working_stretches(who, start, until):
        for begins, ends in _without(stretch, outages):
            length = (ends - begins).total_seconds()
            if remaining <= length:
                return begins + timedelta(seconds=remaining)
            remaining -= length
    return None


def silent_seconds(
    who: WorkingTime,
    start: datetime,
    end: datetime,
    outages: Sequence[Interval],
) -> int:
    """Working seconds outside outages between `start` and `end`: how long one was silent."""
    return int(
        sum(
            (ends - begins).total_seconds()
            for stretch in working_stretches(who, start, end)
            for begins, ends in _without(stretch, outages)
        )
    )

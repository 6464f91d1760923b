"""Reads of silence: where each assistant's silence stands, and each one's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.accounts.selectors import working_time_by_user
from tandem.continuity.ladder import HORIZON, is_new_member, nudge_hours, silent_seconds
from tandem.continuity.models import Escalation, Step
from tandem.continuity.selectors.outages import outage_intervals
from tandem.workspaces.models import Membership, Role


def working_hours_text(hours: float) -> str:
    """ "1 working hour", "6.5 working hours": a count in a sentence, whole or not."""
    if hours == int(hours):
        return ngettext("%(count)s working hour", "%(count)s working hours", int(hours)) % {
            "count": int(hours)
        }
    return _("%(hours)s working hours") % {"hours": number_format(hours, decimal_pos=1)}


@dataclass(frozen=True)
class SilenceStatus:
    """One assistant's silence now, for the dashboards."""

    member_id: int
    last_active_at: datetime | None
    step: int
    # Working hours (outside outages) since the last activity.
    silent_hours: float
    # The nudge threshold in working hours (halved in a new assistant's first days).
    threshold_hours: float
    is_new: bool
    next_step_at: datetime | None

    @property
    def step_label(self) -> str:
        return str(Step(self.step).label)

    @property
    def silent_text(self) -> str:
        return working_hours_text(self.silent_hours)

    @property
    def threshold_text(self) -> str:
        return working_hours_text(self.threshold_hours)

    @property
    def silent_whole_hours(self) -> int:
        """`silent_hours` rounded, to count in a sentence."""
        return round(self.silent_hours)

    @property
    def is_escalated(self) -> bool:
        return self.step > Step.ACTIVE

    @property
    def is_silent(self) -> bool:
        """Silent past the nudge threshold (whether or not the sweep has nudged yet)."""
        return self.last_active_at is not None and self.silent_hours >= self.threshold_hours


def silence_status_of(members: Sequence[Membership], now: datetime) -> dict[int, SilenceStatus]:
    """Each assistant's last activity, current step and silence in working hours.

    Three queries whatever the number of members: presences (with zone and workspace settings),
    working time, outages; four when any of them has a country (the holidays they work). Members
    who are not assistants are left out.
    """
    ids = [member.pk for member in members if member.role == Role.ASSISTANT]
    if not ids:
        return {}
    rows = list(
        Membership.objects.filter(pk__in=ids).values_list(
            "pk",
            "joined_at",
            "silence_after_hours",
            "user_id",
            "user__time_zone",
            "workspace__silence_after_hours",
            "presence__last_active_at",
            "presence__step",
            "presence__next_step_at",
        )
    )
    times = working_time_by_user(row[3] for row in rows)
    actives = [row[6] for row in rows if row[6] is not None]
    outages = (
        outage_intervals([row[0] for row in rows], min(actives), now, now=now) if actives else {}
    )
    found: dict[int, SilenceStatus] = {}
    for pk, joined_at, override, user_id, _zone, ws_hours, last, step, next_at in rows:
        since = last or now
        new = is_new_member(joined_at, since)
        threshold = nudge_hours(override, ws_hours) / (2 if new else 1)
        silent = 0.0
        if last is not None and last < now - (HORIZON * 4):
            # A very old silence: wall time is enough to say it is long.
            silent = (now - last).total_seconds() / 3600
        elif last is not None:
            silent = silent_seconds(times[user_id], last, now, outages.get(pk, [])) / 3600
        found[pk] = SilenceStatus(
            member_id=pk,
            last_active_at=last,
            step=step or Step.ACTIVE,
            silent_hours=round(silent, 1),
            threshold_hours=threshold,
            is_new=new,
            next_step_at=next_at,
        )
    return found


@dataclass
class Silence:
    """One silence of a member and the steps sent for it."""

    silent_since: datetime
    resolved_at: datetime | None = None
    steps: list[Escalation] = field(default_factory=list)

    @property
    def highest(self) -> int:
        return max((e.step for e in self.steps), default=Step.ACTIVE)


def silence_history(member: Membership, limit: int = 20) -> list[Silence]:
    """The member's latest silences (newest first), each with its steps in order. One query."""
    found: dict[datetime, Silence] = {}
    rows = Escalation.objects.filter(member_id=member.pk).order_by("-silent_since", "step")[
        : limit * len(Step)
    ]
    for escalation in rows:
        silence = found.get(escalation.silent_since)
        if silence is None:
            if len(found) >= limit:
                break
            silence = found[escalation.silent_since] = Silence(escalation.silent_since)
        silence.steps.append(escalation)
        if escalation.resolved_at is not None:
            silence.resolved_at = escalation.resolved_at
    return list(found.values())

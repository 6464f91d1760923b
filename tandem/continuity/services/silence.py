"""Silence: every meaningful action of an assistant updates their presence, and a sweep every
minute escalates a silence in their working hours step by step — a gentle nudge to the assistant,
then the owners and managers, then the partner who supplies them. Activity resolves it.

Silence counts only the assistant's working time in their own zone, minus declared outages and
time off. `Presence.next_step_at` is never later than the true due instant of the next step: on
activity it is a wall-clock lower bound (working time passes no faster than wall time), and the
sweep pushes a row that is not truly due to its exact instant, so the sweep reads only rows that
may be due, through the partial index `presence_due`.

Exactly once: a step is claimed only if the presence is unchanged since the sweep read it (step,
due time and last activity), checked under a row lock in the same transaction that writes its
`Escalation` row (unique per silence and step) and that escalation's delivery in the outbox. The
delivery runs after commit (or, if that job is lost, in the redelivery sweep); its
notifications carry the escalation's code as event key, so running it again tells nobody twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.accounts.selectors import working_time_by_user, working_time_of
from tandem.continuity.ladder import (
    HORIZON,
    Ladder,
    is_new_member,
    ladder_of,
    member_ladder,
    reach,
)
from tandem.continuity.models import Escalation, Presence, Step
from tandem.continuity.selectors.outages import outage_intervals
from tandem.lib.working_time import Interval, WorkingTime
from tandem.outbox.services import deliveries_record, delivery_record
from tandem.workspaces.models import Membership, Role, Workspace

log = logging.getLogger(__name__)

# The outbox handlers (tandem/outbox) that tell of a step and of its end.
ESCALATION_HANDLER = "continuity.escalation"
RESOLVED_HANDLER = "continuity.silence_resolved"

# Activity within this long of the last recorded activity writes nothing.
ACTIVITY_THROTTLE = timedelta(minutes=5)
# An outage still going on is assumed to last this much longer; the sweep looks again then.
OPEN_OUTAGE_RECHECK = timedelta(hours=1)
# A row whose computation failed is looked at again after this long.
RETRY_AFTER = timedelta(minutes=15)
# How many due rows one sweep reads, and how many it claims per transaction.
SWEEP_BATCH = 5000
CHUNK = 500
# When the workspace's setting is not at hand, the smallest possible nudge threshold is a safe
# lower bound.
_MIN_HOURS = 1


# Activity


def _nudge_lower_bound(member: Membership, at: datetime) -> datetime:
    """A wall-clock lower bound of when the nudge may be due after activity at `at`."""
    hours = member.silence_after_hours
    if hours is None:
        cached = Membership.workspace.is_cached(member)
        hours = member.workspace.silence_after_hours if cached else _MIN_HOURS
    seconds = hours * 3600
    if is_new_member(member.joined_at, at):
        seconds //= 2
    return at + timedelta(seconds=seconds)


def activity_record(member: Membership, *, at: datetime | None = None) -> bool:
    """Record a meaningful action of `member`; return whether anything was written.

    Only assistants are watched: for anyone else this returns at once, without a query. Activity
    within `ACTIVITY_THROTTLE` of the last one writes nothing. Activity during an escalation
    resolves it, once, and tells everyone who was told.
    """
    if member.role != Role.ASSISTANT or member.removed_at is not None:
        return False
    at = at or timezone.now()
    # The same member object (one request, one service) is not recorded twice in a row: the
    # moment is noted in the instance's own attributes, which Django keeps per object.
    seen: datetime | None = member.__dict__.get("_activity_recorded_at")
    if seen is not None and seen - ACTIVITY_THROTTLE < at < seen + ACTIVITY_THROTTLE:
        return False
    member.__dict__["_activity_recorded_at"] = at
    due = _nudge_lower_bound(member, at)
    # The common case in one statement: active, and not recorded in the last few minutes.
    if Presence.objects.filter(
        member_id=member.pk, step=Step.ACTIVE, last_active_at__lt=at - ACTIVITY_THROTTLE
    ).update(last_active_at=at, next_step_at=due):
        return True
    current = (
        Presence.objects.filter(member_id=member.pk).values_list("step", "last_active_at").first()
    )
    if current is None:
        _, created = Presence.objects.get_or_create(
            member_id=member.pk,
            defaults={
                "workspace_id": member.workspace_id,
                "last_active_at": at,
                "next_step_at": due,
            },
        )
        return created
    step, silent_since = current
    if step == Step.ACTIVE or silent_since >= at:
        return False  # recorded a moment ago, or this is older news
    with transaction.atomic():
        resolved = Presence.objects.filter(
            member_id=member.pk, step=step, last_active_at=silent_since
        ).update(step=Step.ACTIVE, last_active_at=at, next_step_at=due)
        if not resolved:
            return False  # another request resolved it a moment ago
        ids = list(
            Escalation.objects.filter(
                member_id=member.pk, silent_since=silent_since, resolved_at__isnull=True
            ).values_list("pk", flat=True)
        )
        if ids:
            Escalation.objects.filter(pk__in=ids).update(resolved_at=at)
            delivery_record(RESOLVED_HANDLER, {"escalations": ids})
    return True


def activity_record_login(user: User, *, at: datetime | None = None) -> int:
    """Logging in is activity in every workspace where the person is an assistant."""
    at = at or timezone.now()
    members = (
        Membership.objects.active()
        .filter(user=user, role=Role.ASSISTANT)
        .select_related("workspace")
    )
    return sum(activity_record(member, at=at) for member in members)


# Presence of a membership


def presence_start(member: Membership, *, now: datetime | None = None) -> None:
    """An assistant joined (or became one): watch them from now."""
    if member.role != Role.ASSISTANT or member.removed_at is not None:
        return
    now = now or timezone.now()
    Presence.objects.get_or_create(
        member_id=member.pk,
        defaults={
            "workspace_id": member.workspace_id,
            "last_active_at": now,
            "next_step_at": _nudge_lower_bound(member, now),
        },
    )


def presence_clear(member: Membership, *, now: datetime | None = None) -> None:
    """A membership was removed or is no longer an assistant's: stop watching, close all."""
    now = now or timezone.now()
    with transaction.atomic():
        Presence.objects.filter(member_id=member.pk).delete()
        Escalation.objects.filter(member_id=member.pk, resolved_at__isnull=True).update(
            resolved_at=now
        )


def presence_role_changed(member: Membership) -> None:
    """Only assistants are watched for silence; a new partner may add a step to the ladder."""
    if member.role == Role.ASSISTANT:
        silence_reschedule(member)
    else:
        presence_clear(member)


# The sweep


@dataclass(frozen=True)
class SweepResult:
    found: int = 0
    escalated: int = 0
    rescheduled: int = 0


@dataclass
class _Member:
    """What the sweep needs of one assistant."""

    role: str
    removed: bool
    joined_at: datetime
    override: int | None
    has_partner: bool
    user_id: int
    zone: str
    nudge_after: int
    owner_after: int
    partner_after: int

    def ladder(self, silent_since: datetime) -> Ladder:
        return ladder_of(
            override=self.override,
            joined_at=self.joined_at,
            silent_since=silent_since,
            nudge_after=self.nudge_after,
            owner_after=self.owner_after,
            partner_after=self.partner_after,
            has_partner=self.has_partner,
        )


def _members_of(member_ids: Iterable[int]) -> dict[int, _Member]:
    """One query: each member with their zone, partner and workspace's ladder."""
    rows = Membership.objects.filter(pk__in=list(member_ids)).values_list(
        "pk",
        "role",
        "removed_at",
        "joined_at",
        "silence_after_hours",
        "partner_id",
        "partner__removed_at",
        "user_id",
        "user__time_zone",
        "workspace__silence_after_hours",
        "workspace__escalate_owner_after_hours",
        "workspace__escalate_partner_after_hours",
    )
    return {
        pk: _Member(
            role=role,
            removed=removed_at is not None,
            joined_at=joined_at,
            override=override,
            has_partner=partner_id is not None and partner_removed is None,
            user_id=user_id,
            zone=zone,
            nudge_after=nudge_after,
            owner_after=owner_after,
            partner_after=partner_after,
        )
        for (
            pk,
            role,
            removed_at,
            joined_at,
            override,
            partner_id,
            partner_removed,
            user_id,
            zone,
            nudge_after,
            owner_after,
            partner_after,
        ) in rows
    }


@dataclass(frozen=True)
class _Plan:
    """What to do with one due row: push its due time, or claim `step` and set the next one."""

    pk: int
    member_id: int
    workspace_id: int
    silent_since: datetime
    step: int  # as read
    next_step_at: datetime | None  # as read
    new_step: int | None  # None: only push
    new_next_at: datetime | None


def _plan(
    row: tuple[int, int, int, datetime, int, datetime | None],
    member: _Member | None,
    who: WorkingTime,
    outages: Sequence[Interval],
    now: datetime,
) -> _Plan:
    read = _Plan(*row, new_step=None, new_next_at=None)
    if member is None or member.removed or member.role != Role.ASSISTANT:
        return read  # no longer watched: nothing is due
    ladder = member.ladder(read.silent_since)
    target = ladder.target(read.step + 1) if read.step < ladder.last_step else None
    if target is None:
        return read  # the end of the ladder
    until = now + HORIZON
    due = reach(who, read.silent_since, target, outages, until)
    if due is None or due > now:
        return replace(read, new_next_at=due or until)
    following = ladder.target(read.step + 2) if read.step + 1 < ladder.last_step else None
    new_next_at = None
    if following is not None:
        # The next step is due at its place on the ladder, and never sooner than its own delay
        # after this one: a sweep that ran late must still leave time to answer this step.
        on_ladder = reach(who, read.silent_since, following, outages, until)
        own_delay = reach(who, now, following - target, outages, until)
        new_next_at = (max(on_ladder, own_delay) if on_ladder and own_delay else None) or until
    return replace(read, new_step=read.step + 1, new_next_at=new_next_at)


def silence_sweep(now: datetime | None = None) -> SweepResult:
    """Escalate every silence whose next step is due; push rows that are not truly due yet.

    One indexed query finds the due rows (an idle sweep is just that); three more load what all
    of them need (four when any of them has a country: the holidays they work; the holidays
    themselves are computed in-process, once per country and year); then each chunk of rows is
    locked and read again, updated and its escalations inserted in three queries, in the
    chunk's transaction. Delivery follows in a job after
    commit.
    """
    now = now or timezone.now()
    due = list(
        Presence.objects.filter(next_step_at__lte=now)
        .order_by("next_step_at")
        .values_list("pk", "member_id", "workspace_id", "last_active_at", "step", "next_step_at")[
            :SWEEP_BATCH
        ]
    )
    if not due:
        return SweepResult()
    members = _members_of(row[1] for row in due)
    times = working_time_by_user(member.user_id for member in members.values())
    outages = outage_intervals(
        members.keys(), min(row[3] for row in due), now + HORIZON, now=now + OPEN_OUTAGE_RECHECK
    )
    plans: list[_Plan] = []
    for row in due:
        member = members.get(row[1])
        try:
            plans.append(
                _plan(
                    row,
                    member,
                    times[member.user_id] if member else WorkingTime(),
                    outages.get(row[1], []),
                    now,
                )
            )
        except Exception:
            log.exception("silence: could not compute presence %s; trying again later", row[0])
            plans.append(_Plan(*row, new_step=None, new_next_at=now + RETRY_AFTER))
    escalated = rescheduled = 0
    for start in range(0, len(plans), CHUNK):
        done, pushed = _apply(plans[start : start + CHUNK], now)
        escalated += done
        rescheduled += pushed
    return SweepResult(found=len(due), escalated=escalated, rescheduled=rescheduled)


def _apply(plans: Sequence[_Plan], now: datetime) -> tuple[int, int]:
    """Claim and push one chunk of rows in one transaction, set-based: the chunk is locked and
    read again in one query, the rows unchanged since the sweep read them (no activity, no other
    sweep) are written in one update, and their escalations in one insert. A row another sweep
    holds is skipped (it claims it); delivery follows after commit."""
    by_pk = {plan.pk: plan for plan in plans}
    claimed: list[Escalation] = []
    with transaction.atomic():
        # On PostgreSQL the lock makes a concurrent sweep skip these rows; SQLite takes the
        # database's write lock for the whole (immediate) transaction.
        current = Presence.objects.select_for_update(skip_locked=True).filter(pk__in=list(by_pk))
        changed: list[Presence] = []
        for row in current.only("pk", "step", "next_step_at", "last_active_at"):
            plan = by_pk[row.pk]
            if (row.step, row.next_step_at, row.last_active_at) != (
                plan.step,
                plan.next_step_at,
                plan.silent_since,
            ):
                continue  # activity, or another sweep, got there first
            row.next_step_at = plan.new_next_at
            if plan.new_step is not None:
                row.step = plan.new_step
                claimed.append(
                    Escalation(
                        workspace_id=plan.workspace_id,
                        member_id=plan.member_id,
                        silent_since=plan.silent_since,
                        step=plan.new_step,
                        sent_at=now,
                    )
                )
            changed.append(row)
        if changed:
            Presence.objects.bulk_update(changed, ["step", "next_step_at"])
        if claimed:
            created = Escalation.objects.bulk_create(claimed)
            # Recorded with the steps, one delivery each: a process that dies after this
            # commit leaves them to the redelivery sweep, never to nobody.
            deliveries_record(ESCALATION_HANDLER, [{"escalation": row.pk} for row in created])
    return len(claimed), len(changed) - len(claimed)


# Rescheduling


def _next_due(
    member: Membership, silent_since: datetime, step: int, now: datetime
) -> datetime | None:
    """The exact due instant of the member's next step (or a lower bound far ahead)."""
    ladder = member_ladder(member, silent_since)
    if step >= ladder.last_step:
        return None
    target = ladder.target(step + 1)
    if target is None:
        return None
    until = now + HORIZON
    who = working_time_of(member.user)
    outages = outage_intervals([member.pk], silent_since, until, now=now + OPEN_OUTAGE_RECHECK).get(
        member.pk, []
    )
    return reach(who, silent_since, target, outages, until) or until


def silence_reschedule(member: Membership, *, now: datetime | None = None) -> bool:
    """Recompute when the member's next step is due, after their outages, working hours, zone,
    threshold or partner changed. Returns whether the presence was updated."""
    now = now or timezone.now()
    member = (
        Membership.objects.select_related("workspace", "user", "partner")
        .prefetch_related("user__working_hours")
        .get(pk=member.pk)
    )
    if member.role != Role.ASSISTANT or member.removed_at is not None:
        return False
    current = (
        Presence.objects.filter(member_id=member.pk).values_list("step", "last_active_at").first()
    )
    if current is None:
        presence_start(member, now=now)
        return True
    step, silent_since = current
    due = _next_due(member, silent_since, step, now)
    return bool(
        Presence.objects.filter(member_id=member.pk, step=step, last_active_at=silent_since).update(
            next_step_at=due
        )
    )


def silence_reschedule_user(user: User, *, now: datetime | None = None) -> int:
    """After a person's zone or working hours changed: every assistant membership of theirs."""
    members = Membership.objects.active().filter(user=user, role=Role.ASSISTANT)
    return sum(silence_reschedule(member, now=now) for member in members)


def silence_reschedule_workspace(workspace: Workspace, *, now: datetime | None = None) -> int:
    """After the workspace's ladder changed: every presence is looked at again by the next sweep,
    which pushes each to its exact instant (or escalates it, if a shorter delay made it due)."""
    now = now or timezone.now()
    return Presence.objects.filter(workspace=workspace).update(next_step_at=now)


# Settings


WORKSPACE_FIELDS = (
    "silence_after_hours",
    "escalate_owner_after_hours",
    "escalate_partner_after_hours",
    "underload_percent",
    "overload_percent",
)


def continuity_settings_update(
    *, actor: Membership, workspace: Workspace, **values: int
) -> Workspace:
    """Owners set the silence ladder and the workload thresholds of their workspace."""
    if not actor.is_owner or actor.workspace_id != workspace.pk:
        raise PermissionDenied
    unknown = values.keys() - set(WORKSPACE_FIELDS)
    if unknown:
        raise ValueError(f"Not a continuity setting: {sorted(unknown)}")
    with transaction.atomic():
        ladder_changed = any(
            getattr(workspace, name) != values[name]
            for name in WORKSPACE_FIELDS[:3]
            if name in values
        )
        for name, value in values.items():
            setattr(workspace, name, value)
        workspace.full_clean(
            exclude=[f.name for f in Workspace._meta.fields if f.name not in values]
        )
        workspace.save(update_fields=list(values))
        if ladder_changed:
            silence_reschedule_workspace(workspace)
    return workspace


def member_silence_threshold_set(
    *, actor: Membership, member: Membership, hours: int | None
) -> Membership:
    """Owners and managers set one assistant's own nudge threshold (None: the workspace's)."""
    if not actor.can_delegate or actor.workspace_id != member.workspace_id:
        raise PermissionDenied
    if member.role != Role.ASSISTANT:
        raise ValidationError(_("Only an assistant has a silence threshold."))
    with transaction.atomic():
        member.silence_after_hours = hours
        member.full_clean(
            exclude=[f.name for f in Membership._meta.fields if f.name != "silence_after_hours"]
        )
        member.save(update_fields=["silence_after_hours"])
        silence_reschedule(member)
    return member

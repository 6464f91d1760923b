"""Demo data of continuity: silence.

Lukas (Europe/Vilnius) has been silent for about a working day: he was nudged, then the owner
and manager were told, then his partner. Written through the real sweep at the instants each step
fell due, after backdating his last activity. Everyone else is active. Safe to run twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from tandem.accounts.selectors import working_time_of
from tandem.continuity.ladder import member_ladder, reach, silent_seconds
from tandem.continuity.models import Escalation, Presence, Step
from tandem.continuity.selectors.outages import outage_intervals
from tandem.continuity.services.escalations import silence_deliver
from tandem.continuity.services.silence import activity_record, silence_sweep
from tandem.workspaces.models import Membership, Role, Workspace

# How long Lukas has been silent, in his working hours: past the partner step (8 hours in his
# first 60 days: 2 + 2 + 4).
SILENT_WORKING_HOURS = 9


def _silence_began(member: Membership, now: datetime) -> datetime:
    """The instant from which `SILENT_WORKING_HOURS` of his working time end about now."""
    who = working_time_of(member.user)
    start = now
    for _ in range(14 * 48):  # half an hour at a time, two weeks at most
        start -= timedelta(minutes=30)
        outages = outage_intervals([member.pk], start, now, now=now).get(member.pk, [])
        if silent_seconds(who, start, now, outages) >= SILENT_WORKING_HOURS * 3600:
            break
    return start


def create_silence_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    """People are keyed by email: owner@, manager@, ana@, lukas@, partner@demo.test."""
    now = timezone.now()
    lukas = (
        Membership.objects.select_related("workspace", "user", "partner")
        .prefetch_related("user__working_hours")
        .get(pk=people["lukas@demo.test"].pk)
    )
    for email, member in people.items():
        if member.role == Role.ASSISTANT and email != "lukas@demo.test":
            activity_record(member, at=now)
    if Escalation.objects.filter(member=lukas).exists():
        return  # made before
    began = _silence_began(lukas, now)
    # Whatever the other demos recorded for him, his last activity was then.
    Presence.objects.filter(member=lukas).delete()
    activity_record(lukas, at=began)
    ladder = member_ladder(lukas, began)
    who = working_time_of(lukas.user)
    outages = outage_intervals([lukas.pk], began, now, now=now).get(lukas.pk, [])
    for step in (Step.NUDGED, Step.OWNER_TOLD, Step.PARTNER_TOLD):
        target = ladder.target(step)
        if target is None:
            break
        due = reach(who, began, target, outages, now)
        if due is None:
            break
        silence_sweep(due)
    # Delivered now, so the demo shows the notifications without a job consumer running; the
    # jobs enqueued by the sweeps find them sent (same event keys) and send nothing more.
    silence_deliver(list(Escalation.objects.filter(member=lukas).values_list("pk", flat=True)))

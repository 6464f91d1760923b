"""Telling of a silence: the outbox's handlers that deliver an escalation step (a nudge to the
assistant, a notice to the owners and managers, then to the partner) and the notice that the
assistant is active again.

The sweep in `silence.py` records each step and its delivery in one transaction; these handlers
run after commit, or in the redelivery sweep if that job was lost. Every notification carries the
escalation's code as its event key, so running a handler again tells nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse

from tandem.continuity.models import Escalation, Step
from tandem.notify import kinds
from tandem.notify.services import Notice, notify, notify_many
from tandem.outbox.models import Delivery
from tandem.workspaces.models import DELEGATOR_ROLES, Membership


def escalation_deliver(delivery: Delivery) -> None:
    silence_deliver([delivery.payload["escalation"]])


def escalations_deliver(deliveries: Sequence[Delivery]) -> None:
    """A sweep's escalations told together: the same few queries for one or a thousand."""
    silence_deliver([delivery.payload["escalation"] for delivery in deliveries])


def resolution_deliver(delivery: Delivery) -> None:
    silence_tell_resolved(delivery.payload["escalations"])


def member_page_url(member: Membership, slug: str) -> str:
    return reverse("continuity:member", kwargs={"ws": slug, "code": member.code})


def _delegators_by_workspace(workspace_ids: Iterable[int]) -> dict[int, list[Membership]]:
    found: dict[int, list[Membership]] = {}
    ids = set(workspace_ids)
    if not ids:
        return found
    rows = (
        Membership.objects.active()
        .filter(workspace_id__in=ids, role__in=DELEGATOR_ROLES)
        .select_related("user")
    )
    for member in rows:
        found.setdefault(member.workspace_id, []).append(member)
    return found


def silence_deliver(escalation_ids: Sequence[int]) -> int:
    """Tell the people of each escalation's step; safe to run again (each escalation's code is
    its notifications' event key). Returns how many notifications were created."""
    escalations = list(
        Escalation.objects.filter(pk__in=list(escalation_ids))
        .select_related("member__user", "member__workspace", "member__partner__user")
        .order_by("pk")
    )
    # Only the owners' step tells the owners and managers: a nudge alone needs no query for them.
    delegators = _delegators_by_workspace(
        e.workspace_id for e in escalations if e.step == Step.OWNER_TOLD
    )
    notices = []
    for escalation in escalations:
        member = escalation.member
        if member.removed_at is not None:
            continue
        workspace = member.workspace
        params: dict[str, Any] = {"assistant": str(member.user)}
        recipients: list[Membership]
        if escalation.step == Step.NUDGED:
            kind, recipients = kinds.SILENCE_NUDGE, [member]
            url = reverse("insights:my_day", kwargs={"ws": workspace.slug})
            params["outage_url"] = reverse("continuity:outage_now", kwargs={"ws": workspace.slug})
        elif escalation.step == Step.OWNER_TOLD:
            kind, recipients = kinds.SILENCE_OWNER, delegators.get(workspace.pk, [])
            url = member_page_url(member, workspace.slug)
        else:
            partner = member.partner
            kind = kinds.SILENCE_PARTNER
            recipients = [partner] if partner is not None and partner.removed_at is None else []
            url = member_page_url(member, workspace.slug)
        if recipients:
            notices.append(
                Notice(
                    workspace=workspace,
                    recipients=recipients,
                    kind=kind,
                    event_key=f"escalation:{escalation.code}",
                    actor=None,
                    url=url,
                    thread_key=f"silence:{member.code}",
                    params=params,
                    urgent=True,
                )
            )
    return len(notify_many(notices))


def silence_tell_resolved(escalation_ids: Sequence[int]) -> int:
    """Tell those who were told of a silence (owners and managers from the second step, the
    partner from the third; never the assistant) that the assistant is active again."""
    escalations = list(
        Escalation.objects.filter(pk__in=list(escalation_ids))
        .select_related("member__user", "member__workspace", "member__partner")
        .order_by("step", "pk")
    )
    if not escalations:
        return 0
    first = escalations[0]
    member = first.member
    highest = max(e.step for e in escalations)
    recipients: list[Membership] = []
    if highest >= Step.OWNER_TOLD:
        recipients += _delegators_by_workspace([member.workspace_id]).get(member.workspace_id, [])
    if (
        highest >= Step.PARTNER_TOLD
        and member.partner is not None
        and member.partner.removed_at is None
    ):
        recipients.append(member.partner)
    if not recipients:
        return 0
    workspace = member.workspace
    return len(
        notify(
            workspace=workspace,
            recipients=recipients,
            kind=kinds.SILENCE_RESOLVED,
            event_key=f"escalation:{first.code}:resolved",
            actor=None,
            url=member_page_url(member, workspace.slug),
            thread_key=f"silence:{member.code}",
            params={"assistant": str(member.user)},
        )
    )

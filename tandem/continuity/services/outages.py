"""Outages: every write. An assistant reports one happening now (one click) or plans one ahead;
"I'm back" ends it; a planned one that has not begun can be cancelled. Owners and managers may
record one for an assistant. Owners, managers and the assistant's partner are told; silence is
recomputed after commit, so a silence never counts the time of an outage.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.continuity.models import Outage, OutageKind
from tandem.continuity.services.silence import activity_record, silence_reschedule
from tandem.notify import kinds
from tandem.notify.services import notify
from tandem.workspaces.models import DELEGATOR_ROLES, Membership, Role

# A planned outage may last this long at most (a long leave is several notices).
MAX_LENGTH = timedelta(days=92)
# And may begin at most this far ahead.
MAX_AHEAD = timedelta(days=366)
MAX_NOTE = 2000


def outage_url(outage: Outage) -> str:
    return reverse("continuity:outage", kwargs={"ws": outage.workspace.slug, "code": outage.code})


def _require_can_record(actor: Membership, member: Membership) -> None:
    """The assistant themselves, or an owner or manager of their workspace."""
    if actor.workspace_id != member.workspace_id:
        raise PermissionDenied
    if actor.pk != member.pk and not actor.can_delegate:
        raise PermissionDenied
    if member.removed_at is not None or member.role != Role.ASSISTANT:
        raise ValidationError(_("Only assistants of this workspace report outages."))


def _validate_kind(kind: str) -> None:
    if kind not in OutageKind.values:
        raise ValidationError({"kind": _("Choose what stops you from working.")})


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(
            {"note": _("Keep the note under %(count)s characters.") % {"count": MAX_NOTE}}
        )
    return note


def _lock(member: Membership) -> None:
    # Serialises one member's outage writes (SQLite serialises every write already).
    Membership.objects.select_for_update().filter(pk=member.pk).first()


def _recipients(member: Membership, actor: Membership) -> list[Membership]:
    """Owners and managers, and the partner who supplies the assistant; never the actor."""
    people = Membership.objects.active().filter(
        # The partner as stored now (the member object may predate the link).
        Q(role__in=DELEGATOR_ROLES) | Q(role=Role.PARTNER, supplied_members__pk=member.pk),
        workspace_id=member.workspace_id,
    )
    return [person for person in people if person.pk not in (actor.pk, member.pk)]


def _tell(outage: Outage, *, actor: Membership, kind: str, event: str) -> None:
    member = outage.member
    notify(
        workspace=member.workspace,
        recipients=_recipients(member, actor),
        # The message names the assistant, whoever recorded it.
        kind=kind,
        event_key=f"outage:{outage.code}:{event}",
        actor=member,
        url=outage_url(outage),
        thread_key=f"outage:{outage.code}",
        params={"assistant": member.user.display_name, "kind": outage.kind},
    )


def _reschedule_silence(member: Membership, actor: Membership) -> None:
    """Reporting is activity of the assistant's own; and after commit, their silence is
    computed again with this outage in it."""
    if actor.pk == member.pk:
        activity_record(member)
    transaction.on_commit(partial(silence_reschedule, member, now=None))


def _open_outage_of(member: Membership) -> Outage | None:
    """The outage the member reported "now" and is not back from yet."""
    return (
        Outage.objects.filter(member=member, ends_at__isnull=True, cancelled_at__isnull=True)
        .select_related("workspace", "member__user")
        .order_by("-starts_at")
        .first()
    )


def outage_report_now(
    *,
    actor: Membership,
    kind: str = OutageKind.POWER,
    note: str = "",
    at: datetime | None = None,
    member: Membership | None = None,
) -> Outage:
    """ "I can't work right now": an open-ended outage from `at` (now). Reporting again while
    one is open returns that one: a second click, or a second device, changes nothing."""
    member = member or actor
    _require_can_record(actor, member)
    _validate_kind(kind)
    note = _clean_note(note)
    at = at or timezone.now()
    with transaction.atomic():
        _lock(member)
        existing = _open_outage_of(member)
        if existing is not None:
            return existing
        outage = Outage.objects.create(
            workspace_id=member.workspace_id,
            member=member,
            kind=kind,
            starts_at=at,
            note=note,
            reported_by=actor,
            created_at=timezone.now(),
        )
        outage.member = member
        _tell(outage, actor=actor, kind=kinds.OUTAGE_REPORTED, event="reported")
        _reschedule_silence(member, actor)
    return outage


def outage_plan(
    *,
    actor: Membership,
    member: Membership,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    note: str = "",
    now: datetime | None = None,
) -> Outage:
    """A known outage or time off, from `starts_at` to `ends_at` (UTC instants)."""
    _require_can_record(actor, member)
    _validate_kind(kind)
    note = _clean_note(note)
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    elif ends_at <= now:
        errors["ends_at"] = _("This is over already: the end must be in the future.")
    elif ends_at - starts_at > MAX_LENGTH:
        errors["ends_at"] = _("An outage can last at most %(days)s days.") % {
            "days": MAX_LENGTH.days
        }
    if starts_at - now > MAX_AHEAD:
        errors["starts_at"] = _("Plan at most a year ahead.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock(member)
        clash = (
            Outage.objects.filter(
                member=member,
                cancelled_at__isnull=True,
                ends_at__isnull=False,
                starts_at__lt=ends_at,
                ends_at__gt=starts_at,
            )
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("This overlaps an outage already planned (%(kind)s). Change or cancel it first.")
                % {"kind": clash.get_kind_display()}
            )
        outage = Outage.objects.create(
            workspace_id=member.workspace_id,
            member=member,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            note=note,
            reported_by=actor,
            created_at=now,
        )
        outage.member = member
        _tell(outage, actor=actor, kind=kinds.OUTAGE_PLANNED, event="planned")
        _reschedule_silence(member, actor)
    return outage


def _require_may_change(actor: Membership, outage: Outage) -> None:
    if actor.workspace_id != outage.workspace_id:
        raise PermissionDenied
    if actor.pk != outage.member_id and not actor.can_delegate:
        raise PermissionDenied


def outage_end(*, actor: Membership, outage: Outage, at: datetime | None = None) -> bool:
    """ "I'm back": the outage going on ends at `at` (now). False when it had ended already or
    has not begun (a planned one that has not begun is cancelled instead)."""
    _require_may_change(actor, outage)
    at = at or timezone.now()
    with transaction.atomic():
        ended = (
            Outage.objects.filter(pk=outage.pk, cancelled_at__isnull=True, starts_at__lte=at)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))
            .update(ends_at=at)
        )
        if not ended:
            return False
        outage.ends_at = at
        _tell(outage, actor=actor, kind=kinds.OUTAGE_ENDED, event="ended")
        _reschedule_silence(outage.member, actor)
    return True


def outage_cancel(*, actor: Membership, outage: Outage, now: datetime | None = None) -> bool:
    """Call off a planned outage that has not begun (those who were told of it are told it is
    off). False when it had begun or was cancelled."""
    _require_may_change(actor, outage)
    now = now or timezone.now()
    with transaction.atomic():
        cancelled = Outage.objects.filter(
            pk=outage.pk, cancelled_at__isnull=True, starts_at__gt=now
        ).update(cancelled_at=now)
        if not cancelled:
            return False
        outage.cancelled_at = now
        _tell(outage, actor=actor, kind=kinds.OUTAGE_CANCELLED, event="cancelled")
        _reschedule_silence(outage.member, actor)
    return True

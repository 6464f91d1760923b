"""Every write of the task audit: periods, entries, the import from Tandem's own data, and the
member's hourly value that prices the analysis.

An entry belongs to the period that holds its day (periods of one member never overlap); an
entry on a day outside every period waits, and joins the period set around it later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tandem.planning.models import AuditEntry, AuditPeriod, Category, Want, Weight
from tandem.planning.selectors import audit as selectors
from tandem.work.models import Task, TimeEntry
from tandem.workspaces.models import Membership

MAX_MINUTES = 24 * 60
# One or two weeks is the advice; a month leaves room without making it a time sheet.
MAX_PERIOD_DAYS = 31
# How far back an entry may be dated: an audit is of recent work.
MAX_DAYS_BACK = 366
# A deleted entry can be put back from the message that said so, for an hour.
UNDO_SALT = "tandem.planning.audit_entry_restore"
UNDO_MAX_AGE = 60 * 60


def _require_delegator(actor: Membership) -> None:
    if not actor.can_delegate:
        raise PermissionDenied


def _check(*, actor: Membership, day: date, what: str, minutes: int) -> str:
    what = " ".join(what.split())[:200]
    errors: dict[str, str] = {}
    if not what:
        errors["what"] = _("Say what you did.")
    if not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("Enter between 1 minute and 24 hours.")
    today = selectors.today_of(actor)
    if day > today:
        errors["day"] = _("The day cannot be in the future.")
    elif day < today - timedelta(days=MAX_DAYS_BACK):
        errors["day"] = _("The day is more than a year ago.")
    if errors:
        raise ValidationError(errors)
    return what


def _check_judgements(category: str, want: str, weight: str) -> None:
    if category not in Category.values or want not in Want.values or weight not in Weight.values:
        raise ValidationError(_("Choose each of the three judgements."))


def audit_period_set(
    *, actor: Membership, starts_on: date, ends_on: date, period: AuditPeriod | None = None
) -> AuditPeriod:
    """Set a new period, or change `period`; the entries on its days join it, and those it no
    longer covers leave it."""
    _require_delegator(actor)
    if period is not None and period.member_id != actor.pk:
        raise PermissionDenied
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day comes after the first.")})
    if (ends_on - starts_on).days + 1 > MAX_PERIOD_DAYS:
        message = _("An audit runs one or two weeks: at most %(days)d days.")
        raise ValidationError({"ends_on": message % {"days": MAX_PERIOD_DAYS}})
    with transaction.atomic():
        # Periods of one member are written one at a time, so two never overlap.
        Membership.objects.select_for_update().filter(pk=actor.pk).first()
        overlapping = AuditPeriod.objects.filter(
            workspace_id=actor.workspace_id,
            member=actor,
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        )
        if period is not None:
            overlapping = overlapping.exclude(pk=period.pk)
        if overlapping.exists():
            raise ValidationError(_("These days overlap another audit period of yours."))
        if period is None:
            period = AuditPeriod.objects.create(
                workspace_id=actor.workspace_id,
                member=actor,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        else:
            period.starts_on, period.ends_on = starts_on, ends_on
            period.save(update_fields=["starts_on", "ends_on"])
            AuditEntry.objects.filter(period=period).exclude(
                day__gte=starts_on, day__lte=ends_on
            ).update(period=None)
        AuditEntry.objects.filter(
            workspace_id=actor.workspace_id,
            member=actor,
            day__gte=starts_on,
            day__lte=ends_on,
        ).exclude(period=period).update(period=period)
    return period


def audit_entry_add(
    *,
    actor: Membership,
    day: date,
    what: str,
    minutes: int,
    category: str,
    want: str,
    weight: str,
) -> AuditEntry:
    """One thing the member did, typed."""
    _require_delegator(actor)
    what = _check(actor=actor, day=day, what=what, minutes=minutes)
    _check_judgements(category, want, weight)
    with transaction.atomic():
        return AuditEntry.objects.create(
            workspace_id=actor.workspace_id,
            member=actor,
            period=selectors.period_of_day(actor, day),
            day=day,
            what=what,
            minutes=minutes,
            category=category,
            want=want,
            weight=weight,
        )


def audit_entry_update(
    *,
    actor: Membership,
    entry: AuditEntry,
    day: date,
    what: str,
    minutes: int,
    category: str,
    want: str,
    weight: str,
) -> AuditEntry:
    if entry.member_id != actor.pk or entry.workspace_id != actor.workspace_id:
        raise PermissionDenied
    _require_delegator(actor)
    what = _check(actor=actor, day=day, what=what, minutes=minutes)
    _check_judgements(category, want, weight)
    with transaction.atomic():
        entry.day, entry.what, entry.minutes = day, what, minutes
        entry.category, entry.want, entry.weight = category, want, weight
        entry.period = selectors.period_of_day(actor, day)
        entry.save(update_fields=["day", "what", "minutes", "category", "want", "weight", "period"])
    return entry


def audit_entry_delete(*, actor: Membership, entry: AuditEntry) -> str:
    """Delete the entry; return the token that puts it back (`audit_entry_restore`)."""
    if entry.member_id != actor.pk or entry.workspace_id != actor.workspace_id:
        raise PermissionDenied
    _require_delegator(actor)
    with transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk, member=actor).delete()
    kept = {
        "id": entry.pk,
        "member": entry.member_id,
        "day": entry.day.isoformat(),
        "what": entry.what,
        "minutes": entry.minutes,
        "category": entry.category,
        "want": entry.want,
        "weight": entry.weight,
        "source": entry.source,
        "time_entry": entry.time_entry_id,
        "task": entry.task_id,
        "created_at": entry.created_at.isoformat(),
    }
    return signing.dumps(kept, salt=UNDO_SALT, compress=True)


def audit_entry_restore(*, actor: Membership, token: str) -> AuditEntry:
    """Put back an entry the member deleted within the hour, under its own id, so it comes back
    once; in the period that holds its day now."""
    _require_delegator(actor)
    gone = _("This entry can no longer be restored.")
    try:
        kept = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(gone) from None
    if kept["member"] != actor.pk:
        raise ValidationError(gone)
    day = date.fromisoformat(kept["day"])
    entry = AuditEntry(
        pk=kept["id"],
        workspace_id=actor.workspace_id,
        member=actor,
        period=selectors.period_of_day(actor, day),
        day=day,
        what=kept["what"],
        minutes=kept["minutes"],
        category=kept["category"],
        want=kept["want"],
        weight=kept["weight"],
        source=kept["source"],
        created_at=datetime.fromisoformat(kept["created_at"]),
    )
    # What it was imported from, if that is still there and not imported again meanwhile.
    if kept["time_entry"] and not AuditEntry.objects.filter(time_entry=kept["time_entry"]).exists():
        entry.time_entry = TimeEntry.objects.filter(pk=kept["time_entry"], member=actor).first()
    if kept["task"]:
        entry.task = Task.objects.filter(pk=kept["task"], workspace_id=actor.workspace_id).first()
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(_("This entry is back already.")) from None
    return entry


@dataclass(frozen=True)
class Pick:
    """A line of the import preview the member chose, with their judgements."""

    key: str
    category: str
    want: str
    weight: str


def audit_import(*, actor: Membership, period: AuditPeriod, picks: list[Pick]) -> int:
    """Add the chosen lines of the import preview; return how many were added.

    The lines are read again here: a line that is no longer there (imported in another tab, a
    time entry deleted) is passed over, so importing twice adds nothing twice. The database
    holds it too: a time entry has at most one audit entry."""
    _require_delegator(actor)
    if period.member_id != actor.pk:
        raise PermissionDenied
    for pick in picks:
        _check_judgements(pick.category, pick.want, pick.weight)
    chosen = {pick.key: pick for pick in picks}
    with transaction.atomic():
        Membership.objects.select_for_update().filter(pk=actor.pk).first()
        lines = [line for line in selectors.import_lines(actor, period) if line.key in chosen]
        entries = []
        for line in lines:
            pick = chosen[line.key]
            source, _sep, pk = line.key.partition("-")
            entries.append(
                AuditEntry(
                    workspace_id=actor.workspace_id,
                    member=actor,
                    period=period,
                    day=line.day,
                    what=line.what,
                    minutes=line.minutes,
                    category=pick.category,
                    want=pick.want,
                    weight=pick.weight,
                    source=(
                        AuditEntry.Source.TIME_ENTRY if source == "time" else AuditEntry.Source.TASK
                    ),
                    time_entry=TimeEntry(pk=int(pk)) if source == "time" else None,
                    task=Task(pk=int(pk)) if source == "task" else None,
                )
            )
        AuditEntry.objects.bulk_create(entries)
    return len(entries)


def hourly_value_set(*, actor: Membership, value: Decimal | None) -> None:
    """What an hour of the member's own time is worth, in the workspace's currency."""
    _require_delegator(actor)
    if value is not None and value < 0:
        raise ValidationError({"hourly_value": _("Enter an amount of zero or more.")})
    with transaction.atomic():
        Membership.objects.filter(pk=actor.pk).update(hourly_value=value)
    actor.hourly_value = value

"""Every write of time on tasks: the assignee's timer and entries, and corrections to any entry.

A member has at most one running timer (a row with `started_at` and no minutes yet; the database
enforces it). Owner minutes on briefing and reviewing are written by the task services; here
they are only corrected or removed.
"""

from __future__ import annotations

import math
import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.lib.timezones import local_instant, now_in
from tandem.work.models import OPEN_STATES, Task, TimeEntry
from tandem.workspaces.hooks import activity_seen
from tandem.workspaces.models import Membership

MAX_ENTRY_MINUTES = 24 * 60
# A timer forgotten overnight is not a day's work: it stops counting after this long.
MAX_TIMER_MINUTES = 12 * 60

# Units people type: English, Norwegian ("t" for timer) and Italian ("ore", "minuti").
_HOURS = r"hours|hour|hrs|hr|h|timer|time|t|ore|ora|o"
_MINUTES = r"minutter|minutt|minutes|minute|minuti|minuto|mins|min|m"
_PART = re.compile(rf"(\d+(?:[.,]\d+)?)\s*({_HOURS}|{_MINUTES})(?![a-z])", re.IGNORECASE)
_CLOCK = re.compile(r"(\d+):([0-5]\d)")


def parse_duration(text: str) -> int:
    """Minutes from "90", "1h 30m", "1h30", "1.5h", "1,5 t", "1:30" or "2 hours 15 min".

    A bare number is minutes. Raises ValueError for anything else, or for no time at all.
    """
    value = " ".join((text or "").split()).lower()
    if not value:
        raise ValueError(text)
    if value.isdigit():
        minutes = Decimal(value)
    elif clock := _CLOCK.fullmatch(value):
        minutes = Decimal(int(clock[1]) * 60 + int(clock[2]))
    else:
        minutes = Decimal(0)
        rest = value
        # "1h30": a trailing number after hours is minutes.
        rest = re.sub(rf"^(\d+)\s*({_HOURS})\s*(\d+)$", r"\1\2 \3m", rest)
        for amount, unit in _PART.findall(rest):
            try:
                number = Decimal(amount.replace(",", "."))
            except InvalidOperation:
                raise ValueError(text) from None
            minutes += number * 60 if re.fullmatch(_HOURS, unit) else number
        if _PART.sub("", rest).strip():
            raise ValueError(text)
    result = int(minutes.to_integral_value())
    if result <= 0:
        raise ValueError(text)
    return result


def duration_text(minutes: int) -> str:
    """Minutes as "1h 30m", the form `parse_duration` reads back."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)dm") % {"minutes": rest}
    if not rest:
        return _("%(hours)dh") % {"hours": hours}
    return _("%(hours)dh %(minutes)dm") % {"hours": hours, "minutes": rest}


@dataclass(frozen=True)
class TimerStarted:
    entry: TimeEntry
    # The member's timer on another task that starting this one stopped.
    stopped: TimeEntry | None


def _require_assignee(actor: Membership, task: Task) -> None:
    if task.workspace_id != actor.workspace_id or task.assignee_id != actor.pk:
        raise PermissionDenied


def may_correct(actor: Membership, entry: TimeEntry) -> bool:
    """Each member corrects their own entries; owners correct anyone's."""
    if entry.workspace_id != actor.workspace_id:
        return False
    return entry.member_id == actor.pk or actor.is_owner


def _require_editor(actor: Membership, entry: TimeEntry) -> None:
    if not may_correct(actor, entry):
        raise PermissionDenied


def _check_minutes(minutes: int) -> None:
    if not 1 <= minutes <= MAX_ENTRY_MINUTES:
        raise ValidationError(
            {"minutes": _("Enter between 1 minute and 24 hours.")}, code="minutes"
        )


def _check_day(day: date, zone: str) -> None:
    if day > now_in(zone).date():
        raise ValidationError({"day": _("The date cannot be in the future.")}, code="future")


def _elapsed_minutes(entry: TimeEntry) -> int:
    started = entry.started_at or entry.created_at
    seconds = (timezone.now() - started).total_seconds()
    return min(MAX_TIMER_MINUTES, max(1, math.ceil(seconds / 60 - 0.5)))


def _stop(entry: TimeEntry) -> bool:
    """Stop a running timer once; False when someone (another tab) stopped it first."""
    minutes = _elapsed_minutes(entry)
    stopped = TimeEntry.objects.filter(pk=entry.pk, minutes__isnull=True).update(minutes=minutes)
    if stopped:
        entry.minutes = minutes
    return bool(stopped)


def timer_start(*, actor: Membership, task: Task) -> TimerStarted:
    """Start the assignee's timer on `task`, stopping their timer on any other task."""
    _require_assignee(actor, task)
    if task.state not in OPEN_STATES:
        raise ValidationError(_("This task is finished: a timer cannot start on it."))
    with transaction.atomic():
        running = (
            TimeEntry.objects.select_for_update(of=("self",))
            .filter(member=actor, minutes__isnull=True)
            .select_related("task")
            .first()
        )
        if running is not None and running.task_id == task.pk:
            raise ValidationError(_("Your timer is already running on this task."))
        stopped = running if running is not None and _stop(running) else None
        now = timezone.now()
        activity_seen.send(actor, at=now)
        try:
            with transaction.atomic():
                entry = TimeEntry.objects.create(
                    workspace_id=task.workspace_id,
                    task=task,
                    member=actor,
                    kind=TimeEntry.Kind.WORK,
                    started_at=now,
                    created_at=now,
                )
        except IntegrityError:
            # Another tab started a timer between our read and this write.
            raise ValidationError(
                _("A timer started elsewhere a moment ago. Reload to see it.")
            ) from None
    return TimerStarted(entry=entry, stopped=stopped)


def timer_stop(*, actor: Membership, task: Task) -> TimeEntry:
    """Stop the member's timer on `task` and record the minutes it ran."""
    _require_assignee(actor, task)
    with transaction.atomic():
        running = TimeEntry.objects.filter(member=actor, task=task, minutes__isnull=True).first()
        if running is None or not _stop(running):
            raise ValidationError(_("No timer of yours is running on this task."))
        activity_seen.send(actor)
    return running


def time_entry_add(
    *, actor: Membership, task: Task, minutes: int, day: date, note: str = ""
) -> TimeEntry:
    """Time the assignee spent on the task, written after the fact."""
    _require_assignee(actor, task)
    _check_minutes(minutes)
    zone = actor.user.time_zone
    _check_day(day, zone)
    with transaction.atomic():
        activity_seen.send(actor)
        return TimeEntry.objects.create(
            workspace_id=task.workspace_id,
            task=task,
            member=actor,
            kind=TimeEntry.Kind.WORK,
            minutes=minutes,
            note=note.strip()[:200],
            # The middle of that day where the member lives: the day stays the same in
            # every report, whatever zone it is read in.
            created_at=local_instant(day, time(12), zone),
        )


def time_entry_update(
    *, actor: Membership, entry: TimeEntry, minutes: int, day: date, note: str = ""
) -> TimeEntry:
    """Correct an entry's minutes, day or note (its kind stays)."""
    _require_editor(actor, entry)
    if entry.is_running:
        raise ValidationError(_("Stop the timer before you correct it."))
    _check_minutes(minutes)
    zone = entry.member.user.time_zone
    _check_day(day, zone)
    entry.minutes = minutes
    entry.note = note.strip()[:200]
    if entry.created_at.astimezone(zoneinfo.ZoneInfo(zone)).date() != day:
        # Moved to another day: a timer's start time no longer says when it ran.
        entry.created_at = local_instant(day, time(12), zone)
        entry.started_at = None
    with transaction.atomic():
        entry.save(update_fields=["minutes", "note", "created_at", "started_at"])
        activity_seen.send(actor)
    return entry


# A deleted entry can be restored for a while from the message that says it was deleted: its
# fields travel, signed, in the undo's address, so nothing of it stays behind in the database.
UNDO_SALT = "tandem.work.time_entry_undo"
UNDO_MAX_AGE = 60 * 60


def time_entry_delete(*, actor: Membership, entry: TimeEntry) -> str:
    """Delete the entry; return the token that restores it (`time_entry_restore`)."""
    _require_editor(actor, entry)
    with transaction.atomic():
        TimeEntry.objects.filter(pk=entry.pk).delete()
    return time_entry_undo_token(entry)


def time_entry_undo_token(entry: TimeEntry) -> str:
    """The entry's fields, signed: what `time_entry_restore` puts back."""
    kept = {
        "id": entry.pk,
        "task": entry.task_id,
        "member": entry.member_id,
        "kind": entry.kind,
        "started_at": entry.started_at.isoformat() if entry.started_at else None,
        "minutes": entry.minutes,
        "note": entry.note,
        "created_at": entry.created_at.isoformat(),
    }
    return signing.dumps(kept, salt=UNDO_SALT, compress=True)


def time_entry_restore(*, actor: Membership, task: Task, token: str) -> TimeEntry:
    """Put back an entry deleted from `task` (its own id, so it comes back once), if `actor` may
    still correct it."""
    gone = _("This entry can no longer be restored.")
    try:
        kept = signing.loads(token, salt=UNDO_SALT, max_age=UNDO_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError(gone) from None
    if kept["task"] != task.pk or kept["minutes"] is None:
        raise ValidationError(gone)
    member = (
        Membership.objects.active()
        .filter(pk=kept["member"], workspace_id=task.workspace_id)
        .first()
    )
    if member is None:
        raise ValidationError(gone)
    entry = TimeEntry(
        pk=kept["id"],
        workspace_id=task.workspace_id,
        task=task,
        member=member,
        kind=kept["kind"],
        started_at=datetime.fromisoformat(kept["started_at"]) if kept["started_at"] else None,
        minutes=kept["minutes"],
        note=kept["note"],
        created_at=datetime.fromisoformat(kept["created_at"]),
    )
    _require_editor(actor, entry)
    try:
        with transaction.atomic():
            entry.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(_("This entry is back already.")) from None
    return entry

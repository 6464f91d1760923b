"""Check-ins: every write, and the two sweeps.

A schedule says on which weekdays, and at what local time in the member's own zone, they are
asked to check in. `next_prompt_at` keeps the UTC instant of the next prompt; the
`prompt_check_ins` job sweeps the schedules that are due through the partial index
`checkin_schedule_due`, claims each with a conditional update that moves `next_prompt_at` on,
and creates that day's check-in (once per member and local day: a unique constraint). A check-in
still pending at the end of the member's local day is marked missed by `mark_missed_check_ins`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.lib.schedule import last_local_instant, next_local_instant, sweep_due
from tandem.lib.templatetags.when import when
from tandem.lib.timezones import local_instant
from tandem.notify import kinds
from tandem.notify.services import notify
from tandem.rhythm.models import (
    SCHEDULE_ROLES,
    CheckIn,
    CheckInReply,
    CheckInSchedule,
    CheckInState,
)
from tandem.work.models import Task
from tandem.work.services.tasks import Brief, task_create
from tandem.workspaces.hooks import activity_seen
from tandem.workspaces.models import Membership
from tandem.workspaces.selectors import delegators_of

if TYPE_CHECKING:
    from tandem.accounts.models import User

logger = logging.getLogger(__name__)

# The written questions when a schedule has none of its own; shown in the reader's language.
DEFAULT_QUESTIONS = (gettext_lazy("What did you finish?"), gettext_lazy("What is next?"))
MAX_QUESTIONS = 5
MAX_QUESTION_LENGTH = 200
# A schedule whose prompt cannot be computed is tried again this much later.
RETRY_AFTER = timedelta(hours=1)
# One sweep handles at most this many schedules; the next minute takes the rest.
SWEEP_BATCH = 500


# Calendar arithmetic


def _zone_of(member: Membership) -> str:
    return member.user.time_zone


def next_prompt_after(
    weekdays: Iterable[int], at: time, zone: str, after: datetime
) -> datetime | None:
    """The first prompt strictly after `after`, in UTC; None without weekdays.

    Each candidate is a local wall-clock time on a local day, converted on its own day, so a
    prompt at 09:00 stays at 09:00 local across a daylight-saving change.
    """
    found = next_local_instant(after, zone, at, set(weekdays))
    return None if found is None else found[1].astimezone(UTC)


def latest_prompt_until(
    weekdays: Iterable[int], at: time, zone: str, until: datetime
) -> tuple[date, datetime] | None:
    """The last prompt at or before `until`: its local day and its instant (UTC)."""
    found = last_local_instant(until, zone, at, set(weekdays))
    return None if found is None else (found[0], found[1].astimezone(UTC))


def end_of_local_day(day: date, zone: str) -> datetime:
    """When a check-in of that local day turns missed: the day's last second, in UTC."""
    return local_instant(day, None, zone).astimezone(UTC)


def questions_of(schedule: CheckInSchedule | None) -> list[str]:
    """The written questions to ask, in the active language when they are the defaults."""
    if schedule is not None and schedule.questions:
        return [str(question) for question in schedule.questions]
    return [str(question) for question in DEFAULT_QUESTIONS]


def checkin_url(check_in: CheckIn) -> str:
    return reverse("rhythm:checkin", kwargs={"ws": check_in.workspace.slug, "code": check_in.code})


# Schedules


@dataclass(frozen=True)
class ScheduleSpec:
    at: time
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    questions: tuple[str, ...] = field(default=())
    active: bool = True


def _require_delegator(actor: Membership, member: Membership) -> None:
    if not actor.can_delegate or actor.workspace_id != member.workspace_id:
        raise PermissionDenied


def _validate(member: Membership, spec: ScheduleSpec) -> tuple[list[int], list[str]]:
    errors: dict[str, str] = {}
    if member.removed_at is not None or member.role not in SCHEDULE_ROLES:
        errors["member"] = _("Only assistants and managers of this workspace check in.")
    weekdays = sorted({int(day) for day in spec.weekdays})
    if not weekdays or any(not 0 <= day <= 6 for day in weekdays):
        errors["weekdays"] = _("Choose at least one day of the week.")
    questions = [" ".join(question.split()) for question in spec.questions]
    questions = [question for question in questions if question]
    if len(questions) > MAX_QUESTIONS:
        errors["questions"] = _("Ask at most %(count)s questions.") % {"count": MAX_QUESTIONS}
    elif any(len(question) > MAX_QUESTION_LENGTH for question in questions):
        errors["questions"] = _("Keep each question under %(count)s characters.") % {
            "count": MAX_QUESTION_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    return weekdays, questions


def checkin_schedule_save(
    *,
    actor: Membership,
    member: Membership,
    spec: ScheduleSpec,
    now: datetime | None = None,
) -> CheckInSchedule:
    """Create or change the member's schedule; the next prompt is computed again from now.

    A day whose check-in exists already is not asked twice, even when the new time is later
    that same day: the sweep finds the day's check-in and moves on.
    """
    _require_delegator(actor, member)
    weekdays, questions = _validate(member, spec)
    now = now or timezone.now()
    next_prompt = next_prompt_after(weekdays, spec.at, _zone_of(member), now)
    with transaction.atomic():
        schedule = CheckInSchedule.objects.filter(member=member).first()
        if schedule is None:
            schedule = CheckInSchedule(
                workspace_id=member.workspace_id, member=member, created_by=actor
            )
        schedule.weekdays = weekdays
        schedule.at = spec.at
        schedule.questions = questions
        schedule.active = spec.active
        schedule.next_prompt_at = next_prompt
        if schedule.pk is None:
            schedule.save()
        else:
            schedule.save(update_fields=["weekdays", "at", "questions", "active", "next_prompt_at"])
    return schedule


def checkin_schedules_reschedule_for_user(user: User, *, now: datetime | None = None) -> int:
    """Compute the next prompts again after a person changed their time zone (or hours).

    Connected to the accounts hook `time_zone_changed`; returns how many schedules moved.
    """
    now = now or timezone.now()
    moved = 0
    schedules = CheckInSchedule.objects.filter(
        member__user=user, member__removed_at__isnull=True, active=True
    ).select_related("member__user")
    with transaction.atomic():
        for schedule in schedules:
            next_prompt = next_prompt_after(
                schedule.weekdays, schedule.at, _zone_of(schedule.member), now
            )
            moved += CheckInSchedule.objects.filter(
                pk=schedule.pk, next_prompt_at=schedule.next_prompt_at
            ).update(next_prompt_at=next_prompt)
    return moved


# The prompting sweep


def checkin_prompt_create(
    *,
    member: Membership,
    day: date,
    schedule: CheckInSchedule | None = None,
    prompted_at: datetime | None = None,
) -> CheckIn | None:
    """Create the member's check-in of a local day and tell them; None when the day has one.

    Used by the sweep and by the demo (which backdates `prompted_at`).
    """
    prompted_at = prompted_at or timezone.now()
    zone = _zone_of(member)
    with transaction.atomic():
        try:
            with transaction.atomic():
                check_in = CheckIn.objects.create(
                    workspace_id=member.workspace_id,
                    member=member,
                    schedule=schedule,
                    local_date=day,
                    prompted_at=prompted_at,
                    due_at=end_of_local_day(day, zone),
                )
        except IntegrityError:
            return None  # the day has its check-in already
        check_in.workspace = member.workspace
        notify(
            workspace=member.workspace,
            recipients=[member],
            kind=kinds.CHECK_IN_DUE,
            event_key=f"checkin:{check_in.code}:due",
            actor=None,
            url=checkin_url(check_in),
            thread_key=f"checkin:{check_in.code}",
            params={},
        )
    return check_in


def checkin_prompt_one(schedule: CheckInSchedule, *, now: datetime) -> CheckIn | None:
    """Prompt for the check-in the schedule is due for, once; None when another sweep claimed
    it first, the day has its check-in already, or the member has left."""
    claimed_at = schedule.next_prompt_at
    member = schedule.member
    if member.removed_at is not None:
        CheckInSchedule.objects.filter(pk=schedule.pk, next_prompt_at=claimed_at).update(
            active=False
        )
        return None
    zone = _zone_of(member)
    # Only the latest prompt that is due counts: after an outage, the member is asked about
    # today, not about days that are over.
    latest = latest_prompt_until(schedule.weekdays, schedule.at, zone, now)
    next_prompt = next_prompt_after(schedule.weekdays, schedule.at, zone, now)
    with transaction.atomic():
        # The claim: of two sweeps that read the same row, only one moves next_prompt_at on.
        claimed = CheckInSchedule.objects.filter(
            pk=schedule.pk, active=True, next_prompt_at=claimed_at
        ).update(next_prompt_at=next_prompt)
        if not claimed:
            return None
        schedule.next_prompt_at = next_prompt
        if latest is None:
            return None
        day, _instant = latest
        if end_of_local_day(day, zone) <= now:
            return None
        return checkin_prompt_create(member=member, day=day, schedule=schedule, prompted_at=now)


def checkin_schedules_due(now: datetime) -> QuerySet[CheckInSchedule]:
    """The schedules whose prompt is due, oldest first.

    The filter matches the partial index checkin_schedule_due (active rows by next_prompt_at):
    only the due rows are read, however many schedules there are.
    """
    return (
        CheckInSchedule.objects.filter(active=True, next_prompt_at__lte=now)
        .select_related("workspace", "member__user", "member__workspace")
        .order_by("next_prompt_at")
    )


def checkins_prompt_due(now: datetime | None = None) -> int:
    """Prompt every member whose check-in time has come; return how many were prompted."""
    now = now or timezone.now()
    return sweep_due(
        checkin_schedules_due(now),
        lambda schedule: checkin_prompt_one(schedule, now=now) is not None,
        name="check-in prompts",
        log=logger,
        batch=SWEEP_BATCH,
        due_field="next_prompt_at",
        retry_at=now + RETRY_AFTER,
    )


def checkins_mark_missed(now: datetime | None = None) -> int:
    """Mark missed every check-in still pending after its member's day ended (one update,
    through the partial index checkin_pending_due); return how many."""
    now = now or timezone.now()
    with transaction.atomic():
        return CheckIn.objects.filter(state=CheckInState.PENDING, due_at__lte=now).update(
            state=CheckInState.MISSED
        )


# Answers


def _delegators(check_in: CheckIn) -> list[Membership]:
    return list(delegators_of(check_in.workspace_id).select_related("user"))


def checkin_answer(
    *,
    actor: Membership,
    check_in: CheckIn,
    answers: Sequence[tuple[str, str]],
    blockers: str,
    mood: int,
    now: datetime | None = None,
) -> CheckIn:
    """Answer (or correct the answer to) one's own check-in; a missed one may be answered late.

    `answers` pairs each question, as it was asked, with its answer. A blocker tells the owners
    and managers, once per check-in.
    """
    if actor.pk != check_in.member_id:
        raise PermissionDenied
    errors: dict[str, str] = {}
    rows = [
        {"question": question.strip(), "answer": answer.strip()} for question, answer in answers
    ]
    if not any(row["answer"] for row in rows):
        errors["answers"] = _("Write at least a line about your day.")
    if mood not in range(1, 6):
        errors["mood"] = _("Choose how you are, from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    current = check_in.state
    blockers = blockers.strip()
    answered_at = check_in.answered_at or now
    with transaction.atomic():
        updated = CheckIn.objects.filter(pk=check_in.pk, state=current).update(
            state=CheckInState.ANSWERED,
            answers=rows,
            blockers=blockers,
            mood=mood,
            answered_at=answered_at,
        )
        if not updated:
            raise ValidationError(
                _("This check-in changed a moment ago. Reload to see it.")
            ) from None
        check_in.state, check_in.answers, check_in.blockers = CheckInState.ANSWERED, rows, blockers
        check_in.mood, check_in.answered_at = mood, answered_at
        activity_seen.send(actor, at=now)
        if blockers:
            notify(
                workspace=check_in.workspace,
                recipients=_delegators(check_in),
                kind=kinds.CHECK_IN_BLOCKER,
                event_key=f"checkin:{check_in.code}:blocker",
                actor=actor,
                url=checkin_url(check_in),
                thread_key=f"checkin:{check_in.code}",
                params={"actor": str(actor.user)},
            )
    return check_in


def checkin_reply(*, actor: Membership, check_in: CheckIn, body: str) -> CheckInReply:
    """An owner's or manager's reply to a check-in (usually to its blocker); the member is told."""
    if not actor.can_delegate or actor.workspace_id != check_in.workspace_id:
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your reply.")})
    with transaction.atomic():
        reply = CheckInReply.objects.create(
            workspace_id=check_in.workspace_id, check_in=check_in, author=actor, body=body
        )
        notify(
            workspace=check_in.workspace,
            recipients=[check_in.member],
            kind=kinds.CHECK_IN_REPLY,
            event_key=f"checkin-reply:{reply.pk}",
            actor=actor,
            url=checkin_url(check_in) + f"#reply-{reply.pk}",
            thread_key=f"checkin:{check_in.code}",
            params={"actor": str(actor.user)},
        )
    return reply


class _TaskExists(Exception):
    pass


def blocker_task_title(check_in: CheckIn) -> str:
    first_line = next((line for line in check_in.blockers.splitlines() if line.strip()), "")
    return Truncator(
        _("Unblock %(name)s: %(blocker)s")
        % {"name": check_in.member.user.display_name, "blocker": first_line.strip()}
    ).chars(200)


def checkin_blocker_to_task(*, actor: Membership, check_in: CheckIn) -> Task:
    """Turn the check-in's blocker into a task, once: a draft with the blocker in its brief,
    for the owner to complete and hand to whoever can clear it (often the owner themselves).

    A second call returns the task made the first time.
    """
    if not actor.can_delegate or actor.workspace_id != check_in.workspace_id:
        raise PermissionDenied
    if not check_in.has_blocker:
        raise ValidationError(_("This check-in reports no blocker."))
    if check_in.blocker_task_id is not None and check_in.blocker_task is not None:
        return check_in.blocker_task
    outcome = _(
        "%(name)s reported this blocker in their check-in of %(day)s. Clearing it lets them "
        "get on with their work.\n\n%(blocker)s"
    ) % {
        "name": check_in.member.user.display_name,
        "day": when(check_in.local_date, "date"),
        "blocker": check_in.blockers,
    }
    try:
        with transaction.atomic():
            task = task_create(
                actor=actor,
                brief=Brief(title=blocker_task_title(check_in), outcome=outcome),
                assignee=None,
            )
            recorded = CheckIn.objects.filter(pk=check_in.pk, blocker_task__isnull=True).update(
                blocker_task=task
            )
            if not recorded:
                raise _TaskExists
    except _TaskExists:
        check_in.refresh_from_db(fields=["blocker_task"])
        if check_in.blocker_task is None:  # made, then deleted a moment ago
            raise ValidationError(
                _("This check-in changed a moment ago. Reload to see it.")
            ) from None
        return check_in.blocker_task
    check_in.blocker_task = task
    return task

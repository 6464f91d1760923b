"""Every write of the delegation loop's core: briefs, state changes, acknowledgement, help,
review. Each state change is a conditional update on the state it starts from, so two people
acting at once cannot both move a task; an invalid one changes nothing and says why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.acks.models import AckKind, Acknowledgement, AckWay
from tandem.acks.services import ack_record, ack_request, ack_withdraw
from tandem.lib.timezones import local_instant
from tandem.notify.kinds import FEEDBACK_ACKNOWLEDGED
from tandem.notify.services import notify
from tandem.work.models import (
    Attachment,
    HelpRequest,
    Review,
    State,
    Submission,
    Task,
    TaskEvent,
    TimeEntry,
)
from tandem.work.services.files import attachments_check, attachments_store
from tandem.work.transitions import BOARD_MOVES, TRANSITION, Action, By, may
from tandem.workspaces.hooks import activity_seen
from tandem.workspaces.models import Membership, Role
from tandem.workspaces.selectors import delegators_of

# Owner minutes measured from an editing session are capped: a form left open over lunch is
# not an hour of briefing.
MAX_MEASURED_MINUTES = 120

BRIEF_FIELDS = Task.BRIEF_FIELDS

# Files handed in with the work at once, as many as a comment takes.
MAX_HANDIN_FILES = 5


class TransitionError(ValidationError):
    pass


@dataclass(frozen=True)
class Brief:
    title: str
    outcome: str = ""
    deliverable: str = ""
    acceptance_criteria: str = ""
    due_date: date | None = None
    due_time: time | None = None
    priority: int = 2
    estimate_minutes: int | None = None
    resources: str = ""
    sop_url: str = ""
    area: str = ""


def _require(actor: Membership, task: Task, by: By) -> None:
    if not may(actor, task, by):
        raise PermissionDenied


def _zone_for(assignee: Membership | None, actor: Membership) -> str:
    return (assignee or actor).user.time_zone


def _set_deadline(task: Task) -> None:
    task.due_at = (
        local_instant(task.due_date, task.due_time, task.due_zone) if task.due_date else None
    )


def _record(
    task: Task,
    actor: Membership | None,
    kind: str,
    *,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    deadline_was: datetime | None = None,
    deadline_proposed: datetime | None = None,
) -> TaskEvent:
    if actor is not None:
        activity_seen.send(actor)
    return TaskEvent.objects.create(
        workspace_id=task.workspace_id,
        task=task,
        actor=actor,
        kind=kind,
        from_state=from_state,
        to_state=to_state,
        note=note,
        deadline_was=deadline_was,
        deadline_proposed=deadline_proposed,
    )


def _tell(
    task: Task,
    actor: Membership,
    recipients: list[Membership | None],
    kind: str,
    event: str,
    *,
    urgent: bool = False,
) -> None:
    people = [person for person in recipients if person is not None]
    if not people:
        return
    notify(
        workspace=task.workspace,
        recipients=people,
        kind=kind,
        event_key=f"task:{task.code}:{event}",
        actor=actor,
        url=task.get_absolute_url(),
        thread_key=f"task:{task.code}",
        params={"task": task.title, "actor": str(actor.user), "subject": task.title},
        urgent=urgent,
    )


def _delegators(task: Task) -> list[Membership | None]:
    """Who hears about an assistant's move: the task's author while they still delegate, else
    every owner and manager (an author who became a partner or an assistant is not told)."""
    author = task.created_by if task.created_by_id else None
    if author is not None and author.removed_at is None and author.can_delegate:
        return [author]
    return list(delegators_of(task.workspace_id).select_related("user"))


def _move(
    task: Task,
    actor: Membership,
    action: Action,
    *,
    kind: str = TaskEvent.Kind.STATE,
    note: str = "",
    **fields: Any,
) -> TaskEvent:
    """Take the action's transition once, from one of its states, or refuse and change
    nothing. Who may take it is checked before (`_require`), the state here."""
    row = TRANSITION[action]
    current, to = task.state, row.target(task)
    if current not in row.sources:
        raise TransitionError(
            _("A task that is “%(current)s” cannot become “%(target)s”.")
            % {"current": State(current).label, "target": State(to).label}
        )
    now = timezone.now()
    updated = Task.objects.filter(pk=task.pk, state=current).update(
        state=to, state_changed_at=now, updated_at=now, **fields
    )
    if not updated:
        raise TransitionError(_("Someone else changed this task a moment ago. Reload to see it."))
    task.state, task.state_changed_at = to, now
    for name, value in fields.items():
        setattr(task, name, value)
    return _record(task, actor, kind, from_state=current, to_state=to, note=note)


def measured_minutes(opened_at: datetime | None) -> int:
    if opened_at is None:
        return 0
    seconds = (timezone.now() - opened_at).total_seconds()
    if seconds <= 0:
        return 0
    return min(MAX_MEASURED_MINUTES, max(1, round(seconds / 60)))


def _owner_time(task: Task, actor: Membership, kind: str, minutes: int) -> None:
    if minutes > 0:
        TimeEntry.objects.create(
            workspace_id=task.workspace_id,
            task=task,
            member=actor,
            kind=kind,
            minutes=minutes,
        )


def task_create(
    *,
    actor: Membership,
    brief: Brief,
    assignee: Membership | None,
    opened_at: datetime | None = None,
) -> Task:
    """Write a brief. With an assignee it is assigned at once; without, it stays a draft."""
    if not actor.can_delegate:
        raise PermissionDenied
    if assignee is not None and assignee.workspace_id != actor.workspace_id:
        raise PermissionDenied
    with transaction.atomic():
        task = Task(
            workspace=actor.workspace,
            created_by=actor,
            due_zone=_zone_for(assignee, actor),
            **brief.__dict__,
        )
        _set_deadline(task)
        task.full_clean(exclude=["assignee", "created_by", "recurring"])
        task.save()
        _record(task, actor, TaskEvent.Kind.CREATED, to_state=State.DRAFT)
        _owner_time(task, actor, TimeEntry.Kind.BRIEFING, measured_minutes(opened_at))
        if assignee is not None:
            task_assign(actor=actor, task=task, assignee=assignee)
    return task


def task_update_brief(
    *, actor: Membership, task: Task, brief: Brief, opened_at: datetime | None = None
) -> Task:
    _require(actor, task, By.DELEGATOR)
    if not task.is_open:
        raise TransitionError(_("A finished task's brief can no longer be edited."))
    with transaction.atomic():
        for name, value in brief.__dict__.items():
            setattr(task, name, value)
        _set_deadline(task)
        task.updated_at = timezone.now()
        task.full_clean(exclude=["assignee", "created_by", "recurring"])
        task.save(update_fields=[*BRIEF_FIELDS, "due_at", "updated_at"])
        _record(task, actor, TaskEvent.Kind.EDITED)
        _owner_time(task, actor, TimeEntry.Kind.BRIEFING, measured_minutes(opened_at))
    return task


def task_assign(*, actor: Membership, task: Task, assignee: Membership) -> Task:
    """Hand the task to a member; they are asked to acknowledge the brief."""
    _require(actor, task, By.DELEGATOR)
    if assignee.workspace_id != task.workspace_id or assignee.removed_at is not None:
        raise ValidationError({"assignee": _("Choose a member of this workspace.")})
    if assignee.role == Role.PARTNER:
        raise ValidationError({"assignee": _("Partners do not take tasks.")})
    now = timezone.now()
    previous = task.assignee if task.assignee_id and task.assignee_id != assignee.pk else None
    with transaction.atomic():
        task.due_zone = assignee.user.time_zone
        _set_deadline(task)
        _move(
            task,
            actor,
            Action.ASSIGN,
            kind=TaskEvent.Kind.ASSIGNED,
            note=str(assignee.user),
            assignee=assignee,
            assigned_at=now,
            acknowledged_at=None,
            # A date proposed by the one before is not the new assignee's to wait for.
            proposed_due_date=None,
            proposed_due_time=None,
            proposal_reason="",
            due_zone=task.due_zone,
            due_at=task.due_at,
            resume_state="",
        )
        task.assignee = assignee
        # The brief is addressed to the new assignee; the one before need not answer it now.
        if previous is not None:
            ack_withdraw(subject=task, members=[previous])
        ack_request(
            workspace=task.workspace, subject=task, kind=AckKind.BRIEF, members=[assignee], at=now
        )
        _tell(task, actor, [assignee], "task_assigned", f"assigned:{now.timestamp()}")
    return task


def task_acknowledge(
    *,
    actor: Membership,
    task: Task,
    questions: str = "",
    proposed_due_date: date | None = None,
    proposed_due_time: time | None = None,
    reason: str = "",
) -> Task:
    """ "I understand", and either "the deadline is manageable" or a proposed date and why."""
    _require(actor, task, By.ASSIGNEE)
    if proposed_due_date is not None and not reason.strip():
        raise ValidationError({"reason": _("Say why the deadline does not work for you.")})
    now = timezone.now()
    with transaction.atomic():
        _move(
            task,
            actor,
            Action.ACKNOWLEDGE,
            kind=TaskEvent.Kind.ACKNOWLEDGED,
            note=questions.strip(),
            acknowledged_at=now,
            ack_questions=questions.strip(),
            proposed_due_date=proposed_due_date,
            proposed_due_time=proposed_due_time if proposed_due_date else None,
            proposal_reason=reason.strip() if proposed_due_date else "",
        )
        ack_record(member=actor, subject=task, at=now)
        if proposed_due_date is not None:
            _record(
                task,
                actor,
                TaskEvent.Kind.PROPOSED,
                note=reason.strip(),
                deadline_was=task.due_at,
                deadline_proposed=task.proposed_due_at,
            )
            _tell(task, actor, _delegators(task), "deadline_proposed", "proposed")
        else:
            _tell(task, actor, _delegators(task), "task_acknowledged", "acknowledged")
    return task


def task_decide_proposal(*, actor: Membership, task: Task, accept: bool) -> Task:
    """The owner accepts the assistant's proposed deadline, or keeps the original one."""
    _require(actor, task, By.DELEGATOR)
    if not task.has_proposal:
        raise TransitionError(_("There is no proposed deadline to decide on."))
    was, proposed = task.due_at, task.proposed_due_at
    with transaction.atomic():
        fields: dict[str, Any] = {
            "proposed_due_date": None,
            "proposed_due_time": None,
            "updated_at": timezone.now(),
        }
        if accept:
            task.due_date, task.due_time = task.proposed_due_date, task.proposed_due_time
            _set_deadline(task)
            fields |= {"due_date": task.due_date, "due_time": task.due_time, "due_at": task.due_at}
        # Decided once: a second decision (two owners at once, a form sent twice) finds none.
        decided = Task.objects.filter(
            pk=task.pk,
            proposed_due_date=task.proposed_due_date,
            proposed_due_time=task.proposed_due_time,
        ).update(**fields)
        if not decided:
            task.refresh_from_db()
            raise TransitionError(_("There is no proposed deadline to decide on."))
        for name, value in fields.items():
            setattr(task, name, value)
        kind = TaskEvent.Kind.PROPOSAL_ACCEPTED if accept else TaskEvent.Kind.PROPOSAL_DECLINED
        _record(task, actor, kind, deadline_was=was, deadline_proposed=proposed)
        _tell(
            task,
            actor,
            [task.assignee],
            "deadline_accepted" if accept else "deadline_kept",
            f"proposal:{task.updated_at.timestamp()}",
        )
    return task


def task_start(*, actor: Membership, task: Task) -> Task:
    _require(actor, task, By.ASSIGNEE)
    with transaction.atomic():
        _move(task, actor, Action.START)
    return task


def handin_links(text: str) -> list[str]:
    """The links of a hand-in, one a line: each a web address (https:// is assumed when no
    scheme is written), at most `Submission.MAX_LINKS`; or ValidationError naming the bad ones."""
    links = []
    problems = []
    check = URLValidator(schemes=["http", "https"])
    for line in (text or "").splitlines():
        link = line.strip()
        if not link:
            continue
        if "://" not in link:
            link = f"https://{link}"
        try:
            check(link)
        except ValidationError:
            problems.append(_("“%(link)s” is not a web address.") % {"link": line.strip()[:100]})
        else:
            links.append(link)
    if len(links) > Submission.MAX_LINKS:
        problems.append(_("Give at most %(max)d links.") % {"max": Submission.MAX_LINKS})
    if problems:
        raise ValidationError({"links": problems})
    return links


def task_submit(
    *,
    actor: Membership,
    task: Task,
    note: str = "",
    links: str = "",
    files: Sequence[UploadedFile] = (),
) -> Task:
    """The assignee hands the work in for review: with a note, links and files, which the
    reviewer sees at the top of the review (a hand-in; each submission keeps its own)."""
    _require(actor, task, By.ASSIGNEE)
    addresses = handin_links(links)
    types = attachments_check(files, limit=MAX_HANDIN_FILES, field="files")
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            event = _move(
                task,
                actor,
                Action.SUBMIT,
                note=note.strip(),
            )
            submission = Submission.objects.create(
                workspace_id=task.workspace_id,
                task=task,
                event=event,
                submitted_by=actor,
                note=note.strip(),
                links="\n".join(addresses),
                created_at=event.created_at,
            )
            attachments_store(
                task=task,
                actor=actor,
                files=files,
                types=types,
                submission=submission,
                stored=stored,
            )
            _tell(
                task,
                actor,
                _delegators(task),
                "review_requested",
                f"submitted:{task.state_changed_at.timestamp()}",
            )
    except Exception:
        # The rows are rolled back; the files written for them go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return task


def task_ask_for_help(*, actor: Membership, task: Task, note: str) -> HelpRequest:
    """ "I'm stuck": blocks the task and tells the owner at once, not in a digest."""
    _require(actor, task, By.ASSIGNEE)
    if not note.strip():
        raise ValidationError({"note": _("Say in a few words what is blocking you.")})
    with transaction.atomic():
        resume = task.state
        _move(
            task,
            actor,
            Action.ASK_FOR_HELP,
            kind=TaskEvent.Kind.HELP,
            note=note.strip(),
            resume_state=resume,
        )
        help_request = HelpRequest.objects.create(
            workspace_id=task.workspace_id, task=task, requested_by=actor, note=note.strip()
        )
        _tell(
            task, actor, _delegators(task), "help_requested", f"help:{help_request.pk}", urgent=True
        )
    return help_request


def task_answer_help(*, actor: Membership, task: Task, answer: str) -> HelpRequest:
    """The owner's answer unblocks: the task returns to where it was."""
    _require(actor, task, By.DELEGATOR)
    if not answer.strip():
        raise ValidationError({"answer": _("Write your answer.")})
    help_request = task.help_requests.filter(answered_at__isnull=True).first()
    if help_request is None or task.state != State.BLOCKED:
        raise TransitionError(_("Nobody is waiting for help on this task."))
    with transaction.atomic():
        _move(
            task,
            actor,
            Action.ANSWER_HELP,
            kind=TaskEvent.Kind.HELP_ANSWERED,
            note=answer.strip(),
            resume_state="",
        )
        help_request.answer, help_request.answered_by = answer.strip(), actor
        help_request.answered_at = timezone.now()
        help_request.save(update_fields=["answer", "answered_by", "answered_at"])
        _tell(
            task, actor, [help_request.requested_by], "help_answered", f"answered:{help_request.pk}"
        )
    return help_request


def task_review(
    *,
    actor: Membership,
    task: Task,
    accept: bool,
    feedback: str = "",
    rating: int | None = None,
    opened_at: datetime | None = None,
) -> Review:
    """Accept the work (done) or ask for changes, with feedback and an optional 1–5 rating."""
    _require(actor, task, By.DELEGATOR)
    if not accept and not feedback.strip():
        raise ValidationError({"feedback": _("Say what needs to change.")})
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError({"rating": _("A rating is from 1 to 5.")})
    with transaction.atomic():
        _move(
            task,
            actor,
            Action.ACCEPT if accept else Action.REQUEST_CHANGES,
            kind=TaskEvent.Kind.REVIEW,
            note=feedback.strip(),
        )
        review = Review.objects.create(
            workspace_id=task.workspace_id,
            task=task,
            reviewer=actor,
            assignee=task.assignee,
            outcome=Review.Outcome.ACCEPTED if accept else Review.Outcome.CHANGES,
            feedback=feedback.strip(),
            rating=rating,
        )
        if review.feedback and task.assignee is not None:
            ack_request(
                workspace=task.workspace,
                subject=review,
                kind=AckKind.FEEDBACK,
                members=[task.assignee],
                at=review.created_at,
            )
        _owner_time(task, actor, TimeEntry.Kind.REVIEWING, measured_minutes(opened_at))
        _tell(
            task,
            actor,
            [task.assignee],
            "task_accepted" if accept else "changes_requested",
            f"review:{review.pk}",
        )
    return review


def task_cancel(*, actor: Membership, task: Task, reason: str = "") -> Task:
    _require(actor, task, By.DELEGATOR)
    with transaction.atomic():
        _move(task, actor, Action.CANCEL, note=reason.strip(), cancelled_from=task.state)
        # A cancelled brief needs no acknowledgement; feedback already given still does.
        ack_withdraw(subject=task)
    return task


def task_cancel_undo(*, actor: Membership, task: Task) -> Task:
    """Undo a cancellation: the task goes back to the state it was cancelled in, and a brief
    not yet acknowledged waits for the assignee again."""
    _require(actor, task, By.DELEGATOR)
    with transaction.atomic():
        _move(task, actor, Action.UNDO_CANCEL, cancelled_from="")
        _brief_asked_again(task)
    return task


def task_reopen(*, actor: Membership, task: Task) -> Task:
    _require(actor, task, By.DELEGATOR)
    with transaction.atomic():
        _move(task, actor, Action.REOPEN)
        _brief_asked_again(task)
    return task


def _brief_asked_again(task: Task) -> None:
    """Cancelled before it was acknowledged and now open again: the brief waits for the
    assignee's acknowledgement again."""
    if task.assignee is not None and task.acknowledged_at is None:
        ack_request(
            workspace=task.workspace,
            subject=task,
            kind=AckKind.BRIEF,
            members=[task.assignee],
            at=task.state_changed_at,
        )


def task_feedback_replied(*, actor: Membership, task: Task, at: datetime) -> int:
    """The assignee wrote on the task after feedback: that answers the feedback (a reply counts
    as acknowledging it). Returns how many reviews' feedback this answered."""
    if task.assignee_id != actor.pk:
        return 0
    waiting = Acknowledgement.objects.filter(
        review__isnull=False, member=actor, acknowledged_at__isnull=True
    )
    reviews = Review.objects.filter(
        task=task, created_at__lte=at, pk__in=waiting.values("review_id")
    ).select_related("task__workspace", "reviewer")
    answered = 0
    for review in reviews:
        if ack_record(member=actor, subject=review, way=AckWay.REPLIED, at=at) is not None:
            answered += 1
    return answered


def feedback_acknowledged(ack: Acknowledgement, review: models.Model) -> None:
    """The reviewer hears that their feedback was read. A reply needs no extra word: the
    comment itself reaches them. (Connected to the acks hook `acknowledged`.)"""
    if (
        ack.kind != AckKind.FEEDBACK
        or not isinstance(review, Review)
        or ack.way == AckWay.REPLIED
        or review.reviewer is None
    ):
        return
    task = review.task
    notify(
        workspace=task.workspace,
        recipients=[review.reviewer],
        kind=FEEDBACK_ACKNOWLEDGED,
        event_key=f"feedback:{review.pk}:acknowledged:{ack.member_id}",
        actor=ack.member,
        url=f"{task.get_absolute_url()}#feedback",
        thread_key=f"task:{task.code}",
        params={"task": task.title, "actor": str(ack.member.user), "subject": task.title},
    )


def task_move(*, actor: Membership, task: Task, to: str) -> Task:
    """A move on the board, done by the service that owns that step."""
    if to == State.IN_PROGRESS and task.state == State.BLOCKED:
        raise TransitionError(_("Answer the request for help on the task's page to unblock it."))
    steps: dict[Action, Callable[[], object]] = {
        Action.ACKNOWLEDGE: lambda: task_acknowledge(actor=actor, task=task),
        Action.START: lambda: task_start(actor=actor, task=task),
        Action.SUBMIT: lambda: task_submit(actor=actor, task=task),
        Action.ACCEPT: lambda: task_review(actor=actor, task=task, accept=True),
        Action.CANCEL: lambda: task_cancel(actor=actor, task=task),
    }
    row = BOARD_MOVES.get(State(to))
    if row is None:
        raise TransitionError(
            _("“%(target)s” needs more than a move: open the task to do it.")
            % {"target": State(to).label}
        )
    steps[row.action]()
    return task

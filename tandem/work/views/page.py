"""The task page's context: the brief's clarity check, the loop's forms, the thread and the
time card. The task page and the views of its thread and time log render it again with a form's
errors, so it lives here, below all three."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tandem.acks.models import Acknowledgement
from tandem.acks.selectors import acks_of_subjects
from tandem.lib.forms import kept_form
from tandem.lib.markdown import render as render_markdown
from tandem.lib.templatetags.when import when
from tandem.lib.timezones import now_in
from tandem.work import clarity, selectors, transitions
from tandem.work.forms import (
    AcknowledgeForm,
    AnswerForm,
    AssignForm,
    CommentForm,
    HelpForm,
    ReviewForm,
    SubmitForm,
    TimeEntryForm,
)
from tandem.work.models import (
    OPEN_STATES,
    Attachment,
    Comment,
    Review,
    Submission,
    Task,
    TaskEvent,
)
from tandem.work.services.comments import mention_handles
from tandem.work.transitions import Action
from tandem.workspaces.access import WorkspaceRequest
from tandem.workspaces.models import Membership


def brief_check(data: Mapping[str, Any]) -> clarity.BriefCheck:
    """The clarity check of a brief, from a task's fields or a form's (maybe raw) data."""

    def text(name: str) -> str:
        return str(data.get(name) or "")

    return clarity.check_brief(
        title=text("title"),
        outcome=text("outcome"),
        deliverable=text("deliverable"),
        acceptance_criteria=text("acceptance_criteria"),
        due_date=data.get("due_date") or None,
        estimate_minutes=data.get("estimate_minutes") or None,
        resources=text("resources"),
        sop_url=text("sop_url"),
    )


def check_of(task: Task) -> clarity.BriefCheck:
    return brief_check(task.__dict__)


def comment_draft_key(task: Task) -> str:
    return f"{task.workspace.slug}:{task.code}:comment"


@dataclass(frozen=True)
class ThreadComment:
    """A comment of the thread, its body rendered from Markdown, and its files."""

    comment: Comment
    html: SafeString
    files: list[Attachment]


def mention_url(task: Task) -> str:
    return f"{task.get_absolute_url()}mentions/"


def thread_context(request: WorkspaceRequest, task: Task) -> dict[str, Any]:
    """What the task page needs to show the thread: two queries, however long it is, and a
    third for who may be mentioned when a comment holds an "@"."""
    thread = selectors.comments_of_task(task)
    handles: frozenset[str] = frozenset()
    if any("@" in comment.body for comment, _ in thread):
        handles = frozenset(mention_handles(selectors.members_who_see_task(task)))
    comments = [
        ThreadComment(comment, render_markdown(comment.body, handles), files)
        for comment, files in thread
    ]
    return {
        "comments": comments,
        "comment_form": kept_form(
            request,
            "comment_form",
            CommentForm,
            draft_key=comment_draft_key(task),
            mention_url=mention_url(task),
        )
        or CommentForm(draft_key=comment_draft_key(task), mention_url=mention_url(task)),
    }


def new_entry_form(request: WorkspaceRequest) -> TimeEntryForm:
    return TimeEntryForm(initial={"day": now_in(request.user.time_zone).date()})


def time_context(request: WorkspaceRequest, task: Task) -> dict[str, Any]:
    """What the task page needs for its time card (the 80/20 figure is the page's `split`):
    one query, for the timers running."""
    member = request.member
    timers = selectors.running_timers(task, member)
    mine = next((timer for timer in timers if timer.member_id == member.pk), None)
    is_assignee = task.assignee_id == member.pk
    return {
        "my_timer": mine,
        "others_timers": [t for t in timers if t.task_id == task.pk and t.member_id != member.pk],
        "can_log_time": is_assignee,
        "can_start_timer": is_assignee and task.state in OPEN_STATES,
        "time_form": (kept_form(request, "time_form", TimeEntryForm) or new_entry_form(request))
        if is_assignee
        else None,
    }


@dataclass(frozen=True)
class FeedbackRow:
    """A review with who was asked to acknowledge its feedback, and the viewer's own request."""

    review: Review
    acks: list[Acknowledgement]
    mine: Acknowledgement | None


def _feedback_of(task: Task, member: Membership) -> list[FeedbackRow]:
    reviews = list(task.reviews.select_related("reviewer__user"))
    acks = acks_of_subjects(reviews)  # no query when there is no review
    rows = []
    for review in reviews:
        theirs = acks.get(review.pk, [])
        mine = next((ack for ack in theirs if ack.member_id == member.pk and ack.is_pending), None)
        rows.append(FeedbackRow(review, theirs, mine))
    return rows


def deadline_label(instant: datetime | None) -> str:
    """A deadline as the viewer reads it, "Tue 15 Dec, 17:00"; a deadline without a time is the
    end of its day (23:59:59, where a chosen time is whole minutes), so only its day is named."""
    if instant is None:
        return _("no deadline")
    return when(instant, "date" if instant.second == 59 else "datetime")


def deadline_change(event: TaskEvent) -> str:
    """What a change of deadline says in the history, with both dates; "" for other events and
    for changes recorded before the dates were kept."""
    if event.deadline_proposed is None:
        return ""
    dates = {
        "proposed": deadline_label(event.deadline_proposed),
        "was": deadline_label(event.deadline_was),
    }
    if event.kind == TaskEvent.Kind.PROPOSED:
        return _("proposed %(proposed)s instead of %(was)s") % dates
    if event.kind == TaskEvent.Kind.PROPOSAL_ACCEPTED:
        return _("accepted the proposed deadline %(proposed)s instead of %(was)s") % dates
    if event.kind == TaskEvent.Kind.PROPOSAL_DECLINED:
        return _("kept the deadline %(was)s, not the proposed %(proposed)s") % dates
    return ""


@dataclass(frozen=True)
class HandIn:
    """A submission with its files, for the review box and the history."""

    submission: Submission
    files: list[Attachment]

    @property
    def is_empty(self) -> bool:
        """Handed in without a word (a move on the board): the history need not say more."""
        return not (self.submission.note or self.submission.links or self.files)


def _hand_ins(task: Task) -> list[HandIn]:
    """The task's hand-ins, latest first, each with its files: two queries (one when none)."""
    submissions = list(task.submissions.select_related("submitted_by__user"))
    files: dict[int | None, list[Attachment]] = {}
    if submissions:
        for attachment in Attachment.objects.filter(task=task, submission__in=submissions).order_by(
            "created_at", "id"
        ):
            files.setdefault(attachment.submission_id, []).append(attachment)
    return [HandIn(submission, files.get(submission.pk, [])) for submission in submissions]


def _events(task: Task, hand_ins: list[HandIn]) -> list[TaskEvent]:
    """The history, each event with what it says of a deadline's change and its hand-in."""
    by_event = {row.submission.event_id: row for row in hand_ins}
    events = list(task.events.select_related("actor__user"))
    for event in events:
        event.deadline_change = deadline_change(event)  # type: ignore[attr-defined]
        event.hand_in = by_event.get(event.pk)  # type: ignore[attr-defined]
    return events


def _proposal(task: Task) -> dict[str, Any]:
    """A pending proposed deadline: its date, the deadline it would replace, and whom it waits
    for (the task's author while they delegate; else the owners)."""
    if not task.has_proposal:
        return {}
    author = task.created_by
    waits_for = (
        author.user.display_name
        if author is not None and author.removed_at is None and author.can_delegate
        else ""
    )
    return {
        "proposed": deadline_label(task.proposed_due_at),
        "current": deadline_label(task.due_at),
        "waits_for": waits_for,
    }


def detail_context(request: WorkspaceRequest, task: Task, **forms: Any) -> dict[str, Any]:
    member = request.member
    actions = transitions.allowed_actions(member, task)
    hand_ins = _hand_ins(task)
    context: dict[str, Any] = {
        "nav": "tasks",
        "task": task,
        "check": check_of(task),
        "is_assignee": task.assignee_id == member.pk,
        "delegator": member.can_delegate,
        "can": {action.value: True for action in actions},
        "events": _events(task, hand_ins),
        "hand_in": hand_ins[0] if hand_ins else None,
        "proposal": _proposal(task),
        "reviews": _feedback_of(task, member),
        "help_requests": task.help_requests.select_related(
            "requested_by__user", "answered_by__user"
        ),
        "split": selectors.minutes_split(task=task),
    }
    # Each step's form, where the transitions table lets this member take it now: the one given,
    # or the one that came back to this page with its errors (`form_kept`), or a new one.

    def form(name: str, form_class: type[Any], **kwargs: Any) -> Any:
        return (
            forms.get(name)
            or kept_form(request, name, form_class, **kwargs)
            or form_class(**kwargs)
        )

    if Action.ACKNOWLEDGE in actions:
        context["ack_form"] = form("ack_form", AcknowledgeForm)
    if Action.SUBMIT in actions:
        context["submit_form"] = form("submit_form", SubmitForm)
    if Action.ASK_FOR_HELP in actions:
        context["help_form"] = form("help_form", HelpForm)
    if Action.ANSWER_HELP in actions:
        context["answer_form"] = form("answer_form", AnswerForm)
    if Action.ACCEPT in actions:
        context["review_form"] = form(
            "review_form", ReviewForm, draft_key=f"{task.workspace.slug}:{task.code}:feedback"
        )
    if Action.ASSIGN in actions:
        context["assign_form"] = (
            forms.get("assign_form")
            or kept_form(
                request, "assign_form", AssignForm, assignees=selectors.assignable_members(member)
            )
            or AssignForm(
                assignees=selectors.assignable_members(member),
                initial={"assignee": task.assignee_id},
            )
        )
    context |= thread_context(request, task)
    context |= time_context(request, task)
    return context

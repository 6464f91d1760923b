from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.notify.models import Notification
from tandem.work.models import HelpRequest, Review, State, TaskEvent, TimeEntry
from tandem.work.services import tasks as services
from tandem.work.services.tasks import TransitionError
from tandem.work.tests.factories import brief, make_task

pytestmark = pytest.mark.django_db


def kinds_for(member) -> list[str]:
    notifications = Notification.objects.filter(recipient=member).order_by("id")
    return list(notifications.values_list("kind", flat=True))


def test_it_keeps_a_brief_without_assignee_as_a_draft(owner):
    task = make_task(owner)
    assert task.state == State.DRAFT
    assert task.due_zone == "Europe/Oslo"


def test_it_sets_the_deadline_in_the_assignees_zone(owner, assistant):
    task = make_task(owner, assistant)
    assert task.state == State.ASSIGNED
    assert task.due_zone == "Asia/Manila"
    # 17:00 in Manila (UTC+8) is 09:00 UTC.
    assert task.due_at == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_it_takes_the_end_of_the_day_when_no_time_is_given(owner, assistant):
    task = make_task(owner, assistant, due_time=None)
    assert task.due_at == datetime(2026, 12, 4, 15, 59, 59, tzinfo=UTC)


def test_it_tells_the_assignee_and_records_history(
    owner, assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task(owner, assistant)
    assert kinds_for(assistant) == ["task_assigned"]
    assert list(task.events.values_list("kind", "from_state", "to_state")) == [
        (TaskEvent.Kind.CREATED, "", State.DRAFT),
        (TaskEvent.Kind.ASSIGNED, State.DRAFT, State.ASSIGNED),
    ]


def test_it_walks_the_whole_loop(owner, assistant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task = make_task(owner, assistant)
        services.task_acknowledge(
            actor=assistant,
            task=task,
            questions="Which sheet?",
            proposed_due_date=date(2026, 12, 8),
            reason="Holiday on 4th",
        )
        services.task_decide_proposal(actor=owner, task=task, accept=True)
        services.task_start(actor=assistant, task=task)
        services.task_ask_for_help(actor=assistant, task=task, note="No access to the sheet")
        services.task_answer_help(actor=owner, task=task, answer="Shared it with you now")
        services.task_submit(actor=assistant, task=task)
        services.task_review(actor=owner, task=task, accept=False, feedback="Two rows lack numbers")
        services.task_submit(actor=assistant, task=task)
        services.task_review(actor=owner, task=task, accept=True, feedback="Great", rating=5)
    task.refresh_from_db()
    assert task.state == State.DONE
    assert task.due_date == date(2026, 12, 8)
    assert task.acknowledged_at is not None
    assert task.ack_questions == "Which sheet?"
    assert HelpRequest.objects.get(task=task).answered_at is not None
    assert list(Review.objects.filter(task=task).values_list("outcome", flat=True)) == [
        Review.Outcome.ACCEPTED,
        Review.Outcome.CHANGES,
    ]
    assert kinds_for(owner) == [
        "deadline_proposed",
        "help_requested",
        "review_requested",
        "review_requested",
    ]
    assert kinds_for(assistant) == [
        "task_assigned",
        "deadline_accepted",
        "help_answered",
        "changes_requested",
        "task_accepted",
    ]


def test_it_refuses_an_invalid_transition_and_changes_nothing(owner, assistant):
    task = make_task(owner, assistant)
    with pytest.raises(TransitionError, match="cannot become"):
        services.task_review(actor=owner, task=task, accept=True)
    task.refresh_from_db()
    assert task.state == State.ASSIGNED
    assert not Review.objects.exists()


def test_it_lets_only_the_assignee_acknowledge(owner, manager, assistant):
    task = make_task(owner, assistant)
    with pytest.raises(PermissionDenied):
        services.task_acknowledge(actor=manager, task=task)


def test_it_lets_only_owners_and_managers_review(owner, assistant, partner):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    for who in (assistant, partner):
        with pytest.raises(PermissionDenied):
            services.task_review(actor=who, task=task, accept=True)


def test_it_needs_feedback_to_request_changes(owner, assistant):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    with pytest.raises(ValidationError):
        services.task_review(actor=owner, task=task, accept=False, feedback="  ")


def test_a_stuck_request_is_urgent_and_returns_the_task_where_it_was(
    owner, assistant, django_capture_on_commit_callbacks
):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    with django_capture_on_commit_callbacks(execute=True):
        services.task_ask_for_help(actor=assistant, task=task, note="Stuck")
    assert Notification.objects.get(recipient=owner, kind="help_requested").urgent
    services.task_answer_help(actor=owner, task=task, answer="Try this")
    task.refresh_from_db()
    assert task.state == State.ACKNOWLEDGED


def test_two_people_moving_at_once_cannot_both_win(owner, assistant):
    task = make_task(owner, assistant)
    stale = type(task).objects.get(pk=task.pk)
    services.task_cancel(actor=owner, task=task)
    with pytest.raises(TransitionError, match="Someone else changed"):
        services.task_acknowledge(actor=assistant, task=stale)


def test_it_records_the_owners_minutes_from_the_editing_session(owner, assistant):
    import time_machine

    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False):
        opened = datetime(2026, 12, 1, 8, 48, tzinfo=UTC)
        task = services.task_create(
            actor=owner, brief=brief(), assignee=assistant, opened_at=opened
        )
    entry = TimeEntry.objects.get(task=task)
    assert (entry.kind, entry.minutes, entry.member) == (TimeEntry.Kind.BRIEFING, 12, owner)


def test_it_caps_a_form_left_open_all_day(owner):
    assert services.measured_minutes(datetime(2020, 1, 1, tzinfo=UTC)) == 120


def test_reassigning_moves_the_deadline_into_the_new_assignees_zone(owner, assistant, manager):
    task = make_task(owner, assistant, due_time=time(9))
    services.task_assign(actor=owner, task=task, assignee=manager)
    task.refresh_from_db()
    assert task.due_zone == "Europe/Rome"
    assert task.due_at == datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


def test_partners_take_no_tasks(owner, partner):
    task = make_task(owner)
    with pytest.raises(ValidationError):
        services.task_assign(actor=owner, task=task, assignee=partner)

"""Briefs and feedback through the one acknowledgement mechanism (work services and pages)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from tandem.acks.models import AckKind, Acknowledgement, AckWay
from tandem.acks.selectors import ack_pending_for, acks_of_subject
from tandem.notify.kinds import FEEDBACK_ACKNOWLEDGED
from tandem.notify.models import Notification
from tandem.work.services import comments as comment_services
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task

MONDAY = datetime(2026, 3, 2, 1, tzinfo=UTC)  # 09:00 in Manila


def task_url(task, name="work:task"):
    return reverse(name, kwargs={"ws": task.workspace.slug, "code": task.code})


def reviewed(owner, assistant, feedback="Good, but check the phone numbers.", accept=False):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    review = services.task_review(actor=owner, task=task, accept=accept, feedback=feedback)
    return task, review


def ack_url(ack):
    return reverse("rhythm:acknowledge", kwargs={"ws": ack.workspace.slug, "code": ack.code})


# Briefs


def test_assigning_asks_the_assignee_to_acknowledge_the_brief(owner, assistant):
    with time_machine.travel(MONDAY, tick=False):
        task = make_task(owner, assistant)
    ack = ack_pending_for(assistant, task)
    assert ack is not None
    assert ack.kind == AckKind.BRIEF and ack.requested_at == MONDAY == task.assigned_at
    assert make_task(owner, None, title="Draft").pk not in {
        a.task_id for a in Acknowledgement.objects.all()
    }


def test_acknowledging_the_task_records_the_acknowledgement(owner, assistant):
    with time_machine.travel(MONDAY, tick=False):
        task = make_task(owner, assistant)
    with time_machine.travel(MONDAY + timedelta(hours=3), tick=False):
        services.task_acknowledge(actor=assistant, task=task)
    (ack,) = acks_of_subject(task)
    assert ack.acknowledged_at == task.acknowledged_at == MONDAY + timedelta(hours=3)
    assert ack.way == AckWay.ACKNOWLEDGED
    assert ack.response_seconds == 3 * 3600


def test_proposing_another_deadline_also_acknowledges_the_brief(owner, assistant):
    task = make_task(owner, assistant)
    services.task_acknowledge(
        actor=assistant,
        task=task,
        proposed_due_date=task.due_date + timedelta(days=2),
        reason="Two other deadlines that week.",
    )
    assert ack_pending_for(assistant, task) is None
    assert acks_of_subject(task).get().acknowledged_at is not None


def test_reassigning_moves_the_request_to_the_new_assignee(owner, manager, assistant):
    task = make_task(owner, assistant)
    services.task_assign(actor=owner, task=task, assignee=manager)
    assert ack_pending_for(assistant, task) is None
    assert ack_pending_for(manager, task) is not None
    assert [ack.member_id for ack in acks_of_subject(task)] == [manager.pk]


def test_reassigning_keeps_an_acknowledgement_already_given(owner, manager, assistant):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_assign(actor=owner, task=task, assignee=manager)
    states = {ack.member_id: ack.acknowledged_at is not None for ack in acks_of_subject(task)}
    assert states == {assistant.pk: True, manager.pk: False}


def test_cancelling_withdraws_the_request_and_reopening_asks_again(owner, assistant):
    task = make_task(owner, assistant)
    services.task_cancel(actor=owner, task=task)
    assert not acks_of_subject(task).exists()
    services.task_reopen(actor=owner, task=task)
    assert ack_pending_for(assistant, task) is not None


def test_the_generic_button_sends_a_brief_to_the_task_page(owner, assistant, client_for):
    task = make_task(owner, assistant)
    ack = ack_pending_for(assistant, task)
    response = client_for(assistant).post(ack_url(ack), {"form_key": "brief-1"})
    assert response.status_code == 302
    assert response["Location"] == task_url(task) + "#acknowledge"
    assert ack_pending_for(assistant, task) is not None
    task.refresh_from_db()
    assert task.acknowledged_at is None


# Feedback


def test_feedback_asks_the_assignee_to_acknowledge_it(owner, assistant):
    _, review = reviewed(owner, assistant)
    ack = ack_pending_for(assistant, review)
    assert ack is not None and ack.kind == AckKind.FEEDBACK
    assert ack.requested_at == review.created_at
    _, praise = reviewed(owner, assistant, feedback="Lovely work.", accept=True)
    assert ack_pending_for(assistant, praise) is not None


def test_a_review_without_feedback_asks_nothing(owner, assistant):
    _, review = reviewed(owner, assistant, feedback="", accept=True)
    assert not acks_of_subject(review).exists()


def test_acknowledging_feedback_tells_the_reviewer_once(owner, assistant, client_for):
    task, review = reviewed(owner, assistant)
    ack = ack_pending_for(assistant, review)
    http = client_for(assistant)
    page = task_url(task)
    response = http.post(ack_url(ack), {"form_key": "fb-1", "next": page + "#feedback"})
    assert response.status_code == 302 and response["Location"] == page + "#feedback"
    response = http.post(ack_url(ack), {"form_key": "fb-2", "next": page})
    assert response.status_code == 302
    (told,) = Notification.objects.filter(kind=FEEDBACK_ACKNOWLEDGED)
    assert told.recipient_id == owner.pk and told.actor_id == assistant.pk
    assert told.url == page + "#feedback"
    assert told.params["task"] == task.title
    assert acks_of_subject(review).get().way == AckWay.ACKNOWLEDGED


def test_a_comment_by_the_assignee_after_feedback_answers_it(owner, assistant):
    task, review = reviewed(owner, assistant)
    comment_services.comment_add(actor=owner, task=task, body="Any questions?")
    assert ack_pending_for(assistant, review) is not None  # the owner's comment is no answer
    comment = comment_services.comment_add(actor=assistant, task=task, body="Fixing them now.")
    ack = acks_of_subject(review).get()
    assert ack.way == AckWay.REPLIED
    assert ack.acknowledged_at == comment.created_at
    # A reply reaches the reviewer as a comment; no second notification about it.
    assert not Notification.objects.filter(kind=FEEDBACK_ACKNOWLEDGED).exists()


def test_a_comment_before_the_feedback_does_not_answer_it(owner, assistant):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    comment_services.comment_add(actor=assistant, task=task, body="Handed in, see the sheet.")
    review = services.task_review(actor=owner, task=task, accept=False, feedback="Redo row 3.")
    assert ack_pending_for(assistant, review) is not None


def test_the_task_page_asks_the_assignee_and_shows_the_reviewer_the_answer(
    owner, assistant, client_for
):
    task, review = reviewed(owner, assistant)
    mine = client_for(assistant).get(task_url(task)).content.decode()
    assert "Acknowledge feedback" in mine
    assert ack_url(ack_pending_for(assistant, review)) in mine
    theirs = client_for(owner).get(task_url(task)).content.decode()
    assert "Acknowledge feedback" not in theirs
    assert "Not acknowledged by Ana Assistant yet." in theirs
    with time_machine.travel(datetime(2026, 3, 3, 2, tzinfo=UTC), tick=False):
        client_for(assistant).post(ack_url(ack_pending_for(assistant, review)), {})
    theirs = client_for(owner).get(task_url(task)).content.decode()
    assert "Ana Assistant acknowledged this feedback on" in theirs
    mine = client_for(assistant).get(task_url(task)).content.decode()
    assert "Acknowledge feedback" not in mine

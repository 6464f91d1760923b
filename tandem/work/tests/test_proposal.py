"""A proposed deadline: recorded with both dates, shown as waiting on the task page and the
board's card, decided once and only by a delegator, and told to the assistant."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tandem.notify.models import Notification
from tandem.work.management.commands.bench_data import generate_tasks
from tandem.work.models import Task, TaskEvent
from tandem.work.services import tasks as services
from tandem.work.services.tasks import TransitionError
from tandem.work.tests.factories import make_task
from tandem.work.tests.test_board import BOARD, BOARD_QUERIES

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 08:00 UTC: the deadlines below are all this year's.
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def proposed(owner, assistant, **brief) -> Task:
    """A task due Fri 4 Dec, 17:00 in Manila, for which Ana proposes Tue 8 Dec, 12:00."""
    task = make_task(owner, assistant, **brief)
    services.task_acknowledge(
        actor=assistant,
        task=task,
        proposed_due_date=date(2026, 12, 8),
        proposed_due_time=time(12, 0),
        reason="The prices arrive on the 7th.",
    )
    return task


def task_url(task: Task, name: str = "task") -> str:
    return reverse(f"work:{name}", kwargs={"ws": task.workspace.slug, "code": task.code})


def kinds_for(member) -> list[str]:
    return list(
        Notification.objects.filter(recipient=member).order_by("id").values_list("kind", flat=True)
    )


def history(html: str) -> str:
    found = re.search(r'<ol class="history">.*?</ol>', html, re.S)
    assert found, "no history"
    return re.sub(r"\s+", " ", found[0])


# Services


def test_a_proposal_records_both_deadlines(owner, assistant):
    task = proposed(owner, assistant)
    event = task.events.get(kind=TaskEvent.Kind.PROPOSED)
    # 17:00 and 12:00 in Manila (UTC+8).
    assert event.deadline_was == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    assert event.deadline_proposed == datetime(2026, 12, 8, 4, 0, tzinfo=UTC)
    assert task.proposed_due_at == event.deadline_proposed


def test_accepting_moves_the_deadline_and_tells_the_assistant(
    owner, assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = proposed(owner, assistant)
        services.task_decide_proposal(actor=owner, task=task, accept=True)
    task.refresh_from_db()
    assert (task.due_date, task.due_time) == (date(2026, 12, 8), time(12, 0))
    assert task.due_at == datetime(2026, 12, 8, 4, 0, tzinfo=UTC)
    assert not task.has_proposal
    event = task.events.get(kind=TaskEvent.Kind.PROPOSAL_ACCEPTED)
    assert (event.actor, event.deadline_was, event.deadline_proposed) == (
        owner,
        datetime(2026, 12, 4, 9, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 4, 0, tzinfo=UTC),
    )
    assert kinds_for(assistant)[-1] == "deadline_accepted"


def test_keeping_the_deadline_keeps_it_and_tells_the_assistant(
    owner, assistant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task = proposed(owner, assistant)
        services.task_decide_proposal(actor=owner, task=task, accept=False)
    task.refresh_from_db()
    assert task.due_at == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    assert not task.has_proposal
    event = task.events.get(kind=TaskEvent.Kind.PROPOSAL_DECLINED)
    assert event.deadline_proposed == datetime(2026, 12, 8, 4, 0, tzinfo=UTC)
    assert kinds_for(assistant)[-1] == "deadline_kept"


def test_a_proposal_is_decided_once(owner, manager, assistant):
    task = proposed(owner, assistant)
    stale = Task.objects.get(pk=task.pk)  # a second owner's page, opened before the decision
    services.task_decide_proposal(actor=owner, task=task, accept=False)
    with pytest.raises(TransitionError):
        services.task_decide_proposal(actor=manager, task=stale, accept=True)
    task.refresh_from_db()
    assert task.due_date == date(2026, 12, 4)
    assert task.events.filter(kind=TaskEvent.Kind.PROPOSAL_ACCEPTED).count() == 0


def test_only_a_delegator_decides_a_proposal(owner, assistant, partner):
    task = proposed(owner, assistant)
    for member in (assistant, partner):
        with pytest.raises(PermissionDenied):
            services.task_decide_proposal(actor=member, task=task, accept=True)
    task.refresh_from_db()
    assert task.has_proposal


def test_a_new_assignee_does_not_inherit_the_proposal(owner, manager, assistant):
    task = proposed(owner, assistant)
    services.task_assign(actor=owner, task=task, assignee=manager)
    task.refresh_from_db()
    assert not task.has_proposal
    assert task.proposal_reason == ""


# Views


def test_the_assistant_sees_their_proposal_waiting(owner, assistant, client_for):
    task = proposed(owner, assistant)
    html = client_for(assistant).get(task_url(task)).content.decode()
    assert "You proposed Tue 8 Dec, 12:00 · waiting for Alice Owner" in html
    assert 'id="proposal"' not in html  # the decision is not theirs
    assert "proposed Tue 8 Dec, 12:00 instead of Fri 4 Dec, 17:00" in history(html)


def test_the_owner_sees_the_proposal_with_its_decisions(owner, assistant, client_for):
    task = proposed(owner, assistant)
    html = client_for(owner).get(task_url(task)).content.decode()
    # In the owner's zone (Oslo, UTC+1).
    assert "Ana Assistant proposes Tue 8 Dec, 05:00 instead of Fri 4 Dec, 10:00." in html
    assert "Accept the new date" in html
    assert "Keep the deadline" in html
    assert "You proposed" not in html


def test_a_proposal_without_a_time_names_only_its_day(owner, assistant, client_for):
    task = make_task(owner, assistant, due_time=None)
    services.task_acknowledge(
        actor=assistant, task=task, proposed_due_date=date(2026, 12, 8), reason="Busy"
    )
    html = client_for(assistant).get(task_url(task)).content.decode()
    assert "You proposed Tue 8 Dec · waiting for Alice Owner" in html
    assert "proposed Tue 8 Dec instead of Fri 4 Dec" in history(html)


def test_the_decision_is_named_with_both_dates_in_history(owner, assistant, client_for):
    task = proposed(owner, assistant)
    response = client_for(owner).post(
        task_url(task, "task_proposal"), {"decision": "accept", "form_key": "p1"}
    )
    assert response.status_code == 302
    html = client_for(assistant).get(task_url(task)).content.decode()
    assert "You proposed" not in html
    assert "accepted the proposed deadline Tue 8 Dec, 12:00 instead of Fri 4 Dec, 17:00" in history(
        html
    )


def test_keeping_the_deadline_is_named_in_history(owner, assistant, client_for):
    task = proposed(owner, assistant)
    client_for(owner).post(task_url(task, "task_proposal"), {"decision": "keep", "form_key": "p2"})
    html = client_for(assistant).get(task_url(task)).content.decode()
    assert "kept the deadline Fri 4 Dec, 17:00, not the proposed Tue 8 Dec, 12:00" in history(html)


def test_the_assistant_cannot_decide_their_own_proposal(owner, assistant, client_for):
    task = proposed(owner, assistant)
    response = client_for(assistant).post(
        task_url(task, "task_proposal"), {"decision": "accept", "form_key": "p3"}
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.has_proposal
    assert task.due_date == date(2026, 12, 4)


def test_another_workspace_cannot_decide_a_proposal(owner, assistant, outsider, client_for):
    task = proposed(owner, assistant)
    for slug in ("alice", "olaf"):
        path = reverse("work:task_proposal", kwargs={"ws": slug, "code": task.code})
        response = client_for(outsider).post(path, {"decision": "accept", "form_key": slug})
        assert response.status_code == 404
    task.refresh_from_db()
    assert task.has_proposal


def test_a_decision_sent_twice_is_decided_once(owner, manager, assistant, client_for):
    task = proposed(owner, assistant)
    client_for(owner).post(task_url(task, "task_proposal"), {"decision": "keep", "form_key": "a"})
    response = client_for(manager).post(
        task_url(task, "task_proposal"), {"decision": "accept", "form_key": "b"}
    )
    assert response.status_code == 302  # back to the page, which says why
    task.refresh_from_db()
    assert task.due_date == date(2026, 12, 4)


def test_the_acknowledgement_hides_the_proposal_fields_until_asked_for(
    owner, assistant, client_for
):
    task = make_task(owner, assistant)
    html = client_for(assistant).get(task_url(task)).content.decode()
    form = re.search(r'<form class="ack-form".*?</form>', html, re.S)
    assert form
    # The date, time and reason sit in the block the stylesheet hides while "manageable" is
    # chosen, and "manageable" is chosen at first.
    proposal = re.search(r'<div class="ack-proposal">(.*?)</div>\s*<button', form[0], re.S)
    assert proposal
    for name in ("proposed_due_date", "proposed_due_time", "reason"):
        assert f'name="{name}"' in proposal[1]
    assert re.search(r'<input[^>]*value="ok"[^>]*checked', form[0])


def test_the_board_card_shows_a_proposal(owner, assistant, client_for):
    proposed(owner, assistant, title="Prices page")
    html = client_for(owner).get(BOARD).content.decode()
    card = re.search(r'<li class="board-card"[^>]*>(?:(?!</li>).)*Prices page.*?</li>', html, re.S)
    assert card
    assert '<span class="badge badge-proposal">Proposed Tue 8 Dec</span>' in card[0]


def test_the_board_reads_proposals_in_a_fixed_number_of_queries(
    owner, manager, assistant, client_for, django_assert_num_queries
):
    generate_tasks(owner.workspace, delegators=[owner, manager], assistants=[assistant], count=40)
    for number in range(5):
        proposed(owner, assistant, title=f"Proposal {number}", priority=4)
    http = client_for(owner)
    http.get(BOARD)  # warm-up: the session learns the workspace
    with django_assert_num_queries(BOARD_QUERIES):
        html = http.get(BOARD).content.decode()
    assert html.count("Proposed Tue 8 Dec") == 5

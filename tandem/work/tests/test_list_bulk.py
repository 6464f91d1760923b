"""Changes to many tasks from the list: assign, priority, move; each through the one-task
services, so history and notifications are as for one task; roles; skipped moves; replays."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from conftest import add_member, make_user
from tandem.notify.models import Notification
from tandem.work.models import Priority, State, Task, TaskEvent
from tandem.work.services import bulk as services
from tandem.work.tests.factories import make_task, task_in_state
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

BULK = reverse("work:bulk", kwargs={"ws": "alice"})
LIST = reverse("work:list", kwargs={"ws": "alice"})


def post(http, tasks, **data):
    payload = {"tasks": [task.code for task in tasks], "form_key": uuid.uuid4().hex, **data}
    return http.post(BULK, payload)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_it_moves_what_may_move_and_says_what_could_not(owner, assistant, client_for):
    reviewed = [task_in_state(State.IN_REVIEW, owner, assistant) for _ in range(3)]
    finished = [task_in_state(State.DONE, owner, assistant) for _ in range(2)]
    response = post(
        client_for(owner), [*reviewed, *finished], action="move", to=State.DONE, query="state=open"
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?state=open"
    assert said(response) == ["3 moved, 2 already so"]
    assert set(Task.objects.values_list("state", flat=True)) == {State.DONE}
    # Accepting through the list is accepting: a review, and the history of each task.
    for task in reviewed:
        assert task.reviews.get().outcome == "accepted"
        event = task.events.filter(kind=TaskEvent.Kind.REVIEW).get()
        assert (event.from_state, event.to_state, event.actor_id) == (
            State.IN_REVIEW,
            State.DONE,
            owner.pk,
        )


def test_it_skips_tasks_the_move_does_not_allow(owner, assistant, client_for):
    open_tasks = [make_task(owner, assistant) for _ in range(7)]
    finished = [task_in_state(State.DONE, owner, assistant) for _ in range(2)]
    response = post(client_for(owner), [*open_tasks, *finished], action="move", to="cancelled")
    assert said(response) == ["7 moved, 2 could not move from Done"]
    assert Task.objects.filter(state=State.CANCELLED).count() == 7
    assert Task.objects.filter(state=State.DONE).count() == 2
    assert TaskEvent.objects.filter(to_state=State.CANCELLED).count() == 7


def test_it_reopens_finished_tasks(owner, assistant, client_for):
    done = task_in_state(State.DONE, owner, assistant)
    draft = make_task(owner)
    response = post(client_for(owner), [done, draft], action="move", to="reopen")
    assert said(response) == ["1 moved, 1 could not move from Draft"]
    done.refresh_from_db()
    assert done.state == State.ASSIGNED


def test_it_assigns_and_tells_each_assignee(owner, manager, assistant, workspace, client_for):
    bo = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    drafts = [make_task(manager) for _ in range(3)]
    theirs = make_task(owner, bo)
    in_review = task_in_state(State.IN_REVIEW, owner, assistant)
    response = post(
        client_for(manager), [*drafts, theirs, in_review], action="assign", assignee=bo.code
    )
    assert said(response) == [
        "3 assigned to Bo Other, 1 already so, 1 could not change while In review"
    ]
    assert Task.objects.filter(assignee=bo, state=State.ASSIGNED).count() == 4
    for task in drafts:
        assert task.events.filter(kind=TaskEvent.Kind.ASSIGNED, actor=manager).exists()
    assert Notification.objects.filter(recipient=bo, kind="task_assigned").count() == 4


def test_it_changes_the_priority_of_open_tasks(owner, assistant, client_for):
    tasks = [make_task(owner, assistant, priority=Priority.NORMAL) for _ in range(3)]
    urgent = make_task(owner, assistant, priority=Priority.URGENT)
    done = task_in_state(State.DONE, owner, assistant)
    response = post(client_for(owner), [*tasks, urgent, done], action="priority", priority="4")
    assert said(response) == ["3 changed, 1 already so, 1 could not change while Done"]
    assert Task.objects.filter(priority=Priority.URGENT).count() == 4
    done.refresh_from_db()
    assert done.priority == Priority.NORMAL
    edits = TaskEvent.objects.filter(kind=TaskEvent.Kind.EDITED, actor=owner)
    assert sorted(edits.values_list("task_id", flat=True)) == sorted(t.pk for t in tasks)
    assert set(edits.values_list("note", flat=True)) == {"Priority: Urgent"}


def test_a_second_submission_of_the_same_form_changes_nothing(owner, assistant, client_for):
    task = task_in_state(State.IN_REVIEW, owner, assistant)
    http = client_for(owner)
    data = {"tasks": [task.code], "action": "move", "to": "done", "form_key": uuid.uuid4().hex}
    assert http.post(BULK, data).status_code == 302
    again = http.post(BULK, data)
    assert again.status_code == 302
    assert task.reviews.count() == 1
    assert task.events.filter(to_state=State.DONE).count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "move", "to": "done"}, "Choose at least one task."),
        ({"action": "move", "to": ""}, "Choose the state to move the tasks to."),
        ({"action": "priority"}, "Choose a priority."),
        ({"action": "assign", "assignee": "nobody"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_changes_nothing(
    owner, assistant, client_for, data, error
):
    task = make_task(owner, assistant)
    tasks = [] if "task" in error else [task]
    response = post(client_for(owner), tasks, **data)
    assert response.status_code == 302 and response["Location"] == LIST
    assert any(message.startswith(error) for message in said(response))
    task.refresh_from_db()
    assert task.state == State.ASSIGNED
    assert task.events.count() == 2


def test_it_never_assigns_to_a_partner(owner, partner, client_for):
    task = make_task(owner)
    response = post(client_for(owner), [task], action="assign", assignee=partner.code)
    assert any(message.startswith("Select a valid choice") for message in said(response))
    with pytest.raises(Exception, match="Partners do not take tasks"):
        services.tasks_assign(actor=owner, tasks=[task], assignee=partner)


def test_it_shows_the_bulk_controls_only_to_delegators(
    owner, manager, assistant, partner, client_for
):
    make_task(owner, assistant)
    for member in (owner, manager):
        html = client_for(member).get(LIST).content.decode()
        assert 'id="bulk-form"' in html and 'name="tasks"' in html
    for member in (assistant, partner):
        html = client_for(member).get(LIST).content.decode()
        assert "bulk-form" not in html and 'name="tasks"' not in html


def test_an_assistant_and_a_partner_are_refused(owner, assistant, partner, client_for):
    task = make_task(owner, assistant)
    for member in (assistant, partner):
        assert post(client_for(member), [task], action="move", to="cancelled").status_code == 403
    task.refresh_from_db()
    assert task.state == State.ASSIGNED


def test_it_checks_workspace_isolation(owner, assistant, outsider, client_for):
    task = make_task(owner, assistant)
    assert post(client_for(outsider), [task], action="move", to="cancelled").status_code == 404
    # Their own workspace's bulk URL does not reach Alice's tasks either.
    theirs = reverse("work:bulk", kwargs={"ws": "olaf"})
    data = {"tasks": [task.code], "action": "move", "to": "cancelled", "form_key": "k1"}
    response = client_for(outsider).post(theirs, data)
    assert said(response) == ["0 moved"]
    task.refresh_from_db()
    assert task.state == State.ASSIGNED


def test_a_bulk_move_of_fifty_tasks_makes_a_pinned_number_of_queries(
    owner, assistant, client_for, django_assert_num_queries
):
    tasks = [make_task(owner, assistant, title=f"Task {n}") for n in range(50)]
    http = client_for(owner)
    http.get(LIST)
    with django_assert_num_queries(BULK_MOVE_QUERIES + claim_extra()):
        post(http, tasks, action="move", to="cancelled")
    assert Task.objects.filter(state=State.CANCELLED).count() == 50


def test_a_bulk_priority_change_of_fifty_tasks_is_flat(
    owner, assistant, client_for, django_assert_num_queries
):
    tasks = [make_task(owner, assistant, title=f"Task {n}") for n in range(50)]
    http = client_for(owner)
    http.get(LIST)
    with django_assert_num_queries(BULK_PRIORITY_QUERIES + claim_extra()):
        post(http, tasks, action="priority", priority="4")
    assert Task.objects.filter(priority=Priority.URGENT).count() == 50


# Session, user, membership, the assignable members, the tasks, the form key's claim and its
# record, and the savepoint around the change; then for each task what cancelling one task
# costs through its service (its savepoint, the conditional update, the history row, the brief's
# withdrawn acknowledgement): pinned, so that cost is seen if it grows.
BULK_MOVE_QUERIES = 11 + 50 * 5
# The same reads, then one read of the tasks still open, one update and one insert for all.
BULK_PRIORITY_QUERIES = 14


def claim_extra() -> int:
    """On PostgreSQL the form key's claim first sets its commit not to wait for the disk."""
    return 1 if connection.vendor == "postgresql" else 0

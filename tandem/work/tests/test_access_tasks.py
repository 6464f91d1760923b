"""Every URL of a task's page and its steps, for every kind of visitor."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tandem.testing import VISITORS, Case, Team, check_access, only, url
from tandem.work.models import Task
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task
from tandem.work.views import tasks as tasks_views


@dataclass
class World(Team):
    task: Task  # assigned to the assistant, in review
    draft: Task


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    return World(owner, manager, assistant, partner, outsider, task, make_task(owner))


def task_url(name: str):
    return url(f"work:{name}", code=lambda w: w.task.code)


ASSIGNEE_ONLY = only(302, "assistant", others=404)
ASSIGNEE_ONLY |= {"owner": 403, "manager": 403}

MATRIX = [
    Case("task_new", "get", url("work:task_new"), only(200, "owner", "manager")),
    Case(
        "task_new_post",
        "post",
        url("work:task_new"),
        only(302, "owner", "manager"),
        {"title": "Call the bank", "priority": "2"},
    ),
    Case(
        "brief_check",
        "post",
        url("work:brief_check"),
        only(200, "owner", "manager"),
        {"title": "x"},
    ),
    Case(
        "task",
        "get",
        task_url("task"),
        {"owner": 200, "manager": 200, "assistant": 200, "partner": 404},
    ),
    Case("task_edit", "get", task_url("task_edit"), only(200, "owner", "manager")),
    # The task is in review: the assistant may not acknowledge again (back to the task page,
    # which explains), others may not at all.
    Case(
        "task_acknowledge",
        "post",
        task_url("task_acknowledge"),
        {"owner": 403, "manager": 403, "assistant": 303, "partner": 404},
        {"deadline": "ok"},
    ),
    Case(
        "task_proposal",
        "post",
        task_url("task_proposal"),
        only(302, "owner", "manager"),
        {"decision": "keep"},
    ),
    Case(
        "task_start",
        "post",
        task_url("task_start"),
        {"owner": 403, "manager": 403, "assistant": 302, "partner": 404},
    ),
    Case(
        "task_submit",
        "post",
        task_url("task_submit"),
        {"owner": 403, "manager": 403, "assistant": 303, "partner": 404},
    ),
    Case(
        "task_stuck",
        "post",
        task_url("task_stuck"),
        {"owner": 403, "manager": 403, "assistant": 303, "partner": 404},
        {"note": "help"},
    ),
    Case(
        "task_answer",
        "post",
        task_url("task_answer"),
        only(303, "owner", "manager"),
        {"answer": "here"},
    ),
    Case(
        "task_review",
        "post",
        task_url("task_review"),
        only(302, "owner", "manager"),
        {"decision": "accept"},
    ),
    Case(
        "task_assign",
        "post",
        url("work:task_assign", code=lambda w: w.draft.code),
        only(302, "owner", "manager"),
        lambda w: {"assignee": w.assistant.pk},
    ),
    Case(
        "task_cancel",
        "post",
        task_url("task_cancel"),
        only(302, "owner", "manager"),
        {"confirmed": "1"},
    ),
    Case(
        "task_undo_cancel",
        "post",
        task_url("task_undo_cancel"),
        only(302, "owner", "manager"),  # in review: nothing to undo, the page explains
    ),
    Case("task_reopen", "post", task_url("task_reopen"), only(302, "owner", "manager")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


@pytest.mark.django_db
def test_a_task_code_of_another_workspace_is_not_found(outsider, owner, assistant, client_for):
    theirs = make_task(outsider)
    http = client_for(owner)
    assert http.get(f"/w/alice/tasks/{theirs.code}/").status_code == 404
    assert http.get(f"/w/olaf/tasks/{theirs.code}/").status_code == 404
    assert http.post(f"/w/alice/tasks/{theirs.code}/cancel/", {"confirmed": "1"}).status_code == 404
    assert http.post(f"/w/alice/tasks/{theirs.code}/undo-cancel/").status_code == 404
    assert http.get(f"/w/alice/tasks/{theirs.code}/cancel/").status_code == 303
    assert client_for(assistant).get(f"/w/olaf/tasks/{theirs.code}/cancel/").status_code == 404


def test_the_matrix_covers_every_url_of_the_task_views():
    covered = {case.name.removesuffix("_post") for case in MATRIX}
    assert {pattern.name for pattern in tasks_views.urlpatterns} <= covered

"""Every URL of the delegation plan, for every kind of visitor: owners and managers plan;
assistants and partners get 403; another workspace's plan does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tandem.planning.models import Responsibility
from tandem.planning.services import plan as services
from tandem.planning.views import plan as views
from tandem.testing import VISITORS, Case, Team, check_access, only, url
from tandem.work.models import Task
from tandem.work.services import tasks as task_services

pytestmark = pytest.mark.django_db


@dataclass
class World(Team):
    responsibility: Responsibility
    other: Responsibility
    task: Task


def _brief(title: str) -> task_services.Brief:
    return task_services.Brief(
        title=title,
        outcome="",
        deliverable="",
        acceptance_criteria="",
        due_date=None,
        due_time=None,
        estimate_minutes=None,
        resources="",
        priority=2,
    )


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    first = services.responsibility_create(
        actor=owner, fields=services.Fields(title="Inbox triage", assistant=assistant)
    )
    second = services.responsibility_create(
        actor=owner, fields=services.Fields(title="Travel booking")
    )
    task = task_services.task_create(actor=owner, brief=_brief("Sort the inbox"), assignee=None)
    return World(owner, manager, assistant, partner, outsider, first, second, task)


def code_url(name: str):
    return url(f"planning:{name}", code=lambda w: w.responsibility.code)


DELEGATORS_200 = only(200, "owner", "manager")
DELEGATORS_302 = only(302, "owner", "manager")

MATRIX = [
    Case("plan", "get", url("planning:plan"), DELEGATORS_200),
    Case("responsibility_new", "get", url("planning:responsibility_new"), DELEGATORS_200),
    Case(
        "responsibility_new_post",
        "post",
        url("planning:responsibility_new"),
        DELEGATORS_302,
        {"title": "Bookkeeping"},
    ),
    Case("responsibility", "get", code_url("responsibility"), DELEGATORS_200),
    Case("responsibility_edit", "get", code_url("responsibility_edit"), DELEGATORS_200),
    Case(
        "responsibility_edit_post",
        "post",
        code_url("responsibility_edit"),
        DELEGATORS_302,
        {"title": "Inbox triage, daily"},
    ),
    Case(
        "responsibility_move",
        "post",
        code_url("responsibility_move"),
        DELEGATORS_302,
        {"direction": "down"},
    ),
    Case(
        "responsibility_status",
        "post",
        code_url("responsibility_status"),
        DELEGATORS_302,
        {"direction": "forward", "current": "planned"},
    ),
    Case(
        "responsibility_link",
        "post",
        code_url("responsibility_link"),
        DELEGATORS_302,
        lambda w: {"task": w.task.code},
    ),
    Case(
        "responsibility_unlink",
        "post",
        code_url("responsibility_unlink"),
        DELEGATORS_302,
        lambda w: {"task": w.task.code},
    ),
    Case(
        "responsibility_delete",
        "post",
        code_url("responsibility_delete"),
        DELEGATORS_302,
        {"confirmed": "1"},
    ),
]


def test_the_matrix_covers_every_url():
    names = {pattern.name for pattern in views.urlpatterns}
    assert names == {case.name.removesuffix("_post") for case in MATRIX}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_it_checks_workspace_isolation(world, client_for):
    """The outsider's own plan does not open Alice's responsibilities by code, nor link her
    tasks to theirs."""
    http = client_for(world.outsider)
    slug = world.outsider.workspace.slug
    for name in ("planning:responsibility", "planning:responsibility_edit"):
        page = reverse(name, kwargs={"ws": slug, "code": world.responsibility.code})
        assert http.get(page).status_code == 404
    mine = services.responsibility_create(
        actor=world.outsider, fields=services.Fields(title="Olaf's books")
    )
    link = reverse("planning:responsibility_link", kwargs={"ws": slug, "code": mine.code})
    assert http.post(link, {"task": world.task.code}).status_code == 404
    assert not mine.tasks.exists()


def test_a_get_of_an_action_goes_to_its_page(world, client_for):
    http = client_for(world.owner)
    page = reverse(
        "planning:responsibility_status", kwargs={"ws": world.ws, "code": world.responsibility.code}
    )
    response = http.get(page)
    assert response.status_code == 303
    assert response["Location"] == world.responsibility.get_absolute_url()

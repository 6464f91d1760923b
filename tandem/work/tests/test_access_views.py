"""Every URL of the views of many tasks (board, list, calendar), for every kind of visitor. My
day and Needs attention are insights' (tandem/insights/tests/test_access.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tandem.testing import VISITORS, Case, Team, check_access, everyone, url
from tandem.work.models import State, Task
from tandem.work.tests.factories import make_task
from tandem.work.views import board as board_views
from tandem.work.views import calendar as calendar_views
from tandem.work.views import list as list_views


@dataclass
class World(Team):
    task: Task  # assigned to the assistant


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    return World(owner, manager, assistant, partner, outsider, make_task(owner, assistant))


def card_url(name: str):
    return url(f"work:{name}", code=lambda w: w.task.code)


MATRIX = [
    Case("board", "get", url("work:board"), everyone(200)),
    Case(
        "board_column",
        "get",
        url("work:board_column", state=lambda w: State.ASSIGNED),
        everyone(200),
        {"page": "2"},
    ),
    Case(
        "card_menu",
        "get",
        card_url("card_menu"),
        {"owner": 200, "manager": 200, "assistant": 200, "partner": 404},
    ),
    # Acknowledging is the assignee's step; cancelling the delegators'.
    Case(
        "card_move_acknowledge",
        "post",
        card_url("card_move"),
        {"owner": 403, "manager": 403, "assistant": 302, "partner": 404},
        {"to": State.ACKNOWLEDGED},
    ),
    Case(
        "card_move_cancel",
        "post",
        card_url("card_move"),
        {"owner": 302, "manager": 302, "assistant": 403, "partner": 404},
        {"to": State.CANCELLED},
    ),
    Case("list", "get", url("work:list"), everyone(200)),
    # Changes to many tasks are the delegators' alone.
    Case(
        "bulk",
        "post",
        url("work:bulk"),
        {"owner": 302, "manager": 302, "assistant": 403, "partner": 403},
        lambda w: {"tasks": [w.task.code], "action": "priority", "priority": "3"},
    ),
    Case("calendar", "get", url("work:calendar"), everyone(200), {"month": "2026-12"}),
]


def test_the_matrix_covers_every_url_of_these_views():
    patterns = board_views.urlpatterns + list_views.urlpatterns + calendar_views.urlpatterns
    names = {pattern.name for pattern in patterns}
    covered = {case.name.removesuffix("_acknowledge").removesuffix("_cancel") for case in MATRIX}
    assert names == covered


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


@pytest.mark.parametrize("name", ["card_menu", "card_move"])
def test_it_gives_404_for_another_workspaces_card(name, world, client_for):
    """A card code that exists, but in another workspace, is as unknown as one that does not."""
    http = client_for(world.outsider)
    method = http.post if name == "card_move" else http.get
    foreign = reverse(f"work:{name}", kwargs={"ws": "olaf", "code": world.task.code})
    missing = reverse(f"work:{name}", kwargs={"ws": "olaf", "code": "nosuchcode"})
    assert method(foreign, {"to": State.CANCELLED}).status_code == 404
    assert method(missing, {"to": State.CANCELLED}).status_code == 404
    world.task.refresh_from_db()
    assert world.task.state == State.ASSIGNED

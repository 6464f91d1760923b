"""Who may open the overlap planner: every member of the workspace; outsiders get 404."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tandem.rhythm.views import overlap as overlap_views
from tandem.testing import VISITORS, Case, Team, check_access, everyone, url


@dataclass
class World(Team):
    """One of each kind of visitor."""


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    return World(owner, manager, assistant, partner, outsider)


MATRIX = [
    # Partners too: the planner shows working hours and zones, as the Team page does.
    Case("overlap", "get", url("rhythm:overlap"), everyone(200)),
    Case(
        "overlap",
        "get",
        url("rhythm:overlap"),
        everyone(200),
        lambda w: {"members": [w.owner.code, w.assistant.code], "week": "2026-10-19"},
    ),
]


def test_the_matrix_covers_every_url_of_the_planner():
    assert {pattern.name for pattern in overlap_views.urlpatterns} == {c.name for c in MATRIX}


@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
@pytest.mark.parametrize("visitor", VISITORS)
def test_it_checks_workspace_isolation(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_it_refuses_to_change_anything(world, client_for):
    response = client_for(world.owner).post(url("rhythm:overlap")(world))
    assert response.status_code == 405

"""Every URL of silence, for every kind of visitor: owners set the ladder; owners and managers
see and set one assistant's threshold; an outsider gets 404."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tandem.continuity.views import silence as silence_views
from tandem.testing import VISITORS, Case, Team, check_access, only, url

pytestmark = pytest.mark.django_db


@dataclass
class World(Team):
    """One of each kind of visitor."""


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    return World(owner, manager, assistant, partner, outsider)


SETTINGS = {
    "silence_after_hours": "3",
    "escalate_owner_after_hours": "2",
    "escalate_partner_after_hours": "5",
    "underload_percent": "50",
    "overload_percent": "120",
}


def member_url(name: str):
    return url(name, code=lambda w: w.assistant.code)


MATRIX = [
    Case("settings", "get", url("continuity:settings"), only(200, "owner")),
    Case("settings_post", "post", url("continuity:settings"), only(302, "owner"), SETTINGS),
    Case(
        "member_silence",
        "get",
        member_url("continuity:member_silence"),
        only(200, "owner", "manager"),
    ),
    Case(
        "member_silence_post",
        "post",
        member_url("continuity:member_silence"),
        only(302, "owner", "manager"),
        {"silence_after_hours": "2"},
    ),
]


def test_the_matrix_covers_every_url_of_silence():
    names = {pattern.name for pattern in silence_views.urlpatterns}
    assert {f"continuity:{name}" for name in names} == {
        f"continuity:{case.name.removesuffix('_post')}" for case in MATRIX
    }


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


@pytest.mark.parametrize("who", ["owner", "manager", "partner"])
def test_only_assistants_have_a_silence_page(who, world, client_for):
    other = getattr(world, who)
    page = reverse("continuity:member_silence", kwargs={"ws": world.ws, "code": other.code})
    assert client_for(world.owner).get(page).status_code == 404


def test_an_assistant_of_another_workspace_does_not_exist_here(world, client_for):
    # The outsider's own membership code, asked for in Alice's workspace.
    page = reverse(
        "continuity:member_silence", kwargs={"ws": world.ws, "code": world.outsider.code}
    )
    assert client_for(world.owner).get(page).status_code == 404

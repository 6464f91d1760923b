"""Every URL of the town hall, for every kind of visitor."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tandem.rhythm.models import Announcement, Audience
from tandem.rhythm.services.announcements import announcement_post
from tandem.rhythm.views import announcements as views
from tandem.testing import VISITORS, Case, Team, check_access, everyone, only, url


@dataclass
class World(Team):
    to_everyone: Announcement  # by the manager
    to_assistants: Announcement  # by the owner


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    to_everyone = announcement_post(
        actor=manager, title="Holiday", body="Friday off.", important=True
    )
    to_assistants = announcement_post(
        actor=owner, title="Timesheets", body="Due Monday.", audience=Audience.ASSISTANTS
    )
    return World(owner, manager, assistant, partner, outsider, to_everyone, to_assistants)


def of(name: str, attribute: str):
    return url(f"rhythm:{name}", code=lambda w: getattr(w, attribute).code)


NEW = {"title": "Hello", "body": "Welcome.", "audience": Audience.EVERYONE}

MATRIX = [
    Case("announcements", "get", url("rhythm:announcements"), everyone(200)),
    Case("announcement_new", "get", url("rhythm:announcement_new"), only(200, "owner", "manager")),
    Case(
        "announcement_new_post",
        "post",
        url("rhythm:announcement_new"),
        only(302, "owner", "manager"),
        NEW,
    ),
    Case("announcement", "get", of("announcement", "to_everyone"), everyone(200)),
    Case(
        "announcement_to_assistants",
        "get",
        of("announcement", "to_assistants"),
        {"owner": 200, "manager": 200, "assistant": 200, "partner": 404},
    ),
    Case(
        "announcement_reply",
        "post",
        of("announcement_reply", "to_everyone"),
        everyone(302),
        {"body": "Thanks!"},
    ),
    Case(
        "announcement_reply_to_assistants",
        "post",
        of("announcement_reply", "to_assistants"),
        {"owner": 302, "manager": 302, "assistant": 302, "partner": 404},
        {"body": "Thanks!"},
    ),
    # The author (the manager) or an owner may delete.
    Case(
        "announcement_delete",
        "post",
        of("announcement_delete", "to_everyone"),
        only(302, "owner", "manager"),
    ),
    Case(
        "announcement_delete_to_assistants",
        "post",
        of("announcement_delete", "to_assistants"),
        {"owner": 302, "manager": 403, "assistant": 403, "partner": 404},
    ),
]


def test_the_matrix_covers_every_url_of_the_town_hall():
    names = {pattern.name for pattern in views.urlpatterns}
    covered = {case.name.removesuffix("_to_assistants").removesuffix("_post") for case in MATRIX}
    assert names == covered


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


@pytest.mark.parametrize("name", ["announcement", "announcement_reply", "announcement_delete"])
def test_it_checks_workspace_isolation(name, world, client_for):
    """An announcement code of another workspace is as unknown as one that does not exist."""
    http = client_for(world.outsider)
    method = http.get if name == "announcement" else http.post
    foreign = reverse(f"rhythm:{name}", kwargs={"ws": "olaf", "code": world.to_everyone.code})
    missing = reverse(f"rhythm:{name}", kwargs={"ws": "olaf", "code": "nosuchcode"})
    assert method(foreign, {"body": "Hi"}).status_code == 404
    assert method(missing, {"body": "Hi"}).status_code == 404
    assert Announcement.objects.filter(pk=world.to_everyone.pk).exists()
    assert not world.to_everyone.replies.exists()

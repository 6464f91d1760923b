"""Who may open what: every URL of workspaces, for every role, and for an outsider.

Each row: a name, the method, a function that builds the path from the fixtures, the form data
for a POST, and the status each role gets (tandem/testing.py). Every app keeps such a matrix of
its own URLs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from tandem.testing import VISITORS, Case, Team, check_access, everyone, only, url
from tandem.workspaces import services
from tandem.workspaces.models import Role


@dataclass
class World(Team):
    invitation_code: str


def ws_url(name: str, **kwargs: Callable[[World], str]) -> Callable[[World], str]:
    return url(f"workspaces:{name}", **kwargs)


MATRIX = [
    Case("members", "get", ws_url("members"), everyone(200)),
    Case(
        "invite",
        "post",
        ws_url("invite"),
        only(302, "owner", "manager"),
        {"email": "new@example.com", "role": Role.ASSISTANT},
    ),
    Case(
        "invitation_revoke",
        "post",
        ws_url("invitation_revoke", code=lambda w: w.invitation_code),
        only(302, "owner", "manager"),
        {"confirmed": "1"},
    ),
    Case(
        "member_edit",
        "get",
        ws_url("member_edit", code=lambda w: w.assistant.code),
        only(200, "owner"),
    ),
    Case(
        "member_edit_post",
        "post",
        ws_url("member_edit", code=lambda w: w.assistant.code),
        only(302, "owner"),
        {"role": Role.ASSISTANT, "partner": ""},
    ),
    Case(
        "member_remove",
        "get",
        ws_url("member_remove", code=lambda w: w.assistant.code),
        only(200, "owner", "manager"),
    ),
    Case(
        "member_remove_post",
        "post",
        ws_url("member_remove", code=lambda w: w.assistant.code),
        only(302, "owner", "manager"),
    ),
    Case("settings", "get", ws_url("settings"), only(200, "owner")),
    Case(
        "settings_post",
        "post",
        ws_url("settings"),
        only(302, "owner"),
        {"name": "Renamed", "currency": "EUR", "week_start": "0", "response_time_hours": "12"},
    ),
]


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    invitation = services.invitation_create(
        actor=owner, email="invitee@example.com", role=Role.ASSISTANT, language="en"
    )
    return World(owner, manager, assistant, partner, outsider, invitation.code)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_it_gives_404_for_another_workspaces_member_code(owner, outsider, client_for):
    """A code that exists, but in another workspace, is as unknown as one that does not."""
    http = client_for(owner)
    for name in ("member_edit", "member_remove"):
        foreign = reverse(f"workspaces:{name}", kwargs={"ws": "alice", "code": outsider.code})
        missing = reverse(f"workspaces:{name}", kwargs={"ws": "alice", "code": "nosuchcode"})
        assert http.get(foreign).status_code == 404
        assert http.get(missing).status_code == 404


def test_it_gives_404_for_another_workspaces_invitation(owner, outsider, client_for):
    theirs = services.invitation_create(
        actor=outsider, email="x@example.com", role=Role.ASSISTANT, language="en"
    )
    url = reverse("workspaces:invitation_revoke", kwargs={"ws": "alice", "code": theirs.code})
    assert client_for(owner).post(url, {"confirmed": "1"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_it_answers_a_missing_workspace_like_a_foreign_one(outsider, client_for):
    http = client_for(outsider)
    assert http.get("/w/alice/").status_code == http.get("/w/no-such-place/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/workspaces/", "/workspaces/new/", "/accounts/profile/", "/accounts/password/"],
)
def test_it_sends_anonymous_visitors_to_log_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

"""Who may open what: every notify URL, for every role, for an outsider and for a visitor.

Each member reaches only their own notifications; the read URL of each row is built for the
visitor's own notification (an outsider tries the owner's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from tandem.notify import services
from tandem.workspaces.models import Membership

VISITORS = ("owner", "manager", "assistant", "partner", "outsider", "anonymous")
MEMBERS = VISITORS[:4]


@dataclass
class World:
    members: dict[str, Membership]
    codes: dict[str, str]  # each member's own notification

    def code_for(self, visitor: str) -> str:
        return self.codes.get(visitor, self.codes["owner"])


@dataclass
class Case:
    name: str
    method: str
    path: Callable[[World, str], str]
    expected: dict[str, int]
    data: dict[str, str] = field(default_factory=dict)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(MEMBERS, status)


def ws_url(name: str, *, own_code: bool = False) -> Callable[[World, str], str]:
    def build(world: World, visitor: str) -> str:
        kwargs = {"ws": "alice"}
        if own_code:
            kwargs["code"] = world.code_for(visitor)
        return reverse(f"notify:{name}", kwargs=kwargs)

    return build


MATRIX = [
    Case("list", "get", ws_url("list"), everyone(200)),
    Case("read", "post", ws_url("read", own_code=True), everyone(302)),
    Case("read_all", "post", ws_url("read_all"), everyone(302)),
    Case("bell", "get", ws_url("bell"), everyone(200)),
    Case("menu", "get", ws_url("menu"), everyone(200)),
    Case("settings", "get", ws_url("settings"), everyone(200)),
    Case("settings_post", "post", ws_url("settings"), everyone(302), {"task_assigned": "on"}),
]


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    members = {"owner": owner, "manager": manager, "assistant": assistant, "partner": partner}
    codes = {}
    for role, member in members.items():
        (notification,) = services.notify(
            workspace=owner.workspace,
            recipients=[member],
            # A kind every role is shown (a partner is never told of a task).
            kind="announcement_posted",
            event_key=f"announcement:{role}",
            actor=None,
            url="/w/alice/",
            thread_key="announcement:a1",
            params={"title": "Office closed on Friday"},
        )
        codes[role] = notification.code
    return World(members, codes)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    expected = case.expected.get(visitor)
    if visitor == "outsider":
        expected = 404  # a workspace you are not in does not exist for you
    if visitor == "anonymous":
        expected = 302  # to the login page
        http = client
    else:
        who = world.members.get(visitor)
        http = client_for(who if who is not None else _outsider(world))
    response = getattr(http, case.method)(case.path(world, visitor), case.data)
    assert response.status_code == expected, response.content[:300]
    if visitor == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def _outsider(world: World) -> Membership:
    return Membership.objects.exclude(workspace=world.members["owner"].workspace).get()


@pytest.mark.parametrize("other", ["owner", "manager", "partner"])
def test_it_gives_404_for_another_members_notification(world, client_for, other):
    http = client_for(world.members["assistant"])
    response = http.post(reverse("notify:read", kwargs={"ws": "alice", "code": world.codes[other]}))
    assert response.status_code == 404
    missing = reverse("notify:read", kwargs={"ws": "alice", "code": "nosuchcode"})
    assert http.post(missing).status_code == 404


def test_it_gives_404_for_a_notification_in_another_workspace(world, outsider, client_for):
    http = client_for(outsider)
    foreign = reverse("notify:read", kwargs={"ws": "olaf", "code": world.codes["owner"]})
    assert http.post(foreign).status_code == 404

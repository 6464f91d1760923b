"""Helpers for the table-driven access tests (each app's tests/test_access*.py).

A `Case` is one URL and method with the status each kind of visitor gets. Outsiders (members of
another workspace) always get 404 and anonymous visitors a redirect to the login page, so a case
names only the four roles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import reverse

ROLES = ("owner", "manager", "assistant", "partner")
VISITORS = (*ROLES, "outsider", "anonymous")


@dataclass
class Team:
    """One of each kind of visitor: the base of each access test's world (which adds the
    objects its URLs need). `ws` is the workspace's slug."""

    owner: Any
    manager: Any
    assistant: Any
    partner: Any
    outsider: Any

    @property
    def ws(self) -> str:
        return self.owner.workspace.slug


@dataclass
class Case:
    name: str
    method: str
    path: Callable[[Any], str]
    expected: dict[str, int]
    data: dict[str, Any] | Callable[[Any], dict[str, Any]] = field(default_factory=dict)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def only(status: int, *roles: str, others: int = 403) -> dict[str, int]:
    return {role: status if role in roles else others for role in ROLES}


def url(name: str, **kwargs: Callable[[Any], str]) -> Callable[[Any], str]:
    """A path builder for a workspace URL; `world.ws` is the workspace's slug."""
    return lambda world: reverse(
        name, kwargs={"ws": world.ws} | {key: value(world) for key, value in kwargs.items()}
    )


def check_access(
    case: Case, visitor: str, world: Any, client_for: Callable[..., Client], client: Client
) -> None:
    expected = case.expected.get(visitor)
    if visitor == "outsider":
        expected = 404  # a workspace you are not in does not exist for you
    if visitor == "anonymous":
        expected = 302  # to the login page
        http = client
    else:
        http = client_for(getattr(world, visitor))
    data = case.data(world) if callable(case.data) else case.data
    response = getattr(http, case.method)(case.path(world), data)
    assert response.status_code == expected, (case.name, visitor, response.content[:300])
    if visitor == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))

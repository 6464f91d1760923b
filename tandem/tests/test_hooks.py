"""The one way a lower app sets off a higher one: hooks declared low, connected in `ready()`."""

from __future__ import annotations

import pytest

from tandem.accounts import hooks as account_hooks
from tandem.lib.hooks import AlreadyConnected, Hook, NotConnected, Provider
from tandem.workspaces import hooks as workspace_hooks


@Hook
def something_happened(value: int, *, twice: bool = False) -> None:
    """A hook of the tests."""


@Provider
def something_asked(value: int) -> str:
    """A question of the tests."""
    raise NotImplementedError


def remember(value: int, *, twice: bool = False) -> None:
    seen.append(value * 2 if twice else value)


def remember_too(value: int, *, twice: bool = False) -> None:
    seen.append(-value)


seen: list[int] = []


@pytest.fixture(autouse=True)
def clean():
    seen.clear()
    yield
    something_happened.disconnect(remember)
    something_happened.disconnect(remember_too)
    something_asked.disconnect()


def test_it_is_named_after_its_prototype():
    assert something_happened.name == "tandem.tests.test_hooks.something_happened"
    assert something_happened.__doc__ == "A hook of the tests."


def test_it_calls_every_receiver_in_the_order_they_connected():
    something_happened.connect(remember)
    something_happened.connect(remember_too)
    something_happened.send(3, twice=True)
    assert seen == [6, -3]


def test_it_refuses_a_receiver_connected_twice():
    something_happened.connect(remember)
    with pytest.raises(AlreadyConnected):
        something_happened.connect(remember)
    something_happened.send(1)
    assert seen == [1]


def test_a_hook_without_receivers_does_nothing():
    something_happened.send(1)
    assert seen == []


def test_a_provider_answers_once_and_refuses_a_second_answerer():
    with pytest.raises(NotConnected):
        something_asked.ask(1)
    something_asked.connect(str)
    assert something_asked.ask(7) == "7"
    with pytest.raises(AlreadyConnected):
        something_asked.connect(repr)


def test_the_apps_connect_their_receivers_once_at_start():
    assert workspace_hooks.activity_seen.receivers == [
        "tandem.continuity.services.silence.activity_record"
    ]
    assert account_hooks.time_zone_changed.receivers == [
        "tandem.notify.services.digests_reschedule",
        "tandem.rhythm.services.checkins.checkin_schedules_reschedule_for_user",
    ]
    assert workspace_hooks.member_role_changing.receivers == [
        "tandem.work.services.members.member_role_check"
    ]

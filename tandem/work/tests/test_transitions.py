"""The transitions table against the services, the board and the task page: for every state and
every kind of member, what the board offers and what the page shows is exactly what the services
allow."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from conftest import add_member, make_user
from tandem.work import transitions
from tandem.work.models import State, Task
from tandem.work.services import tasks as services
from tandem.work.tests.factories import task_in_state
from tandem.work.transitions import Action
from tandem.workspaces.models import Membership, Role


def _service_calls(actor: Membership, other: Membership) -> dict[Action, Callable[[Task], object]]:
    """Each action of the table, as its service does it; `other` is someone to assign to."""
    return {
        Action.ASSIGN: lambda t: services.task_assign(actor=actor, task=t, assignee=other),
        Action.ACKNOWLEDGE: lambda t: services.task_acknowledge(actor=actor, task=t),
        Action.START: lambda t: services.task_start(actor=actor, task=t),
        Action.SUBMIT: lambda t: services.task_submit(actor=actor, task=t),
        Action.ASK_FOR_HELP: lambda t: services.task_ask_for_help(
            actor=actor, task=t, note="Stuck."
        ),
        Action.ANSWER_HELP: lambda t: services.task_answer_help(
            actor=actor, task=t, answer="Use the shared login."
        ),
        Action.ACCEPT: lambda t: services.task_review(actor=actor, task=t, accept=True),
        Action.REQUEST_CHANGES: lambda t: services.task_review(
            actor=actor, task=t, accept=False, feedback="Add the phone numbers."
        ),
        Action.CANCEL: lambda t: services.task_cancel(actor=actor, task=t),
        Action.REOPEN: lambda t: services.task_reopen(actor=actor, task=t),
        Action.UNDO_CANCEL: lambda t: services.task_cancel_undo(actor=actor, task=t),
    }


class _Undo(Exception):
    pass


def _succeeds(call: Callable[[], object]) -> bool:
    """Whether the service accepts the call; whatever it did is rolled back."""
    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        return True
    except (PermissionDenied, ValidationError):
        return False


@pytest.fixture
def people(owner, manager, assistant, partner, workspace) -> dict[str, Membership]:
    other = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    return {
        "owner": owner,
        "manager": manager,
        "assistant": assistant,
        "other assistant": other,
        "partner": partner,
    }


def _agrees(state: State, who: str, member: Membership, task: Task, other: Membership) -> None:
    """The board's moves and each service step succeed exactly where the table allows."""
    offered = transitions.board_moves(member, task)
    for to in transitions.BOARD_MOVES:
        fresh = Task.objects.get(pk=task.pk)
        moved = _succeeds(lambda: services.task_move(actor=member, task=fresh, to=to))  # noqa: B023
        assert moved == (to in offered), (state, who, to)
    allowed = transitions.allowed_actions(member, task)
    for action, call in _service_calls(member, other).items():
        fresh = Task.objects.get(pk=task.pk)
        assert _succeeds(lambda: call(fresh)) == (action in allowed), (state, who, action)  # noqa: B023
        if action in allowed:
            row = transitions.TRANSITION[action]
            assert row.target(fresh) in row.targets


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("assigned_to", ["assistant", "manager"])
def test_the_board_offers_exactly_the_moves_the_services_allow(state, assigned_to, people):
    task = task_in_state(state, people["owner"], people[assigned_to])
    for who, member in people.items():
        _agrees(state, f"{who} ({assigned_to}'s task)", member, task, people["other assistant"])


# Each action's form on the task page, found by where it posts.
PAGE_FORMS = {
    Action.ACKNOWLEDGE: "work:task_acknowledge",
    Action.START: "work:task_start",
    Action.SUBMIT: "work:task_submit",
    Action.ASK_FOR_HELP: "work:task_stuck",
    Action.ANSWER_HELP: "work:task_answer",
    Action.ACCEPT: "work:task_review",
    Action.ASSIGN: "work:task_assign",
    Action.CANCEL: "work:task_cancel",
    Action.REOPEN: "work:task_reopen",
}


@pytest.mark.parametrize("state", list(State))
def test_the_task_page_shows_the_forms_the_table_allows(state, people, client_for):
    task = task_in_state(state, people["owner"], people["assistant"])
    for who in ("owner", "manager", "assistant"):
        member = people[who]
        page = (
            client_for(member)
            .get(reverse("work:task", kwargs={"ws": task.workspace.slug, "code": task.code}))
            .content.decode()
        )
        allowed = transitions.allowed_actions(member, task)
        for action, name in PAGE_FORMS.items():
            url = reverse(name, kwargs={"ws": task.workspace.slug, "code": task.code})
            assert (f'action="{url}"' in page) == (action in allowed), (state, who, action)
        # Requesting changes is the same form as accepting.
        assert (Action.REQUEST_CHANGES in allowed) == (Action.ACCEPT in allowed)

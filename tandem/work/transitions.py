"""The one table of a task's state changes: which action leads from which states to which, and
who may take it. The services enforce it, the board offers its moves from it and the task page
shows its forms from it, so the three cannot disagree.

A row's `by` is the one condition on the person besides the state: the task's assignee (whatever
their role: an owner may assign a task to themselves), or a delegator (an owner or a manager) of
the task's workspace. Conditions on the task's data rather than its state (a help request waiting
for an answer, a reason for a proposed deadline) stay with the service that checks them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from tandem.work.models import OPEN_STATES, State, Task
from tandem.workspaces.models import Membership


class By(enum.Enum):
    ASSIGNEE = "assignee"
    DELEGATOR = "delegator"


class Action(enum.StrEnum):
    ASSIGN = "assign"
    ACKNOWLEDGE = "acknowledge"
    START = "start"
    SUBMIT = "submit"
    ASK_FOR_HELP = "ask_for_help"
    ANSWER_HELP = "answer_help"
    ACCEPT = "accept"
    REQUEST_CHANGES = "request_changes"
    CANCEL = "cancel"
    UNDO_CANCEL = "undo_cancel"
    REOPEN = "reopen"


def may(member: Membership, task: Task, by: By) -> bool:
    """Whether `member` is who `by` names for this task."""
    if task.workspace_id != member.workspace_id:
        return False
    if by is By.ASSIGNEE:
        return task.assignee_id == member.pk
    return member.can_delegate


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[str]
    # Where it leads: one state, or, where `choose` decides from the task, each it may choose.
    targets: tuple[State, ...]
    by: By
    # Whether the board offers it as a move to its target (a plain step needing no form).
    board: bool = False
    choose: Callable[[Task], str] | None = None

    def target(self, task: Task) -> str:
        return self.choose(task) if self.choose else self.targets[0]

    def allows(self, member: Membership, task: Task) -> bool:
        return task.state in self.sources and may(member, task, self.by)


def _resume(task: Task) -> str:
    """An answered request for help returns the task to where it was when it got stuck."""
    return task.resume_state or State.IN_PROGRESS


def _reopened(task: Task) -> str:
    return State.ASSIGNED if task.assignee_id else State.DRAFT


def _uncancelled(task: Task) -> str:
    """An undone cancellation returns the task to the state it was cancelled in."""
    return task.cancelled_from or _reopened(task)


HELP_SOURCES = OPEN_STATES - {State.BLOCKED, State.DRAFT, State.IN_REVIEW}

# In the order the board's card menu lists its moves.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.ASSIGN, OPEN_STATES - {State.IN_REVIEW}, (State.ASSIGNED,), By.DELEGATOR),
    Transition(
        Action.ACKNOWLEDGE,
        frozenset({State.ASSIGNED}),
        (State.ACKNOWLEDGED,),
        By.ASSIGNEE,
        board=True,
    ),
    Transition(
        Action.START,
        frozenset({State.ACKNOWLEDGED, State.CHANGES_REQUESTED}),
        (State.IN_PROGRESS,),
        By.ASSIGNEE,
        board=True,
    ),
    Transition(
        Action.SUBMIT,
        frozenset({State.ACKNOWLEDGED, State.IN_PROGRESS, State.CHANGES_REQUESTED}),
        (State.IN_REVIEW,),
        By.ASSIGNEE,
        board=True,
    ),
    Transition(Action.ASK_FOR_HELP, HELP_SOURCES, (State.BLOCKED,), By.ASSIGNEE),
    Transition(
        Action.ANSWER_HELP,
        frozenset({State.BLOCKED}),
        tuple(State(state) for state in sorted(HELP_SOURCES)),
        By.DELEGATOR,
        choose=_resume,
    ),
    Transition(
        Action.ACCEPT, frozenset({State.IN_REVIEW}), (State.DONE,), By.DELEGATOR, board=True
    ),
    Transition(
        Action.REQUEST_CHANGES,
        frozenset({State.IN_REVIEW}),
        (State.CHANGES_REQUESTED,),
        By.DELEGATOR,
    ),
    Transition(Action.CANCEL, OPEN_STATES, (State.CANCELLED,), By.DELEGATOR, board=True),
    Transition(
        Action.UNDO_CANCEL,
        frozenset({State.CANCELLED}),
        tuple(State(state) for state in sorted(OPEN_STATES)),
        By.DELEGATOR,
        choose=_uncancelled,
    ),
    Transition(
        Action.REOPEN,
        frozenset({State.CANCELLED, State.DONE}),
        (State.ASSIGNED, State.DRAFT),
        By.DELEGATOR,
        choose=_reopened,
    ),
)

TRANSITION = {row.action: row for row in TRANSITIONS}
# The board moves a card by the state it is dropped on.
BOARD_MOVES = {row.targets[0]: row for row in TRANSITIONS if row.board}


def allowed_actions(member: Membership, task: Task) -> set[Action]:
    """The actions this member may take on the task as it is now."""
    return {row.action for row in TRANSITIONS if row.allows(member, task)}


def board_moves(member: Membership, task: Task) -> list[State]:
    """The states this member can move the task to from the board, in the menu's order."""
    return [to for to, row in BOARD_MOVES.items() if row.allows(member, task)]

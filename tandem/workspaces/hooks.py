"""What happens to members that the apps above workspaces act on, and what workspaces asks of
them. Receivers connect in their
`AppConfig.ready()` (see `tandem/lib/hooks.py`); every hook is sent inside the transaction of
the service that sends it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from tandem.lib.hooks import Hook, Provider
from tandem.workspaces.models import Membership, Workspace


@Hook
def activity_seen(member: Membership, *, at: datetime | None = None) -> None:
    """`member` did something meaningful (or viewed a page) at `at` (now by default)."""


@Hook
def member_joined(member: Membership, *, now: datetime) -> None:
    """`member` joined the workspace at `now`."""


@Hook
def member_role_changing(member: Membership, *, role: str) -> None:
    """`member` is about to get `role`; a receiver refuses with a ValidationError (keyed by the
    form's field) when something of theirs does not allow it."""


@Hook
def member_role_changed(member: Membership) -> None:
    """`member` has a new role or a new supplying partner (saved)."""


@Hook
def member_removed(member: Membership) -> None:
    """`member` was removed from the workspace."""


@Provider
def response_times(
    workspace: Workspace, members: Sequence[Membership], *, since: datetime
) -> Mapping[int, Any]:
    """Each member's response time (by pk) since `since`, for the members' pages; measured from
    acknowledgements, above workspaces, and answered there."""
    raise NotImplementedError

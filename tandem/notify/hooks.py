"""What notify asks of the apps above it (see `tandem/lib/hooks.py`)."""

from __future__ import annotations

from datetime import datetime

from tandem.lib.hooks import Provider
from tandem.notify.digest import Waiting
from tandem.workspaces.models import Membership


@Provider
def digest_waiting(member: Membership, *, now: datetime) -> Waiting:
    """What waits for `member` at `now`, for their daily digest (`member` with `user` and
    `workspace` loaded). Answered by insights, which reads across the apps."""
    raise NotImplementedError

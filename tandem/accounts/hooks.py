"""What a person's account tells the apps above it. Receivers connect in their `AppConfig.ready()`
(see `tandem/lib/hooks.py`)."""

from __future__ import annotations

from tandem.accounts.models import User
from tandem.lib.hooks import Hook


@Hook
def logged_in(user: User) -> None:
    """The person logged in: activity, in every workspace where they are an assistant."""


@Hook
def working_time_changed(user: User) -> None:
    """The person's working hours, zone or worked holidays changed: whatever counts their
    working time recomputes when it is due."""


@Hook
def time_zone_changed(user: User) -> None:
    """The person's zone changed: whatever happens at a local time of theirs moves with it."""

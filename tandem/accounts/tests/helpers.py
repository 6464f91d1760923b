"""What tests of any app need to set a person's working hours through the service."""

from __future__ import annotations

from datetime import time

from tandem.accounts.models import User


def working_hours_of(user: User) -> dict[int, list[tuple[time, time]]]:
    """The person's weekly hours as `working_hours_set` takes them: weekday → intervals."""
    found: dict[int, list[tuple[time, time]]] = {}
    for row in user.working_hours.all():
        found.setdefault(row.weekday, []).append((row.start, row.end))
    return found

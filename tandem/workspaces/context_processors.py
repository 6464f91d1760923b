from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tandem.workspaces.selectors import memberships_of_user


def workspaces(request: HttpRequest) -> dict[str, object]:
    """The signed-in person's workspaces for the switcher, read only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_memberships": SimpleLazyObject(lambda: list(memberships_of_user(user)))}

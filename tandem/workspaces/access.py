"""The one mechanism that puts a view inside a workspace.

`member_required` resolves `/w/<ws>/` to the signed-in user's membership, gives the view
`request.workspace` and `request.member`, and checks the role. Not a member: 404. A member whose
role may not do this: 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tandem.workspaces import hooks
from tandem.workspaces.models import Membership, Role, Workspace
from tandem.workspaces.selectors import membership_get_for_user

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from tandem.accounts.models import User

SESSION_KEY = "workspace"


class WorkspaceRequest(HttpRequest):
    user: User
    workspace: Workspace
    member: Membership
    htmx: HtmxDetails


View = Callable[..., HttpResponse]


def member_required(*roles: Role) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, ws: str, *args: Any, **kwargs: Any) -> HttpResponse:
            member = membership_get_for_user(request.user, ws)  # type: ignore[arg-type]
            if roles and member.role not in roles:
                raise PermissionDenied
            request.workspace = member.workspace  # type: ignore[attr-defined]
            request.member = member  # type: ignore[attr-defined]
            if request.session.get(SESSION_KEY) != ws:
                request.session[SESSION_KEY] = ws
            if member.role == Role.ASSISTANT:
                _note_page_view(request, member)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


DELEGATORS = (Role.OWNER, Role.MANAGER)

# An assistant's page views count as activity, at most once per member per few minutes: when
# they were last recorded is remembered in the session, so most requests make no query for it.
ACTIVITY_SESSION_KEY = "activity_seen"
ACTIVITY_EVERY_SECONDS = 300


def _note_page_view(request: HttpRequest, member: Membership) -> None:
    now = timezone.now()
    seen: dict[str, float] = request.session.get(ACTIVITY_SESSION_KEY) or {}
    last = seen.get(str(member.pk))
    if last is not None and 0 <= now.timestamp() - last < ACTIVITY_EVERY_SECONDS:
        return
    hooks.activity_seen.send(member, at=now)
    request.session[ACTIVITY_SESSION_KEY] = {**seen, str(member.pk): now.timestamp()}

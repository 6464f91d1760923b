"""The one mechanism that puts a view inside a workspace, and the one that finds a member by code.

`member_required` resolves `/w/<ws>/` to the signed-in user's membership, gives the view
`request.workspace` and `request.member`, and checks the role. Not a member: 404. A member whose
role may not do this: 403.

`access_member_by_code` finds the member a page is about (`/w/<ws>/.../<code>/`) for the member
who asks, under explicit rules; a member the viewer may not see is a 404, exactly as one that
does not exist.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from tandem.workspaces import hooks
from tandem.workspaces.models import DELEGATOR_ROLES, Membership, Role, Workspace
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
        def wrapper(plain: HttpRequest, ws: str, *args: Any, **kwargs: Any) -> HttpResponse:
            # Signed in (login_required), and about to be given its workspace and member.
            request = cast(WorkspaceRequest, plain)
            member = membership_get_for_user(request.user, ws)
            if roles and member.role not in roles:
                raise PermissionDenied
            request.workspace = member.workspace
            request.member = member
            if request.session.get(SESSION_KEY) != ws:
                request.session[SESSION_KEY] = ws
            if member.role == Role.ASSISTANT:
                _note_page_view(request, member)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


DELEGATORS = DELEGATOR_ROLES


class Allow(enum.Enum):
    """Whom a viewer may look up by code."""

    SELF = "self"  # the viewer themselves
    DELEGATORS = "delegators"  # an owner or a manager: every member of the workspace
    PARTNER = "partner"  # a partner: the assistants they supply


def access_member_by_code(
    viewer: Membership,
    code: str,
    *,
    allow: Collection[Allow],
    roles: Collection[str] | None = None,
    select_related: Sequence[str] = ("user", "workspace"),
    prefetch_related: Sequence[str] = (),
) -> Membership:
    """The active member of the viewer's workspace with `code`, if one of the rules in `allow`
    lets the viewer see them and their role is one of `roles` (any role when None), else 404.
    One query at most; none when no rule applies to the viewer."""
    rules: list[Q] = []
    if Allow.DELEGATORS in allow and viewer.can_delegate:
        rules.append(Q())
    if Allow.SELF in allow:
        rules.append(Q(pk=viewer.pk))
    if Allow.PARTNER in allow and viewer.role == Role.PARTNER:
        rules.append(Q(partner=viewer))
    if not rules:
        raise Http404
    visible = Q()
    if all(rules):  # an empty Q() (the delegators' rule) already lets everyone through
        visible = rules[0]
        for rule in rules[1:]:
            visible |= rule
    members = Membership.objects.active().filter(
        visible, workspace_id=viewer.workspace_id, code=code
    )
    if roles is not None:
        members = members.filter(role__in=roles)
    member = members.select_related(*select_related).prefetch_related(*prefetch_related).first()
    if member is None:
        raise Http404
    return member


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

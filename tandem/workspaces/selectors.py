"""Every read of workspace data, and the access helpers that scope it to one member."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from django.conf import settings
from django.core import signing
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User, WorkingHours, hours_on
from tandem.accounts.selectors import worked_holidays_by_user, working_time_by_member
from tandem.lib.working_time import Holiday, WorkingTime, is_working
from tandem.workspaces.models import DELEGATOR_ROLES, Invitation, Membership, Role, Workspace

_INVITATION_SALT = "tandem.invitation"
_CONFIRMATION_SALT = "tandem.invitation.confirmation"


def membership_get_for_user(user: User, slug: str) -> Membership:
    """The user's active membership in the workspace at `slug`, or 404.

    A workspace that exists but has no place for this user gives the same 404 as one that does
    not exist: an outsider learns nothing.
    """
    membership = (
        Membership.objects.active()
        .select_related("workspace")
        .filter(user=user, workspace__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    membership.user = user
    return membership


def memberships_of_user(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("workspace")
        .order_by("workspace__name")
    )


_ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(Role.values)),
    output_field=IntegerField(),
)


def members_of_workspace(workspace: Workspace) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(workspace=workspace)
        .select_related("user", "partner__user")
        .prefetch_related(Prefetch("user__working_hours", queryset=WorkingHours.objects.all()))
        .order_by(_ROLE_ORDER, "user__display_name")
    )


def delegators_of(workspace_id: int) -> QuerySet[Membership]:
    """The workspace's active owners and managers: who briefs, reviews, and is told what waits
    on them."""
    return Membership.objects.active().filter(workspace_id=workspace_id, role__in=DELEGATOR_ROLES)


def assistants_of(workspace_id: int) -> QuerySet[Membership]:
    """The workspace's active assistants with their accounts, by name."""
    return (
        Membership.objects.active()
        .filter(workspace_id=workspace_id, role=Role.ASSISTANT)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def partners_of_workspace(workspace: Workspace) -> QuerySet[Membership]:
    return members_of_workspace(workspace).filter(role=Role.PARTNER)


def invitations_pending(workspace: Workspace) -> QuerySet[Invitation]:
    return (
        Invitation.objects.pending()
        .filter(workspace=workspace)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitation_get(workspace: Workspace, code: str) -> Invitation:
    invitation = Invitation.objects.filter(workspace=workspace, code=code).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.code, salt=_INVITATION_SALT)


def invitation_link(invitation: Invitation) -> str:
    """The link the invitation's email carries: its sender may copy it and pass it on."""
    path = reverse("workspaces:accept", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link's token names, whatever its state, or 404 for a forged token."""
    try:
        code = signing.loads(token, salt=_INVITATION_SALT)
    except signing.BadSignature:
        raise Http404 from None
    invitation = (
        Invitation.objects.select_related("workspace", "invited_by").filter(code=code).first()
    )
    if invitation is None:
        raise Http404
    return invitation


def invitation_open_to(invitation: Invitation, user: User) -> bool:
    """Whether `user` may accept `invitation` with nothing more: any account for an assistant
    or a partner, only the invited email's for an owner or a manager."""
    return not invitation.needs_invited_email or invitation.is_for(user.email)


def invitation_confirmation_token(invitation: Invitation, user: User) -> str:
    """The token of a link, sent to the invited email, that lets `user` accept `invitation`:
    signed, naming both, and dated, so it expires."""
    return signing.dumps({"i": invitation.code, "u": user.pk}, salt=_CONFIRMATION_SALT)


ConfirmationState = Literal["valid", "expired", "invalid"]


def invitation_confirmation_state(
    token: str, *, invitation: Invitation, user: User
) -> ConfirmationState:
    """Whether a confirmation link's token lets `user` accept `invitation`. A forged token, or
    one made for another invitation or another account, is "invalid" alike."""
    try:
        data = signing.loads(
            token,
            salt=_CONFIRMATION_SALT,
            max_age=settings.INVITATION_CONFIRMATION_VALID_FOR,
        )
    except signing.SignatureExpired:
        try:
            data = signing.loads(token, salt=_CONFIRMATION_SALT)
        except signing.BadSignature:
            return "invalid"
        return "expired" if data == {"i": invitation.code, "u": user.pk} else "invalid"
    except signing.BadSignature:
        return "invalid"
    return "valid" if data == {"i": invitation.code, "u": user.pk} else "invalid"


@dataclass(frozen=True)
class MemberHoliday:
    """A public holiday of one member: "Ana: Rizal Day"."""

    name: str  # the member's
    holiday: Holiday


def member_holidays(
    workspace: Workspace, *, first: date, last: date, member: Membership | None = None
) -> dict[date, list[MemberHoliday]]:
    """The public holidays of the workspace's members (or of one `member`) from `first` to
    `last`, by their local date, each day's in the order of the members' names. One query for
    the members with a country, one more for the holidays they work when there are any."""
    people = Membership.objects.active().filter(workspace=workspace).exclude(user__country="")
    if member is not None:
        people = people.filter(pk=member.pk)
    rows = list(
        people.order_by("user__display_name", "pk").values_list(
            "user_id", "user__display_name", "user__country", "user__subdivision"
        )
    )
    worked = worked_holidays_by_user({row[0] for row in rows})
    found: dict[date, list[MemberHoliday]] = {}
    for user_id, name, country, subdivision in rows:
        who = WorkingTime((), "UTC", country, subdivision, worked.get(user_id, set()))
        for holiday in who.holidays(first, last):
            found.setdefault(holiday.day, []).append(MemberHoliday(name, holiday))
    return found


@dataclass(frozen=True)
class TeamRow:
    member: Membership
    local_now: datetime
    hours_today: list[WorkingHours]
    working_now: bool
    # The public holiday that gives them today off, if any.
    holiday: str | None = None
    # Their response time, for the delegators' members page (answered above workspaces, through
    # the response_times hook).
    response_time: Any = None


def team_clock(
    workspace: Workspace,
    now: datetime | None = None,
    *,
    members: list[Membership] | None = None,
) -> list[TeamRow]:
    """Each member with their local time, today's working hours (or holiday) and whether they
    are working now (a night shift begun yesterday evening included). Two queries, three when
    anyone has a country; given `members` (of this workspace, with `user__working_hours`
    prefetched), none for them."""
    now = now or timezone.now()
    if members is None:
        members = list(members_of_workspace(workspace))
    members = [member for member in members if member.workspace_id == workspace.pk]
    times = working_time_by_member(members)
    rows = []
    for member in members:
        user = member.user
        local_now = now.astimezone(zoneinfo.ZoneInfo(user.time_zone))
        rows.append(
            TeamRow(
                member=member,
                local_now=local_now,
                hours_today=hours_on(user, now),
                working_now=is_working(times[member.pk], now),
                holiday=times[member.pk].day_off(local_now.date()),
            )
        )
    return rows

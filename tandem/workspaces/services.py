"""Every write to workspaces, memberships and invitations."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.lib import throttle
from tandem.lib.codes import new_code
from tandem.lib.throttle import Limit
from tandem.outbox.services import delivery_record
from tandem.workspaces import hooks
from tandem.workspaces.deliveries import INVITATION_CONFIRMATION, INVITATION_EMAIL
from tandem.workspaces.models import Invitation, Membership, Role, Workspace
from tandem.workspaces.selectors import invitation_confirmation_state, invitation_open_to

RESERVED_SLUGS = frozenset({"new", "admin", "api", "static", "media", "accounts", "healthz"})


def _free_slug(name: str) -> str:
    base = slugify(name)[:40] or "workspace"
    if base not in RESERVED_SLUGS and not Workspace.objects.filter(slug=base).exists():
        return base
    return f"{base}-{new_code(5)}"


def workspace_create(
    *,
    actor: User,
    name: str,
    currency: str = "USD",
    week_start: int = 0,
    response_time_hours: int = 24,
    slug: str | None = None,
) -> Workspace:
    """Create a workspace; its creator becomes its owner."""
    with transaction.atomic():
        workspace = Workspace(
            name=name.strip(),
            slug=slug or _free_slug(name),
            currency=currency,
            week_start=week_start,
            response_time_hours=response_time_hours,
        )
        workspace.full_clean()
        workspace.save()
        Membership.objects.create(workspace=workspace, user=actor, role=Role.OWNER)
    return workspace


def workspace_update(
    *,
    actor: Membership,
    name: str,
    currency: str,
    week_start: int,
    response_time_hours: int,
    assistants_can_announce: bool | None = None,
    language: str | None = None,
) -> Workspace:
    if not actor.is_owner:
        raise PermissionDenied
    workspace = actor.workspace
    workspace.name = name.strip()
    workspace.currency = currency
    workspace.week_start = week_start
    workspace.response_time_hours = response_time_hours
    fields = ["name", "currency", "week_start", "response_time_hours"]
    if assistants_can_announce is not None:
        workspace.assistants_can_announce = assistants_can_announce
        fields.append("assistants_can_announce")
    if language is not None:
        workspace.language = language
        fields.append("language")
    workspace.full_clean(exclude=["slug"])
    workspace.save(update_fields=fields)
    return workspace


def invitation_create(*, actor: Membership, email: str, role: str, language: str) -> Invitation:
    """Invite `email` to the actor's workspace. A new invitation replaces a pending one."""
    if not actor.can_invite(role):
        raise PermissionDenied
    email = email.strip().lower()
    workspace = actor.workspace
    if Membership.objects.active().filter(workspace=workspace, user__email=email).exists():
        raise ValidationError({"email": _("%(email)s is already a member.") % {"email": email}})
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.pending(now).filter(workspace=workspace, email=email).update(
            revoked_at=now
        )
        invitation = Invitation.objects.create(
            workspace=workspace,
            email=email,
            role=role,
            invited_by=actor.user,
            language=language,
            created_at=now,
            expires_at=now + settings.INVITATION_VALID_FOR,
        )
        delivery_record(INVITATION_EMAIL, {"invitation": invitation.pk})
    return invitation


def invitation_revoke(*, actor: Membership, invitation: Invitation) -> None:
    if invitation.workspace_id != actor.workspace_id or not actor.can_invite(invitation.role):
        raise PermissionDenied
    updated = (
        Invitation.objects.pending().filter(pk=invitation.pk).update(revoked_at=timezone.now())
    )
    if not updated:
        raise ValidationError(_("This invitation is no longer pending."))


def invitation_accept(*, user: User, invitation: Invitation, confirmation: str = "") -> Membership:
    """Accept an invitation once: the first acceptance wins, every later one is refused.

    An owner's or a manager's invitation is accepted by the invited email's account, or by
    the account a confirmation link sent to that email names (`confirmation`, its token).
    """
    if not invitation_open_to(invitation, user) and (
        not confirmation
        or invitation_confirmation_state(confirmation, invitation=invitation, user=user) != "valid"
    ):
        raise ValidationError(
            _("This invitation is for %(email)s. Accept it signed in with that email.")
            % {"email": invitation.email}
        )
    workspace = invitation.workspace
    if Membership.objects.active().filter(workspace=workspace, user=user).exists():
        raise ValidationError(
            _("You are already a member of %(workspace)s.") % {"workspace": workspace.name}
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = (
                Invitation.objects.pending(now)
                .filter(pk=invitation.pk)
                .update(accepted_at=now, accepted_by=user)
            )
            if not claimed:
                raise ValidationError(_("This invitation has expired or has already been used."))
            membership = Membership.objects.create(
                workspace=workspace, user=user, role=invitation.role, joined_at=now
            )
            hooks.member_joined.send(membership, now=now)
    except IntegrityError:
        # The same person accepted in another tab a moment ago.
        raise ValidationError(
            _("You are already a member of %(workspace)s.") % {"workspace": workspace.name}
        ) from None
    return membership


# How many confirmation links one invitation may send in an hour: enough for a lost email,
# too few to flood the invited inbox.
CONFIRMATIONS = Limit("invitation-confirmation", 3, timedelta(hours=1))


def invitation_confirmation_send(*, user: User, invitation: Invitation, language: str) -> bool:
    """Email the invited address a link that lets `user` accept `invitation` (an owner's or a
    manager's, for an account with another email); False when too many were sent lately."""
    if not invitation.is_pending:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if invitation_open_to(invitation, user):
        raise ValidationError(_("You can accept this invitation as you are."))
    with transaction.atomic():
        if not throttle.allow([(CONFIRMATIONS, invitation.code)]):
            return False
        delivery_record(
            INVITATION_CONFIRMATION,
            {"invitation": invitation.pk, "user": user.pk, "language": language},
        )
    return True


def member_update(
    *, actor: Membership, member: Membership, role: str, partner: Membership | None
) -> Membership:
    """Change a member's role or supplying partner (owners only).

    A partner sees no task content, so nobody becomes a partner while work is still assigned
    to them: the owner reassigns or cancels it first, and chooses who takes it over.
    """
    if not actor.is_owner or member.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if member.pk == actor.pk and role != Role.OWNER:
        raise ValidationError({"role": _("You cannot change your own role. Ask another owner.")})
    if role != member.role:
        hooks.member_role_changing.send(member, role=role)
    if partner is not None and (
        partner.workspace_id != actor.workspace_id or partner.role != Role.PARTNER
    ):
        raise ValidationError({"partner": _("Choose a partner of this workspace.")})
    member.role = role
    member.partner = partner if role == Role.ASSISTANT else None
    with transaction.atomic():
        member.save(update_fields=["role", "partner"])
        hooks.member_role_changed.send(member)
    return member


def member_remove(*, actor: Membership, member: Membership) -> None:
    """Remove a member: they lose access on their very next request."""
    if member.workspace_id != actor.workspace_id or not actor.can_remove(member):
        raise PermissionDenied
    with transaction.atomic():
        removed = Membership.objects.active().filter(pk=member.pk).update(removed_at=timezone.now())
        if not removed:
            raise ValidationError(_("This person is no longer a member."))
        Membership.objects.filter(partner=member).update(partner=None)
        hooks.member_removed.send(member)


def member_contracted_hours_set(
    *, actor: Membership, member: Membership, hours: int | None
) -> Membership:
    """Owners and managers set an assistant's contracted hours per week (empty: not set)."""
    if not actor.can_delegate or member.workspace_id != actor.workspace_id:
        raise PermissionDenied
    if member.role != Role.ASSISTANT:
        raise ValidationError(_("Only assistants have contracted hours."))
    if hours is not None and not 1 <= hours <= 80:
        raise ValidationError({"contracted_hours_per_week": _("Between 1 and 80 hours.")})
    with transaction.atomic():
        member.contracted_hours_per_week = hours
        member.save(update_fields=["contracted_hours_per_week"])
    return member

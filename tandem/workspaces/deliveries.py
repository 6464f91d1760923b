"""Emails of workspaces, sent through the outbox (tandem/outbox)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from tandem.accounts.models import User
from tandem.lib.crashpoints import crash_point
from tandem.lib.email import send_templated
from tandem.outbox.models import Delivery
from tandem.workspaces.models import Invitation
from tandem.workspaces.selectors import invitation_confirmation_token, invitation_token

INVITATION_EMAIL = "workspaces.invitation_email"
INVITATION_CONFIRMATION = "workspaces.invitation_confirmation"


def invitation_email_deliver(delivery: Delivery) -> None:
    """Email one invitation (payload: its id), unless it was sent, revoked or accepted since.

    The delivery's lease keeps a second runner out; `email_sent_at`, set once the mail server
    accepted it, keeps a later run from sending it again.
    """
    invitation = (
        Invitation.objects.pending()
        .filter(pk=delivery.payload["invitation"], email_sent_at__isnull=True)
        .select_related("workspace", "invited_by")
        .first()
    )
    if invitation is None:
        return
    send_templated(
        to=invitation.email,
        template="workspaces/email/invitation",
        context={
            "invitation": invitation,
            "inviter": invitation.invited_by,
            "workspace": invitation.workspace,
            "token": invitation_token(invitation),
        },
        language=invitation.language,
        reply_to=invitation.invited_by.email if invitation.invited_by else None,
        message_id=f"<invitation-{invitation.pk}-{delivery.code}@tandem>",
    )
    crash_point("email.sent")
    Invitation.objects.filter(pk=invitation.pk, email_sent_at__isnull=True).update(
        email_sent_at=timezone.now()
    )


def invitation_confirmation_deliver(delivery: Delivery) -> None:
    """Email the invited address a link that lets one signed-in account accept the invitation
    (payload: the invitation, the account, the language it was asked in), unless the
    invitation is no longer pending.

    The link is made when the email is sent, so no token is stored; sent again after a crash,
    it carries the same Message-ID and a link as good as the first.
    """
    invitation = (
        Invitation.objects.pending()
        .filter(pk=delivery.payload["invitation"])
        .select_related("workspace")
        .first()
    )
    user = User.objects.filter(pk=delivery.payload["user"], is_active=True).first()
    if invitation is None or user is None:
        return
    send_templated(
        to=invitation.email,
        template="workspaces/email/invitation_confirmation",
        context={
            "invitation": invitation,
            "workspace": invitation.workspace,
            "account": user,
            "token": invitation_token(invitation),
            "confirmation": invitation_confirmation_token(invitation, user),
            "valid_hours": int(settings.INVITATION_CONFIRMATION_VALID_FOR.total_seconds() // 3600),
        },
        language=delivery.payload.get("language") or invitation.language,
        message_id=f"<invitation-confirmation-{invitation.pk}-{delivery.code}@tandem>",
    )
    crash_point("email.sent")

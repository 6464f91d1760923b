"""Emails of workspaces, sent through the outbox (tandem/outbox)."""

from __future__ import annotations

from django.utils import timezone

from tandem.lib.crashpoints import crash_point
from tandem.lib.email import send_templated
from tandem.outbox.models import Delivery
from tandem.workspaces.models import Invitation
from tandem.workspaces.selectors import invitation_token

INVITATION_EMAIL = "workspaces.invitation_email"


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

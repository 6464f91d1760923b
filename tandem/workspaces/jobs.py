"""Background jobs of workspaces: they take ids, re-read the rows, and are safe to run twice."""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tandem.lib.email import send_templated
from tandem.workspaces.idempotency import KEPT, form_keys_prune
from tandem.workspaces.models import Invitation
from tandem.workspaces.selectors import invitation_token


@db_task(retries=3, retry_delay=60)
def send_invitation_email(invitation_id: int) -> None:
    # Claim the sending first, so a job enqueued twice sends one email.
    claimed = Invitation.objects.pending().filter(pk=invitation_id, email_sent_at__isnull=True)
    if not claimed.update(email_sent_at=timezone.now()):
        return
    invitation = Invitation.objects.select_related("workspace", "invited_by").get(pk=invitation_id)
    try:
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
        )
    except Exception:
        # Let the retry send it.
        Invitation.objects.filter(pk=invitation_id).update(email_sent_at=None)
        raise


@db_periodic_task(crontab(minute="17", hour="4"))
def prune_form_keys() -> int:
    """Once a day, forget the form keys older than a week; running it twice deletes nothing more."""
    return form_keys_prune(before=timezone.now() - KEPT)

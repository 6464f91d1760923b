"""Emails of accounts, sent through the outbox (tandem/outbox)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tandem.accounts.models import User
from tandem.lib.crashpoints import crash_point
from tandem.outbox.models import Delivery

PASSWORD_RESET = "accounts.password_reset"  # noqa: S105 (a handler name)


def password_reset_deliver(delivery: Delivery) -> None:
    """Email a password reset link (payload: the user and the language they asked in).

    The link is made when the email is sent, so no token is ever stored; a link sent again
    after a crash is as good as the first.
    """
    user = User.objects.filter(pk=delivery.payload["user"], is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL,
    }
    with translation.override(delivery.payload.get("language") or user.language):
        subject = " ".join(
            loader.render_to_string("accounts/email/password_reset_subject.txt", context).split()
        )
        body = loader.render_to_string("accounts/email/password_reset.txt", context)
    EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[user.email],
        headers={"Message-ID": f"<password-reset-{delivery.code}@tandem>"},
    ).send()
    crash_point("email.sent")

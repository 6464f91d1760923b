"""Background jobs of accounts."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=30)
def send_prepared_email(*, to: str, subject: str, body: str, html: str | None = None) -> None:
    """Send an email rendered in the request that asked for it (a password reset link)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()

"""Rendering and sending email in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    reply_to: str | None = None,
    message_id: str | None = None,
) -> None:
    """Send `<template>_subject.txt`, `<template>.txt` and `<template>.html`, in `language`.

    `message_id` names the email for good: an email sent again after a crash carries the same
    one, so mail programs show it once.
    """
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
        headers={"Message-ID": message_id} if message_id else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()

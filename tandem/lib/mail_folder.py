"""An email backend for development: each email is a file of its own in a folder (`.eml`, which
mail programs open), and the log says one line per email: to whom, its subject and its file."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

logger = logging.getLogger("tandem.mail")


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH).resolve()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.eml"
            path = self.folder / name
            path.write_bytes(message.message().as_bytes())
            logger.info("Email to %s: %s (%s)", ", ".join(message.to), message.subject, path)
            sent += 1
        return sent

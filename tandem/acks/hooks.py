"""What the apps above acks do when someone acknowledges (see `tandem/lib/hooks.py`)."""

from __future__ import annotations

from django.db import models

from tandem.acks.models import Acknowledgement
from tandem.lib.hooks import Hook


@Hook
def acknowledged(ack: Acknowledgement, subject: models.Model, /) -> None:
    """`ack.member` acknowledged (or replied to) `subject`, once. Sent inside the transaction
    that recorded it; a receiver acts on the kinds it owns (`ack.kind`) and schedules its side
    effects with notify or on_commit."""

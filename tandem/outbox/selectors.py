"""Reads of the outbox: how late the oldest undelivered row is."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Min

from tandem.outbox.models import Delivery

# The sweep runs every minute: a row past its due time by less than this is on its way.
GRACE = timedelta(minutes=1)


def oldest_overdue_delivery(now: datetime) -> datetime | None:
    """When the oldest delivery that should have been done by now was recorded (None: none)."""
    return Delivery.objects.filter(done_at__isnull=True, due_at__lt=now - GRACE).aggregate(
        oldest=Min("created_at")
    )["oldest"]

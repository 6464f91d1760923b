"""Running deliveries: claim one row under a lease, run its handler, mark it done.

Every delivery is claimed, run and marked on its own, never per chunk, so a process killed in
the middle of many leaves exactly the unfinished ones for the sweep. A claim is a conditional
update, so two runners never hold one row at once: the fast path takes only rows never tried,
the sweep only rows whose lease (or back-off) has passed.

Handlers must be safe to run again: a process killed after the handler but before the row was
marked done runs it once more. Notifications are idempotent by their event key; an email is
sent again, with the same Message-ID (the one window the README names).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from tandem.lib.crashpoints import crash_point
from tandem.outbox import registry
from tandem.outbox.models import Delivery

log = logging.getLogger(__name__)

# How many due rows one run of the sweep takes; the next run takes the rest.
SWEEP_BATCH = 1000
# A failing delivery is tried again after 1, 2, 4 … minutes, at most an hour apart.
MAX_BACKOFF = timedelta(hours=1)


def lease() -> timedelta:
    """How long a runner holds a delivery before another may take it."""
    return timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** max(0, attempts - 1)), MAX_BACKOFF)


def delivery_run(pk: int, *, now: datetime | None = None, redelivery: bool = False) -> bool:
    """Deliver one row if nobody else holds it; return whether it was delivered now."""
    now = now or timezone.now()
    row = Delivery.objects.filter(pk=pk, done_at__isnull=True).first()
    if row is None:
        return False
    claim = Delivery.objects.filter(pk=pk, done_at__isnull=True, due_at=row.due_at)
    # The sweep takes a row whose lease passed; the fast path only a row never tried.
    claim = claim.filter(due_at__lte=now) if redelivery else claim.filter(attempts=0)
    held_until = now + lease()
    if not claim.update(due_at=held_until, attempts=F("attempts") + 1):
        return False  # another runner holds it, or it is not due
    row.attempts += 1
    try:
        registry.get(row.handler)(row)
    except Exception as error:
        log.exception("Delivery %s (%s) failed; trying again later.", row.code, row.handler)
        Delivery.objects.filter(pk=pk, done_at__isnull=True, due_at=held_until).update(
            due_at=timezone.now() + backoff(row.attempts), last_error=repr(error)[:2000]
        )
        return False
    crash_point("outbox.handled")
    Delivery.objects.filter(pk=pk, done_at__isnull=True).update(
        done_at=timezone.now(), due_at=None, last_error=""
    )
    crash_point("outbox.delivered")
    return True


def deliveries_run(ids: Sequence[int]) -> int:
    """The fast path: deliver each of `ids` not yet tried; return how many were delivered."""
    return sum(delivery_run(pk) for pk in ids)


def deliveries_due(now: datetime) -> list[int]:
    """The ids of deliveries due by `now`, oldest first, through the partial index
    `delivery_due`; an idle sweep is this one query."""
    return list(
        Delivery.objects.filter(done_at__isnull=True, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def deliveries_redeliver(now: datetime | None = None) -> int:
    """The guarantee: deliver every row whose lease or back-off has passed; return how many
    were delivered."""
    now = now or timezone.now()
    due = deliveries_due(now)
    delivered = sum(delivery_run(pk, now=now, redelivery=True) for pk in due)
    if due:
        log.info("Redelivered %d of %d due deliveries.", delivered, len(due))
    return delivered

"""Running deliveries: claim one row under a lease, run its handler, mark it done.

The rows a runner takes are claimed together, in one short transaction; then each is run (the
rows of a batch handler together) and marked done on its own, never per chunk, so a process
killed in the middle of many leaves exactly the unfinished ones for the sweep, once their lease
has passed. Two runners never hold one row at once: the fast path takes only rows never tried,
the sweep only rows whose lease (or back-off) has passed, each under a row lock.

Handlers must be safe to run again: a process killed after the handler but before the row was
marked done runs it once more. Notifications are idempotent by their event key; an email is
sent again, with the same Message-ID (the one window the README names).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
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


def _claim(ids: Sequence[int], *, now: datetime, redelivery: bool) -> list[Delivery]:
    """Take the rows of `ids` that nobody holds, for one lease, in one short transaction.

    The fast path takes only rows never tried; the sweep only rows whose lease or back-off has
    passed. On PostgreSQL a row another runner is claiming at this moment is skipped (it has
    it); SQLite runs one writing transaction at a time.
    """
    if not ids:
        return []
    held_until = now + lease()
    free = Delivery.objects.filter(pk__in=list(ids), done_at__isnull=True)
    free = free.filter(due_at__lte=now) if redelivery else free.filter(attempts=0)
    with transaction.atomic():
        rows = list(free.select_for_update(skip_locked=True).order_by("due_at", "pk"))
        if rows:
            Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
                due_at=held_until, attempts=F("attempts") + 1
            )
    for row in rows:
        row.due_at, row.attempts = held_until, row.attempts + 1
    return rows


def _fail(row: Delivery, error: Exception) -> None:
    log.error("Delivery %s (%s) failed; trying again later.", row.code, row.handler, exc_info=error)
    Delivery.objects.filter(pk=row.pk, done_at__isnull=True, due_at=row.due_at).update(
        due_at=timezone.now() + backoff(row.attempts), last_error=repr(error)[:2000]
    )


def _mark_done(row: Delivery) -> None:
    crash_point("outbox.handled")
    Delivery.objects.filter(pk=row.pk, done_at__isnull=True).update(
        done_at=timezone.now(), due_at=None, last_error=""
    )
    crash_point("outbox.delivered")


def _run(row: Delivery) -> bool:
    """Run one claimed row's handler and mark it done, or give it its back-off."""
    try:
        registry.get(row.handler).single(row)
    except Exception as error:
        _fail(row, error)
        return False
    _mark_done(row)
    return True


def _run_all(rows: Sequence[Delivery]) -> int:
    """Run claimed rows, those of a batch handler together; each row is marked done on its own.
    A batch that fails is run again row by row, so only the failing row waits."""
    by_handler: dict[str, list[Delivery]] = {}
    for row in rows:
        by_handler.setdefault(row.handler, []).append(row)
    delivered = 0
    for name, group in by_handler.items():
        batch = registry.get(name).batch
        if batch is not None and len(group) > 1:
            try:
                batch(group)
            except Exception:
                log.exception("A batch of %d %s deliveries failed; one by one.", len(group), name)
            else:
                for row in group:
                    _mark_done(row)
                delivered += len(group)
                continue
        delivered += sum(_run(row) for row in group)
    return delivered


def deliveries_run(ids: Sequence[int], *, now: datetime | None = None) -> int:
    """The fast path: deliver each of `ids` not yet tried; return how many were delivered."""
    return _run_all(_claim(ids, now=now or timezone.now(), redelivery=False))


def delivery_run(pk: int, *, now: datetime | None = None) -> bool:
    """The fast path for one row."""
    return deliveries_run([pk], now=now) == 1


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
    delivered = _run_all(_claim(due, now=now, redelivery=True))
    if due:
        log.info("Redelivered %d of %d due deliveries.", delivered, len(due))
    return delivered

"""Recording deliveries, in the transaction of the event they tell of.

`delivery_record` is called inside the service's `transaction.atomic()`, next to the rows of
the event itself: both commit, or neither. After commit a job delivers them at once (the fast
path); if that job is lost (a process killed before it was queued, a consumer killed while it
ran it), the redelivery sweep delivers them once their lease has passed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.lib.codes import new_code
from tandem.lib.crashpoints import crash_point
from tandem.outbox import jobs, registry
from tandem.outbox.models import Delivery
from tandem.outbox.runner import lease

log = logging.getLogger(__name__)


def delivery_record(
    handler: str, payload: dict[str, Any], *, now: datetime | None = None
) -> Delivery:
    """Record one delivery of `handler` with `payload` (plain ids) in the current transaction."""
    return deliveries_record(handler, [payload], now=now)[0]


def deliveries_record(
    handler: str, payloads: Iterable[dict[str, Any]], *, now: datetime | None = None
) -> list[Delivery]:
    """Record a delivery for each payload, in one insert, in the current transaction; they are
    delivered after commit. Each is delivered, and marked done, on its own."""
    if not registry.is_registered(handler):
        raise LookupError(f"No delivery handler is registered under {handler!r}.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Record a delivery inside the transaction of the event it tells of.")
    now = now or timezone.now()
    rows = [
        Delivery(
            code=new_code(), handler=handler, payload=payload, created_at=now, due_at=now + lease()
        )
        for payload in payloads
    ]
    if not rows:
        return []
    created = Delivery.objects.bulk_create(rows)
    # SQLite and PostgreSQL both return the new ids from a bulk insert.
    transaction.on_commit(partial(_enqueue, [row.pk for row in created]))
    return created


def _enqueue(ids: Sequence[int]) -> None:
    """After commit: the fast path. A queue that refuses the job loses nothing: the redelivery
    sweep takes the rows once their lease has passed."""
    crash_point("outbox.committed")
    try:
        jobs.deliver(list(ids))
    except Exception:
        log.exception(
            "Could not queue the delivery of %d rows; the sweep will deliver them.", len(ids)
        )

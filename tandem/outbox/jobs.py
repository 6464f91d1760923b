"""Background jobs of the outbox: the fast path after commit, and the redelivery sweep."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from tandem.outbox import runner


@db_task()
def deliver(delivery_ids: list[int]) -> int:
    """Deliver rows just recorded. Not retried by the queue: a failed row gets its back-off, and
    the sweep takes it then; a lost job leaves its rows to the sweep as well."""
    return runner.deliveries_run(delivery_ids)


@db_periodic_task(crontab())
def redeliver() -> int:
    """Deliver every row whose lease has passed (index `delivery_due`)."""
    return runner.deliveries_redeliver()

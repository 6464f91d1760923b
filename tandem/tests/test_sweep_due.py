"""The due-row sweep helper: every due row acted on, at most a batch, one failure pushed forward
without stopping the others."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from tandem.lib.schedule import sweep_due
from tandem.outbox.models import Delivery

NOW = datetime(2026, 6, 10, 12, tzinfo=UTC)
log = logging.getLogger("tandem.tests.sweep")


def make_rows(*minutes_ago: int) -> list[Delivery]:
    return [
        Delivery.objects.create(handler=f"row-{minutes}", due_at=NOW - timedelta(minutes=minutes))
        for minutes in minutes_ago
    ]


def due() -> object:
    return Delivery.objects.filter(done_at__isnull=True, due_at__lte=NOW).order_by("due_at")


def claim(row: Delivery) -> bool:
    return bool(
        Delivery.objects.filter(pk=row.pk, due_at=row.due_at).update(due_at=NOW + timedelta(days=1))
    )


def test_it_acts_on_each_due_row_oldest_first_and_sums(db):
    make_rows(1, 3, 2)
    seen: list[str] = []

    def act(row: Delivery) -> int:
        seen.append(row.handler)
        return claim(row)

    assert sweep_due(due(), act, name="test", log=log, batch=10) == 3
    assert seen == ["row-3", "row-2", "row-1"]
    assert not due().exists()


def test_it_reads_at_most_a_batch(db, django_assert_num_queries):
    make_rows(1, 2, 3)
    with django_assert_num_queries(1):
        assert sweep_due(due(), lambda row: 1, name="test", log=log, batch=2) == 2


def test_an_idle_sweep_is_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert sweep_due(due(), claim, name="test", log=log, batch=10) == 0


def test_a_failing_row_is_logged_pushed_forward_and_does_not_stop_the_others(db, caplog):
    broken, fine = make_rows(2, 1)
    retry_at = NOW + timedelta(hours=1)

    def act(row: Delivery) -> bool:
        if row.pk == broken.pk:
            raise RuntimeError("broken")
        return claim(row)

    with caplog.at_level(logging.ERROR, logger=log.name):
        done = sweep_due(
            due(), act, name="test", log=log, batch=10, due_field="due_at", retry_at=retry_at
        )
    assert done == 1
    assert f"test: {broken.pk} failed" in caplog.text
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.due_at == retry_at
    assert fine.due_at == NOW + timedelta(days=1)


def test_a_failing_row_someone_else_moved_is_not_pushed(db):
    (row,) = make_rows(1)
    moved = NOW + timedelta(minutes=5)

    def act(read: Delivery) -> bool:
        Delivery.objects.filter(pk=read.pk).update(due_at=moved)  # another process got there
        raise RuntimeError("late")

    sweep_due(due(), act, name="test", log=log, batch=10, due_field="due_at", retry_at=NOW)
    row.refresh_from_db()
    assert row.due_at == moved


def test_without_a_due_field_a_failing_row_waits_for_the_next_run(db):
    (row,) = make_rows(1)

    def act(read: Delivery) -> bool:
        raise RuntimeError("broken")

    assert sweep_due(due(), act, name="test", log=log, batch=10) == 0
    row.refresh_from_db()
    assert row.due_at == NOW - timedelta(minutes=1)

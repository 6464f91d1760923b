"""The outbox: recorded with the event, delivered once by the job after commit, taken by the
sweep once a lease or back-off has passed, each row on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from conftest import plan_of
from tandem.outbox import registry, runner
from tandem.outbox.models import Delivery
from tandem.outbox.selectors import oldest_overdue_delivery
from tandem.outbox.services import deliveries_record, delivery_record

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=120)


@pytest.fixture
def delivered():
    """A handler of our own, `test.remember`, that keeps what it delivered; it fails for a
    payload that asks it to."""
    seen: list[int] = []

    def remember(delivery: Delivery) -> None:
        if delivery.payload.get("fail"):
            raise RuntimeError("the mail server said no")
        seen.append(delivery.payload["n"])

    registry.register("test.remember", remember)
    yield seen
    registry.unregister("test.remember")


def record(*payloads: dict) -> list[Delivery]:
    with transaction.atomic():
        return deliveries_record("test.remember", payloads)


def test_it_refuses_a_second_handler_under_one_name(delivered):
    with pytest.raises(registry.AlreadyRegistered):
        registry.register("test.remember", lambda delivery: None)


def test_it_refuses_an_unknown_handler(delivered):
    with pytest.raises(LookupError), transaction.atomic():
        delivery_record("test.nobody", {})
    assert Delivery.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_delivery_outside_the_events_transaction(delivered):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        delivery_record("test.remember", {"n": 1})
    assert Delivery.objects.count() == 0


def test_it_delivers_after_commit_and_marks_each_row_done(
    delivered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = record({"n": 1}, {"n": 2})
    assert delivered == []  # nothing before commit
    for callback in callbacks:
        callback()
    assert delivered == [1, 2]
    assert all(row.done_at and row.due_at is None for row in Delivery.objects.all())
    assert {row.attempts for row in Delivery.objects.filter(pk__in=[r.pk for r in rows])} == {1}


def test_it_records_nothing_for_an_event_that_rolls_back(
    delivered, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        record({"n": 1})
        1 / 0  # noqa: B018
    assert Delivery.objects.count() == 0
    assert delivered == []


def test_it_redelivers_a_lost_job_once_its_lease_passed(delivered):
    with time_machine.travel(START, tick=False):
        (row,) = record({"n": 7})  # its job is lost: no commit callback runs here
    assert row.due_at == START + LEASE
    with time_machine.travel(START + LEASE - timedelta(seconds=1), tick=False):
        assert runner.deliveries_redeliver() == 0
    with time_machine.travel(START + LEASE, tick=False):
        assert runner.deliveries_redeliver() == 1
        assert runner.deliveries_redeliver() == 0
    assert delivered == [7]
    # The job, arriving late, finds the row done.
    assert runner.deliveries_run([row.pk]) == 0
    assert delivered == [7]


def test_the_job_never_takes_a_row_the_sweep_has(delivered):
    with time_machine.travel(START, tick=False):
        (row,) = record({"n": 1})
    # The sweep claimed it (attempt 1) and is still running it.
    Delivery.objects.filter(pk=row.pk).update(attempts=1, due_at=START + 2 * LEASE)
    with time_machine.travel(START + LEASE, tick=False):
        assert runner.deliveries_run([row.pk]) == 0
        assert runner.deliveries_redeliver() == 0  # its lease is not over
    assert delivered == []


def test_it_backs_off_a_failing_row_without_holding_up_the_others(delivered):
    with time_machine.travel(START, tick=False):
        failing, fine = record({"fail": True}, {"n": 2})
        assert runner.deliveries_run([failing.pk, fine.pk]) == 1
    failing.refresh_from_db()
    assert delivered == [2]
    assert failing.done_at is None
    assert failing.attempts == 1
    assert failing.due_at == START + timedelta(minutes=1)
    assert "the mail server said no" in failing.last_error
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        assert runner.deliveries_redeliver() == 0
    failing.refresh_from_db()
    assert failing.attempts == 2
    assert failing.due_at == START + timedelta(minutes=3)  # then two minutes on
    Delivery.objects.filter(pk=failing.pk).update(payload={"n": 3})  # the server is back
    with time_machine.travel(START + timedelta(minutes=3), tick=False):
        assert runner.deliveries_redeliver() == 1
    assert delivered == [2, 3]


def test_it_backs_off_at_most_an_hour():
    assert runner.backoff(1) == timedelta(minutes=1)
    assert runner.backoff(4) == timedelta(minutes=8)
    assert runner.backoff(30) == timedelta(hours=1)


def test_an_idle_sweep_is_one_query_through_the_partial_index(delivered):
    with time_machine.travel(START, tick=False):
        (row,) = record({"n": 1})
        runner.deliveries_run([row.pk])
    with CaptureQueriesContext(connection) as queries:
        assert runner.deliveries_redeliver(START + timedelta(days=1)) == 0
    assert len(queries) == 1
    due = Delivery.objects.filter(done_at__isnull=True, due_at__lte=START).values_list("pk")
    assert "delivery_due" in plan_of(due.order_by("due_at")[:1000])


def test_it_reports_since_when_the_oldest_overdue_row_waits(delivered):
    with time_machine.travel(START, tick=False):
        record({"n": 1})
    # Its lease, then one sweep's minute of grace.
    assert oldest_overdue_delivery(START + LEASE + timedelta(seconds=60)) is None
    assert oldest_overdue_delivery(START + LEASE + timedelta(seconds=61)) == START


@pytest.fixture
def batched(delivered):
    """`test.remember` with a batch handler too, which keeps each batch it was given."""
    batches: list[list[int]] = []

    def remember_all(deliveries) -> None:
        if any(delivery.payload.get("fail") for delivery in deliveries):
            raise RuntimeError("one of them is bad")
        batches.append([delivery.payload["n"] for delivery in deliveries])

    single = registry.get("test.remember").single
    registry.unregister("test.remember")
    registry.register("test.remember", single, batch=remember_all)
    yield batches


def test_a_batch_handler_gets_the_claimed_rows_together_and_each_is_marked(
    batched, delivered, django_assert_num_queries
):
    with time_machine.travel(START, tick=False):
        rows = record({"n": 1}, {"n": 2}, {"n": 3})
    # The due rows; their claim (select and update, in a savepoint inside the test's
    # transaction); then one mark per row.
    with (
        time_machine.travel(START + LEASE, tick=False),
        django_assert_num_queries(1 + 4 + len(rows)),
    ):
        assert runner.deliveries_redeliver() == 3
    assert batched == [[1, 2, 3]]
    assert delivered == []
    assert not Delivery.objects.filter(done_at__isnull=True).exists()


def test_a_failing_batch_is_run_again_row_by_row(batched, delivered):
    with time_machine.travel(START, tick=False):
        failing, fine = record({"fail": True}, {"n": 2})
        assert runner.deliveries_run([failing.pk, fine.pk]) == 1
    assert batched == []
    assert delivered == [2]
    failing.refresh_from_db()
    assert failing.done_at is None
    assert failing.due_at == START + timedelta(minutes=1)
    assert "the mail server said no" in failing.last_error

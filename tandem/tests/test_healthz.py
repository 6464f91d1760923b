from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import OperationalError, connection
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage

from tandem.notify.jobs import send_due_emails
from tandem.notify.services import notify


@pytest.mark.django_db
def test_it_reports_database_and_queue_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok", "deliveries": "ok"}


@pytest.mark.django_db
def test_it_names_the_database_when_it_is_down(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("the database is gone")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "down", "queue": "ok"}


@pytest.mark.django_db
def test_it_names_the_queue_when_it_is_down(client, monkeypatch):
    # A Redis queue storage at a port where nothing listens.
    unreachable = RedisStorage(HUEY.name, url="redis://127.0.0.1:9/0")
    monkeypatch.setattr(HUEY, "storage", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "database": "ok",
        "queue": "down",
        "deliveries": "ok",
    }


@pytest.mark.django_db
def test_it_reports_deliveries_late_and_fails_past_ten_minutes(client, owner, assistant):
    start = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        # Recorded with its email pending; the job that would send it never runs.
        notify(
            workspace=owner.workspace,
            recipients=[assistant],
            kind="task_assigned",
            event_key="task:t1:assigned",
            actor=owner,
            url="/w/alice/tasks/t1/",
            thread_key="task:t1",
            params={"task": "Write the newsletter"},
        )
    # Within its lease and the sweep's minute: on its way.
    with time_machine.travel(start + timedelta(minutes=3), tick=False):
        assert client.get("/healthz").json()["deliveries"] == "ok"
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "queue": "ok",
        "deliveries": "late",
        "deliveries_late_seconds": 300,
    }
    with time_machine.travel(start + timedelta(minutes=10, seconds=1), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "late"
    assert response.json()["deliveries_late_seconds"] == 601
    # The sweep sends it: on time again.
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        assert send_due_emails.call_local() == 1
        assert client.get("/healthz").json()["deliveries"] == "ok"


@pytest.mark.django_db
def test_it_checks_the_deliveries_in_two_queries_through_the_indexes(
    client, django_assert_num_queries
):
    # The session-less page: SELECT 1, the outbox's oldest overdue row, the emails' oldest.
    with django_assert_num_queries(3):
        client.get("/healthz")

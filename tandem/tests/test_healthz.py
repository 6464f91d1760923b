from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage


@pytest.mark.django_db
def test_it_reports_database_and_queue_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}


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
    assert response.json() == {"status": "down", "database": "ok", "queue": "down"}

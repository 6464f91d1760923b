"""A real Huey consumer, in its own process, delivers an invitation email.

It runs once with the SQLite queue storage and once with Redis (127.0.0.1:6379; skipped with a
message when Redis does not answer, except under CI=true, where that fails).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage, SqliteStorage

from tandem.workspaces import services
from tandem.workspaces.models import Invitation, Role

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def database_url() -> str:
    """The test database, as a URL another process can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {REDIS_URL} does not answer, and CI requires it: {error}")
        pytest.skip(f"Redis at {REDIS_URL} does not answer; start it to run this test.")


@pytest.fixture
def queue(request, tmp_path, monkeypatch):
    """Switch the queue from immediate mode to real storage that a consumer process shares."""
    kind = request.param
    env = {"HUEY_IMMEDIATE": "false", "TANDEM_DATA_DIR": str(tmp_path)}
    if kind == "redis":
        redis_or_skip()
        storage = RedisStorage(HUEY.name, url=REDIS_URL)
        env["HUEY_REDIS_URL"] = REDIS_URL
    else:
        storage = SqliteStorage(HUEY.name, filename=str(tmp_path / "huey.sqlite3"))
        env["HUEY_REDIS_URL"] = ""
    storage.flush_all()
    monkeypatch.setattr(HUEY, "_immediate", False)
    monkeypatch.setattr(HUEY, "storage", storage)
    yield env
    storage.flush_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("queue", ["sqlite", "redis"], indirect=True)
def test_a_real_consumer_delivers_the_invitation_email(queue, owner, tmp_path, client):
    invitation = services.invitation_create(
        actor=owner, email="sofia@example.com", role=Role.ASSISTANT, language="en"
    )
    assert HUEY.pending_count() == 1  # enqueued on commit, not run in this process

    mail_dir = tmp_path / "mail"
    env = (
        os.environ
        | queue
        | {
            "DATABASE_URL": database_url(),
            "EMAIL_URL": f"filemail://{mail_dir}",
        }
    )
    consumer = subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (mail_dir.exists() and any(mail_dir.iterdir())):
            assert consumer.poll() is None, consumer.stdout.read() if consumer.stdout else ""
            if time.monotonic() > deadline:
                consumer.terminate()
                pytest.fail(f"no email within 30 s: {consumer.communicate()[0]}")
            time.sleep(0.1)
    finally:
        consumer.terminate()
        consumer.wait(timeout=10)

    message = next(mail_dir.iterdir()).read_text()
    assert "To: sofia@example.com" in message
    assert "Alice Consulting" in message
    link = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", message)
    assert link
    assert client.get(link.group(1)).status_code == 200  # the consumer signed a valid link
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None
    assert Invitation.objects.count() == 1

"""Real processes for the tests: the test database as a URL another process opens, a queue that
a consumer process shares, and a way to run `manage.py` commands with the test's settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage, SqliteStorage

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


def manage(
    *args: str, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `python manage.py <args>` to its end (or its death) with the test's database."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url()} | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )

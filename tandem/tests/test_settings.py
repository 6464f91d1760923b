from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="tandem.example.com",
        TANDEM_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = manage("check", TANDEM_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_it_rejects_a_mistyped_boolean(tmp_path):
    result = manage("check", DEBUG="yes ", TANDEM_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def run_fresh(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Python in a fresh machine's environment: SQLite and its job queue in `data_dir`."""
    drop = {"DEBUG", "HTTPS", "SECRET_KEY", "DATABASE_URL", "HUEY_REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env |= {"TANDEM_DATA_DIR": str(data_dir), "SECRET_KEY": "fresh", "HUEY_IMMEDIATE": "false"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_importing_the_settings_creates_no_folder(tmp_path):
    data_dir = tmp_path / "missing"
    result = run_fresh(data_dir, "-c", "import tandem.settings as s; print(s.DATA_DIR)")
    assert result.returncode == 0, result.stderr
    assert str(data_dir) in result.stdout
    assert not data_dir.exists()


def test_manage_py_works_on_a_fresh_data_folder(tmp_path):
    # The database and the job queue's SQLite file are opened in a folder that manage.py makes.
    data_dir = tmp_path / "fresh" / "var"
    result = run_fresh(data_dir, "manage.py", "migrate", "--noinput", "-v0")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (data_dir / "tandem.sqlite3").is_file()
    assert (data_dir / "huey.sqlite3").is_file()

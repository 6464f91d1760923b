"""`make bench`: how fast the pages of a large workspace answer under load.

Builds a separate data folder (var/bench), migrates it, creates the "Bench Ltd" workspace with
5,000 tasks (`manage.py bench_data`), starts gunicorn with production settings and the same
worker settings as `make run` on a free port of 127.0.0.1, logs in over HTTP as the owner and as
an assistant, then for each page runs a closed-loop load generator (threads with their own
connections) for a bounded time after a warm-up, and prints and saves the figures:
requests per second, p50 and p95 latency, and the SQL queries one request makes (counted
in-process with the test client and the same session, against the same database).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "var" / "bench"
HOST = "127.0.0.1"
OWNER = "bench-owner@bench.test"
ASSISTANT = "bench-assistant-1@bench.test"
PASSWORD = "bench"  # noqa: S105 - the benchmark's published password
MAX_REQUESTS = 1_000_000  # per page: a second bound besides the time


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


def environment() -> dict[str, str]:
    DATA.mkdir(parents=True, exist_ok=True)
    key_file = DATA / "secret_key"
    if not key_file.exists() or not key_file.read_text().strip():
        key_file.write_text(secrets.token_urlsafe(50))
    cores = os.cpu_count() or 1
    return {
        "TANDEM_DATA_DIR": str(DATA),
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": key_file.read_text().strip(),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY") or str(2 * cores + 1),
    }


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("bench: gunicorn exited while starting")
        try:
            status, _body, _cookies = request(port, "GET", "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("bench: gunicorn did not answer /healthz in time")


def request(
    port: int, method: str, path: str, *, body: str = "", headers: dict[str, str] | None = None
) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _sep, val = pair.partition("=")
                cookies[key.strip()] = val.strip()
        return response.status, response.read(), cookies
    finally:
        connection.close()


def log_in(port: int, email: str) -> str:
    """Log in through the real login form; return the session cookie's value."""
    status, page, cookies = request(port, "GET", "/accounts/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not match or "csrftoken" not in cookies:
        raise SystemExit(f"bench: the login page did not answer as expected ({status})")
    form = urlencode(
        {"csrfmiddlewaretoken": match[1].decode(), "username": email, "password": PASSWORD}
    )
    status, _body, cookies = request(
        port,
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
    )
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"bench: could not log in as {email} ({status})")
    return cookies["sessionid"]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


def hammer(
    port: int, path: str, headers: dict[str, str], until: float, tally: Tally | None
) -> None:
    """One client of the closed loop: request, wait for the whole answer, repeat."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        while time.monotonic() < until:
            if tally is not None and len(tally.latencies) >= MAX_REQUESTS:
                return
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                ok = False
            if tally is not None:
                if ok:
                    tally.latencies.append(time.perf_counter() - started)
                else:
                    tally.errors += 1
    finally:
        connection.close()


def load(
    port: int, path: str, session: str | None, *, concurrency: int, warmup: float, duration: float
) -> dict[str, float]:
    headers = {"Host": HOST, "Connection": "keep-alive"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    tallies: list[Tally | None] = [None] * concurrency
    for phase, seconds in (("warm-up", warmup), ("measure", duration)):
        if phase == "measure":
            tallies = [Tally() for _ in range(concurrency)]
        until = time.monotonic() + seconds
        started = time.perf_counter()
        threads = [
            threading.Thread(target=hammer, args=(port, path, headers, until, tally))
            for tally in tallies
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    latencies = sorted(x for tally in tallies if tally for x in tally.latencies)
    errors = sum(tally.errors for tally in tallies if tally)
    if errors or not latencies:
        raise SystemExit(f"bench: {path} answered {errors} errors under load")

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return {
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(0.50), 1),
        "p95_ms": round(percentile(0.95), 1),
    }


def count_queries(path: str, session: str | None) -> int:
    """The SQL queries of one request, after a warm-up request, with the same session."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME=HOST)
    if session:
        client.cookies["sessionid"] = session
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"bench: {path} answered {response.status_code} in-process")
    return len(captured)


def sample_task_path() -> str:
    """A task with a full page: in review, with comments and history."""
    from django.db.models import Count

    from tandem.work.models import State, Task

    task = (
        Task.objects.filter(workspace__slug="bench", state=State.IN_REVIEW)
        .annotate(comments_count=Count("comments"))
        .order_by("-comments_count", "id")
        .first()
    )
    if task is None:
        raise SystemExit("bench: the bench workspace has no task in review")
    return f"/w/bench/tasks/{task.code}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per page")
    args = parser.parse_args()

    env = environment()
    os.environ.update(env)
    log(f"data in {DATA}; migrating and creating {args.tasks} tasks")
    manage("migrate", "--noinput", "-v0")
    manage("createcachetable")
    manage("collectstatic", "--noinput", "-v0")
    manage("bench_data", "--tasks", str(args.tasks))

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    django.setup()

    port = free_port()
    workers = env["WEB_CONCURRENCY"]
    log(f"gunicorn on {HOST}:{port}, {workers} sync workers")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "tandem.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            workers,
            "--worker-class",
            "sync",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        wait_until_up(port, server)
        owner = log_in(port, OWNER)
        assistant = log_in(port, ASSISTANT)
        pages = [
            ("floor", "/healthz", None),
            ("board", "/w/bench/board/", owner),
            ("list", "/w/bench/tasks/", owner),
            ("task", sample_task_path(), owner),
            ("my_day", "/w/bench/my-day/", assistant),
        ]
        results = []
        for name, path, session in pages:
            queries = count_queries(path, session)
            log(f"{name}: {path} ({args.duration:g} s at concurrency {args.concurrency})")
            figures = load(
                port,
                path,
                session,
                concurrency=args.concurrency,
                warmup=args.warmup,
                duration=args.duration,
            )
            results.append({"name": name, "path": path, **figures, "queries": queries})
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    floor = results[0]["rps"] or 1
    print()
    print(
        f"{'page':<8} {'rps':>9} {'of floor':>9} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  path"
    )
    for row in results:
        share = 100 * row["rps"] / floor
        print(
            f"{row['name']:<8} {row['rps']:>9.1f} {share:>8.1f}% {row['p50_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row['queries']:>8}  {row['path']}"
        )
    output = DATA / "results.json"
    output.write_text(json.dumps({"pages": results, "sweeps": []}, indent=2) + "\n")
    print(f"\nSaved {output.relative_to(ROOT)}")

    from bench import sweeps  # the silence sweep at scale, saved under "sweeps"

    sweeps.main([])


if __name__ == "__main__":
    main()

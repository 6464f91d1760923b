"""`make bench`: how fast the pages of a large workspace answer under load.

Builds a separate data folder (var/bench), migrates it, creates the "Bench Ltd" workspace with
5,000 tasks and 50,000 comments (`manage.py bench_data`) and an owner's task audit of 5,000
entries (`bench.generate.generate_audit`), starts gunicorn with production
settings and the same worker settings as `make run` on a free port of 127.0.0.1, logs in over
HTTP as the owner and as an assistant, then for each page runs a closed-loop load generator
(threads with their own connections) for a bounded time after a warm-up, and prints and saves
the figures: requests per second, p50 and p95 latency, and the SQL queries one request makes
(counted in-process with the test client and the same session, against the same database).

Then `comment_post`: the owner's clients post comments to tasks' threads as the browser does
(htmx, a fresh form key each time, the CSRF token of a page each client loaded), on this SQLite
database and then on PostgreSQL at BENCH_POSTGRES_URL (127.0.0.1 only) in a throwaway database,
each against the `/healthz` floor of its own server. Every answer must be 2xx or 3xx: the run
fails on any other status or a connection error ("database is locked" is a 500).

`--pages list,search` measures only those pages (and the floor), without comment_post and the
sweeps; `--pages-postgresql` measures them on PostgreSQL too, in a throwaway database with the
same data.
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
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "var" / "bench"
HOST = "127.0.0.1"
OWNER = "bench-owner@bench.test"
ASSISTANT = "bench-assistant-1@bench.test"
PASSWORD = "bench"  # noqa: S105 - the benchmark's published password
MAX_REQUESTS = 1_000_000  # per page: a second bound besides the time
PG_NAME = "tandem_bench_pages"  # the throwaway PostgreSQL database of comment_post
PG_PAGES_NAME = "tandem_bench_page_loads"  # the throwaway PostgreSQL database of the pages
PG_TASKS = 500  # tasks in it: posting a comment does not depend on how many there are
COMMENT_TASKS = 50  # comment_post spreads its comments over this many tasks' threads
COMMENT = "Checked the figures again; the totals match. @Max have a look when you can."
COMMENTS = 50_000  # in the bench workspace: the search page's volume
# A word in thousands of comments and hundreds of task titles.
SEARCH_PATH = "/w/bench/search/?q=invoices"


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
    errors: Counter[str] = field(default_factory=Counter)


# One request of a client: method, path, body and headers.
Request = tuple[str, str, str, dict[str, str]]


def hammer(
    port: int,
    next_request: Callable[[], Request],
    accept: Callable[[int], bool],
    until: float,
    tally: Tally | None,
) -> None:
    """One client of the closed loop: request, wait for the whole answer, repeat."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        while time.monotonic() < until:
            if tally is not None and len(tally.latencies) >= MAX_REQUESTS:
                return
            method, path, body, headers = next_request()
            started = time.perf_counter()
            error = ""
            try:
                connection.request(method, path, body=body or None, headers=headers)
                response = connection.getresponse()
                response.read()
                if not accept(response.status):
                    error = str(response.status)
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException) as problem:
                connection.close()
                error = type(problem).__name__
            if tally is not None:
                if error:
                    tally.errors[error] += 1
                else:
                    tally.latencies.append(time.perf_counter() - started)
    finally:
        connection.close()


def load(
    port: int,
    clients: list[Callable[[], Request]],
    *,
    accept: Callable[[int], bool],
    warmup: float,
    duration: float,
) -> dict[str, Any]:
    """Run one closed-loop client per request maker: a warm-up, then the measured time."""
    tallies: list[Tally | None] = [None] * len(clients)
    elapsed = 0.0
    for phase, seconds in (("warm-up", warmup), ("measure", duration)):
        if phase == "measure":
            tallies = [Tally() for _ in clients]
        until = time.monotonic() + seconds
        started = time.perf_counter()
        threads = [
            threading.Thread(target=hammer, args=(port, client, accept, until, tally))
            for client, tally in zip(clients, tallies, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    latencies = sorted(x for tally in tallies if tally for x in tally.latencies)
    errors: Counter[str] = Counter()
    for tally in tallies:
        if tally:
            errors.update(tally.errors)

    def percentile(share: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(0.50), 1),
        "p95_ms": round(percentile(0.95), 1),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
    }


def load_page(
    port: int, path: str, session: str | None, *, concurrency: int, warmup: float, duration: float
) -> dict[str, Any]:
    """GET one page from `concurrency` clients; every answer must be a 200."""
    headers = {"Host": HOST, "Connection": "keep-alive"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    request_: Request = ("GET", path, "", headers)
    figures = load(
        port,
        [lambda: request_] * concurrency,
        accept=lambda status: status == 200,
        warmup=warmup,
        duration=duration,
    )
    if figures["errors"] or not figures["requests"]:
        raise SystemExit(f"bench: {path} answered {figures['error_kinds']} under load")
    return figures


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


@contextmanager
def serving(env: dict[str, str], start_seconds: float = 30) -> Iterator[int]:
    """gunicorn with production settings and the workers of `make run`, on a free port."""
    port = free_port()
    log(f"gunicorn on {HOST}:{port}, {env['WEB_CONCURRENCY']} sync workers")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "tandem.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            env["WEB_CONCURRENCY"],
            "--worker-class",
            "sync",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port, server, start_seconds)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- comment_post: comments posted as the browser posts them ------------------------------


def comment_task_codes(port: int, session: str) -> list[str]:
    """Tasks in progress, from the list page as the owner sees it (the first page of them)."""
    status, page, _cookies = request(
        port,
        "GET",
        "/w/bench/tasks/?state=in_progress",
        headers={"Cookie": f"sessionid={session}"},
    )
    # Task codes are ten characters of tandem.lib.codes' alphabet ("new" is the form's page).
    links = re.findall(rb'href="/w/bench/tasks/([a-km-np-z2-9]{10})/"', page)
    codes = list(dict.fromkeys(links))
    if status != 200 or not codes:
        raise SystemExit(f"bench: found no task in progress to comment on ({status})")
    return [code.decode() for code in codes[:COMMENT_TASKS]]


def comment_client(port: int, session: str, codes: list[str], first: int) -> Callable[[], Request]:
    """One browser tab: it loads a task page once for its CSRF cookie and token, then posts
    comment after comment with htmx, each form with a fresh form key, going round the tasks."""
    status, page, cookies = request(
        port,
        "GET",
        f"/w/bench/tasks/{codes[first % len(codes)]}/",
        headers={"Cookie": f"sessionid={session}"},
    )
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or not match or "csrftoken" not in cookies:
        raise SystemExit(f"bench: the task page did not answer as expected ({status})")
    token = match[1].decode()
    headers = {
        "Host": HOST,
        "Connection": "keep-alive",
        "Cookie": f"sessionid={session}; csrftoken={cookies['csrftoken']}",
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "HX-Target": "comment-fields",
    }
    turn = [first]

    def next_request() -> Request:
        code = codes[turn[0] % len(codes)]
        turn[0] += 1
        body = urlencode(
            {"csrfmiddlewaretoken": token, "form_key": uuid.uuid4().hex, "body": COMMENT}
        )
        return ("POST", f"/w/bench/tasks/{code}/comments/", body, headers)

    return next_request


def comment_post(
    port: int, session: str, *, concurrency: int, warmup: float, duration: float
) -> dict[str, Any]:
    """The /healthz floor of this server, then comment_post against it."""
    floor = load_page(
        port, "/healthz", None, concurrency=concurrency, warmup=warmup, duration=duration
    )
    codes = comment_task_codes(port, session)
    clients = [comment_client(port, session, codes, index) for index in range(concurrency)]
    figures = load(
        port,
        clients,
        accept=lambda status: 200 <= status < 400,
        warmup=warmup,
        duration=duration,
    )
    return {
        **figures,
        "tasks": len(codes),
        "floor_rps": floor["rps"],
        "floor_p95_ms": floor["p95_ms"],
        "of_floor_pct": round(100 * figures["rps"] / (floor["rps"] or 1), 1),
    }


def comments_remove() -> int:
    """Remove what comment_post wrote to the SQLite bench data (its comments, by their text, and
    their notifications), so every run starts from the same threads."""
    from tandem.notify.models import Notification
    from tandem.work.models import Comment

    posted = Comment.objects.filter(workspace__slug="bench", body=COMMENT)
    keys = [f"comment:{pk}" for pk in posted.values_list("pk", flat=True)]
    for start in range(0, len(keys), 500):
        Notification.objects.filter(event_key__in=keys[start : start + 500]).delete()
    count, _per_model = posted.delete()
    return count


def comment_post_postgresql(
    url: str, *, concurrency: int, warmup: float, duration: float
) -> dict[str, Any] | None:
    """comment_post on PostgreSQL: a throwaway database on 127.0.0.1, its own server."""
    from bench.sweeps import postgres_admin, with_database

    admin = postgres_admin(url)
    if admin is None:
        if os.environ.get("CI") == "true":
            raise SystemExit(f"bench: PostgreSQL at {url} is unreachable")
        log(f"SKIPPED comment_post on PostgreSQL: nothing answers at {url}")
        return None
    admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {PG_NAME}")
    try:
        env = os.environ | {"DATABASE_URL": with_database(url, PG_NAME)}
        log(f"comment_post on PostgreSQL: migrating {PG_NAME}, {PG_TASKS} tasks")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        subprocess.run(
            [sys.executable, "manage.py", "bench_data", "--tasks", str(PG_TASKS)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        with serving(env) as port:
            owner = log_in(port, OWNER)
            log(f"comment_post on postgresql ({duration:g} s at concurrency {concurrency})")
            return comment_post(
                port, owner, concurrency=concurrency, warmup=warmup, duration=duration
            )
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        admin.close()


PAGE_NAMES = ("board", "list", "task", "my_day", "search", "planning")
# The owner's task audit behind the planning page: its analysis sums these.
AUDIT_ENTRIES = 5000
MAKE_AUDIT = f"from bench.generate import generate_audit; generate_audit(entries={AUDIT_ENTRIES})"


def measure_pages(
    port: int,
    owner: str,
    assistant: str,
    chosen: list[str] | None,
    timing: dict[str, Any],
    *,
    db: str,
) -> list[dict[str, Any]]:
    """The floor, then each page (all of them, or those chosen) under load. The SQL queries of
    a request are counted in-process, against this process's database: on SQLite only (the
    same code makes the same queries on PostgreSQL)."""
    pages: dict[str, tuple[Callable[[], str], str]] = {
        "board": (lambda: "/w/bench/board/", owner),
        "list": (lambda: "/w/bench/tasks/", owner),
        "task": (sample_task_path, owner),
        "my_day": (lambda: "/w/bench/my-day/", assistant),
        "search": (lambda: SEARCH_PATH, owner),
        "planning": (lambda: "/w/bench/planning/", owner),
    }
    rows: list[tuple[str, str, str | None]] = [("floor", "/healthz", None)]
    for name in PAGE_NAMES:
        if chosen is not None and name not in chosen:
            continue
        if name == "task" and db != "sqlite":
            log("the task page is measured on SQLite only (its task is picked there)")
            continue
        make_path, as_who = pages[name]
        rows.append((name, make_path(), as_who))
    results = []
    for name, path, session in rows:
        queries = count_queries(path, session) if db == "sqlite" else None
        log(f"{name} on {db}: {path} ({timing['duration']:g} s at {timing['concurrency']})")
        figures = load_page(port, path, session, **timing)
        results.append({"name": name, "db": db, "path": path, **figures, "queries": queries})
    return results


def print_pages(results: list[dict[str, Any]]) -> None:
    """Each page's figures against the floor of its own server."""
    print()
    if not results:
        return
    print(
        f"{'page':<8} {'db':<10} {'rps':>9} {'of floor':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'queries':>8}  path"
    )
    floor = 1.0
    for row in results:
        if row["name"] == "floor":
            floor = row["rps"] or 1
        share = 100 * row["rps"] / floor
        print(
            f"{row['name']:<8} {row.get('db', 'sqlite'):<10} {row['rps']:>9.1f} {share:>8.1f}% "
            f"{row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['queries'] or '-':>8}  "
            f"{row['path']}"
        )
    print()


def pages_postgresql(
    url: str, tasks: int, chosen: list[str], timing: dict[str, Any]
) -> list[dict[str, Any]]:
    """The chosen pages on PostgreSQL: a throwaway database on 127.0.0.1 with the same data,
    its own server and floor."""
    from bench.sweeps import postgres_admin, with_database

    admin = postgres_admin(url)
    if admin is None:
        log(f"SKIPPED the pages on PostgreSQL: nothing answers at {url}")
        return []
    admin.execute(f"DROP DATABASE IF EXISTS {PG_PAGES_NAME} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {PG_PAGES_NAME}")
    try:
        env = os.environ | {"DATABASE_URL": with_database(url, PG_PAGES_NAME)}
        log(f"pages on PostgreSQL: migrating {PG_PAGES_NAME}, {tasks} tasks, {COMMENTS} comments")
        analyze = "from django.db import connection; connection.cursor().execute('ANALYZE')"
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["createcachetable"],
            ["bench_data", "--tasks", str(tasks), "--comments", str(COMMENTS)],
            ["shell", "-c", MAKE_AUDIT],
            ["shell", "-c", analyze],
        ):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
        with serving(env, start_seconds=120) as port:
            owner = log_in(port, OWNER)
            assistant = log_in(port, ASSISTANT)
            return measure_pages(port, owner, assistant, chosen, timing, db="postgresql")
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_PAGES_NAME} WITH (FORCE)")
        admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per page")
    parser.add_argument(
        "--only-comments", action="store_true", help="only comment_post, without the sweeps"
    )
    parser.add_argument(
        "--no-sweeps", action="store_true", help="the pages and comment_post, without the sweeps"
    )
    parser.add_argument(
        "--pages",
        help=f"only these pages, comma-separated ({', '.join(PAGE_NAMES)}), and the floor",
    )
    parser.add_argument(
        "--pages-postgresql",
        action="store_true",
        help="with --pages: the same pages on PostgreSQL too",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args()
    chosen = None
    if args.pages:
        chosen = [name.strip() for name in args.pages.split(",") if name.strip()]
        unknown = set(chosen) - set(PAGE_NAMES)
        if unknown:
            parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    timing = {"concurrency": args.concurrency, "warmup": args.warmup, "duration": args.duration}

    env = environment()
    os.environ.update(env)
    log(f"data in {DATA}; migrating and creating {args.tasks} tasks")
    manage("migrate", "--noinput", "-v0")
    manage("createcachetable")
    manage("collectstatic", "--noinput", "-v0")
    manage("bench_data", "--tasks", str(args.tasks), "--comments", str(COMMENTS))
    log(f"the owner's task audit: {AUDIT_ENTRIES} entries")
    manage("shell", "-c", MAKE_AUDIT)

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    django.setup()

    results: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    with serving(os.environ.copy()) as port:
        owner = log_in(port, OWNER)
        assistant = log_in(port, ASSISTANT)
        if not args.only_comments:
            results = measure_pages(port, owner, assistant, chosen, timing, db="sqlite")
        if chosen is None:
            log(f"comment_post on sqlite ({args.duration:g} s at concurrency {args.concurrency})")
            log(f"removed {comments_remove()} comments left by an earlier run")
            try:
                comments.append({"db": "sqlite", **comment_post(port, owner, **timing)})
            finally:
                log(f"removed the {comments_remove()} comments posted")
    if chosen is not None:
        output = DATA / "results-pages.json"
        print_pages(results)
        output.write_text(json.dumps({"pages": results}, indent=2) + "\n")
        if args.pages_postgresql and args.postgres_url:
            results += pages_postgresql(args.postgres_url, args.tasks, chosen, timing)
            print_pages(results)
            output.write_text(json.dumps({"pages": results}, indent=2) + "\n")
        print(f"\nSaved {output.relative_to(ROOT)}")
        return
    if args.postgres_url:
        figures_pg = comment_post_postgresql(args.postgres_url, **timing)
        if figures_pg is not None:
            comments.append({"db": "postgresql", **figures_pg})

    print_pages(results)
    print(
        f"{'comment_post':<12} {'rps':>7} {'of floor':>9} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'errors':>6} {'floor rps':>10} {'floor p95':>10}"
    )
    for row in comments:
        print(
            f"{row['db']:<12} {row['rps']:>7.1f} {row['of_floor_pct']:>8.1f}% "
            f"{row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} {row['errors']:>6} "
            f"{row['floor_rps']:>10.1f} {row['floor_p95_ms']:>10.1f}"
            + (f"  {row['error_kinds']}" if row["errors"] else "")
        )
    output = DATA / "results.json"
    try:
        saved = json.loads(output.read_text()) if args.only_comments else {}
    except (FileNotFoundError, json.JSONDecodeError):
        saved = {}
    if not args.only_comments:
        saved = {"pages": results, "sweeps": []}  # the sweeps follow
    saved["comment_post"] = comments
    output.write_text(json.dumps(saved, indent=2) + "\n")
    print(f"\nSaved {output.relative_to(ROOT)}")
    failed = [row["db"] for row in comments if row["errors"] or not row["requests"]]

    if not (args.only_comments or args.no_sweeps):
        from bench import sweeps  # the silence sweep at scale, saved under "sweeps"

        sweeps.main([])
    if failed:
        raise SystemExit(f"bench: comment_post had errors on {', '.join(failed)}")


if __name__ == "__main__":
    main()

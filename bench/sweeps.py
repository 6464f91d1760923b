"""`make bench-sweeps` (and the second half of `make bench`): the silence sweep and the
redelivery sweep at scale.

For each database (SQLite, then PostgreSQL on 127.0.0.1) and size (100,000 and 1,000,000
presence rows; `--quick`: 20,000 and 200,000), a fresh database (var/bench/sweep-<rows>.sqlite3,
or the throwaway PostgreSQL database `tandem_bench_sweeps`) is migrated and filled by
bench/generate.py with the same 1,000 rows due, in a child process configured through
DATABASE_URL with production settings and queued (not immediate) jobs. After a warm-up
(ANALYZE and one idle sweep) it times one sweep that finds, claims and records the 1,000
escalations and checks that exactly the due rows were escalated, three times with the due rows
put back in between (the best counts; each run is printed), then times the sweep with nothing
due (best of 5). It also times the bare indexed query of the due rows, the floor.

Then the redelivery sweep (`redeliver`): as many deliveries as presence rows, all done but the
1,000 escalation deliveries of the silence sweep's last run, whose job was never consumed; it
times redelivering them for real (best of 3) and the idle sweep (best of 5), beside the bare
indexed query of the due deliveries.

The figures go under "sweeps" in var/bench/results.json (the page results are kept), with a
table, the targets and a profile of the sweep (queries, time in the database).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "var" / "bench"
SIZES = (100_000, 1_000_000)
QUICK_SIZES = (20_000, 200_000)
DUE = 1000
DUE_RUNS = 3  # the due rows are put back between runs
IDLE_RUNS = 5
PG_NAME = "tandem_bench_sweeps"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Targets of issue #5.
MAX_GROWTH = 1.5  # seconds at the large size / seconds at the small size
MAX_IDLE_PG = 0.020  # idle sweep at the large size on PostgreSQL
MAX_SWEEP = 5.0  # 1,000 escalations


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


# --- In the child: Django configured for one benchmark database ---------------------------


class QueryLog:
    """Counts the SQL queries run through Django and the time spent waiting for them."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))

    @property
    def seconds(self) -> float:
        return sum(seconds for seconds, _sql in self.queries)

    def slowest(self, count: int = 3) -> list[dict[str, Any]]:
        ranked = sorted(self.queries, key=lambda item: -item[0])[:count]
        return [{"ms": round(s * 1000, 2), "sql": sql[:300]} for s, sql in ranked]


@contextmanager
def logged() -> Iterator[QueryLog]:
    from django.db import connection

    queries = QueryLog()
    with connection.execute_wrapper(queries):
        yield queries


def due_query_seconds(now: Any, runs: int = IDLE_RUNS) -> tuple[float, int]:
    """The floor: the bare indexed query of the due rows (best of `runs`), and its row count."""
    from tandem.continuity.models import Presence

    best, found = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        found = len(
            list(
                Presence.objects.filter(next_step_at__lte=now).values_list(
                    "id", "member_id", "step", "last_active_at", "next_step_at"
                )
            )
        )
        best = min(best, time.perf_counter() - started)
    return best, found


def measure(
    *,
    rows: int,
    due: int = DUE,
    bulk: bool = False,
    due_runs: int = DUE_RUNS,
    idle_runs: int = IDLE_RUNS,
) -> dict:
    """Generate, warm up, time the sweep with `due` rows due (best of `due_runs`, the due rows
    put back between runs) and the idle sweep (best of `idle_runs`). Runs in the configured
    database; returns the results and a profile."""
    from django.db import connection
    from django.utils import timezone

    from bench.generate import generate, make_due_again
    from tandem.continuity.models import Escalation
    from tandem.continuity.services.silence import silence_sweep

    generated_at = timezone.now()
    generated = generate(rows=rows, due=due, now=generated_at, bulk=bulk)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analyze_seconds = time.perf_counter() - started
    # Warm up as a long-running job consumer would be: the delivery job's module imported, one
    # idle sweep (as of before anything was due) on the open connection.
    importlib.import_module("tandem.continuity.jobs.silence")
    silence_sweep(generated_at - timedelta(minutes=2))
    floor_seconds, floor_rows = due_query_seconds(timezone.now())
    if floor_rows != due:
        raise RuntimeError(f"{floor_rows} rows are due instead of {due}")

    timings: list[float] = []
    seconds, sweep_log, jobs = float("inf"), QueryLog(), 0
    for attempt in range(due_runs):
        if attempt:
            make_due_again(generated)
        escalations_before = Escalation.objects.count()
        jobs_before = queued_jobs()
        with logged() as run_log:
            started = time.perf_counter()
            silence_sweep(timezone.now())
            timings.append(time.perf_counter() - started)
        written = Escalation.objects.count() - escalations_before
        escalated = sorted(
            Escalation.objects.order_by().values_list("member_id", flat=True).distinct()
        )
        if written != due or escalated != sorted(generated.due_member_ids):
            raise RuntimeError(
                f"the sweep wrote {written} escalations for {len(escalated)} members; "
                f"{due} due members expected"
            )
        if timings[-1] < seconds:
            seconds, sweep_log, jobs = timings[-1], run_log, queued_jobs() - jobs_before

    escalations_before = Escalation.objects.count()
    idle_seconds, idle_log = float("inf"), QueryLog()
    for _ in range(idle_runs):
        with logged() as run_log:
            started = time.perf_counter()
            silence_sweep(timezone.now())
            elapsed = time.perf_counter() - started
        if elapsed < idle_seconds:
            idle_seconds, idle_log = elapsed, run_log
    if Escalation.objects.count() != escalations_before:
        raise RuntimeError("the idle sweep escalated again: the due rows did not move on")
    idle_floor_seconds, _rows = due_query_seconds(timezone.now())
    redeliver = measure_redeliver(rows=rows, due=due, bulk=bulk, due_runs=due_runs)

    return {
        "redeliver": redeliver,
        "rows": rows,
        "due": due,
        "seconds": seconds,
        "idle_seconds": idle_seconds,
        "floor_seconds": floor_seconds,
        "idle_floor_seconds": idle_floor_seconds,
        "profile": {
            "generate_seconds": round(generated.seconds, 2),
            "analyze_seconds": round(analyze_seconds, 2),
            "workspaces": generated.workspaces,
            "users": generated.users,
            "escalations": due,
            "sweep_runs_seconds": [round(t, 4) for t in timings],
            "jobs_enqueued": jobs,
            "sweep_queries": len(sweep_log.queries),
            "sweep_db_seconds": round(sweep_log.seconds, 4),
            "sweep_slowest": sweep_log.slowest(),
            "idle_queries": len(idle_log.queries),
            "idle_db_seconds": round(idle_log.seconds, 4),
            "idle_slowest": idle_log.slowest(),
        },
    }


def due_deliveries_seconds(now: Any, runs: int = IDLE_RUNS) -> tuple[float, int]:
    """The redelivery sweep's floor: the bare indexed query of the due deliveries."""
    from tandem.outbox.runner import deliveries_due

    best, found = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        found = len(deliveries_due(now))
        best = min(best, time.perf_counter() - started)
    return best, found


def measure_redeliver(*, rows: int, due: int, bulk: bool, due_runs: int = DUE_RUNS) -> dict:
    """The redelivery sweep: `rows` deliveries done, and `due` whose job was lost. The due ones
    are the silence sweep's own: the escalations of its last run, whose delivery job was queued
    and never consumed. Each run redelivers them for real (the nudges are written, their emails
    queued); between runs they are made due again and their notifications removed."""
    from django.db import connection
    from django.utils import timezone

    from bench.generate import generate_deliveries
    from tandem.notify.models import Notification
    from tandem.outbox.models import Delivery
    from tandem.outbox.runner import deliveries_redeliver

    now = timezone.now()
    pending = list(
        Delivery.objects.filter(done_at__isnull=True, handler="continuity.escalation")
        .order_by("-id")
        .values_list("pk", flat=True)[:due]
    )
    if len(pending) != due:
        raise RuntimeError(f"{len(pending)} escalation deliveries wait instead of {due}")
    Delivery.objects.filter(done_at__isnull=True).exclude(pk__in=pending).update(
        done_at=now, due_at=None
    )
    generate_seconds = generate_deliveries(rows=rows - Delivery.objects.count(), now=now, bulk=bulk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    deliveries_redeliver(now - timedelta(hours=1))  # warm-up: nothing is due then

    def make_due() -> Any:
        at = timezone.now() - timedelta(seconds=1)
        Notification.objects.all().delete()
        Delivery.objects.filter(pk__in=pending).update(done_at=None, due_at=at, attempts=0)
        return at

    floor_seconds, floor_rows = due_deliveries_seconds(make_due())
    if floor_rows != due:
        raise RuntimeError(f"{floor_rows} deliveries are due instead of {due}")
    timings: list[float] = []
    seconds, sweep_log = float("inf"), QueryLog()
    for attempt in range(due_runs):
        if attempt:
            make_due()
        with logged() as run_log:
            started = time.perf_counter()
            delivered = deliveries_redeliver(timezone.now())
            timings.append(time.perf_counter() - started)
        told = Notification.objects.count()
        if delivered != due or told != due:
            raise RuntimeError(f"redelivered {delivered} and told {told}; {due} expected")
        if timings[-1] < seconds:
            seconds, sweep_log = timings[-1], run_log
    idle_seconds, idle_log = float("inf"), QueryLog()
    for _ in range(IDLE_RUNS):
        with logged() as run_log:
            started = time.perf_counter()
            deliveries_redeliver(timezone.now())
            elapsed = time.perf_counter() - started
        if elapsed < idle_seconds:
            idle_seconds, idle_log = elapsed, run_log
    idle_floor_seconds, _rows = due_deliveries_seconds(timezone.now())
    return {
        "rows": Delivery.objects.count(),
        "due": due,
        "seconds": seconds,
        "idle_seconds": idle_seconds,
        "floor_seconds": floor_seconds,
        "idle_floor_seconds": idle_floor_seconds,
        "profile": {
            "generate_seconds": round(generate_seconds, 2),
            "sweep_runs_seconds": [round(t, 4) for t in timings],
            "sweep_queries": len(sweep_log.queries),
            "sweep_db_seconds": round(sweep_log.seconds, 4),
            "sweep_slowest": sweep_log.slowest(),
            "idle_queries": len(idle_log.queries),
            "idle_db_seconds": round(idle_log.seconds, 4),
            "idle_slowest": idle_log.slowest(),
        },
    }


def queued_jobs() -> int:
    """Jobs waiting in Huey's queue (the sweep enqueues its delivery; nothing consumes it)."""
    from huey.contrib.djhuey import HUEY

    return -1 if HUEY.immediate else int(HUEY.pending_count())


def child(rows: int, due: int, output: Path) -> None:
    """One database and size: migrate, then `measure` with the bulk-load settings."""
    import django
    from django.core.management import call_command

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    django.setup()
    from huey.contrib.djhuey import HUEY

    call_command("migrate", interactive=False, verbosity=0)
    HUEY.flush()
    output.write_text(json.dumps(measure(rows=rows, due=due, bulk=True)))
    HUEY.flush()


# --- In the parent: one child per database and size, then the table -------------------------


def environment(database_url: str) -> dict[str, str]:
    """Production settings (see bench/run.py) on the given database, jobs queued in var/bench."""
    from bench.run import environment as page_environment

    folder = DATA / "sweeps"  # Huey's queue and static root, apart from the page benchmark's
    folder.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        **page_environment(),
        "TANDEM_DATA_DIR": str(folder),
        "DATABASE_URL": database_url,
        "HUEY_IMMEDIATE": "false",
        "EMAIL_URL": "consolemail://",
        "CONN_MAX_AGE": "0",
    }


def run_child(database_url: str, rows: int, due: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", dir=DATA, delete=False) as handle:
        output = Path(handle.name)
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.sweeps",
                "--child",
                str(rows),
                "--due",
                str(due),
                "--output",
                str(output),
            ],
            cwd=ROOT,
            env=environment(database_url),
            check=True,
        )
        return json.loads(output.read_text())
    finally:
        output.unlink(missing_ok=True)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_admin(url: str) -> Any:
    """A connection to PostgreSQL's maintenance database, or None when nothing answers."""
    import psycopg

    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"bench: the benchmark runs on 127.0.0.1 only, not on {host!r}")
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        return None


def run_sqlite(rows: int, due: int) -> dict[str, Any]:
    path = DATA / f"sweep-{rows}.sqlite3"
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    try:
        return run_child(f"sqlite:///{path}", rows, due)
    finally:
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)


def run_postgresql(admin: Any, url: str, rows: int, due: int) -> dict[str, Any]:
    admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {PG_NAME}")
    try:
        return run_child(with_database(url, PG_NAME), rows, due)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


def save(entries: list[dict[str, Any]], output: Path) -> None:
    """Put the entries under "sweeps" in results.json, keeping what else is there."""
    try:
        results = json.loads(output.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        results = {"pages": []}
    results["sweeps"] = entries
    output.write_text(json.dumps(results, indent=2) + "\n")


def entries_of(db: str, figures: dict[str, Any]) -> list[dict[str, Any]]:
    base = {"db": db, "rows": figures["rows"], "due": figures["due"]}
    redeliver = figures["redeliver"]
    redelivered = {"db": db, "rows": redeliver["rows"], "due": redeliver["due"]}
    return [
        {
            "name": "silence",
            **base,
            "seconds": round(figures["seconds"], 4),
            "idle_seconds": round(figures["idle_seconds"], 5),
        },
        # The floor: the bare indexed query of the due rows, with 1,000 due and with none.
        {
            "name": "due_query",
            **base,
            "seconds": round(figures["floor_seconds"], 4),
            "idle_seconds": round(figures["idle_floor_seconds"], 5),
        },
        {
            "name": "redeliver",
            **redelivered,
            "seconds": round(redeliver["seconds"], 4),
            "idle_seconds": round(redeliver["idle_seconds"], 5),
        },
        # Its floor: the bare indexed query of the due deliveries.
        {
            "name": "redeliver_due_query",
            **redelivered,
            "seconds": round(redeliver["floor_seconds"], 4),
            "idle_seconds": round(redeliver["idle_floor_seconds"], 5),
        },
    ]


def report_redeliver(runs: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The redelivery sweep's table and targets; return the targets missed."""
    print()
    print("redeliver: deliveries done, 1,000 of them due (their job lost)")
    print(
        f"{'db':<11} {'rows':>9} {'generate s':>10} {'sweep s':>8} {'queries':>8} {'in db s':>8} "
        f"{'idle ms':>8} {'idle q':>7} {'floor ms':>9} {'idle floor':>10}"
    )
    for db, f in runs:
        r, p = f["redeliver"], f["redeliver"]["profile"]
        print(
            f"{db:<11} {r['rows']:>9,} {p['generate_seconds']:>10.1f} {r['seconds']:>8.3f} "
            f"{p['sweep_queries']:>8} {p['sweep_db_seconds']:>8.3f} "
            f"{r['idle_seconds'] * 1000:>8.1f} {p['idle_queries']:>7} "
            f"{r['floor_seconds'] * 1000:>9.2f} {r['idle_floor_seconds'] * 1000:>10.2f}"
        )
    missed = []
    for db in dict(runs):
        sized = sorted((f["redeliver"] for name, f in runs if name == db), key=lambda r: r["rows"])
        if len(sized) >= 2:
            growth = sized[-1]["seconds"] / sized[0]["seconds"]
            verdict = "ok" if growth <= MAX_GROWTH else "MISSED"
            print(
                f"{db}: redeliver at {sized[-1]['rows']:,} / at {sized[0]['rows']:,} rows = "
                f"{growth:.2f}× (target ≤ {MAX_GROWTH}×) {verdict}"
            )
            if verdict != "ok":
                missed.append(f"{db} redeliver growth {growth:.2f}×")
    slowest = max(f["redeliver"]["seconds"] for _db, f in runs)
    print(f"1,000 redeliveries: slowest {slowest:.3f} s (target < {MAX_SWEEP:g} s)")
    if slowest >= MAX_SWEEP:
        missed.append(f"redeliver {slowest:.2f} s")
    pg = [f["redeliver"] for db, f in runs if db == "postgresql"]
    if pg:
        large = max(pg, key=lambda r: r["rows"])
        verdict = "ok" if large["idle_seconds"] < MAX_IDLE_PG else "MISSED"
        print(
            f"postgresql idle redeliver at {large['rows']:,} rows: "
            f"{large['idle_seconds'] * 1000:.1f} ms (target < {MAX_IDLE_PG * 1000:g} ms) {verdict}"
        )
        if verdict != "ok":
            missed.append(f"postgresql idle redeliver {large['idle_seconds'] * 1000:.1f} ms")
    return missed


def report(runs: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Print the table, the profile and the targets; return the targets missed."""
    print()
    print(
        f"{'db':<11} {'rows':>9} {'generate s':>10} {'sweep s':>8} {'queries':>8} {'in db s':>8} "
        f"{'jobs':>5} {'idle ms':>8} {'idle q':>7} {'floor ms':>9} {'idle floor':>10}"
    )
    for db, f in runs:
        p = f["profile"]
        print(
            f"{db:<11} {f['rows']:>9,} {p['generate_seconds']:>10.1f} {f['seconds']:>8.3f} "
            f"{p['sweep_queries']:>8} {p['sweep_db_seconds']:>8.3f} {p['jobs_enqueued']:>5} "
            f"{f['idle_seconds'] * 1000:>8.1f} {p['idle_queries']:>7} "
            f"{f['floor_seconds'] * 1000:>9.2f} {f['idle_floor_seconds'] * 1000:>10.2f}"
        )
    missed = []
    print()
    for db in dict(runs):
        sized = sorted((f for name, f in runs if name == db), key=lambda f: f["rows"])
        if len(sized) < 2:
            continue
        small, large = sized[0], sized[-1]
        growth = large["seconds"] / small["seconds"]
        verdict = "ok" if growth <= MAX_GROWTH else "MISSED"
        print(
            f"{db}: sweep at {large['rows']:,} / at {small['rows']:,} rows = {growth:.2f}× "
            f"(target ≤ {MAX_GROWTH}×) {verdict}"
        )
        if verdict != "ok":
            missed.append(f"{db} growth {growth:.2f}×")
    for db, f in runs:
        if f["seconds"] >= MAX_SWEEP:
            missed.append(f"{db} {f['rows']:,} sweep {f['seconds']:.2f} s")
    print(
        f"1,000 escalations: slowest {max(f['seconds'] for _db, f in runs):.3f} s "
        f"(target < {MAX_SWEEP:g} s)"
    )
    pg = [f for db, f in runs if db == "postgresql"]
    if pg:
        large = max(pg, key=lambda f: f["rows"])
        verdict = "ok" if large["idle_seconds"] < MAX_IDLE_PG else "MISSED"
        print(
            f"postgresql idle sweep at {large['rows']:,} rows: "
            f"{large['idle_seconds'] * 1000:.1f} ms (target < {MAX_IDLE_PG * 1000:g} ms; "
            f"bare due query {large['floor_seconds'] * 1000:.1f} ms with 1,000 due, "
            f"{large['idle_floor_seconds'] * 1000:.1f} ms with none) {verdict}"
        )
        if verdict != "ok":
            missed.append(f"postgresql idle {large['idle_seconds'] * 1000:.1f} ms")
    for db, f in runs:
        p = f["profile"]
        runs_ = ", ".join(f"{t:.3f}" for t in p["sweep_runs_seconds"])
        print(f"\n{db} {f['rows']:,}: sweeps with 1,000 due took {runs_} s; slowest queries:")
        for query in p["sweep_slowest"]:
            print(f"  {query['ms']:>8.2f} ms  {query['sql']}")
        print("  idle sweep:")
        for query in p["idle_slowest"]:
            print(f"  {query['ms']:>8.2f} ms  {query['sql']}")
    return missed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 and 200,000 rows")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--rows", type=int, action="append", help="instead of the sizes")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", PG_DEFAULT))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--due", type=int, default=DUE, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.due, args.output)
        return

    DATA.mkdir(parents=True, exist_ok=True)
    sizes = args.rows or (QUICK_SIZES if args.quick else SIZES)
    databases = args.db or ["sqlite", "postgresql"]
    runs: list[tuple[str, dict[str, Any]]] = []
    started = time.monotonic()
    for db in databases:
        admin = None
        if db == "postgresql":
            admin = postgres_admin(args.postgres_url)
            if admin is None:
                if os.environ.get("CI") == "true":
                    raise SystemExit(f"bench: PostgreSQL at {args.postgres_url} is unreachable")
                log(f"SKIPPED PostgreSQL: nothing answers at {args.postgres_url}")
                continue
        for rows in sizes:
            log(f"silence sweep on {db}, {rows:,} presence rows, {args.due:,} due")
            if admin is not None:
                figures = run_postgresql(admin, args.postgres_url, rows, args.due)
            else:
                figures = run_sqlite(rows, args.due)
            runs.append((db, figures))
        if admin is not None:
            admin.close()
    if not runs:
        raise SystemExit("bench: no sweep was measured")
    missed = report(runs) + report_redeliver(runs)
    output = DATA / "results.json"
    save([entry for db, figures in runs for entry in entries_of(db, figures)], output)
    log(f"sweeps took {time.monotonic() - started:.0f} s in all; saved {output.relative_to(ROOT)}")
    if missed:
        log("targets missed: " + "; ".join(missed))


if __name__ == "__main__":
    main()

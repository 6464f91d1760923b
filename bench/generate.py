"""Presence rows for the silence sweep benchmark, inserted in bulk into the configured database.

The layout, for `rows` presence rows of which `due` are due (rows must be a multiple of due): `due`
workspaces, each with an owner and rows/due assistant memberships; max(rows/due, due) assistant
users shared across the workspaces (member j of workspace w is user (w + j) mod users, so no one is
in a workspace twice), each working every day 00:00–23:59 UTC, in the Philippines (so the sweep
reads their public holidays) and working every holiday of this year and of the last week (so the
due rows stay due on a holiday, and the worked holidays are read for every due person: about 20
rows each), and each a member for a year (past the tighter thresholds of a new assistant). Member 0
of every workspace is due: step 0, due a minute ago, silent for longer than the workspace's nudge
threshold but not yet for the owners' step (5 working hours with the defaults 4 + 2), so one sweep
escalates it exactly once and the next finds nothing due; the due rows belong to `due` distinct
people. The others were active a few minutes ago and are due 1 to 8 hours from now, or not at all
(every tenth has no due time).

PostgreSQL gets COPY, SQLite `executemany` in one transaction. With `bulk=True` (only ever on a
throwaway benchmark database) SQLite also turns off its journal, fsync and foreign-key checks and
PostgreSQL its foreign-key triggers for the load; the data are consistent by construction.
"""

from __future__ import annotations

import time as clock
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

from tandem.accounts.models import User, WorkedHoliday, WorkingHours
from tandem.continuity.models import Escalation, Presence
from tandem.lib.public_holidays import holidays_between
from tandem.outbox.models import Delivery
from tandem.workspaces.models import Membership, Role, Workspace

_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # the alphabet of tandem.lib.codes
COUNTRY = "PH"  # where the benchmark's people are, for their public holidays


@dataclass
class Generated:
    rows: int
    due: int
    workspaces: int
    users: int
    seconds: float
    due_member_ids: list[int]
    silent_since: datetime
    due_at: datetime


def code(prefix: str, number: int) -> str:
    """A unique, readable code: the prefix and `number` in the codes' alphabet (≤ 12 chars)."""
    digits = []
    for _ in range(7):
        number, rest = divmod(number, len(_ALPHABET))
        digits.append(_ALPHABET[rest])
    return prefix + "".join(reversed(digits))


def generate(
    *, rows: int, due: int, now: datetime, bulk: bool = False, silent_for: timedelta | None = None
) -> Generated:
    """Insert the benchmark's workspaces, people, working hours, memberships and presences."""
    if rows % due or rows < due:
        raise ValueError("rows must be a positive multiple of due")
    started = clock.perf_counter()
    per_workspace = rows // due
    users = max(per_workspace, due)
    first: dict[type[models.Model], int] = {
        model: next_id(model)
        for model in (Workspace, User, WorkingHours, WorkedHoliday, Membership, Presence)
    }
    tag = f"{first[Workspace]:x}"  # slugs and emails stay unique next to earlier data

    ws_ids = range(first[Workspace], first[Workspace] + due)
    assistant_ids = range(first[User], first[User] + users)
    owner_ids = range(first[User] + users, first[User] + users + due)
    # Memberships: the owners first, then the assistants workspace by workspace.
    owner_member_ids = range(first[Membership], first[Membership] + due)
    first_assistant_member = first[Membership] + due
    joined_at = now - timedelta(days=365)

    with loading(bulk):
        insert(
            Workspace,
            ["id", "name", "slug"],
            ((ws, f"Sweep {n}", f"sweep-{tag}-{n}") for n, ws in enumerate(ws_ids)),
        )
        insert(
            User,
            ["id", "email", "display_name", "password", "time_zone", "country"],
            (
                (user, f"sweep-{tag}-{n}@bench.test", f"Sweeper {n}", "!", "UTC", COUNTRY)
                for n, user in enumerate([*assistant_ids, *owner_ids])
            ),
        )
        today = now.date()
        worked = holidays_between(COUNTRY, "", today - timedelta(days=7), date(today.year, 12, 31))
        insert(
            WorkedHoliday,
            ["id", "user_id", "day"],
            (
                (first[WorkedHoliday] + n * len(worked) + i, user, day)
                for n, user in enumerate(assistant_ids)
                for i, day in enumerate(worked)
            ),
        )
        all_day = (time(0), time(23, 59))
        insert(
            WorkingHours,
            ["id", "user_id", "weekday", "start", "end"],
            (
                (first[WorkingHours] + n * 7 + day, user, day, *all_day)
                for n, user in enumerate(assistant_ids)
                for day in range(7)
            ),
        )

        def memberships() -> Iterator[tuple[Any, ...]]:
            for member, ws, user in zip(owner_member_ids, ws_ids, owner_ids, strict=True):
                yield member, ws, user, code("o", member), Role.OWNER
            member = first_assistant_member
            for w, ws in enumerate(ws_ids):
                for j in range(per_workspace):
                    user = assistant_ids[(w + j) % users]
                    yield member, ws, user, code("a", member), Role.ASSISTANT
                    member += 1

        insert(
            Membership,
            ["id", "workspace_id", "user_id", "code", "role", "joined_at"],
            ((*row, joined_at) for row in memberships()),
        )

        silent_since = now - (silent_for or default_silence())
        due_at = now - timedelta(minutes=1)
        recently = [now - timedelta(minutes=m) for m in range(1, 60)]
        later = [now + timedelta(hours=1, seconds=s * 25) for s in range(1008)]  # 1 h to 8 h

        def presences() -> Iterator[tuple[Any, ...]]:
            member = first_assistant_member
            presence = first[Presence]
            for ws in ws_ids:
                yield presence, ws, member, silent_since, 0, due_at
                presence += 1
                member += 1
                for j in range(1, per_workspace):
                    next_step_at = None if j % 10 == 0 else later[(presence * 7) % len(later)]
                    yield presence, ws, member, recently[j % len(recently)], 0, next_step_at
                    presence += 1
                    member += 1

        insert(
            Presence,
            ["id", "workspace_id", "member_id", "last_active_at", "step", "next_step_at"],
            presences(),
        )
    due_member_ids = [first_assistant_member + w * per_workspace for w in range(due)]
    return Generated(
        rows=rows,
        due=due,
        workspaces=due,
        users=users + due,
        seconds=clock.perf_counter() - started,
        due_member_ids=due_member_ids,
        silent_since=silent_since,
        due_at=due_at,
    )


def generate_deliveries(*, rows: int, now: datetime, bulk: bool) -> float:
    """Insert `rows` deliveries done long ago, as months of Tandem telling people things leave
    them (none of them is in the partial index `delivery_due`); return the seconds it took."""
    started = clock.perf_counter()
    first = next_id(Delivery)
    created = now - timedelta(days=90)

    def deliveries() -> Iterator[tuple[Any, ...]]:
        for number in range(first, first + rows):
            yield number, code("d", number), "continuity.escalation", "{}", created, created, 1

    with loading(bulk):
        insert(
            Delivery,
            ["id", "code", "handler", "payload", "created_at", "done_at", "attempts"],
            deliveries(),
        )
    return clock.perf_counter() - started


def make_due_again(generated: Generated) -> None:
    """Put the due rows back as generated, their escalations gone: ready for another sweep."""
    with transaction.atomic():
        Escalation.objects.filter(member_id__in=generated.due_member_ids).delete()
        Presence.objects.filter(member_id__in=generated.due_member_ids).update(
            step=0, last_active_at=generated.silent_since, next_step_at=generated.due_at
        )


def default_silence() -> timedelta:
    """Past the nudge, not yet at the owners' step, with the workspace defaults."""
    nudge = Workspace._meta.get_field("silence_after_hours").get_default()
    owner = Workspace._meta.get_field("escalate_owner_after_hours").get_default()
    return timedelta(hours=nudge + owner / 2)


def next_id(model: type[models.Model]) -> int:
    return int(model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


@contextmanager
def loading(bulk: bool) -> Iterator[None]:
    """One transaction for the whole load; bulk-load settings on a benchmark database."""
    sqlite = connection.vendor == "sqlite"
    if bulk and sqlite:
        connection.ensure_connection()
        with connection.cursor() as cursor:  # outside any transaction, as SQLite requires
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
    with transaction.atomic():
        if bulk and not sqlite:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        yield
        if not sqlite:
            models_ = [
                Workspace,
                User,
                WorkingHours,
                WorkedHoliday,
                Membership,
                Presence,
                Escalation,
                Delivery,
            ]
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                    cursor.execute(sql)
    if bulk and sqlite:
        # Back to the production settings (the journal mode is kept in the file): the sweep
        # is timed on a fresh connection, which runs the settings' init_command.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
        connection.close()


def insert(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows of the given fields; every other field gets its (constant) default."""
    meta = model._meta
    given = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in names]
    rest = [field for field in meta.concrete_fields if field not in given and not field.primary_key]
    for field in rest:
        if field.has_default() and field.name == "code":
            raise ValueError(f"{model.__name__}.code must be given: it is unique")
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in rest)
    columns = [field.column for field in given] + [field.column for field in rest]
    table = connection.ops.quote_name(meta.db_table)
    column_list = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
            with raw.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *defaults))
        else:
            adapt = [_sqlite_adapter(field) for field in given]
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table} ({column_list}) VALUES ({marks})"  # noqa: S608 - our names
            raw = cursor.cursor.connection  # the sqlite3 connection: no per-row wrapper
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(
                    (*(f(v) if f else v for f, v in zip(adapt, row, strict=True)), *defaults)
                )
                if len(batch) >= 50_000:
                    raw.executemany(sql, batch)
                    batch.clear()
            if batch:
                raw.executemany(sql, batch)


def _sqlite_adapter(field: models.Field[Any, Any]) -> Any:
    """Django's SQLite text form of dates and times, memoised (the generator repeats values)."""
    if isinstance(field, models.DateField | models.TimeField):
        cache: dict[Any, Any] = {}

        def adapt(value: Any) -> Any:
            if value is None:
                return None
            if value not in cache:
                cache[value] = field.get_db_prep_save(value, connection)
            return cache[value]

        return adapt
    return None


AUDIT_OWNER = "bench-owner@bench.test"
AUDIT_ENTRIES = 5000
AUDIT_DAYS = 14
# What the bench owner logs: several wordings of the same jobs, as people write them, so the
# analysis joins names as it would for a real audit.
AUDIT_NAMES = [
    ("Emails", "routine", "have", "marginal"),
    ("Email inbox", "routine", "have", "marginal"),
    ("emails to clients", "routine", "have", "marginal"),
    ("Invoices", "routine", "have", "marginal"),
    ("Sending invoices", "routine", "have", "marginal"),
    ("Bookkeeping", "routine", "have", "marginal"),
    ("Booking travel", "useful", "have", "marginal"),
    ("Booking travel to Oslo", "useful", "have", "marginal"),
    ("Scheduling meetings", "useful", "have", "marginal"),
    ("Social media posts", "useful", "have", "marginal"),
    ("Updating the CRM", "routine", "have", "marginal"),
    ("Expense receipts", "routine", "have", "marginal"),
    ("Client call", "key", "love", "strategic"),
    ("Proposal", "key", "have", "strategic"),
    ("Strategy", "key", "love", "strategic"),
    ("Coaching the team", "routine", "love", "strategic"),
] + [(f"Report {n}", "useful", "have", "marginal") for n in range(40)]


def generate_audit(*, email: str = AUDIT_OWNER, entries: int = AUDIT_ENTRIES) -> int:
    """The bench owner's task audit: a two-week period ending today with `entries` entries
    spread over its days and names. Made again from scratch each time; returns the count."""
    from tandem.planning.models import AuditEntry, AuditPeriod

    member = (
        Membership.objects.select_related("user")
        .filter(user__email=email, role=Role.OWNER, workspace__slug="bench")
        .order_by("id")
        .first()
    )
    if member is None:
        raise SystemExit(f"bench: no owner {email} to audit")
    last = clock_today(member.user.time_zone)
    first = last - timedelta(days=AUDIT_DAYS - 1)
    with transaction.atomic():
        AuditEntry.objects.filter(member=member).delete()
        AuditPeriod.objects.filter(member=member).delete()
        period = AuditPeriod.objects.create(
            workspace_id=member.workspace_id, member=member, starts_on=first, ends_on=last
        )
        AuditEntry.objects.bulk_create(
            (
                AuditEntry(
                    workspace_id=member.workspace_id,
                    member=member,
                    period=period,
                    day=first + timedelta(days=n % AUDIT_DAYS),
                    what=AUDIT_NAMES[n % len(AUDIT_NAMES)][0],
                    minutes=5 + (n * 7) % 85,
                    category=AUDIT_NAMES[n % len(AUDIT_NAMES)][1],
                    want=AUDIT_NAMES[n % len(AUDIT_NAMES)][2],
                    weight=AUDIT_NAMES[n % len(AUDIT_NAMES)][3],
                )
                for n in range(entries)
            ),
            batch_size=1000,
        )
        Membership.objects.filter(pk=member.pk).update(hourly_value=120)
    return entries


def clock_today(zone: str) -> date:
    from tandem.lib.timezones import now_in

    return now_in(zone).date()

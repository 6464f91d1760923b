"""How the search index is kept in step with the rows it is made from: database triggers.

Every source table (tasks, comments, announcements, replies, meeting series, summaries) has
triggers that insert, update and delete its row of `insights_searchentry`, whatever writes
it: a service, `bulk_create`, `QuerySet.update()` or a migration. An update rewrites the
entry only when a searched column changed, so a task's state change costs nothing here. A
source's trigger reads only its own row: on SQLite, a trigger that names another table breaks
the rebuild of that table.

- PostgreSQL: the entry's `vector` (tsvector) is computed by a trigger on the entry in the
  workspace's language (`LANGUAGE_CONFIGS`), title weighted above body, GIN-indexed; changing
  the workspace's language recomputes its vectors.
- SQLite: an FTS5 table (`insights_search_fts`, external content: the entry table) with the
  porter stemmer (English stemming whatever the workspace's language) and diacritics folded.

`install` is idempotent. SQLite drops a table's triggers when a migration rebuilds the table
(how it alters a column), so on SQLite it runs after every `migrate` (`InsightsConfig.ready`)
as well as in the migration that made the index.
"""

# The SQL here is made of this module's constants only (tables, columns, kinds): no outside
# value is ever formatted into it.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

ENTRY = "insights_searchentry"
FTS = "insights_search_fts"

# The PostgreSQL text search configuration of each language of a workspace.
LANGUAGE_CONFIGS = {"en": "english", "nb": "norwegian", "it": "italian"}
DEFAULT_CONFIG = "english"


@dataclass(frozen=True)
class Source:
    table: str
    kind: str
    # Entry column -> SQL expression over the source row, written with `{r}` for NEW or OLD.
    columns: dict[str, str]
    # The source's columns whose change rewrites the entry.
    watched: tuple[str, ...]


def _joined(*columns: str) -> str:
    return " || ' ' || ".join(f"{{r}}.{column}" for column in columns)


SOURCES = (
    Source(
        "work_task",
        "task",
        {
            "task_id": "{r}.id",
            "author_id": "{r}.created_by_id",
            "title": "{r}.title",
            "body": _joined("outcome", "deliverable", "acceptance_criteria"),
            "created_at": "{r}.created_at",
        },
        ("title", "outcome", "deliverable", "acceptance_criteria"),
    ),
    Source(
        "work_comment",
        "comment",
        {
            "task_id": "{r}.task_id",
            "author_id": "{r}.author_id",
            "title": "''",
            "body": "{r}.body",
            "created_at": "{r}.created_at",
        },
        ("body",),
    ),
    Source(
        "rhythm_announcement",
        "announcement",
        {
            "announcement_id": "{r}.id",
            "author_id": "{r}.author_id",
            "title": "{r}.title",
            "body": "{r}.body",
            "created_at": "{r}.created_at",
        },
        ("title", "body"),
    ),
    Source(
        "rhythm_announcementreply",
        "reply",
        {
            "announcement_id": "{r}.announcement_id",
            "author_id": "{r}.author_id",
            "title": "''",
            "body": "{r}.body",
            "created_at": "{r}.created_at",
        },
        ("body",),
    ),
    Source(
        "rhythm_meetingseries",
        "agenda",
        {
            "series_id": "{r}.id",
            "author_id": "{r}.created_by_id",
            "title": "{r}.title",
            "body": _joined("purpose", "agenda"),
            "created_at": "{r}.created_at",
        },
        ("title", "purpose", "agenda"),
    ),
    Source(
        "rhythm_meetingsummary",
        "summary",
        {
            "meeting_id": "{r}.meeting_id",
            "author_id": "{r}.author_id",
            "title": "''",
            "body": _joined("decisions", "notes"),
            "created_at": "{r}.submitted_at",
        },
        ("decisions", "notes"),
    ),
)


def _insert(source: Source, row: str) -> str:
    names = ["workspace_id", "kind", "source_id", *source.columns]
    values = [
        f"{row}.workspace_id",
        f"'{source.kind}'",
        f"{row}.id",
        *(expression.format(r=row) for expression in source.columns.values()),
    ]
    return f"INSERT INTO {ENTRY} ({', '.join(names)}) VALUES ({', '.join(values)})"


def _update(source: Source, row: str) -> str:
    sets = ", ".join(
        f"{name} = {expression.format(r=row)}" for name, expression in source.columns.items()
    )
    return f"UPDATE {ENTRY} SET {sets} WHERE kind = '{source.kind}' AND source_id = {row}.id"


def _delete(source: Source, row: str) -> str:
    return f"DELETE FROM {ENTRY} WHERE kind = '{source.kind}' AND source_id = {row}.id"


def _changed(source: Source) -> str:
    return " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in source.watched)


def _backfill(source: Source) -> str:
    return _insert(source, source.table).replace(" VALUES (", " SELECT ", 1)[:-1] + (
        f" FROM {source.table}"
        f" WHERE NOT EXISTS (SELECT 1 FROM {ENTRY} e WHERE e.kind = '{source.kind}'"
        f" AND e.source_id = {source.table}.id)"
    )


# --- SQLite -------------------------------------------------------------------------------


def sqlite_statements() -> list[str]:
    statements = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title, body,"
        f" content='{ENTRY}', content_rowid='id',"
        " tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ai AFTER INSERT ON {ENTRY} BEGIN"
        f" INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_ad AFTER DELETE ON {ENTRY} BEGIN"
        f" INSERT INTO {FTS}({FTS}, rowid, title, body)"
        " VALUES ('delete', old.id, old.title, old.body); END",
        f"CREATE TRIGGER IF NOT EXISTS {FTS}_au AFTER UPDATE ON {ENTRY} BEGIN"
        f" INSERT INTO {FTS}({FTS}, rowid, title, body)"
        " VALUES ('delete', old.id, old.title, old.body);"
        f" INSERT INTO {FTS}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    ]
    for source in SOURCES:
        name = f"search_{source.table}"
        watched = ", ".join(source.watched)
        changed = _changed(source).replace("IS DISTINCT FROM", "IS NOT")
        statements += [
            f"CREATE TRIGGER IF NOT EXISTS {name}_ai AFTER INSERT ON {source.table} BEGIN"
            f" {_insert(source, 'new')}; END",
            f"CREATE TRIGGER IF NOT EXISTS {name}_au AFTER UPDATE OF {watched}"
            f" ON {source.table} WHEN {changed} BEGIN {_update(source, 'new')}; END",
            f"CREATE TRIGGER IF NOT EXISTS {name}_ad AFTER DELETE ON {source.table} BEGIN"
            f" {_delete(source, 'old')}; END",
        ]
    return statements


# --- PostgreSQL ---------------------------------------------------------------------------


def _config_case(language: str) -> str:
    cases = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in LANGUAGE_CONFIGS.items())
    return f"(CASE {language} {cases} ELSE '{DEFAULT_CONFIG}' END)::regconfig"


def postgresql_statements() -> list[str]:
    statements = [
        f"ALTER TABLE {ENTRY} ADD COLUMN IF NOT EXISTS vector tsvector",
        f"CREATE INDEX IF NOT EXISTS search_entry_vector ON {ENTRY} USING gin (vector)",
        f"""CREATE OR REPLACE FUNCTION {ENTRY}_vector() RETURNS trigger AS $$
        DECLARE config regconfig;
        BEGIN
            SELECT {_config_case("language")} INTO config
            FROM workspaces_workspace WHERE id = NEW.workspace_id;
            config := coalesce(config, '{DEFAULT_CONFIG}'::regconfig);
            NEW.vector := setweight(to_tsvector(config, NEW.title), 'A')
                || setweight(to_tsvector(config, NEW.body), 'B');
            RETURN NEW;
        END $$ LANGUAGE plpgsql""",
        f"CREATE OR REPLACE TRIGGER {ENTRY}_vector BEFORE INSERT OR UPDATE OF title, body"
        f" ON {ENTRY} FOR EACH ROW EXECUTE FUNCTION {ENTRY}_vector()",
        # A workspace that changes its language has its vectors made again in that language.
        f"""CREATE OR REPLACE FUNCTION search_workspace_language() RETURNS trigger AS $$
        BEGIN
            UPDATE {ENTRY} SET title = title WHERE workspace_id = NEW.id;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        "CREATE OR REPLACE TRIGGER search_workspace_language AFTER UPDATE OF language"
        " ON workspaces_workspace FOR EACH ROW WHEN (OLD.language IS DISTINCT FROM NEW.language)"
        " EXECUTE FUNCTION search_workspace_language()",
    ]
    for source in SOURCES:
        name = f"search_{source.table}"
        watched = ", ".join(source.watched)
        statements += [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    {_delete(source, "OLD")};
                ELSIF TG_OP = 'UPDATE' THEN
                    {_update(source, "NEW")};
                ELSE
                    {_insert(source, "NEW")};
                END IF;
                RETURN NULL;
            END $$ LANGUAGE plpgsql""",
            f"CREATE OR REPLACE TRIGGER {name}_insert_delete AFTER INSERT OR DELETE"
            f" ON {source.table} FOR EACH ROW EXECUTE FUNCTION {name}()",
            f"CREATE OR REPLACE TRIGGER {name}_update AFTER UPDATE OF {watched}"
            f" ON {source.table} FOR EACH ROW WHEN ({_changed(source)})"
            f" EXECUTE FUNCTION {name}()",
        ]
    return statements


def install(connection: BaseDatabaseWrapper) -> None:
    """Create whatever of the index is missing: tables, indexes, functions, triggers."""
    if connection.vendor == "postgresql":
        statements = postgresql_statements()
    elif connection.vendor == "sqlite":
        statements = sqlite_statements()
    else:  # pragma: no cover - Tandem runs on SQLite and PostgreSQL
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def backfill(connection: BaseDatabaseWrapper) -> None:
    """Index the rows that exist (the triggers index every row written after `install`)."""
    with connection.cursor() as cursor:
        for source in SOURCES:
            cursor.execute(_backfill(source))

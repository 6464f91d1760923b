"""The folders of the files Tandem keeps on this machine.

Importing the settings creates nothing: the entry points that open these files make their
folders first. `manage.py` does so for every command (so `migrate` and the job consumer work on
a fresh machine), the test configuration for the test database and the static files, and
`collectstatic` makes the static folder that WhiteNoise serves in production.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def sqlite_files() -> list[Path]:
    """The SQLite files the settings name: the databases (and their test databases) and the
    job queue's when it is kept in SQLite."""
    names: list[object] = []
    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.sqlite3":
            names += [database.get("NAME"), (database.get("TEST") or {}).get("NAME")]
    if settings.HUEY.get("huey_class") == "huey.SqliteHuey":
        names.append(settings.HUEY.get("filename"))
    return [
        Path(str(name))
        for name in names
        if name and str(name) != ":memory:" and not str(name).startswith("file:")
    ]


def data_folders_make(*, static: bool = False) -> None:
    """Make the folders of the SQLite files, and the static folder when asked."""
    for path in sqlite_files():
        path.parent.mkdir(parents=True, exist_ok=True)
    if static:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class InsightsConfig(AppConfig):
    name = "tandem.insights"
    label = "insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # What the apps below ask of insights (see tandem/lib/hooks.py).
        from tandem.insights.selectors import digest
        from tandem.notify import hooks as notify_hooks

        notify_hooks.digest_waiting.connect(digest.waiting_for)

        # Not a business rule: the search index's triggers, put back after every migrate
        # because SQLite drops a table's triggers when a migration rebuilds the table.
        post_migrate.connect(_search_index_install, sender=self)


def _search_index_install(*, using: str, plan: list[Any] | None = None, **_kwargs: Any) -> None:
    from django.db import connections

    from tandem.insights import search_index

    connection = connections[using]
    # PostgreSQL keeps a table's triggers through every ALTER TABLE.
    if connection.vendor != "sqlite":
        return
    if search_index.ENTRY in connection.introspection.table_names():
        search_index.install(connection)

"""The search index: one row per thing a member can find (a task's brief, a comment, an
announcement, a reply, a meeting's agenda, a summary), kept in step with its source row by
database triggers (`tandem.insights.search_index`), never by Python code."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SearchKind(models.TextChoices):
    TASK = "task", _("Task")
    COMMENT = "comment", _("Comment")
    ANNOUNCEMENT = "announcement", _("Announcement")
    REPLY = "reply", pgettext_lazy("what a search found", "Reply")
    AGENDA = "agenda", _("Meeting agenda")
    SUMMARY = "summary", _("Meeting summary")


class SearchEntry(models.Model):
    """What the search finds. The foreign keys say where the row sits (for whom may see it and
    where it links); `kind` and `source_id` name the row it was made from.

    On PostgreSQL the table also has a `vector` column (tsvector, GIN index) in the
    workspace's language; on SQLite an FTS5 table, `insights_search_fts`, indexes it. Neither
    is a model field: only the search selector reads them, in SQL."""

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=SearchKind.choices)
    source_id = models.BigIntegerField()
    # The triggers delete an entry with its source, so the database needs no constraint and
    # Django's deletion collector no extra query.
    task = models.ForeignKey(
        "work.Task", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    announcement = models.ForeignKey(
        "rhythm.Announcement",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    series = models.ForeignKey(
        "rhythm.MeetingSeries",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "rhythm.Meeting",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    author = models.ForeignKey(
        "workspaces.Membership",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "source_id"], name="search_entry_source"),
        ]
        indexes: ClassVar = [
            # Newest first within a workspace: the order of the results.
            models.Index(fields=["workspace", "-created_at", "-id"], name="search_entry_ws_new"),
            models.Index(fields=["task"], name="search_entry_task"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id}"

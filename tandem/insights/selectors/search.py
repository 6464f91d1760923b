"""Search across the apps: task briefs, comments, announcements and their replies, meeting
agendas and summaries, limited to what the member may see.

What a member may see is each app's own rule: `tasks_visible_to` (work) for tasks and their
comments, `audiences_of` (rhythm) for announcements and their replies, `series_visible_to`
(rhythm) for agendas and summaries. The index itself is `SearchEntry`, kept in step by
triggers (`tandem.insights.search_index`); matching and highlighting are the database's: full
text search on PostgreSQL, FTS5 on SQLite.

Two queries whatever the number of matches: the page of entry ids (newest first), then those
entries with what their links and highlights need.
"""

# Matching and highlighting are SQL the ORM does not write: table names are constants, and
# what a person typed reaches the database only as a query parameter.
# ruff: noqa: S608, S611

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import BooleanField, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tandem.insights.models import SearchEntry, SearchKind
from tandem.insights.search_index import DEFAULT_CONFIG, ENTRY, FTS, LANGUAGE_CONFIGS
from tandem.rhythm.models import Meeting
from tandem.rhythm.selectors.announcements import audiences_of
from tandem.rhythm.selectors.meetings import series_visible_to
from tandem.work.models import task_path
from tandem.work.selectors import tasks_visible_to
from tandem.workspaces.models import Membership, Role

PAGE_SIZE = 20
MAX_PAGE = 50  # deeper than this, a better query finds it sooner
MAX_TERMS = 12
# Around a match in the highlighted text: characters no one types, replaced by <mark> once
# everything else is escaped.
START, STOP = "\ue000", "\ue001"
# PostgreSQL's headline drops what looks like an HTML tag: it reads the text with "&" and "<"
# written as entities, which `_as_typed` turns back.
SNIPPET_WORDS = 24

# The groups a search can be narrowed to, by the name in the address (`?in=`).
GROUPS: dict[str, tuple[str, ...]] = {
    "tasks": (SearchKind.TASK,),
    "comments": (SearchKind.COMMENT,),
    "announcements": (SearchKind.ANNOUNCEMENT, SearchKind.REPLY),
    "meetings": (SearchKind.AGENDA, SearchKind.SUMMARY),
}
GROUP_LABELS = {
    "tasks": _("Tasks"),
    "comments": _("Comments"),
    "announcements": _("Announcements"),
    "meetings": _("Meetings"),
}


def groups_of(member: Membership) -> list[str]:
    """The groups that can hold anything `member` may see (partners: the town hall only)."""
    if member.role == Role.PARTNER:
        return ["announcements"]
    return list(GROUPS)


def terms_of(query: str) -> list[str]:
    """The words searched for: letters and digits, at most MAX_TERMS, all of them required."""
    return re.findall(r"\w+", query)[:MAX_TERMS]


def _visible(member: Membership) -> Q:
    if member.can_delegate:
        return Q()  # everything of the workspace
    return (
        Q(kind__in=[SearchKind.TASK, SearchKind.COMMENT], task__in=tasks_visible_to(member))
        | Q(
            kind__in=[SearchKind.ANNOUNCEMENT, SearchKind.REPLY],
            announcement__audience__in=audiences_of(member),
        )
        | Q(kind=SearchKind.AGENDA, series__in=series_visible_to(member))
        | Q(kind=SearchKind.SUMMARY, meeting__series__in=series_visible_to(member))
    )


def _config(member: Membership) -> str:
    return LANGUAGE_CONFIGS.get(member.workspace.language, DEFAULT_CONFIG)


def _fts_query(terms: list[str]) -> str:
    # Each word quoted: FTS5's own syntax (NEAR, OR, column filters, "*") is not the user's.
    return " ".join(f'"{term}"' for term in terms)


def _matches(member: Membership, terms: list[str]) -> RawSQL:
    if connection.vendor == "postgresql":
        return RawSQL(
            f"{ENTRY}.vector @@ plainto_tsquery(%s::regconfig, %s)",
            [_config(member), " ".join(terms)],
            output_field=BooleanField(),
        )
    return RawSQL(
        f"{ENTRY}.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)",
        [_fts_query(terms)],
        output_field=BooleanField(),
    )


def _highlights(member: Membership, terms: list[str]) -> dict[str, RawSQL]:
    if connection.vendor == "postgresql":
        config = _config(member)
        words = " ".join(terms)
        marks = f'StartSel="{START}", StopSel="{STOP}"'

        def headline(column: str, options: str) -> RawSQL:
            return RawSQL(
                "ts_headline(%s::regconfig,"
                f" replace(replace({ENTRY}.{column}, '&', '&amp;'), '<', '&lt;'),"
                " plainto_tsquery(%s::regconfig, %s), %s)",
                [config, config, words, f"{marks}, {options}"],
                output_field=TextField(),
            )

        return {
            "title_marked": headline("title", "HighlightAll=true"),
            "body_marked": headline(
                "body",
                f"MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2}",
            ),
        }
    fts_query = _fts_query(terms)

    def fts(function: str, params: list[object]) -> RawSQL:
        return RawSQL(
            f"(SELECT {function} FROM {FTS} WHERE {FTS} MATCH %s AND rowid = {ENTRY}.id)",
            [*params, fts_query],
            output_field=TextField(),
        )

    return {
        "title_marked": fts(f"highlight({FTS}, 0, %s, %s)", [START, STOP]),
        "body_marked": fts(f"snippet({FTS}, 1, %s, %s, %s, %s)", [START, STOP, "…", SNIPPET_WORDS]),
    }


def marked(text: str) -> SafeString:
    """The highlighted text as HTML: everything escaped, only our own <mark> around matches."""
    out: list[str] = []
    inside = False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == STOP:
            if inside:
                out.append("</mark>")
                inside = False
        else:
            out.append(escape(piece))
    if inside:
        out.append("</mark>")
    return SafeString("".join(out))


def _as_typed(text: str) -> str:
    """A PostgreSQL headline's text with the entities it was given turned back."""
    if connection.vendor != "postgresql":
        return text
    return (text or "").replace("&lt;", "<").replace("&amp;", "&")


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str
    title: SafeString
    snippet: SafeString
    url: str
    author: str
    at: datetime


@dataclass(frozen=True)
class Results:
    terms: list[str]
    group: str
    hits: list[Hit]
    page: int
    has_more: bool

    @property
    def start(self) -> int:
        """The number of the page's first result."""
        return (self.page - 1) * PAGE_SIZE + 1

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1


def _entries(member: Membership, terms: list[str], group: str) -> QuerySet[SearchEntry]:
    entries = SearchEntry.objects.filter(_visible(member), workspace_id=member.workspace_id)
    if group in GROUPS:
        entries = entries.filter(kind__in=GROUPS[group])
    return entries.filter(_matches(member, terms))


def _meeting_code(*, upcoming: bool) -> Subquery:
    now = timezone.now()
    meetings = Meeting.objects.filter(series_id=OuterRef("series_id"), cancelled_at__isnull=True)
    if upcoming:
        meetings = meetings.filter(starts_at__gte=now).order_by("starts_at")
    else:
        meetings = meetings.filter(starts_at__lt=now).order_by("-starts_at")
    return Subquery(meetings.values("code")[:1])


def _hit(member: Membership, entry: SearchEntry) -> Hit:
    slug = member.workspace.slug
    own_title = marked(_as_typed(entry.title_marked))  # type: ignore[attr-defined]
    title = own_title
    # The keys an entry holds say where it is: a task (its brief or a comment), an
    # announcement (itself or a reply), a meeting (a summary), else a series (its agenda).
    task, announcement, meeting = entry.task, entry.announcement, entry.meeting
    if task is not None:
        url = task_path(slug, task.code)
        if entry.kind == SearchKind.COMMENT:
            url += f"#comment-{entry.source_id}"
            title = SafeString(escape(task.title))
    elif announcement is not None:
        url = reverse("rhythm:announcement", kwargs={"ws": slug, "code": announcement.code})
        if entry.kind == SearchKind.REPLY:
            url += f"#reply-{entry.source_id}"
            title = SafeString(escape(announcement.title))
    elif meeting is not None:
        url = reverse("rhythm:meeting", kwargs={"ws": slug, "code": meeting.code}) + "#summary"
        title = SafeString(escape(meeting.series.title))
    else:
        code = entry.next_meeting or entry.last_meeting  # type: ignore[attr-defined]
        if code:
            url = reverse("rhythm:meeting", kwargs={"ws": slug, "code": code})
        else:
            url = reverse("rhythm:meetings", kwargs={"ws": slug})
    return Hit(
        kind=entry.kind,
        label=str(SearchKind(entry.kind).label),
        title=title,
        snippet=marked(_as_typed(entry.body_marked)),  # type: ignore[attr-defined]
        url=url,
        author=entry.author.user.display_name if entry.author else "",
        at=entry.created_at,
    )


def search(member: Membership, query: str, *, group: str = "", page: int = 1) -> Results:
    """A page of what `member` may see that holds every word of `query`, newest first."""
    terms = terms_of(query)
    group = group if group in groups_of(member) else ""
    page = min(max(page, 1), MAX_PAGE)
    if not terms:
        return Results(terms=[], group=group, hits=[], page=page, has_more=False)
    start = (page - 1) * PAGE_SIZE
    ids = list(
        _entries(member, terms, group)
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)[start : start + PAGE_SIZE + 1]
    )
    has_more = len(ids) > PAGE_SIZE and page < MAX_PAGE
    ids = ids[:PAGE_SIZE]
    if not ids:
        return Results(terms=terms, group=group, hits=[], page=page, has_more=False)
    entries = (
        SearchEntry.objects.filter(id__in=ids)
        .select_related("task", "announcement", "meeting__series", "author__user")
        .annotate(
            **_highlights(member, terms),
            next_meeting=_meeting_code(upcoming=True),
            last_meeting=_meeting_code(upcoming=False),
        )
        .order_by("-created_at", "-id")
    )
    return Results(
        terms=terms,
        group=group,
        hits=[_hit(member, entry) for entry in entries],
        page=page,
        has_more=has_more,
    )

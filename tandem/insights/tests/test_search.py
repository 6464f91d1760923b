"""The search page: what it finds, for whom, how it shows it, and what it costs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tandem.insights.models import SearchEntry
from tandem.insights.selectors.search import PAGE_SIZE, marked, search
from tandem.rhythm.models import Audience, Meeting
from tandem.rhythm.services import announcements as announcement_services
from tandem.rhythm.services import meetings as meeting_services
from tandem.rhythm.tests.test_meeting_access import make_weekday_series
from tandem.work.management.commands.bench_data import generate_comments, generate_tasks
from tandem.work.models import Comment, Task
from tandem.work.services import comments as comment_services
from tandem.work.services import tasks as task_services
from tandem.workspaces.models import Workspace

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming per language is PostgreSQL's"
)


def search_url(member, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("insights:search", kwargs={"ws": member.workspace.slug}) + f"?{query}"


def make_task(owner, title: str, *, assignee=None, **brief) -> Task:
    return task_services.task_create(
        actor=owner, brief=task_services.Brief(title=title, **brief), assignee=assignee
    )


def found(member, query: str, **kwargs) -> list[tuple[str, str]]:
    """(kind, url) of every hit on the first page."""
    return [(hit.kind, hit.url) for hit in search(member, query, **kwargs).hits]


def kinds(member, query: str) -> set[str]:
    return {kind for kind, _url in found(member, query)}


@pytest.fixture
def world(owner, manager, assistant, partner):
    """Everything that holds the word "harbour", in each place search looks."""
    mine = make_task(owner, "Harbour invoices", assignee=assistant, outcome="Pay on time.")
    other = make_task(owner, "Board pack", outcome="The harbour lease, summarised.")
    comment_services.comment_add(actor=owner, task=mine, body="The harbour office called.")
    comment_services.comment_add(actor=owner, task=other, body="Harbour figures are in.")
    everyone = announcement_services.announcement_post(
        actor=owner, title="Harbour visit", body="We visit on Monday."
    )
    announcement_services.announcement_reply(
        actor=assistant, announcement=everyone, body="Which harbour gate?"
    )
    announcement_services.announcement_post(
        actor=owner,
        title="For the assistants",
        body="Harbour passes are at the desk.",
        audience=Audience.ASSISTANTS,
    )
    attended = make_weekday_series(owner, [owner, assistant], agenda="- Harbour permits")
    make_weekday_series(owner, [owner, manager], title="Managers", agenda="- Harbour budget")
    past = Meeting.objects.filter(series=attended, ends_at__lte=timezone.now()).last()
    meeting_services.meeting_summary_submit(
        actor=assistant, meeting=past, decisions="Renew the harbour permit."
    )
    return {"mine": mine, "other": other, "attended": attended, "past": past}


def test_it_finds_briefs_comments_announcements_replies_agendas_and_summaries(owner, world):
    assert [kind for kind, _url in found(owner, "harbour")].count("task") == 2
    assert kinds(owner, "harbour") == {
        "task",
        "comment",
        "announcement",
        "reply",
        "agenda",
        "summary",
    }
    assert len(found(owner, "harbour")) == 10


def test_it_needs_every_word_and_ignores_case_and_punctuation(owner, world):
    assert kinds(owner, "HARBOUR, invoices!") == {"task"}
    assert found(owner, "harbour zebra") == []
    assert search(owner, "  ,;  ").terms == []


def test_it_stems_english_words(owner, world):
    assert ("task", world["mine"].get_absolute_url()) in found(owner, "invoice")


def test_it_links_each_hit_to_its_place(owner, world):
    urls = dict(found(owner, "office"), **dict(found(owner, "gate")))
    comment = Comment.objects.get(body__contains="office")
    assert urls["comment"] == f"{world['mine'].get_absolute_url()}#comment-{comment.pk}"
    assert urls["reply"].endswith(f"#reply-{SearchEntry.objects.get(kind='reply').source_id}")
    summary_url = dict(found(owner, "renew"))["summary"]
    assert (
        summary_url
        == reverse("rhythm:meeting", kwargs={"ws": "alice", "code": world["past"].code})
        + "#summary"
    )
    agenda_url = dict(found(owner, "permits"))["agenda"]
    upcoming = Meeting.objects.filter(
        series=world["attended"], starts_at__gte=timezone.now()
    ).first()
    assert agenda_url == reverse("rhythm:meeting", kwargs={"ws": "alice", "code": upcoming.code})


def test_owners_and_managers_see_everything_of_the_workspace(owner, manager, world):
    assert found(manager, "harbour") == found(owner, "harbour")


def test_an_assistant_sees_their_tasks_announcements_to_them_and_their_meetings(assistant, world):
    hits = found(assistant, "harbour")
    urls = {url for _kind, url in hits}
    assert world["mine"].get_absolute_url() in urls
    assert not any(world["other"].code in url for url in urls)  # nor its comment
    assert [kind for kind, _url in hits].count("announcement") == 2
    assert [kind for kind, _url in hits].count("agenda") == 1  # not the managers' meeting
    assert kinds(assistant, "budget") == set()
    assert kinds(assistant, "renew") == {"summary"}


def test_an_assistant_follows_the_task_when_it_is_reassigned(owner, assistant, world):
    assert kinds(assistant, "lease") == set()
    task_services.task_assign(actor=owner, task=world["other"], assignee=assistant)
    assert kinds(assistant, "lease") == {"task"}


def test_a_partner_sees_only_announcements_to_everyone_and_their_replies(partner, world):
    assert kinds(partner, "harbour") == {"announcement", "reply"}
    assert kinds(partner, "passes") == set()
    assert found(partner, "harbour", group="tasks") == found(partner, "harbour")


def test_it_narrows_to_one_group(owner, world):
    assert kinds(
        owner,
        "harbour",
    ) >= {"task", "comment"}
    assert {kind for kind, _url in found(owner, "harbour", group="meetings")} == {
        "agenda",
        "summary",
    }
    assert {kind for kind, _url in found(owner, "harbour", group="comments")} == {"comment"}


def test_the_index_follows_edits_and_deletions(owner, world):
    task = world["mine"]
    task_services.task_update_brief(
        actor=owner, task=task, brief=task_services.Brief(title="Quay invoices")
    )
    assert ("task", task.get_absolute_url()) in found(owner, "quay")
    assert ("task", task.get_absolute_url()) not in found(owner, "harbour")
    Comment.objects.filter(body__contains="office").delete()
    assert found(owner, "office") == []
    Task.objects.filter(pk=world["other"].pk).delete()
    assert found(owner, "lease") == []
    assert not SearchEntry.objects.filter(task_id=world["other"].pk).exists()


def test_a_state_change_leaves_the_entry_alone(owner, assistant, world):
    entry = SearchEntry.objects.get(kind="task", source_id=world["mine"].pk)
    task_services.task_acknowledge(actor=assistant, task=world["mine"])
    assert SearchEntry.objects.get(pk=entry.pk).title == "Harbour invoices"


def test_it_never_shows_another_workspace(owner, outsider, world):
    make_task(outsider, "Harbour cranes")
    assert len(found(owner, "harbour")) == 10
    assert found(owner, "cranes") == []
    assert found(outsider, "harbour") == [("task", found(outsider, "cranes")[0][1])]


def test_another_workspaces_search_page_is_404(owner, outsider, client_for, world):
    response = client_for(outsider).get(search_url(owner, q="harbour"))
    assert response.status_code == 404


def test_it_highlights_matches_and_escapes_everything_else(owner, client_for, world):
    comment_services.comment_add(
        actor=owner, task=world["mine"], body='<script>alert("tide")</script> <b>tide</b> tables'
    )
    page = client_for(owner).get(search_url(owner, q="tide")).content.decode()
    assert "<mark>tide</mark>" in page
    assert "alert(&quot;<mark>tide</mark>&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;<mark>tide</mark>&lt;/b&gt;" in page
    assert "<script>alert" not in page and "<b>" not in page


def test_marked_text_closes_what_it_opens_and_escapes_the_rest():
    assert marked("a \ue000<b>\ue001 c") == "a <mark>&lt;b&gt;</mark> c"
    assert marked("\ue000open") == "<mark>open</mark>"
    assert marked("x\ue001y") == "xy"


def test_the_page_lists_hits_by_kind_with_links(owner, client_for, world):
    page = client_for(owner).get(search_url(owner, q="harbour")).content.decode()
    assert 'id="search-results"' in page
    for label in ("Task", "Comment", "Announcement", "Reply", "Meeting agenda", "Meeting summary"):
        assert f'<span class="badge search-kind">{label}</span>' in page
    assert f'href="{world["mine"].get_absolute_url()}"' in page


def test_it_says_what_to_do_with_no_query_and_with_no_hits(owner, client_for, world):
    client = client_for(owner)
    page = client.get(search_url(owner)).content.decode()
    assert 'id="search-hint"' in page and 'id="search-results"' not in page
    page = client.get(search_url(owner, q="zebra")).content.decode()
    assert 'id="search-empty"' in page and "zebra" in page


def test_it_pages_through_many_hits_newest_first(owner):
    now = timezone.now()
    for number in range(PAGE_SIZE + 5):
        task = make_task(owner, f"Ledger {number}")
        Task.objects.filter(pk=task.pk).update(title=task.title)  # entries follow updates too
        SearchEntry.objects.filter(kind="task", source_id=task.pk).update(
            created_at=now - timedelta(minutes=number)
        )
    first = search(owner, "ledger")
    assert first.has_more and len(first.hits) == PAGE_SIZE
    assert first.hits[0].title == "<mark>Ledger</mark> 0"
    second = search(owner, "ledger", page=2)
    assert not second.has_more and len(second.hits) == 5
    assert second.hits[-1].title == f"<mark>Ledger</mark> {PAGE_SIZE + 4}"


@pytest.mark.parametrize("extra", [0, 60])
def test_its_queries_do_not_grow_with_the_hits(
    owner, assistant, client_for, world, extra, django_assert_num_queries
):
    for number in range(extra):
        task = make_task(owner, f"Harbour berth {number}", assignee=assistant)
        comment_services.comment_add(actor=owner, task=task, body="Harbour berth booked.")
    for member in (owner, assistant):
        client = client_for(member)
        client.get(search_url(member, q="harbour"))
        # session, user, membership; the page of ids; the hits with their links and marks;
        # the workspace switcher of the header
        with django_assert_num_queries(6):
            response = client.get(search_url(member, q="harbour"))
        assert response.status_code == 200


@on_postgresql
def test_it_stems_in_the_workspaces_language(owner, workspace):
    Workspace.objects.filter(pk=workspace.pk).update(language="nb")
    owner.workspace.language = "nb"
    make_task(owner, "Ring kundene i dag")
    assert kinds(owner, "kunde") == {"task"}
    Workspace.objects.filter(pk=workspace.pk).update(language="it")
    owner.workspace.language = "it"
    make_task(owner, "Controllare le fatture di marzo")
    assert kinds(owner, "fattura") == {"task"}


@on_postgresql
def test_a_new_language_makes_the_vectors_again(owner, workspace):
    make_task(owner, "Le fatture di marzo")
    assert kinds(owner, "fattura") == set()  # English stems leave Italian plurals alone
    Workspace.objects.filter(pk=workspace.pk).update(language="it")
    owner.workspace.language = "it"
    assert kinds(owner, "fattura") == {"task"}


def test_bulk_created_comments_are_indexed_and_found(owner, assistant):
    generate_tasks(owner.workspace, delegators=[owner], assistants=[assistant], count=40)
    generate_comments(owner.workspace, count=300)
    comments = Comment.objects.filter(workspace=owner.workspace)
    assert SearchEntry.objects.filter(kind="comment").count() == comments.count()
    invoices = comments.filter(body__icontains="invoices").count()
    assert invoices > PAGE_SIZE
    hits = search(owner, "invoices", group="comments")
    assert len(hits.hits) == PAGE_SIZE and hits.has_more
    assert all("<mark>invoices</mark>" in hit.snippet.lower() for hit in hits.hits)


def test_search_syntax_is_never_the_users(owner, world):
    for query in ('"harbour" *', "harbour*", "(harbour", "-harbour", "harbour^", "'harbour'"):
        assert kinds(owner, query) >= {"task"}
    assert found(owner, "NEAR OR NOT AND") == []
    assert search(owner, "the").hits == [] or connection.vendor == "sqlite"


def test_a_trigger_lost_to_a_table_rebuild_comes_back_with_install(owner, world):
    from tandem.insights import search_index

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER search_work_comment_insert_delete ON work_comment")
        else:
            cursor.execute("DROP TRIGGER search_work_comment_ai")
    search_index.install(connection)
    comment_services.comment_add(actor=owner, task=world["mine"], body="Lighthouse keys.")
    assert kinds(owner, "lighthouse") == {"comment"}


def test_marked_text_is_shown_as_typed(owner, world):
    comment_services.comment_add(
        actor=owner, task=world["mine"], body="Chips & fish <b>&lt;tide&gt;</b> a<b"
    )
    (hit,) = search(owner, "chips").hits
    assert hit.snippet == (
        "<mark>Chips</mark> &amp; fish &lt;b&gt;&amp;lt;tide&amp;gt;&lt;/b&gt; a&lt;b"
    )


@pytest.mark.parametrize("role", ["owner", "manager", "assistant", "partner"])
def test_every_member_has_the_search_box_in_the_header(role, request, client_for):
    member = request.getfixturevalue(role)
    # An assistant's home is My day: the box is on the page they land on.
    page = client_for(member).get(reverse("insights:home", kwargs={"ws": "alice"}), follow=True)
    html = page.content.decode()
    assert '<form class="site-search" role="search" method="get" action="/w/alice/search/">' in html
    assert 'id="site-search" name="q"' in html


def test_there_is_no_search_box_outside_a_workspace(owner, client_for):
    page = client_for(owner).get(reverse("workspaces:list"))
    assert 'id="site-search"' not in page.content.decode()

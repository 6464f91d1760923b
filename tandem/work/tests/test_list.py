"""The list of tasks: filters (in the viewer's own days), pagination, and who sees what."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import add_member, make_user
from tandem.work.management.commands.bench_data import generate_tasks
from tandem.work.models import State, Task
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

LIST = reverse("work:list", kwargs={"ws": "alice"})
# Session, user, membership, the switcher's workspaces; the assignee filter's members; the
# paginator's count; the page.
LIST_QUERIES = 4 + 1 + 1 + 1
# Wednesday 2 December 2026, 12:00 UTC: 13:00 in Oslo (the owner), 20:00 in Manila (Ana).
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def titles(response) -> list[str]:
    found = re.findall(r'class="row-title" href="[^"]+">([^<]+)</a>', response.content.decode())
    return [unescape(title) for title in found]


@pytest.fixture
def week(owner):
    """Drafts with deadlines in the owner's zone (Europe/Oslo) around NOW."""
    with time_machine.travel(NOW, tick=False):
        for title, due_date, due_time in [
            ("Yesterday", date(2026, 12, 1), None),
            ("This morning", date(2026, 12, 2), time(9, 0)),
            ("Tonight", date(2026, 12, 2), time(23, 30)),
            ("Friday", date(2026, 12, 4), None),
            ("Next week", date(2026, 12, 8), None),
            ("Someday", None, None),
        ]:
            make_task(owner, title=title, due_date=due_date, due_time=due_time)


def test_it_lists_every_task_for_a_delegator(owner, assistant, manager, client_for):
    make_task(owner, assistant, title="Assigned")
    make_task(manager, title="A draft")
    response = client_for(manager).get(LIST)
    assert sorted(titles(response)) == ["A draft", "Assigned"]
    assert b"Ana Assistant" in response.content
    assert reverse("work:task_new", kwargs={"ws": "alice"}).encode() in response.content


def test_it_lists_only_an_assistants_own_tasks(owner, assistant, workspace, client_for):
    other = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    make_task(owner, assistant, title="Mine")
    make_task(owner, other, title="Theirs")
    make_task(owner, title="A draft")
    response = client_for(assistant).get(LIST)
    assert titles(response) == ["Mine"]
    assert b'name="assignee"' not in response.content  # nobody else to filter by


def test_it_shows_a_partner_no_task_but_says_why(owner, assistant, partner, client_for):
    make_task(owner, assistant, title="Confidential client work")
    response = client_for(partner).get(LIST)
    assert b"Confidential client work" not in response.content
    assert b"attendance and health" in response.content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"due": "overdue"}, ["Yesterday", "This morning"]),
        ({"due": "today"}, ["This morning", "Tonight"]),
        ({"due": "week"}, ["Yesterday", "This morning", "Tonight", "Friday"]),
        ({"due": "later"}, ["Next week"]),
        ({"due": "none"}, ["Someday"]),
        ({"day": "2026-12-04"}, ["Friday"]),
        ({"q": "NIGHT"}, ["Tonight"]),
        ({"due": "bogus", "priority": "x"}, None),  # ignored: everything
    ],
)
def test_it_filters_by_deadline_in_the_viewers_days(owner, week, client_for, query, expected):
    with time_machine.travel(NOW, tick=False):
        response = client_for(owner).get(LIST, query)
    everything = ["Yesterday", "This morning", "Tonight", "Friday", "Next week", "Someday"]
    assert sorted(titles(response)) == sorted(expected or everything)


def test_today_is_the_viewers_own_day(owner, assistant, client_for):
    # 01:00 on 3 December in Manila is 18:00 on 2 December in Oslo.
    make_task(owner, assistant, title="Early", due_date=date(2026, 12, 3), due_time=time(1, 0))
    with time_machine.travel(NOW, tick=False):
        assert titles(client_for(owner).get(LIST, {"due": "today"})) == ["Early"]
        assert titles(client_for(assistant).get(LIST, {"due": "today"})) == []


def test_it_filters_by_assignee_state_and_priority(owner, assistant, workspace, client_for):
    other = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    make_task(owner, assistant, title="Ana's", priority=3)
    make_task(owner, other, title="Bo's", priority=2)
    make_task(owner, title="Nobody's", priority=3)
    finished = make_task(owner, assistant, title="Ana's, cancelled", priority=3)
    services.task_cancel(actor=owner, task=finished)
    http = client_for(owner)
    assert sorted(titles(http.get(LIST, {"assignee": assistant.code}))) == [
        "Ana's",
        "Ana's, cancelled",
    ]
    assert titles(http.get(LIST, {"assignee": "none"})) == ["Nobody's"]
    assert titles(http.get(LIST, {"state": "draft"})) == ["Nobody's"]
    assert sorted(titles(http.get(LIST, {"state": "open", "priority": "3"}))) == [
        "Ana's",
        "Nobody's",
    ]
    assert titles(http.get(LIST, {"state": "cancelled"})) == ["Ana's, cancelled"]


def test_it_lists_open_work_first_and_the_most_urgent_first(owner, assistant, client_for):
    finished = make_task(owner, assistant, title="Finished, urgent", priority=4)
    services.task_cancel(actor=owner, task=finished)
    make_task(owner, assistant, title="Normal, later", priority=2, due_date=date(2026, 12, 20))
    make_task(owner, assistant, title="Normal, no deadline", priority=2, due_date=None)
    make_task(owner, assistant, title="High", priority=3, due_date=date(2026, 12, 30))
    make_task(owner, assistant, title="Normal, sooner", priority=2, due_date=date(2026, 12, 10))
    assert titles(client_for(owner).get(LIST)) == [
        "High",
        "Normal, sooner",
        "Normal, later",
        "Normal, no deadline",
        "Finished, urgent",
    ]


def test_the_filters_show_what_is_chosen(owner, assistant, client_for):
    html = client_for(owner).get(LIST, {"state": "open", "q": "report"}).content.decode()
    assert '<option value="open" selected>' in html
    assert 'name="q" id="filter-q" value="report"' in html
    assert "Clear the filters" in html


def test_it_pages_fifty_tasks_at_a_time_keeping_the_filters(owner, assistant, client_for):
    generate_tasks(owner.workspace, delegators=[owner], assistants=[assistant], count=130)
    open_count = Task.objects.exclude(state__in=[State.DONE, State.CANCELLED]).count()
    assert 50 < open_count <= 100
    http = client_for(owner)
    first = http.get(LIST, {"state": "open"})
    assert len(titles(first)) == 50
    assert "?state=open&amp;page=2" in first.content.decode()
    second = http.get(LIST, {"state": "open", "page": "2"})
    assert len(titles(second)) == open_count - 50
    codes = re.findall(r'class="row-title" href="([^"]+)"', second.content.decode())
    assert not set(codes) & set(
        re.findall(r'class="row-title" href="([^"]+)"', first.content.decode())
    )
    assert "?state=open&amp;page=1" in second.content.decode()


def test_it_says_what_to_do_when_nothing_matches(owner, client_for):
    make_task(owner, title="Something")
    response = client_for(owner).get(LIST, {"q": "no such thing"})
    assert b"No task matches these filters." in response.content


@pytest.mark.parametrize("count", [20, 500])
def test_it_reads_the_list_in_a_fixed_number_of_queries(
    count, owner, manager, assistant, client_for, django_assert_num_queries
):
    generate_tasks(
        owner.workspace, delegators=[owner, manager], assistants=[assistant], count=count
    )
    http = client_for(owner)
    http.get(LIST)  # warm-up: the session learns the workspace
    with django_assert_num_queries(LIST_QUERIES):
        assert http.get(LIST, {"state": "open"}).status_code == 200


def test_the_task_page_reads_in_a_fixed_number_of_queries(
    owner, manager, assistant, client_for, django_assert_num_queries
):
    """The task's page (the lead's) makes as many queries in a workspace of 500 tasks as in
    one of 20; compared rather than pinned, as the page is still growing."""
    workspace = owner.workspace
    generate_tasks(workspace, delegators=[owner, manager], assistants=[assistant], count=20)
    task = make_task(owner, assistant)
    url = reverse("work:task", kwargs={"ws": "alice", "code": task.code})
    http = client_for(owner)
    http.get(url)  # warm-up: the session learns the workspace
    with CaptureQueriesContext(connection) as few:
        assert http.get(url).status_code == 200
    generate_tasks(workspace, delegators=[owner], assistants=[assistant], count=480, seed=1)
    with django_assert_num_queries(len(few)):
        assert http.get(url).status_code == 200


def test_it_checks_workspace_isolation(owner, outsider, client_for):
    make_task(owner, title="Alice's secret")
    http = client_for(outsider)
    assert http.get(LIST).status_code == 404
    theirs = http.get(reverse("work:list", kwargs={"ws": "olaf"}))
    assert b"Alice's secret" not in theirs.content


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Apple", "banana", "Cherry"]),
        ("-title", ["Cherry", "banana", "Apple"]),
        ("priority", ["banana", "Cherry", "Apple"]),
        ("-priority", ["Apple", "Cherry", "banana"]),
        ("due", ["Cherry", "Apple", "banana"]),  # no deadline last
        ("-due", ["Apple", "Cherry", "banana"]),  # no deadline last either way
        ("state", ["Apple", "banana", "Cherry"]),  # draft, assigned, cancelled
        ("assignee", ["banana", "Apple", "Cherry"]),  # Ana, Bo, nobody
        ("bogus", ["Apple", "banana", "Cherry"]),  # ignored: the default order
    ],
)
def test_it_sorts_by_any_column(owner, assistant, workspace, client_for, sort, expected):
    bo = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    make_task(owner, bo, title="Apple", priority=4, due_date=date(2026, 12, 20))
    make_task(owner, assistant, title="banana", priority=1, due_date=None)
    cherry = make_task(owner, title="Cherry", priority=2, due_date=date(2026, 12, 10))
    services.task_cancel(actor=owner, task=cherry)
    Task.objects.filter(title="Apple").update(state=State.DRAFT)
    assert titles(client_for(owner).get(LIST, {"sort": sort})) == expected


def test_the_headers_sort_and_say_how_the_list_is_sorted(owner, client_for):
    make_task(owner, title="Something")
    html = client_for(owner).get(LIST, {"sort": "due", "state": "open"}).content.decode()
    assert html.count("aria-sort=") == 1
    assert (
        '<th scope="col" aria-sort="ascending"><a class="sort sort-ascending" '
        'href="?sort=-due&amp;state=open"'
    ) in html
    assert 'href="?sort=title&amp;state=open"' in html
    assert '<option value="due" selected>Deadline, soonest first</option>' in html
    html = client_for(owner).get(LIST, {"sort": "-due"}).content.decode()
    assert 'aria-sort="descending"' in html and 'href="?sort=due"' in html
    html = client_for(owner).get(LIST, {"sort": "-state"}).content.decode()
    assert '<option value="-state" selected>Sort by</option>' in html  # a header's own sort


def test_show_more_appends_the_next_fifty_rows_for_htmx(owner, assistant, client_for):
    for number in range(120):
        make_task(owner, assistant, title=f"Task {number:03}", due_date=None)
    http = client_for(owner)
    first = http.get(LIST, {"sort": "title"}).content.decode()
    assert 'hx-get="?sort=title&amp;page=2"' in first and 'hx-target="#task-rows"' in first
    more = http.get(
        LIST,
        {"sort": "title", "page": "2"},
        headers={"HX-Request": "true", "HX-Target": "task-rows"},
    )
    html = more.content.decode()
    assert "<html" not in html  # only the rows and the next link
    assert titles(more) == [f"Task {number:03}" for number in range(50, 100)]
    assert 'id="list-more"' in html and "?sort=title&amp;page=3" in html
    last = http.get(
        LIST,
        {"sort": "title", "page": "3"},
        headers={"HX-Request": "true", "HX-Target": "task-rows"},
    )
    assert len(titles(last)) == 20
    assert 'rel="next"' not in last.content.decode()


def test_the_filters_apply_as_they_change_and_keep_the_address(owner, client_for):
    make_task(owner, title="Something")
    html = client_for(owner).get(LIST).content.decode()
    form = re.search(r'<form method="get"[^>]*>', html).group(0)
    assert 'hx-trigger="change, input delay:400ms from:#filter-q, submit"' in form
    assert 'hx-push-url="true"' in form and 'hx-select="#task-results"' in form
    assert ">Filter</button>" in html  # and without JavaScript, the button


@pytest.mark.parametrize("count", [60, 500])
def test_show_more_and_sorting_read_in_a_fixed_number_of_queries(
    count, owner, manager, assistant, client_for, django_assert_num_queries
):
    generate_tasks(
        owner.workspace, delegators=[owner, manager], assistants=[assistant], count=count
    )
    http = client_for(owner)
    http.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        response = http.get(LIST, {"sort": "-assignee"})
        assert len(titles(response)) == 50
    with django_assert_num_queries(LIST_QUERIES - 1):  # no page around the rows: no switcher
        more = http.get(
            LIST,
            {"sort": "-assignee", "page": "2"},
            headers={"HX-Request": "true", "HX-Target": "task-rows"},
        )
        assert 0 < len(titles(more)) <= 50


def test_the_sort_field_sorts_without_the_headers(owner, assistant, client_for):
    make_task(owner, assistant, title="Low", priority=1)
    make_task(owner, assistant, title="Urgent", priority=4)
    html = client_for(assistant).get(LIST, {"sort": "priority"}).content.decode()
    assert '<select name="sort" id="filter-sort">' in html
    assert "Assignee A–Z" not in html  # an assistant sees no assignee column
    assert titles(client_for(assistant).get(LIST, {"sort": "priority"})) == ["Low", "Urgent"]


@pytest.mark.parametrize(
    ("language", "chosen"), [("nb", "Valgte oppgaver"), ("it", "Attività scelte")]
)
def test_the_count_of_chosen_tasks_speaks_the_viewers_language(language, chosen, owner, client_for):
    # A `{% translate %}` literal with a placeholder is looked up with its % doubled.
    make_task(owner, title="Something to choose")
    owner.user.language = language
    owner.user.save(update_fields=["language"])
    html = client_for(owner).get(reverse("work:list", kwargs={"ws": "alice"})).content.decode()
    assert f'data-some="{chosen}: %(count)s"' in html

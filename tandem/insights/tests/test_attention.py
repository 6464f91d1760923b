"""Needs attention: what waits on the owners and managers, oldest first."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from tandem.work.management.commands.bench_data import generate_tasks
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db

ATTENTION = reverse("insights:attention", kwargs={"ws": "alice"})
# Session, user, membership, the switcher's workspaces; the counts; one per section; one per
# section of the rhythm (blockers, missed check-ins, summaries to acknowledge, late summaries,
# announcements); continuity's assistants, their silence (two queries: nobody here has been
# active, so no outages are read for it) and the outages going on.
ATTENTION_QUERIES = 4 + 1 + 5 + 5 + 4
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def section(html: str, key: str) -> list[str]:
    match = re.search(rf'<section class="card attention[^"]*" id="{key}">.*?</section>', html, re.S)
    assert match, key
    return [
        unescape(t) for t in re.findall(r'class="row-title" href="[^"]+">([^<]+)</a>', match[0])
    ]


def test_it_gathers_what_waits_on_the_delegators(owner, manager, assistant, client_for):
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        make_task(owner, assistant, title="Not acknowledged", due_date=date(2026, 12, 20))
        proposed = make_task(owner, assistant, title="Proposes a date", due_date=date(2026, 12, 20))
        services.task_acknowledge(
            actor=assistant,
            task=proposed,
            proposed_due_date=date(2026, 12, 22),
            reason="Two other deadlines that day.",
        )
        stuck = make_task(owner, assistant, title="Stuck", due_date=date(2026, 12, 20))
        services.task_acknowledge(actor=assistant, task=stuck)
        services.task_ask_for_help(actor=assistant, task=stuck, note="No access to the portal.")
        review = make_task(owner, assistant, title="Handed in", due_date=date(2026, 12, 20))
        services.task_acknowledge(actor=assistant, task=review)
        services.task_submit(actor=assistant, task=review)
        late = make_task(owner, assistant, title="Late", due_date=date(2026, 11, 30))
        services.task_acknowledge(actor=assistant, task=late)
        done = make_task(owner, assistant, title="Finished late", due_date=date(2026, 11, 28))
        services.task_acknowledge(actor=assistant, task=done)
        services.task_submit(actor=assistant, task=done)
        services.task_review(actor=owner, task=done, accept=True)
    with time_machine.travel(NOW, tick=False):
        html = client_for(manager).get(ATTENTION).content.decode()
    assert section(html, "acknowledgements") == ["Not acknowledged"]
    assert section(html, "proposals") == ["Proposes a date"]
    assert "Two other deadlines that day." in html
    assert section(html, "stuck") == ["Stuck"]
    assert section(html, "reviews") == ["Handed in"]
    assert section(html, "overdue") == ["Late"]  # finished work is not overdue
    assert re.search(r'waiting <time datetime="[^"]+" title="[^"]+">3\xa0days</time>', html)


def test_it_lists_the_oldest_first(owner, assistant, client_for):
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        make_task(owner, assistant, title="Newer")
    with time_machine.travel(NOW - timedelta(days=5), tick=False):
        make_task(owner, assistant, title="Older")
    with time_machine.travel(NOW, tick=False):
        html = client_for(owner).get(ATTENTION).content.decode()
    assert section(html, "acknowledgements") == ["Older", "Newer"]


def test_it_says_so_when_nothing_waits(owner, client_for):
    html = client_for(owner).get(ATTENTION).content.decode()
    assert "Nothing waits on you right now" in html
    for empty in (
        "Every assigned brief has been acknowledged.",
        "No proposed deadline waits for your decision.",
        "Nobody is stuck.",
        "No work is waiting for a review.",
        "No open task is past its deadline.",
    ):
        assert empty in html


def test_it_bounds_each_section_and_links_to_the_rest(owner, assistant, client_for):
    for number in range(23):
        make_task(owner, assistant, title=f"Brief {number}")
    html = client_for(owner).get(ATTENTION).content.decode()
    assert len(section(html, "acknowledgements")) == 20
    assert "and 3 more in the list" in html
    assert reverse("work:list", kwargs={"ws": "alice"}) + "?state=assigned" in html


@pytest.mark.parametrize("count", [20, 500])
def test_it_reads_the_page_in_a_fixed_number_of_queries(
    count, owner, manager, assistant, client_for, django_assert_num_queries
):
    generate_tasks(
        owner.workspace, delegators=[owner, manager], assistants=[assistant], count=count
    )
    http = client_for(owner)
    http.get(ATTENTION)  # warm-up: the session learns the workspace
    with django_assert_num_queries(ATTENTION_QUERIES):
        assert http.get(ATTENTION).status_code == 200


@pytest.mark.parametrize("who", ["assistant", "partner"])
def test_it_is_for_owners_and_managers_only(who, request, client_for):
    assert client_for(request.getfixturevalue(who)).get(ATTENTION).status_code == 403


def test_it_checks_workspace_isolation(owner, outsider, assistant, client_for):
    make_task(owner, assistant, title="Alice's secret")
    http = client_for(outsider)
    assert http.get(ATTENTION).status_code == 404
    theirs = http.get(reverse("insights:attention", kwargs={"ws": "olaf"}))
    assert b"Alice's secret" not in theirs.content

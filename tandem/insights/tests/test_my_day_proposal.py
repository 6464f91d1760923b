"""My day shows a deadline the assistant proposed as waiting for the owner's decision."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from tandem.insights.tests.test_my_day import MY_DAY, MY_DAY_QUERIES
from tandem.work.management.commands.bench_data import generate_tasks
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def propose(owner, assistant, title: str):
    task = make_task(owner, assistant, title=title)
    services.task_acknowledge(
        actor=assistant, task=task, proposed_due_date=date(2026, 12, 8), reason="Busy week"
    )
    return task


def test_my_day_shows_the_proposal_waiting(owner, assistant, client_for):
    with time_machine.travel(NOW, tick=False):
        task = propose(owner, assistant, "Prices page")
        make_task(owner, assistant, title="Plain brief")
        html = client_for(assistant).get(MY_DAY).content.decode()
        assert html.count("You proposed Tue 8 Dec · waiting for Alice Owner") == 1
        row = html[html.index("Prices page") :]
        assert row.index("You proposed") < row.index("</li>")

        services.task_decide_proposal(actor=owner, task=task, accept=True)
        html = client_for(assistant).get(MY_DAY).content.decode()
    assert "You proposed" not in html


def test_my_day_reads_proposals_in_a_fixed_number_of_queries(
    owner, manager, assistant, client_for, django_assert_num_queries
):
    with time_machine.travel(NOW, tick=False):
        generate_tasks(
            owner.workspace, delegators=[owner, manager], assistants=[assistant], count=40
        )
        for number in range(4):
            propose(owner, assistant, f"Proposal {number}")
        http = client_for(assistant)
        http.get(MY_DAY)  # warm-up: the session learns the workspace
        with django_assert_num_queries(MY_DAY_QUERIES):
            html = http.get(MY_DAY).content.decode()
    assert html.count("You proposed Tue 8 Dec") >= 4


def test_another_workspace_sees_nothing_of_the_proposal(owner, assistant, outsider, client_for):
    propose(owner, assistant, "Prices page")
    assert client_for(outsider).get(MY_DAY).status_code == 404
    own = client_for(outsider).get(reverse("insights:my_day", kwargs={"ws": "olaf"}))
    assert "Prices page" not in own.content.decode()

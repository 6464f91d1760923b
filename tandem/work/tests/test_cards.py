"""The board's card renderer (Rows.cards, written out in Python for speed) against the card as a
template (the `card` partial of work/_card.html, with work/_deadline.html): the same markup for
a task in every state, with and without a deadline, a time, an assignee, in every language."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import timezone, translation

from tandem.work.models import State, Task
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task, task_in_state
from tandem.work.views.rows import Rows, row_of
from tandem.workspaces.models import Membership


def _both_ways(task: Task, member: Membership) -> tuple[str, str]:
    request = RequestFactory().get("/")
    request.workspace = member.workspace  # type: ignore[attr-defined]
    written = Rows(request).cards([row_of(task)])  # type: ignore[arg-type]
    templated = render_to_string("work/_card.html#card", {"task": task})
    return written, templated


def _tasks(owner: Membership, assistant: Membership) -> list[Task]:
    tasks = [task_in_state(state, owner, assistant) for state in State]
    tasks += [
        make_task(owner, title="No deadline", due_date=None, due_time=None),
        make_task(owner, assistant, title="A day, no time", due_time=None, priority=4),
        make_task(
            owner, assistant, title="Past: <b>“overdue”</b> & 'quoted'", due_date=date(2026, 11, 2)
        ),
        make_task(owner, title="Late evening", due_date=date(2026, 12, 31), due_time=time(23, 30)),
    ]
    proposing = make_task(owner, assistant, title="A date proposed")
    services.task_acknowledge(
        actor=assistant, task=proposing, proposed_due_date=date(2026, 12, 9), reason="Away"
    )
    tasks.append(proposing)
    done = make_task(owner, assistant, title="Finished late", due_date=date(2026, 11, 2))
    services.task_cancel(actor=owner, task=done)
    return [*tasks, done]


@pytest.mark.parametrize("language", ["en", "nb", "it"])
@pytest.mark.parametrize("zone", ["Asia/Manila", "America/Los_Angeles"])
def test_the_card_renderer_writes_what_the_template_shows(language, zone, owner, assistant):
    with time_machine.travel("2026-11-20 10:00Z", tick=False):
        tasks = _tasks(owner, assistant)
        with translation.override(language), timezone.override(zone):
            for task in tasks:
                task = Task.objects.select_related("workspace", "assignee__user").get(pk=task.pk)
                written, templated = _both_ways(task, owner)
                assert parse_html(written) == parse_html(templated), (task.title, task.state)

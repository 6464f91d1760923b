"""Dates and times as people meet them on the pages and in the emails: the viewer's language and
zone, a 24-hour clock, and a deadline in the assignee's zone too when it reads differently."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tandem.notify import services as notify_services
from tandem.notify.models import Notification
from tandem.notify.tests.conftest import send_digest
from tandem.work.services import tasks as task_services
from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db

# Monday 7 December 2026, 12:00 UTC: 13:00 in Oslo (Alice), 20:00 in Manila (Ana).
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
# Ana's deadline, Friday 11 December at 23:59 in Manila, is 16:59 in Oslo.
BOTH = "Fri 11 Dec, 16:59 your time · 23:59 for Ana"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def task(owner, assistant):
    return make_task(
        owner,
        assistant,
        title="Send the invoices",
        due_date=date(2026, 12, 11),
        due_time=time(23, 59),
    )


def page(client, name: str, **kwargs) -> str:
    return client.get(reverse(name, kwargs={"ws": "alice", **kwargs})).content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_task_page_shows_the_deadline_in_both_zones(task, owner, assistant, client_for):
    owners = text(page(client_for(owner), "work:task", code=task.code))
    assert f"Deadline: {BOTH}" in owners
    assistants = text(page(client_for(assistant), "work:task", code=task.code))
    assert "Deadline: Fri 11 Dec, 23:59" in assistants
    assert "your time" not in assistants


def test_the_task_page_speaks_norwegian_with_a_24_hour_clock(task, owner, client_for):
    owner.user.language = "nb"
    owner.user.save(update_fields=["language"])
    html = text(page(client_for(owner), "work:task", code=task.code))
    assert "fre. 11. des, 16:59 din tid · 23:59 for Ana" in html
    assert "p.m." not in html and "Fre" not in html and "Des" not in html


def test_the_board_the_list_and_my_day_show_the_same_deadline(task, owner, assistant, client_for):
    http = client_for(owner)
    assert BOTH in text(page(http, "work:board"))
    assert BOTH in text(page(http, "work:list"))
    ana = client_for(assistant)
    assert "Fri 11 Dec, 23:59" in text(page(ana, "insights:my_day"))
    assert "your time" not in text(page(ana, "insights:my_day"))


def test_the_calendar_names_the_deadline_in_both_zones_in_its_title(task, owner, client_for):
    html = page(client_for(owner), "work:calendar")
    assert f'title="Send the invoices · Assigned · {BOTH}"' in html


def test_needs_attention_says_how_long_with_the_exact_time_in_the_title(
    task, owner, client_for, time_machine
):
    time_machine.move_to(datetime(2026, 12, 7, 15, 0, tzinfo=UTC), tick=False)
    html = page(client_for(owner), "insights:attention")
    # Assigned at 13:00 Oslo time, not acknowledged three hours later.
    assert (
        '<time datetime="2026-12-07T12:00:00+00:00" title="Mon 7 Dec 2026, 13:00">3\xa0hours</time>'
        in html
    )
    assert "waiting 3 hours" in text(html)


def test_the_notifications_say_how_long_ago_with_the_exact_time(owner, assistant, client_for):
    notify_services.notify(
        workspace=owner.workspace,
        recipients=[assistant],
        kind="task_assigned",
        event_key="event:1",
        actor=owner,
        url="/w/alice/tasks/t1/",
        thread_key="task:t1",
        params={"task": "Write the newsletter"},
    )
    Notification.objects.update(created_at=datetime(2026, 12, 7, 10, 0, tzinfo=UTC))
    html = page(client_for(assistant), "notify:list")
    assert 'title="Mon 7 Dec 2026, 18:00">2\xa0hours ago</time>' in html  # Manila


def test_the_digest_email_speaks_the_recipients_language_in_their_zone(owner, assistant):
    assistant.user.language = "it"
    assistant.user.save(update_fields=["language"])
    task = make_task(
        owner, assistant, title="Print the menus", due_date=date(2026, 12, 7), due_time=time(21, 30)
    )
    task_services.task_acknowledge(actor=assistant, task=task)
    digest = notify_services.digest_set(member=assistant, enabled=True, at=time(8))
    send_digest(digest.pk, NOW.isoformat())
    (email,) = mail.outbox
    assert "lun 7 dic" in email.body  # her day in Manila, in Italian, lower case
    assert "- Print the menus — " in email.body and "21:30" in email.body
    assert "p.m." not in email.body and "Dec" not in email.body

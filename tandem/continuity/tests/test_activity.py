"""Recording activity: cheap, throttled, only for assistants, and from every meaningful action."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PASSWORD
from tandem.continuity.models import Presence, Step
from tandem.continuity.services.silence import activity_record
from tandem.work.services.comments import comment_add
from tandem.work.services.tasks import task_acknowledge, task_start
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Membership

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 3, 4, 3, tzinfo=UTC)  # Tuesday 11:00 in Manila


def last_active(member: Membership) -> datetime | None:
    row = Presence.objects.filter(member=member).first()
    return row.last_active_at if row else None


def presence_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "continuity_presence" in q["sql"]]


def test_it_creates_the_presence_on_the_first_activity(assistant):
    assert activity_record(assistant, at=NOW) is True
    row = Presence.objects.get(member=assistant)
    assert (row.last_active_at, row.step) == (NOW, Step.ACTIVE)
    assert row.workspace_id == assistant.workspace_id
    # A wall-clock lower bound of the nudge: 4 hours, halved for a new assistant.
    assert row.next_step_at == NOW + timedelta(hours=2)


@pytest.mark.parametrize("who", ["owner", "manager", "partner"])
def test_it_ignores_everyone_but_assistants_without_a_query(
    who, request, django_assert_num_queries
):
    member = request.getfixturevalue(who)
    with django_assert_num_queries(0):
        assert activity_record(member, at=NOW) is False
    assert not Presence.objects.exists()


def test_activity_within_a_few_minutes_writes_nothing(assistant, django_assert_num_queries):
    activity_record(assistant, at=NOW)
    # The same member object: nothing at all.
    with django_assert_num_queries(0):
        assert activity_record(assistant, at=NOW + timedelta(minutes=2)) is False
    # Another request's object: the conditional update matches no row; nothing is written.
    again = Membership.objects.select_related("workspace").get(pk=assistant.pk)
    assert activity_record(again, at=NOW + timedelta(minutes=4)) is False
    assert last_active(assistant) == NOW
    later = Membership.objects.select_related("workspace").get(pk=assistant.pk)
    with django_assert_num_queries(1):  # one conditional update
        assert activity_record(later, at=NOW + timedelta(minutes=6)) is True
    assert last_active(assistant) == NOW + timedelta(minutes=6)


def test_older_news_does_not_move_activity_back(assistant):
    activity_record(assistant, at=NOW)
    fresh = Membership.objects.get(pk=assistant.pk)
    assert activity_record(fresh, at=NOW - timedelta(hours=1)) is False
    assert last_active(assistant) == NOW


def test_page_views_of_an_assistant_count_once_per_few_minutes(assistant, client_for):
    http = client_for(assistant)
    page = reverse("insights:my_day", kwargs={"ws": "alice"})
    with time_machine.travel(NOW, tick=False):
        assert http.get(page).status_code == 200
    assert last_active(assistant) == NOW
    with (
        time_machine.travel(NOW + timedelta(minutes=3), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        http.get(page)
    assert presence_queries(queries) == []  # remembered in the session
    assert last_active(assistant) == NOW
    with time_machine.travel(NOW + timedelta(minutes=6), tick=False):
        http.get(page)
    assert last_active(assistant) == NOW + timedelta(minutes=6)


@pytest.mark.parametrize("who", ["owner", "manager"])
def test_page_views_of_others_make_no_query_for_activity(who, request, client_for):
    http = client_for(request.getfixturevalue(who))
    page = reverse("work:board", kwargs={"ws": "alice"})
    http.get(page)
    with CaptureQueriesContext(connection) as queries:
        assert http.get(page).status_code == 200
    assert presence_queries(queries) == []
    assert "activity_seen" not in http.session


def test_logging_in_is_activity(assistant):
    http = Client()
    with time_machine.travel(NOW, tick=False):
        response = http.post(
            reverse("accounts:login"), {"username": "ana@example.com", "password": PASSWORD}
        )
    assert response.status_code == 302
    assert last_active(assistant) == NOW


def test_task_moves_comments_and_acknowledgements_are_activity(owner, assistant):
    with time_machine.travel(NOW, tick=False):
        task = make_task(owner, assistant)
    assert last_active(assistant) is None  # the owner acted, not the assistant
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        task_acknowledge(actor=assistant, task=task)
    assert last_active(assistant) == NOW + timedelta(minutes=10)
    with time_machine.travel(NOW + timedelta(minutes=20), tick=False):
        task.refresh_from_db()
        task_start(actor=Membership.objects.get(pk=assistant.pk), task=task)
    assert last_active(assistant) == NOW + timedelta(minutes=20)
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        comment_add(actor=Membership.objects.get(pk=assistant.pk), task=task, body="On it.")
    assert last_active(assistant) == NOW + timedelta(minutes=30)

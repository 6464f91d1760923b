from __future__ import annotations

import pytest
from django.core.management import call_command

from tandem.accounts.models import User
from tandem.workspaces.models import Invitation, Membership, Role, Workspace

pytestmark = pytest.mark.django_db


def test_it_creates_the_demo_workspace_once():
    call_command("demo")
    call_command("demo")
    workspace = Workspace.objects.get(slug="northwind")
    assert workspace.name == "Northwind Consulting"
    roles = dict(
        Membership.objects.active().filter(workspace=workspace).values_list("user__email", "role")
    )
    assert roles == {
        "owner@demo.test": Role.OWNER,
        "manager@demo.test": Role.MANAGER,
        "ana@demo.test": Role.ASSISTANT,
        "lukas@demo.test": Role.ASSISTANT,
        "partner@demo.test": Role.PARTNER,
    }
    assert User.objects.get(email="ana@demo.test").time_zone == "Asia/Manila"
    assert User.objects.get(email="lukas@demo.test").time_zone == "Europe/Vilnius"
    assert all(user.check_password("tandem-demo") for user in User.objects.all())
    assert Invitation.objects.filter(workspace=workspace).count() == 1


def test_it_leaves_a_database_with_data_alone_when_asked(owner):
    call_command("demo", "--if-empty")
    assert not Workspace.objects.filter(slug="northwind").exists()


def test_the_demo_owner_can_log_in_and_see_the_workspace(client):
    call_command("demo")
    response = client.post(
        "/accounts/login/", {"username": "owner@demo.test", "password": "tandem-demo"}
    )
    assert response.status_code == 302
    page = client.get(client.get("/")["Location"])
    assert b"Northwind Consulting" in page.content
    assert b"Ana Santos" in page.content


def test_the_demo_has_work_in_every_state():
    from tandem.work.models import Review, State, Task

    call_command("demo")
    call_command("demo")
    states = set(Task.objects.filter(workspace__slug="northwind").values_list("state", flat=True))
    assert states == set(State.values)
    assert Task.objects.filter(
        workspace__slug="northwind", proposed_due_date__isnull=False
    ).exists()
    assert Review.objects.filter(rating=5).exclude(feedback="").exists()


def test_the_demo_has_time_a_thread_and_a_recurring_duty():
    from tandem.work.models import Comment, RecurringTask, Task, TimeEntry

    call_command("demo")
    work_entries = TimeEntry.objects.filter(kind=TimeEntry.Kind.WORK).count()
    call_command("demo")
    # The work demo's six entries, and the delegation plan's weeks of invoicing, once.
    assert work_entries > 6
    assert TimeEntry.objects.filter(kind=TimeEntry.Kind.WORK).count() == work_entries
    assert Comment.objects.count() == 2
    # The work demo's own recurring duty; the roles' duties are recurring tasks too.
    template = RecurringTask.objects.get(duty_link__isnull=True)
    assert Task.objects.filter(recurring=template).count() == 1


@pytest.mark.parametrize(
    "loaded_at",
    [
        "2026-12-07T05:00:00+00:00",  # a Monday, before anyone's working day in Europe
        "2026-12-09T12:00:00+00:00",  # a Wednesday, midday
        "2026-12-12T10:00:00+00:00",  # a Saturday
    ],
)
def test_the_demos_work_has_a_past_in_working_hours(loaded_at):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    import time_machine
    from django.utils import timezone

    from tandem.acks.models import Acknowledgement
    from tandem.work.models import Task, TaskEvent

    with time_machine.travel(datetime.fromisoformat(loaded_at)):
        call_command("demo")
        now = timezone.now()
    tasks = Task.objects.filter(workspace__slug="northwind")
    created = sorted(task.created_at for task in tasks)
    assert now - created[0] > timedelta(days=10)  # weeks of history, not minutes
    assert sum(now - moment > timedelta(days=1) for moment in created) >= 8
    events = TaskEvent.objects.filter(task__in=tasks).select_related("actor__user")
    for event in events:
        assert event.created_at <= now
        local = event.created_at.astimezone(ZoneInfo(event.actor.user.time_zone))
        assert local.weekday() < 5, (event, local)
        assert 8 <= local.hour < 19, (event, local)
    for task in tasks.filter(acknowledged_at__isnull=False):
        assert task.created_at <= task.assigned_at <= task.acknowledged_at
    answered = Acknowledgement.objects.filter(task__in=tasks, acknowledged_at__isnull=False)
    # Acknowledged in hours, not seconds (one may fall on a public holiday: no working time).
    assert all(ack.response_seconds is not None for ack in answered)
    assert sum(ack.response_seconds > 60 for ack in answered) >= len(answered) - 1
    # Running it again moves nothing.
    before = list(events.order_by("id").values_list("created_at", flat=True))
    call_command("demo")
    assert list(events.order_by("id").values_list("created_at", flat=True)) == before


def test_the_weekly_meeting_is_on_a_weekday_the_overlap_planner_suggests():
    from tandem.rhythm.models import MeetingSeries

    call_command("demo")
    series = MeetingSeries.objects.get(title="Weekly planning")
    assert series.weekdays and all(day < 5 for day in series.weekdays)
    assert series.call_url.startswith("https://")
    kickoff = MeetingSeries.objects.get(kind="kickoff")
    assert kickoff.starts_on.weekday() < 5

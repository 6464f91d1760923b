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
    call_command("demo")
    assert TimeEntry.objects.filter(kind=TimeEntry.Kind.WORK).count() == 6
    assert Comment.objects.count() == 2
    template = RecurringTask.objects.get()
    assert Task.objects.filter(recurring=template).count() == 1

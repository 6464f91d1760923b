"""The demo's roles: made once, with their duties as the holders' recurring tasks."""

from __future__ import annotations

import pytest

from conftest import add_member, make_user
from tandem.roles.demo.roles import create_roles_demo
from tandem.roles.models import AssistantRole, Duty, DutyRecurring, RoleAssignment
from tandem.roles.selectors.roles import role_rows, skills_of_members
from tandem.work.models import RecurringTask
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(owner, workspace):
    ana = add_member(workspace, make_user("ana@demo.test", "Ana", "Asia/Manila"), Role.ASSISTANT)
    lukas = add_member(
        workspace, make_user("lukas@demo.test", "Lukas", "Europe/Vilnius"), Role.ASSISTANT
    )
    return {"owner@demo.test": owner, "ana@demo.test": ana, "lukas@demo.test": lukas}


def test_it_makes_the_two_roles_once(workspace, members):
    create_roles_demo(workspace, members)
    create_roles_demo(workspace, members)
    assert list(AssistantRole.objects.values_list("title", "area")) == [
        ("Bookkeeping", "Finance"),
        ("Social media", "Marketing"),
    ]
    assert Duty.objects.count() == 6
    assert RoleAssignment.objects.count() == 2
    assert RecurringTask.objects.count() == DutyRecurring.objects.count() == 6
    ana, lukas = members["ana@demo.test"], members["lukas@demo.test"]
    assert skills_of_members(workspace, [ana.pk, lukas.pk]) == {
        ana.pk: {"bookkeeping", "xero", "invoicing"},
        lukas.pk: {"social media", "canva", "copywriting"},
    }
    books = AssistantRole.objects.get(title="Bookkeeping")
    assert [(d.cadence, d.estimate_minutes) for d in books.duties.order_by("position")] == [
        ("daily", 20),
        ("weekly", 45),
        ("monthly", 120),
    ]
    assert books.duties.get(cadence="weekly").weekdays == [4]
    assert AssistantRole.objects.get(title="Social media").duties.get(
        cadence="weekly"
    ).weekdays == [0, 3]
    rows = {row.role.title: row for row in role_rows(members["owner@demo.test"])}
    # 5 × 20 + 45 + 120 × 12 / 52 minutes a week.
    assert str(rows["Bookkeeping"].weekly_hours) == "2.9"

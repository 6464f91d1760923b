"""The demo's delegation plan: every status, the not-ready ones, the one the owner still does
themselves; made once however often the demo runs."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import add_member, make_user
from tandem.planning.demo.plan import create_plan_demo
from tandem.planning.models import Responsibility, ResponsibilityStatus
from tandem.planning.selectors import plan as selectors
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(owner, manager) -> dict[str, Membership]:
    workspace = owner.workspace
    return {
        "owner@demo.test": owner,
        "manager@demo.test": manager,
        "ana@demo.test": add_member(
            workspace, make_user("ana@demo.test", "Ana", "Asia/Manila"), Role.ASSISTANT
        ),
        "lukas@demo.test": add_member(
            workspace, make_user("lukas@demo.test", "Lukas", "Europe/Berlin"), Role.ASSISTANT
        ),
    }


def test_it_makes_a_plan_in_every_status_once(members):
    owner = members["owner@demo.test"]
    create_plan_demo(owner.workspace, members)
    create_plan_demo(owner.workspace, members)
    responsibilities = list(selectors.responsibilities_of(owner.workspace))
    assert len(responsibilities) == 5
    assert {r.status for r in responsibilities} == set(ResponsibilityStatus.values)
    plan = selectors.plan_of(owner.workspace, owner, now=timezone.now())
    needs = {item.responsibility.title: [m.key for m in item.missing] for item in plan.items}
    assert needs["Travel booking"] == [selectors.NO_INSTRUCTIONS]
    assert selectors.NO_SKILL in needs["Podcast editing"]


def test_the_owner_still_does_the_invoicing(members):
    owner = members["owner@demo.test"]
    create_plan_demo(owner.workspace, members)
    invoicing = Responsibility.objects.get(workspace=owner.workspace, title="Client invoicing")
    series = selectors.split_series(invoicing, owner, now=timezone.now())
    assert series.still_doing_it
    plan = selectors.plan_of(owner.workspace, owner, now=timezone.now())
    assert [item.responsibility.title for item in plan.items if item.still_doing_it] == [
        "Client invoicing"
    ]
    assert invoicing.audit_minutes_per_week == 240

"""The demo's KPIs: two per demo role, three months of values, a target changed a month ago
with its reason; nothing when the roles are not there; safe to make twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from conftest import add_member, make_user
from tandem.roles.demo.kpis import create_kpi_demo
from tandem.roles.models import Kpi, KpiTarget, KpiValue
from tandem.roles.tests.kpi_helpers import assign, make_role
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2030, 6, 15, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def people(owner, manager, assistant):
    lukas = add_member(
        owner.workspace, make_user("lukas@example.com", "Lukas", "Europe/Vilnius"), Role.ASSISTANT
    )
    return {
        "owner@demo.test": owner,
        "manager@demo.test": manager,
        "ana@demo.test": assistant,
        "lukas@demo.test": lukas,
    }


def test_without_the_roles_it_does_nothing(owner, people):
    create_kpi_demo(owner.workspace, people)
    assert not Kpi.objects.exists()


def test_the_demo_has_kpis_values_and_a_changed_target(owner, people):
    bookkeeping = make_role(owner, "Bookkeeping")
    social = make_role(owner, "Social media")
    assign(bookkeeping, people["ana@demo.test"])
    assign(social, people["lukas@demo.test"])
    for _ in range(2):
        create_kpi_demo(owner.workspace, people)
    kpis = {kpi.name: kpi for kpi in Kpi.objects.all()}
    assert sorted(kpis) == [
        "Invoices sent within 2 days",
        "Median response time",
        "On-time delivery",
        "Posts published",
    ]
    invoices = KpiValue.objects.filter(kpi=kpis["Invoices sent within 2 days"])
    assert invoices.count() == 3 and all(value.note for value in invoices)
    assert KpiValue.objects.filter(kpi=kpis["On-time delivery"]).count() >= 3
    assert KpiValue.objects.filter(kpi=kpis["Median response time"]).count() >= 12
    posts = kpis["Posts published"]
    assert posts.target == 12
    assert list(KpiTarget.objects.filter(kpi=posts).values_list("target", flat=True)) == [10, 12]
    # The months before the change were measured against 10, the last one against 12.
    assert sorted(KpiValue.objects.filter(kpi=posts).values_list("target", flat=True)) == [
        10,
        10,
        12,
    ]

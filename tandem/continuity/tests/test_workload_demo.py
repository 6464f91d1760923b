"""The demo's workload and health: contracted hours, one assistant overloaded with areas, and
eight weeks of health for both; safe to make twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import add_member, make_user
from tandem.continuity.demo.workload import create_workload_demo
from tandem.continuity.models import HealthSnapshot
from tandem.continuity.selectors.health import trend_of
from tandem.continuity.selectors.workload import OVERLOADED, areas_of, workload_this_week
from tandem.work.demo import create_work_demo
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_overloaded_assistant_and_health_history(owner, manager, assistant):
    lukas = add_member(
        owner.workspace, make_user("lukas@example.com", "Lukas", "Europe/Vilnius"), Role.ASSISTANT
    )
    people = {
        "owner@demo.test": owner,
        "manager@demo.test": manager,
        "ana@demo.test": assistant,
        "lukas@demo.test": lukas,
    }
    create_work_demo(owner.workspace, people)
    create_workload_demo(owner.workspace, people)
    create_workload_demo(owner.workspace, people)

    now = timezone.now()
    members = list(
        Membership.objects.filter(role=Role.ASSISTANT).select_related("user", "workspace")
    )
    by_pk = {member.pk: member for member in members}
    assert by_pk[assistant.pk].contracted_hours_per_week == 30
    assert by_pk[lukas.pk].contracted_hours_per_week == 40
    loads = workload_this_week(owner.workspace, members, now=now)
    assert loads[lukas.pk].flag == OVERLOADED
    assert loads[assistant.pk].flag != OVERLOADED
    assert areas_of(owner.workspace, [lukas.pk], now=now)[lukas.pk].too_many
    assert HealthSnapshot.objects.filter(member=lukas).count() == 8
    assert HealthSnapshot.objects.filter(member=assistant).count() == 8
    scores = [point.score for point in trend_of(by_pk[lukas.pk], now=now).points]
    assert None not in scores and len(set(scores)) > 2

"""The demo's outages and contingency plans: made through the services, safe to make twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import add_member, make_user
from tandem.continuity.demo.outages import create_outages_demo
from tandem.continuity.models import ContingencyPlan, Outage, OutageKind
from tandem.continuity.selectors.contingency import contingency_overview
from tandem.continuity.selectors.outages import deadlines_during, outages_now_and_planned
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_the_demo_has_ana_on_a_power_cut_and_lukas_planning_one(
    owner, manager, assistant, partner, django_capture_on_commit_callbacks
):
    lukas = add_member(
        owner.workspace, make_user("lukas@example.com", "Lukas", "Europe/Vilnius"), Role.ASSISTANT
    )
    Membership.objects.filter(pk__in=[assistant.pk, lukas.pk]).update(partner=partner)
    people = {
        "owner@demo.test": owner,
        "manager@demo.test": manager,
        "ana@demo.test": assistant,
        "lukas@demo.test": lukas,
        "partner@demo.test": partner,
    }
    with django_capture_on_commit_callbacks(execute=True):
        create_outages_demo(owner.workspace, people)
        create_outages_demo(owner.workspace, people)

    now = timezone.now()
    ana_outage = Outage.objects.get(member=assistant)
    assert ana_outage.kind == OutageKind.POWER
    assert ana_outage.ends_at is None
    assert abs(ana_outage.starts_at - (now - timedelta(hours=2))) < timedelta(minutes=1)
    assert len(deadlines_during(ana_outage)) == 1
    planned = Outage.objects.get(member=lukas)
    assert planned.kind == OutageKind.INTERNET
    assert timedelta(days=1) < planned.starts_at - now < timedelta(days=14)
    rows = outages_now_and_planned(owner.workspace, now)
    assert [(row.outage.member, row.outage.deadline_count) for row in rows] == [
        (assistant, 1),
        (lukas, 0),
    ]

    statuses = {row.member: row.status for row in contingency_overview(owner.workspace, now)}
    assert statuses == {assistant: "ok", lukas: "none"}
    assert ContingencyPlan.objects.count() == 1

"""Every URL of outages and contingency plans, for every kind of visitor. Owners and managers
see every assistant's; an assistant their own; a partner those of the assistants they supply,
read-only; another workspace's does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import add_member, make_user
from tandem.continuity.models import Outage, OutageKind
from tandem.continuity.services import outages as services
from tandem.continuity.views import contingency as contingency_views
from tandem.continuity.views import outages as outage_views
from tandem.testing import VISITORS, Case, Team, check_access, everyone, only, url
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


@dataclass
class World(Team):
    other: Membership  # an assistant the partner does not supply
    now_outage: Outage
    planned: Outage
    others_outage: Outage


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    assistant.partner = partner
    other = add_member(
        owner.workspace, make_user("bo@example.com", "Bo", "Asia/Manila"), Role.ASSISTANT
    )
    now = timezone.now()
    now_outage = services.outage_report_now(actor=assistant)
    planned = services.outage_plan(
        actor=assistant,
        member=assistant,
        kind=OutageKind.TIME_OFF,
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=4),
    )
    others_outage = services.outage_report_now(actor=other)
    return World(
        owner, manager, assistant, partner, outsider, other, now_outage, planned, others_outage
    )


def plan_data(world: World) -> dict[str, str]:
    day = (timezone.now() + timedelta(days=10)).date().isoformat()
    return {
        "member": world.assistant.code,  # ignored when an assistant plans their own
        "kind": "power",
        "starts_on": day,
        "starts_time": "09:00",
        "ends_on": day,
        "ends_time": "12:00",
        "note": "",
    }


def outage_url(name: str, which: str):
    return url(f"continuity:{name}", code=lambda w: getattr(w, which).code)


DELEGATORS_AND_ASSISTANT = only(302, "owner", "manager", "assistant")

MATRIX = [
    Case("outages", "get", url("continuity:outages"), only(200, "owner", "manager", "assistant")),
    Case("outages_post", "post", url("continuity:outages"), DELEGATORS_AND_ASSISTANT, plan_data),
    Case("outage_now", "get", url("continuity:outage_now"), only(200, "assistant")),
    Case("outage_now_post", "post", url("continuity:outage_now"), only(302, "assistant")),
    Case("outage_card", "get", url("continuity:outage_card"), only(200, "assistant")),
    Case("outage", "get", outage_url("outage", "now_outage"), everyone(200)),
    Case(
        "outage_others",
        "get",
        outage_url("outage", "others_outage"),
        {"owner": 200, "manager": 200, "assistant": 404, "partner": 404},
    ),
    Case("outage_end", "post", outage_url("outage_end", "now_outage"), DELEGATORS_AND_ASSISTANT),
    Case(
        "outage_end_others",
        "post",
        outage_url("outage_end", "others_outage"),
        {"owner": 302, "manager": 302, "assistant": 404, "partner": 403},
    ),
    Case(
        "outage_cancel",
        "post",
        outage_url("outage_cancel", "planned"),
        DELEGATORS_AND_ASSISTANT,
        {"confirmed": "1"},
    ),
    Case("contingency", "get", url("continuity:contingency"), everyone(200)),
    Case("contingency_post", "post", url("continuity:contingency"), only(302, "assistant")),
    Case(
        "contingency_of",
        "get",
        url("continuity:contingency_of", code=lambda w: w.assistant.code),
        only(200, "owner", "manager", "partner"),
    ),
    Case(
        "contingency_of_others",
        "get",
        url("continuity:contingency_of", code=lambda w: w.other.code),
        {"owner": 200, "manager": 200, "assistant": 403, "partner": 404},
    ),
]


def test_the_matrix_covers_every_url():
    names = {pattern.name for pattern in outage_views.urlpatterns + contingency_views.urlpatterns}
    cases = {case.name.removesuffix("_post").removesuffix("_others") for case in MATRIX}
    assert names == cases


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_it_checks_workspace_isolation(world, client_for):
    """The outsider's own outage page and plan page do not open Alice's rows by code."""
    http = client_for(world.outsider)
    for name, code in (
        ("continuity:outage", world.now_outage.code),
        ("continuity:contingency_of", world.assistant.code),
    ):
        page = reverse(name, kwargs={"ws": world.outsider.workspace.slug, "code": code})
        assert http.get(page).status_code == 404

"""The continuity dashboards: every URL for every kind of visitor, what the pages show, the
contracted hours form, and the query counts with few and many assistants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import add_member, make_user
from tandem.continuity.services.health import health_snapshots_write
from tandem.continuity.services.silence import activity_record
from tandem.testing import VISITORS, Case, Team, check_access, only, url
from tandem.work.services import tasks as services
from tandem.workspaces.models import Membership, Role
from tandem.workspaces.services import member_contracted_hours_set

pytestmark = pytest.mark.django_db


@dataclass
class World(Team):
    colleague: Membership  # another assistant, not supplied by the partner


@pytest.fixture
def world(owner, manager, assistant, partner, outsider, workspace) -> World:
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    colleague = add_member(
        workspace, make_user("carl@example.com", "Carl Colleague", "Europe/Berlin"), Role.ASSISTANT
    )
    return World(owner, manager, assistant, partner, outsider, colleague)


def code_of(name: str):
    return lambda world: getattr(world, name).code


CASES = [
    Case("team", "get", url("continuity:team"), only(200, "owner", "manager", "partner")),
    Case(
        "member: supplied assistant",
        "get",
        url("continuity:member", code=code_of("assistant")),
        {"owner": 200, "manager": 200, "assistant": 200, "partner": 200},
    ),
    Case(
        "member: another assistant",
        "get",
        url("continuity:member", code=code_of("colleague")),
        {"owner": 200, "manager": 200, "assistant": 404, "partner": 404},
    ),
    Case(
        "member: not an assistant",
        "get",
        url("continuity:member", code=code_of("manager")),
        {"owner": 404, "manager": 404, "assistant": 404, "partner": 404},
    ),
    Case(
        "contracted hours",
        "post",
        url("continuity:contracted_hours", code=code_of("colleague")),
        only(302, "owner", "manager"),
        data={"contracted_hours_per_week": "30"},
    ),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_it_lets_each_visitor_do_only_what_their_role_allows(
    case, visitor, world, client_for, client
):
    check_access(case, visitor, world, client_for, client)


def test_it_checks_workspace_isolation(world, client_for):
    # The outsider's own workspace does not know Alice's assistants.
    response = client_for(world.outsider).get(
        reverse("continuity:member", kwargs={"ws": "olaf", "code": world.assistant.code})
    )
    assert response.status_code == 404


def _overload(world: World) -> None:
    member_contracted_hours_set(actor=world.owner, member=world.assistant, hours=10)
    services.task_create(
        actor=world.owner,
        brief=services.Brief(
            title="Secret merger memo",
            due_date=timezone.localdate() + timedelta(days=1),
            estimate_minutes=20 * 60,
            area="Legal",
        ),
        assignee=world.assistant,
    )


def test_the_team_page_shows_health_silence_workload_and_plans(world, client_for):
    _overload(world)
    activity_record(world.assistant)
    response = client_for(world.owner).get(reverse("continuity:team", kwargs={"ws": world.ws}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ana Assistant" in html and "Carl Colleague" in html
    assert "Overloaded" in html
    assert "No plan" in html
    assert (
        reverse("continuity:member", kwargs={"ws": world.ws, "code": world.assistant.code}) in html
    )
    assert 'aria-current="page">Continuity' in html


def test_a_partner_sees_only_the_assistants_they_supply_and_no_task_contents(world, client_for):
    _overload(world)
    client = client_for(world.partner)
    html = client.get(reverse("continuity:team", kwargs={"ws": world.ws})).content.decode()
    assert "Ana Assistant" in html
    assert "Carl Colleague" not in html
    assert "Secret merger memo" not in html and "Legal" not in html
    page = client.get(
        reverse("continuity:member", kwargs={"ws": world.ws, "code": world.assistant.code})
    ).content.decode()
    assert "Secret merger memo" not in page and "Legal" not in page
    assert "Health" in page


def test_the_member_page_shows_components_trend_workload_and_areas(world, client_for):
    _overload(world)
    health_snapshots_write(timezone.now())
    response = client_for(world.manager).get(
        reverse("continuity:member", kwargs={"ws": world.ws, "code": world.assistant.code})
    )
    html = response.content.decode()
    assert "Responsiveness" in html and "no data yet" in html
    assert "Legal" in html  # areas, for owners and managers
    assert "Overloaded" in html
    assert "<svg" in html and "health-trend" in html
    assert "New: check in more often" in html  # joined today


def test_an_assistant_sees_their_own_page(world, client_for):
    response = client_for(world.assistant).get(
        reverse("continuity:member", kwargs={"ws": world.ws, "code": world.assistant.code})
    )
    html = response.content.decode()
    assert "Your health and workload" in html
    assert "contracted_hours_per_week" not in html  # no form for them


def test_owners_set_contracted_hours_and_bad_input_keeps_it(world, client_for):
    client = client_for(world.manager)
    path = reverse(
        "continuity:contracted_hours", kwargs={"ws": world.ws, "code": world.assistant.code}
    )
    response = client.post(path, {"contracted_hours_per_week": "200"})
    assert response.status_code == 303
    assert 'value="200"' in client.get(response["Location"]).content.decode()
    assert client.post(path, {"contracted_hours_per_week": "32"}).status_code == 302
    world.assistant.refresh_from_db()
    assert world.assistant.contracted_hours_per_week == 32


def _count(client, path) -> int:
    client.get(path)  # the session remembers the workspace on the first visit
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _add_busy_assistants(world: World, count: int) -> None:
    for i in range(count):
        member = add_member(
            world.owner.workspace,
            make_user(f"busy{i}@example.com", f"Busy {i}", "America/New_York"),
            Role.ASSISTANT,
        )
        member_contracted_hours_set(actor=world.owner, member=member, hours=20)
        services.task_create(
            actor=world.owner,
            brief=services.Brief(
                title=f"Task {i}",
                due_date=timezone.localdate() + timedelta(days=1),
                estimate_minutes=60,
            ),
            assignee=member,
        )
        activity_record(member)


# The owner's 25 include the areas of the roles each assistant holds (one query); a partner is
# shown no areas.
@pytest.mark.parametrize(("viewer", "expected"), [("owner", 25), ("partner", 23)])
def test_the_team_page_reads_in_a_fixed_number_of_queries(world, client_for, viewer, expected):
    client = client_for(getattr(world, viewer))
    path = reverse("continuity:team", kwargs={"ws": world.ws})
    activity_record(world.assistant)
    few = _count(client, path)
    _add_busy_assistants(world, 6)
    Membership.objects.filter(role=Role.ASSISTANT).update(partner=world.partner)
    assert _count(client, path) == few == expected


def test_the_member_page_reads_in_a_fixed_number_of_queries(world, client_for):
    client = client_for(world.owner)
    path = reverse("continuity:member", kwargs={"ws": world.ws, "code": world.assistant.code})
    activity_record(world.assistant)
    few = _count(client, path)
    _overload(world)
    health_snapshots_write(timezone.now())
    assert _count(client, path) == few

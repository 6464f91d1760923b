"""Every URL of KPIs (and the role page that shows them), for every kind of visitor: owners and
managers everything; an assistant the KPIs of a role they hold; the partner who supplies a holder
the results; another assistant, another partner and a member of another workspace 404."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import add_member, make_user
from tandem.roles.models import AssistantRole, Kpi, KpiTarget, KpiValue
from tandem.roles.selectors.kpis import period_choices
from tandem.roles.tests.kpi_helpers import assign, make_kpi, make_role
from tandem.roles.views import kpis
from tandem.workspaces.models import Membership, Role

VISITORS = (
    "owner",
    "manager",
    "holder",
    "non_holder",
    "partner",
    "other_partner",
    "outsider",
    "anonymous",
)


@dataclass
class World:
    owner: Membership
    manager: Membership
    holder: Membership
    non_holder: Membership
    partner: Membership
    other_partner: Membership
    outsider: Membership
    role: AssistantRole
    kpi: Kpi


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    workspace = owner.workspace
    non_holder = add_member(workspace, make_user("bo@example.com", "Bo", "UTC"), Role.ASSISTANT)
    other_partner = add_member(
        workspace, make_user("per@example.com", "Per Partner", "UTC"), Role.PARTNER
    )
    other_partner_assistant = add_member(
        workspace, make_user("cy@example.com", "Cy", "UTC"), Role.ASSISTANT
    )
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    Membership.objects.filter(pk=other_partner_assistant.pk).update(partner=other_partner)
    role = make_role(owner)
    assign(role, assistant)
    # Another role, held by the other partner's assistant: not this one.
    assign(make_role(owner, "Social media"), other_partner_assistant)
    return World(
        owner,
        manager,
        assistant,
        non_holder,
        partner,
        other_partner,
        outsider,
        role,
        make_kpi(owner, role),
    )


def _path(name: str, **extra: Any):
    def build(world: World) -> str:
        kwargs: dict[str, str] = {"ws": "alice", "role": world.role.code}
        if name != "kpi_new":
            kwargs["code"] = world.kpi.code
        return reverse(f"roles:{name}", kwargs=kwargs | extra)

    return build


def _role_path(world: World) -> str:
    return reverse("roles:role", kwargs={"ws": "alice", "code": world.role.code})


def _kpi_form(world: World) -> dict[str, str]:
    return {
        "name": "Posts published",
        "source": "manual",
        "unit": "posts",
        "target": "12",
        "direction": "higher",
        "cadence": "monthly",
    }


def _value_form(world: World) -> dict[str, str]:
    return {
        "member": world.holder.code,
        "period": period_choices(world.kpi, world.owner, timezone.now())[1].start.isoformat(),
        "value": "97",
        "note": "Counted by hand",
    }


SEES = {"owner": 200, "manager": 200, "holder": 200, "partner": 200}
EDITS = {"owner": 200, "manager": 200}
WRITES = {"owner": 302, "manager": 302}
BACK = {"owner": 303, "manager": 303}


def _expect(allowed: dict[str, int], others: int) -> dict[str, int]:
    return {
        visitor: allowed.get(visitor, others)
        for visitor in VISITORS
        if visitor not in ("outsider", "anonymous")
    }


@dataclass
class Case:
    name: str
    method: str
    path: Any
    expected: dict[str, int]
    data: Any = None


MATRIX = [
    Case("role", "get", _role_path, _expect(SEES, 404)),
    Case("kpi", "get", _path("kpi"), _expect(SEES, 404)),
    Case("kpi_new", "get", _path("kpi_new"), _expect(EDITS, 403)),
    Case("kpi_new_post", "post", _path("kpi_new"), _expect(WRITES, 403), _kpi_form),
    Case("kpi_edit", "get", _path("kpi_edit"), _expect(EDITS, 403)),
    Case("kpi_edit_post", "post", _path("kpi_edit"), _expect(WRITES, 403), _kpi_form),
    Case("kpi_target", "post", _path("kpi_target"), _expect(WRITES, 403), {"target": "97"}),
    Case("kpi_target_get", "get", _path("kpi_target"), _expect(BACK, 403)),
    Case("kpi_value", "post", _path("kpi_value"), _expect(WRITES, 403), _value_form),
    Case("kpi_value_get", "get", _path("kpi_value"), _expect(BACK, 403)),
    Case("kpi_archive", "post", _path("kpi_archive"), _expect(WRITES, 403), {"confirmed": "1"}),
    Case("kpi_archive_get", "get", _path("kpi_archive"), _expect(BACK, 403)),
]


def test_the_matrix_covers_every_url_of_kpis():
    names = {pattern.name for pattern in kpis.urlpatterns}
    assert names <= {case.name for case in MATRIX}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    if visitor == "anonymous":
        http, expected = client, 302
    else:
        http = client_for(getattr(world, visitor))
        expected = 404 if visitor == "outsider" else case.expected[visitor]
    data = case.data(world) if callable(case.data) else (case.data or {})
    response = getattr(http, case.method)(case.path(world), data)
    assert response.status_code == expected, (case.name, visitor, response.content[:300])
    if visitor == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if case.method == "post" and expected != 302:
        # Refused visitors changed nothing.
        assert Kpi.objects.count() == 1
        assert KpiTarget.objects.count() == 1
        assert not KpiValue.objects.exists()
        world.kpi.refresh_from_db()
        assert world.kpi.archived_at is None
        assert world.kpi.target == Decimal(95)


def test_it_checks_workspace_isolation(owner, outsider, client_for):
    """A KPI of another workspace answers exactly like one that does not exist."""
    theirs_role = make_role(outsider)
    theirs = make_kpi(outsider, theirs_role)
    http = client_for(owner)
    for name, method in [
        ("kpi", "get"),
        ("kpi_edit", "get"),
        ("kpi_edit", "post"),
        ("kpi_target", "post"),
        ("kpi_value", "post"),
        ("kpi_archive", "post"),
    ]:
        for role_code, code in [(theirs_role.code, theirs.code), ("nosuchrole", "nosuchcode")]:
            path = reverse(f"roles:{name}", kwargs={"ws": "alice", "role": role_code, "code": code})
            data = {"form_key": f"{name}{code}", "confirmed": "1", "target": "1"}
            assert getattr(http, method)(path, data).status_code == 404
    path = reverse("roles:kpi_new", kwargs={"ws": "alice", "role": theirs_role.code})
    assert http.get(path).status_code == 404
    assert (
        http.get(
            reverse("roles:role", kwargs={"ws": "alice", "code": theirs_role.code})
        ).status_code
        == 404
    )
    # And their workspace's own pages are not there for Alice's owner at all.
    path = reverse(
        "roles:kpi", kwargs={"ws": "olaf", "role": theirs_role.code, "code": theirs.code}
    )
    assert http.get(path).status_code == 404
    theirs.refresh_from_db()
    assert theirs.archived_at is None and theirs.target == Decimal(95)

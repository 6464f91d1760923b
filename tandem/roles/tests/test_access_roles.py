"""Every URL of roles, for every kind of visitor.

Owners and managers see and change every role. An assistant reads the roles they hold; another
role is a 404 for them. A partner reads the titles of the roles of the assistants they supply;
any other is a 404. Changing anything is for owners and managers only (403 for the others)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest
from django.urls import reverse

from conftest import add_member, make_user
from tandem.roles.models import AssistantRole, Duty, RoleAssignment
from tandem.roles.services.duties import duty_create
from tandem.roles.services.roles import role_assign, role_create
from tandem.testing import VISITORS, Case, Team, check_access, everyone, only, url
from tandem.workspaces.models import Role


@dataclass
class World(Team):
    role: AssistantRole
    duty: Duty


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    assistant.partner = partner
    assistant.save(update_fields=["partner"])
    role = role_create(actor=owner, title="Bookkeeping", area="Finance")
    duty = duty_create(
        actor=owner, role=role, title="Reconcile", cadence="daily", due_time=time(11)
    )
    role_assign(actor=owner, role=role, member=assistant)
    return World(owner, manager, assistant, partner, outsider, role, duty)


def role_url(name: str):
    return url(f"roles:{name}", code=lambda w: w.role.code)


def duty_url(name: str):
    return url(f"roles:{name}", code=lambda w: w.role.code, duty=lambda w: w.duty.code)


def role_form(world: World) -> dict[str, str]:
    return {"title": "Accounts", "skills": "xero"}


def duty_form(world: World) -> dict[str, str]:
    return {"title": "Reconcile", "cadence": "daily", "due_time": "10:00"}


EDIT = only(200, "owner", "manager")
SAVED = only(302, "owner", "manager")
ACT = only(302, "owner", "manager")
BACK = only(303, "owner", "manager")

MATRIX = [
    Case("roles", "get", url("roles:roles"), everyone(200)),
    # The holder and the partner who supplies them read the role.
    Case("role", "get", role_url("role"), everyone(200)),
    Case("role_new", "get", url("roles:role_new"), EDIT),
    Case("role_new_post", "post", url("roles:role_new"), SAVED, role_form),
    Case("role_edit", "get", role_url("role_edit"), EDIT),
    Case("role_edit_post", "post", role_url("role_edit"), SAVED, role_form),
    Case("role_assign", "post", role_url("role_assign"), BACK, {"member": ""}),
    Case("role_assign_get", "get", role_url("role_assign"), BACK),
    Case("role_unassign_unconfirmed", "post", role_url("role_unassign"), EDIT),
    Case("role_unassign_get", "get", role_url("role_unassign"), BACK),
    Case("role_archive_unconfirmed", "post", role_url("role_archive"), EDIT),
    Case("role_archive_get", "get", role_url("role_archive"), BACK),
    Case("duty_new", "get", role_url("duty_new"), EDIT),
    Case("duty_new_post", "post", role_url("duty_new"), SAVED, duty_form),
    Case("duty_edit", "get", duty_url("duty_edit"), EDIT),
    Case("duty_edit_post", "post", duty_url("duty_edit"), SAVED, duty_form),
    Case("duty_delete_unconfirmed", "post", duty_url("duty_delete"), EDIT),
    Case("duty_delete_get", "get", duty_url("duty_delete"), BACK),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)
    if case.method == "post" and visitor not in ("owner", "manager"):
        # Refused visitors changed nothing.
        world.role.refresh_from_db()
        assert (world.role.title, world.role.archived_at) == ("Bookkeeping", None)
        assert AssistantRole.objects.count() == 1
        assert Duty.objects.filter(role=world.role).count() == 1


def test_the_matrix_covers_every_url():
    from tandem.roles.views import roles

    names = {pattern.name for pattern in roles.urlpatterns}
    covered = {case.name.removesuffix("_post").removesuffix("_get") for case in MATRIX}
    covered = {name.removesuffix("_unconfirmed") for name in covered}
    assert names <= covered


@pytest.mark.parametrize("name", ["role", "role_edit", "duty_new"])
def test_it_answers_404_to_whoever_may_not_see_the_role(name, world, workspace, client_for):
    """An assistant who does not hold the role, and a partner who does not supply its holder."""
    other_assistant = add_member(
        workspace, make_user("ben@example.com", "Ben", "UTC"), Role.ASSISTANT
    )
    other_partner = add_member(workspace, make_user("pat@example.com", "Pat", "UTC"), Role.PARTNER)
    path = reverse(f"roles:{name}", kwargs={"ws": "alice", "code": world.role.code})
    expected = 404 if name == "role" else 403
    assert client_for(other_assistant).get(path).status_code == expected
    assert client_for(other_partner).get(path).status_code == expected
    listing = reverse("roles:roles", kwargs={"ws": "alice"})
    for who in (other_assistant, other_partner):
        assert "Bookkeeping" not in client_for(who).get(listing).content.decode()


def test_a_partner_reads_the_title_but_not_the_duties(world, client_for):
    html = client_for(world.partner).get(world.role.get_absolute_url()).content.decode()
    assert "Bookkeeping" in html and "Reconcile" not in html


def test_it_checks_workspace_isolation(world, outsider, client_for):
    """A role of another workspace answers exactly like one that does not exist."""
    theirs = role_create(actor=outsider, title="Their role")
    their_duty = duty_create(
        actor=outsider, role=theirs, title="Theirs", cadence="daily", due_time=time(9)
    )
    http = client_for(world.owner)
    for code in (theirs.code, "nosuchcode"):
        for name, method in [
            ("role", "get"),
            ("role_edit", "get"),
            ("role_edit", "post"),
            ("role_assign", "post"),
            ("role_unassign", "post"),
            ("role_archive", "post"),
            ("duty_new", "get"),
            ("duty_new", "post"),
        ]:
            path = reverse(f"roles:{name}", kwargs={"ws": "alice", "code": code})
            data = {"form_key": f"{name}{code}{method}", "confirmed": "1"}
            assert getattr(http, method)(path, data).status_code == 404, (name, code)
    for name in ("duty_edit", "duty_delete"):
        for role_code, duty_code in [
            (theirs.code, their_duty.code),
            (world.role.code, their_duty.code),
            (world.role.code, "nosuchcode"),
        ]:
            path = reverse(
                f"roles:{name}", kwargs={"ws": "alice", "code": role_code, "duty": duty_code}
            )
            assert http.post(path, {"form_key": path, "confirmed": "1"}).status_code == 404
    # A member of another workspace cannot be given the role, nor taken off it.
    their_assistant = add_member(
        outsider.workspace, make_user("tom@example.com", "Tom", "UTC"), Role.ASSISTANT
    )
    assign = reverse("roles:role_assign", kwargs={"ws": "alice", "code": world.role.code})
    http.post(assign, {"member": their_assistant.pk, "form_key": "iso-a"})
    unassign = reverse("roles:role_unassign", kwargs={"ws": "alice", "code": world.role.code})
    response = http.post(
        unassign, {"member": their_assistant.code, "form_key": "iso-u", "confirmed": "1"}
    )
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(member=their_assistant).exists()
    assert http.get(reverse("roles:roles", kwargs={"ws": "olaf"})).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Their role" and theirs.archived_at is None

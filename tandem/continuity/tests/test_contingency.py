"""Contingency plans: the assistant's own form (idempotent, no future test date, 400 keeping the
input), the read-only view for owners and the partner, and the overview's statuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import add_member, make_user
from tandem.continuity.models import ContingencyPlan
from tandem.continuity.selectors.contingency import contingency_overview
from tandem.continuity.services.contingency import PlanSpec, contingency_plan_save
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

# Tuesday 20 October 2026, 07:00 in Manila; still the 19th in Honolulu.
NOW = datetime(2026, 10, 19, 23, tzinfo=UTC)
FULL = {
    "backup_power": "A power bank for the router.",
    "backup_internet": "Mobile data on my phone.",
    "backup_device": "My old laptop.",
    "backup_place": "The library in town.",
    "emergency_contact": "Marco, +63 917 555 0142.",
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def page(name: str, **kwargs: str) -> str:
    return reverse(f"continuity:{name}", kwargs={"ws": "alice", **kwargs})


def test_an_assistant_writes_their_plan_once_however_often_sent(assistant, client_for):
    http = client_for(assistant)
    assert http.get(page("contingency")).status_code == 200
    data = FULL | {"last_tested_on": "2026-10-20", "form_key": "p1"}  # today in Manila
    response = http.post(page("contingency"), data)
    assert response.status_code == 302
    assert http.post(page("contingency"), data | {"backup_power": "changed"}).status_code == 302
    plan = ContingencyPlan.objects.get()
    assert plan.backup_power == FULL["backup_power"]  # the replay changed nothing
    assert plan.last_tested_on == date(2026, 10, 20)
    assert plan.workspace == assistant.workspace

    http.post(page("contingency"), data | {"backup_power": "A generator", "form_key": "p2"})
    plan.refresh_from_db()
    assert plan.backup_power == "A generator"
    assert ContingencyPlan.objects.count() == 1
    shown = http.get(page("contingency"))
    assert shown.context["form"]["backup_power"].value() == "A generator"
    assert shown.context["status"] == "ok"


def test_a_test_date_in_the_future_is_a_400_that_keeps_the_input(assistant, client_for):
    response = client_for(assistant).post(
        page("contingency"), FULL | {"last_tested_on": "2026-10-21", "form_key": "f"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "in the future" in " ".join(form.errors["last_tested_on"])
    assert form["backup_place"].value() == FULL["backup_place"]
    assert not ContingencyPlan.objects.exists()


def test_today_is_the_assistants_own_today(workspace):
    hilo = add_member(
        workspace, make_user("kai@example.com", "Kai", "Pacific/Honolulu"), Role.ASSISTANT
    )
    with pytest.raises(ValidationError):
        contingency_plan_save(actor=hilo, spec=PlanSpec(last_tested_on=date(2026, 10, 20)))
    contingency_plan_save(actor=hilo, spec=PlanSpec(last_tested_on=date(2026, 10, 19)))


def test_only_assistants_write_a_plan(owner, partner):
    for actor in (owner, partner):
        with pytest.raises(PermissionDenied):
            contingency_plan_save(actor=actor, spec=PlanSpec(**FULL))


def test_owners_and_the_partner_read_a_plan(assistant, owner, partner, client_for):
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    contingency_plan_save(actor=assistant, spec=PlanSpec(**FULL))
    for viewer in (owner, partner):
        shown = client_for(viewer).get(page("contingency_of", code=assistant.code))
        assert shown.status_code == 200
        assert b"The library in town." in shown.content
        assert shown.context["status"] == "untested"
        assert b"<form" not in shown.content.split(b'id="main"')[1].split(b"<footer")[0]


def test_the_overview_gives_each_assistant_a_status(
    workspace, owner, assistant, client_for, django_assert_num_queries
):
    def person(email: str, name: str) -> Membership:
        return add_member(workspace, make_user(email, name, "Asia/Manila"), Role.ASSISTANT)

    ok, stale, never, partial = (
        person("ok@example.com", "Ok"),
        person("stale@example.com", "Stale"),
        person("never@example.com", "Never"),
        person("partial@example.com", "Partial"),
    )
    contingency_plan_save(
        actor=ok, spec=PlanSpec(**FULL, last_tested_on=date(2026, 10, 20) - timedelta(days=90))
    )
    contingency_plan_save(
        actor=stale, spec=PlanSpec(**FULL, last_tested_on=date(2026, 10, 20) - timedelta(days=91))
    )
    contingency_plan_save(actor=never, spec=PlanSpec(**FULL))
    contingency_plan_save(
        actor=partial,
        spec=PlanSpec(**(FULL | {"backup_device": ""}), last_tested_on=date(2026, 10, 1)),
    )
    removed = person("gone@example.com", "Gone")
    Membership.objects.filter(pk=removed.pk).update(removed_at=NOW)

    with django_assert_num_queries(2):
        rows = contingency_overview(workspace, NOW)
    statuses = [(row.member.user.display_name, row.status) for row in rows]
    assert statuses == [
        ("Ana Assistant", "none"),
        ("Partial", "incomplete"),
        ("Never", "untested"),
        ("Stale", "untested"),
        ("Ok", "ok"),
    ]
    assert rows[1].missing == ["backup device"]

    shown = client_for(owner).get(page("contingency"))
    assert shown.status_code == 200
    assert [row.status for row in shown.context["plans"]] == [row.status for row in rows]
    assert page("contingency_of", code=assistant.code).encode() in shown.content


def test_a_partner_sees_only_the_assistants_they_supply(workspace, assistant, partner, client_for):
    other = add_member(workspace, make_user("bo@example.com", "Bo", "Asia/Manila"), Role.ASSISTANT)
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    shown = client_for(partner).get(page("contingency"))
    assert [row.member for row in shown.context["plans"]] == [assistant]
    assert client_for(partner).get(page("contingency_of", code=other.code)).status_code == 404

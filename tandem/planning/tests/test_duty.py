"""A responsibility becomes a duty of a role: the holders get it as a recurring task, the
responsibility follows that task, and the assistant is given the role when asked."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import add_member, make_user
from tandem.planning.forms.duty import estimate_for
from tandem.planning.models import Responsibility
from tandem.planning.services import plan as plan_services
from tandem.planning.services.duty import responsibility_make_duty
from tandem.planning.views import duty as views
from tandem.roles.models import DutyCadence, DutyRecurring, RoleAssignment
from tandem.roles.services.roles import role_assign, role_create
from tandem.testing import VISITORS, Case, check_access, only, url
from tandem.work.models import RecurringTask
from tandem.workspaces.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def role(owner):
    return role_create(actor=owner, title="Bookkeeping", skills=["xero"], area="Finance")


@pytest.fixture
def responsibility(owner, assistant) -> Responsibility:
    return plan_services.responsibility_create(
        actor=owner,
        fields=plan_services.Fields(
            title="Client invoicing",
            assistant=assistant,
            sop_url="https://example.com/sop/invoicing",
            instructions="Export the hours, draft, send.",
        ),
        candidate_key="invoice",
        audit_minutes_per_week=120,
    )


def make(owner, responsibility, role, **kwargs):
    fields = {
        "actor": owner,
        "responsibility": responsibility,
        "role": role,
        "title": "Send the client invoices",
        "cadence": DutyCadence.WEEKLY,
        "weekdays": [4],
        "due_time": time(15),
        "estimate_minutes": 120,
    }
    return responsibility_make_duty(**(fields | kwargs))


def test_it_gives_the_assistant_the_role_and_the_duty_as_a_recurring_task(
    owner, assistant, responsibility, role
):
    duty = make(owner, responsibility, role, assign=True)

    assert RoleAssignment.objects.filter(role=role, member=assistant, ended_at=None).exists()
    template = RecurringTask.objects.get(duty_link__duty=duty)
    assert template.assignee == assistant
    assert template.cadence == RecurringTask.Cadence.WEEKLY
    assert template.weekdays == [4]
    assert template.estimate_minutes == 120
    assert template.sop_url == "https://example.com/sop/invoicing"
    responsibility.refresh_from_db()
    assert responsibility.duty == duty
    assert list(responsibility.recurring.all()) == [template]
    assert duty.instructions == "Export the hours, draft, send."


def test_without_assigning_only_the_roles_holders_get_it(
    owner, assistant, responsibility, role, workspace
):
    other = add_member(workspace, make_user("bo@example.com", "Bo"), "assistant")
    role_assign(actor=owner, role=role, member=other)

    duty = make(owner, responsibility, role, assign=False)

    holders = set(DutyRecurring.objects.filter(duty=duty).values_list("member_id", flat=True))
    assert holders == {other.pk}
    assert not RoleAssignment.objects.filter(role=role, member=assistant).exists()
    assert responsibility.recurring.count() == 1


def test_it_happens_once_and_only_for_delegators(owner, assistant, responsibility, role):
    with pytest.raises(PermissionDenied):
        make(assistant, responsibility, role)
    make(owner, responsibility, role, assign=True)
    with pytest.raises(ValidationError):
        make(owner, responsibility, role, assign=True)
    assert DutyRecurring.objects.count() == 1


def test_bad_input_saves_nothing(owner, responsibility, role):
    with pytest.raises(ValidationError):
        make(owner, responsibility, role, cadence=DutyCadence.WEEKLY, weekdays=[], assign=True)
    responsibility.refresh_from_db()
    assert responsibility.duty is None
    assert not RoleAssignment.objects.exists()
    assert not RecurringTask.objects.exists()


@pytest.mark.parametrize(
    ("minutes", "cadence", "estimate"),
    [(120, "weekly", 120), (120, "daily", 24), (60, "monthly", 260), (None, "weekly", None)],
)
def test_it_estimates_an_occurrence_from_the_audits_minutes_a_week(minutes, cadence, estimate):
    assert estimate_for(minutes, cadence) == estimate


def test_the_page_prefills_from_the_responsibility_and_keeps_errors(
    owner, responsibility, role, client_for
):
    http = client_for(owner)
    page = reverse(
        "planning:responsibility_duty", kwargs={"ws": "alice", "code": responsibility.code}
    )
    html = http.get(page).content.decode()
    assert 'value="Client invoicing"' in html
    assert 'value="120"' in html  # 120 minutes a week, weekly
    assert "Give Ana Assistant the role if they do not hold it" in html

    response = http.post(
        page,
        {"role": role.pk, "title": "Send the invoices", "cadence": "weekly", "due_time": "15:00"},
    )
    assert response.status_code == 400
    assert "Choose at least one day of the week." in response.content.decode()
    assert 'value="Send the invoices"' in response.content.decode()

    response = http.post(
        page,
        {
            "role": role.pk,
            "title": "Send the invoices",
            "cadence": "daily",
            "due_time": "15:00",
            "estimate_minutes": "30",
            "assign": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == responsibility.get_absolute_url()
    assert RecurringTask.objects.get().cadence == RecurringTask.Cadence.WEEKDAYS
    # Made a duty, the address goes back to the responsibility.
    assert http.get(page)["Location"] == responsibility.get_absolute_url()


def test_another_workspaces_role_is_not_a_choice(owner, outsider, responsibility, client_for):
    theirs = role_create(actor=outsider, title="Their bookkeeping")
    page = reverse(
        "planning:responsibility_duty", kwargs={"ws": "alice", "code": responsibility.code}
    )
    response = client_for(owner).post(
        page,
        {"role": theirs.pk, "title": "X", "cadence": "daily", "due_time": "09:00"},
    )
    assert response.status_code == 400
    assert not RecurringTask.objects.exists()


MATRIX = [
    Case(
        "responsibility_duty",
        "get",
        url("planning:responsibility_duty", code=lambda w: w.responsibility.code),
        only(200, "owner", "manager"),
    ),
    Case(
        "responsibility_duty_post",
        "post",
        url("planning:responsibility_duty", code=lambda w: w.responsibility.code),
        only(302, "owner", "manager"),
        lambda w: {"role": w.role.pk, "title": "Invoices", "cadence": "daily", "due_time": "9:00"},
    ),
]


class World:
    def __init__(self, **kwargs: Membership | Responsibility | object) -> None:
        self.__dict__.update(kwargs)

    @property
    def ws(self) -> str:
        return self.owner.workspace.slug


@pytest.fixture
def world(owner, manager, assistant, partner, outsider, responsibility, role):
    return World(
        owner=owner,
        manager=manager,
        assistant=assistant,
        partner=partner,
        outsider=outsider,
        responsibility=responsibility,
        role=role,
    )


def test_the_matrix_covers_every_url():
    assert {p.name for p in views.urlpatterns} == {c.name.removesuffix("_post") for c in MATRIX}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_an_outsider_cannot_reach_the_responsibility_through_their_workspace(
    outsider, responsibility, client_for
):
    page = reverse(
        "planning:responsibility_duty",
        kwargs={"ws": outsider.workspace.slug, "code": responsibility.code},
    )
    assert client_for(outsider).get(page).status_code == 404

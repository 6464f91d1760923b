"""A role's duties count in the planned hours of whoever holds it: its duties are recurring
tasks, and the workload figures count active recurring tasks' estimates."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
import time_machine

from tandem.continuity.selectors.workload import workload_of
from tandem.roles.services.duties import duty_create, duty_delete
from tandem.roles.services.roles import role_assign, role_create, role_unassign
from tandem.workspaces.models import Membership
from tandem.workspaces.services import member_contracted_hours_set

pytestmark = pytest.mark.django_db

# Wednesday 9 January 2030, 10:00 in Manila: the week is Monday 7 to Sunday 13 January.
NOW = datetime(2030, 1, 9, 2, 0, tzinfo=UTC)


def _next_week(member: Membership):
    member = Membership.objects.select_related("user", "workspace").get(pk=member.pk)
    return workload_of(member.workspace, [member], offsets=(1,), now=NOW)[member.pk][0]


@time_machine.travel(NOW, tick=False)
def test_a_roles_duties_count_in_the_holders_planned_hours(owner, assistant):
    member_contracted_hours_set(actor=owner, member=assistant, hours=20)
    role = role_create(actor=owner, title="Bookkeeping", area="Finance")
    daily = duty_create(
        actor=owner,
        role=role,
        title="Reconcile",
        cadence="daily",
        due_time=time(11),
        estimate_minutes=20,
        now=NOW,
    )
    duty_create(
        actor=owner,
        role=role,
        title="Reminders",
        cadence="weekly",
        weekdays=[4],
        due_time=time(16),
        estimate_minutes=45,
        now=NOW,
    )
    assert _next_week(assistant).recurring_minutes == 0  # nobody holds the role yet
    assignment = role_assign(actor=owner, role=role, member=assistant, now=NOW)
    week = _next_week(assistant)
    assert week.recurring_minutes == 5 * 20 + 45
    assert week.committed_percent == round(100 * 145 / (20 * 60))
    duty_delete(actor=owner, duty=daily)
    assert _next_week(assistant).recurring_minutes == 45
    role_unassign(actor=owner, assignment=assignment)
    assert _next_week(assistant).recurring_minutes == 0

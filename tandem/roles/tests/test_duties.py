"""Duties become recurring tasks: one per holder, following the duty, the role's holders and
its archive."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.roles.models import Duty, DutyRecurring
from tandem.roles.services.duties import duty_create, duty_delete, duty_update
from tandem.roles.services.roles import role_archive, role_assign, role_create, role_unassign
from tandem.work.models import RecurringTask, Task
from tandem.work.services.recurring import recurring_run_due

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
SOP = "https://docs.example.com/sop/reconcile"
Cadence = RecurringTask.Cadence


@pytest.fixture
def role(owner):
    return role_create(actor=owner, title="Bookkeeping", area="Finance", skills=["Xero"])


def add_duty(owner, role, **overrides) -> Duty:
    fields = {
        "title": "Reconcile the bank",
        "cadence": "daily",
        "due_time": time(11),
        "estimate_minutes": 20,
        "now": NOW,
    } | overrides
    return duty_create(actor=owner, role=role, **fields)


def templates_of(duty: Duty) -> list[RecurringTask]:
    return [link.recurring for link in DutyRecurring.objects.filter(duty=duty)]


@pytest.mark.parametrize(
    ("cadence", "extra", "expected"),
    [
        ("daily", {}, (Cadence.WEEKDAYS, [], None)),
        ("weekly", {"weekdays": [4, 0, 4]}, (Cadence.WEEKLY, [0, 4], None)),
        ("monthly", {"day_of_month": 3}, (Cadence.MONTHLY, [], 3)),
    ],
)
def test_it_maps_each_cadence_to_a_recurring_task(owner, assistant, role, cadence, extra, expected):
    role_assign(actor=owner, role=role, member=assistant, now=NOW)
    duty = add_duty(owner, role, cadence=cadence, **extra)
    (template,) = templates_of(duty)
    assert (template.cadence, template.weekdays, template.day_of_month) == expected
    assert template.assignee == assistant
    assert (template.due_time, template.estimate_minutes) == (time(11), 20)


def test_each_holder_gets_one_recurring_task_per_duty(owner, assistant, manager, role):
    role_assign(actor=owner, role=role, member=assistant, now=NOW)
    role_assign(actor=owner, role=role, member=manager, now=NOW)
    duty = add_duty(owner, role)
    assert sorted(t.assignee_id for t in templates_of(duty)) == sorted([assistant.pk, manager.pk])
    add_duty(owner, role, title="Send reminders", cadence="weekly", weekdays=[4])
    assert RecurringTask.objects.count() == 4


def test_a_new_holder_gets_the_duties_already_there(owner, assistant, role):
    duty = add_duty(owner, role)
    assert templates_of(duty) == []
    role_assign(actor=owner, role=role, member=assistant, now=NOW)
    (template,) = templates_of(duty)
    assert template.assignee == assistant and template.active


def test_the_instructions_and_sop_reach_the_tasks(owner, assistant, role):
    role_assign(actor=owner, role=role, member=assistant, now=NOW)
    duty = add_duty(owner, role, instructions="Match every line.", sop_url=SOP)
    recurring_run_due(datetime(2026, 3, 4, 12, tzinfo=UTC))
    task = Task.objects.get(recurring__duty_link__duty=duty)
    assert (task.title, task.outcome, task.sop_url) == (
        "Reconcile the bank",
        "Match every line.",
        SOP,
    )
    assert task.assignee == assistant


def test_editing_a_duty_changes_the_holders_recurring_tasks(owner, assistant, role):
    role_assign(actor=owner, role=role, member=assistant, now=NOW)
    duty = add_duty(owner, role)
    duty_update(
        actor=owner,
        duty=duty,
        title="Reconcile both banks",
        cadence="weekly",
        weekdays=[1],
        due_time=time(15),
        estimate_minutes=40,
        now=NOW,
    )
    (template,) = templates_of(duty)
    assert (template.title, template.cadence, template.weekdays) == (
        "Reconcile both banks",
        Cadence.WEEKLY,
        [1],
    )
    assert (template.due_time, template.estimate_minutes) == (time(15), 40)


def test_deleting_a_duty_deletes_its_recurring_tasks_and_keeps_the_tasks(owner, assistant, role):
    role_assign(actor=owner, role=role, member=assistant, now=NOW)
    duty = add_duty(owner, role)
    recurring_run_due(datetime(2026, 3, 4, 12, tzinfo=UTC))
    assert Task.objects.count() == 1
    duty_delete(actor=owner, duty=duty)
    assert not Duty.objects.exists()
    assert not RecurringTask.objects.exists()
    assert Task.objects.get().recurring is None


def test_ending_an_assignment_removes_the_holders_recurring_tasks(owner, assistant, manager, role):
    mine = role_assign(actor=owner, role=role, member=assistant, now=NOW)
    role_assign(actor=owner, role=role, member=manager, now=NOW)
    add_duty(owner, role)
    assert role_unassign(actor=owner, assignment=mine)
    assert list(RecurringTask.objects.values_list("assignee_id", flat=True)) == [manager.pk]
    assert not role_unassign(actor=owner, assignment=mine)  # once
    # Given again, they get the duty again.
    role_assign(actor=owner, role=role, member=assistant, now=NOW)
    assert RecurringTask.objects.filter(assignee=assistant).count() == 1


def test_archiving_ends_the_assignments_and_stops_the_duties(owner, assistant, role):
    role_assign(actor=owner, role=role, member=assistant, now=NOW)
    add_duty(owner, role)
    assert role_archive(actor=owner, role=role, now=NOW)
    assert not RecurringTask.objects.exists()
    assert not role.assignments.filter(ended_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        add_duty(owner, role)
    with pytest.raises(ValidationError):
        role_assign(actor=owner, role=role, member=assistant)
    assert not role_archive(actor=owner, role=role)


@pytest.mark.parametrize(
    "bad",
    [
        {"title": " "},
        {"cadence": "yearly"},
        {"cadence": "weekly", "weekdays": []},
        {"cadence": "weekly", "weekdays": [7]},
        {"cadence": "monthly", "day_of_month": None},
        {"cadence": "monthly", "day_of_month": 32},
        {"estimate_minutes": 0},
        {"estimate_minutes": 24 * 60 + 1},
        {"sop_url": "not a link"},
    ],
)
def test_it_refuses_bad_input(owner, role, bad):
    with pytest.raises(ValidationError):
        add_duty(owner, role, **bad)
    assert not Duty.objects.exists()


def test_only_owners_and_managers_manage_duties(owner, assistant, partner, manager, role):
    for who in (assistant, partner):
        with pytest.raises(PermissionDenied):
            add_duty(who, role)
    duty = add_duty(manager, role)
    for who in (assistant, partner):
        with pytest.raises(PermissionDenied):
            duty_delete(actor=who, duty=duty)


def test_a_role_of_another_workspace_is_refused(outsider, role):
    with pytest.raises(PermissionDenied):
        add_duty(outsider, role)

"""Workload arithmetic: committed, recurring and logged hours per week in the assistant's zone,
the flags at the thresholds, and the areas count."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from conftest import add_member, make_user
from tandem.continuity.selectors.workload import (
    OVERLOADED,
    UNDERLOADED,
    areas_of,
    current_week_start,
    workload_of,
)
from tandem.work.models import RecurringTask, Task
from tandem.work.services import recurring as recurring_services
from tandem.work.services import tasks as services
from tandem.work.services import time as time_services
from tandem.workspaces.models import Membership, Role
from tandem.workspaces.services import member_contracted_hours_set

pytestmark = pytest.mark.django_db

# Wednesday 9 January 2030, 10:00 in Manila (UTC+8). Its week (from Monday) is 7–13 January:
# 6 January 16:00 UTC to 13 January 16:00 UTC.
NOW = datetime(2030, 1, 9, 2, 0, tzinfo=UTC)


def _task(owner, assistant, title, due, at=None, minutes=None, area="") -> Task:
    return services.task_create(
        actor=owner,
        brief=services.Brief(
            title=title, due_date=due, due_time=at, estimate_minutes=minutes, area=area
        ),
        assignee=assistant,
    )


def _deliver(owner, assistant, task) -> None:
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    services.task_review(actor=owner, task=task, accept=True)


def _fresh(member: Membership) -> Membership:
    return Membership.objects.select_related("user", "workspace").get(pk=member.pk)


def _weeks(member, offsets=(0,), now=NOW):
    member = _fresh(member)
    return workload_of(member.workspace, [member], offsets=offsets, now=now)[member.pk]


@pytest.fixture
def contracted(owner, assistant) -> Membership:
    return member_contracted_hours_set(actor=owner, member=assistant, hours=20)


def test_it_starts_the_week_in_the_assistants_zone(assistant):
    member = _fresh(assistant)
    # Sunday 13 January 17:00 UTC is already Monday 14 January in Manila.
    assert current_week_start(member, datetime(2030, 1, 13, 17, tzinfo=UTC)) == date(2030, 1, 14)
    assert current_week_start(member, datetime(2030, 1, 13, 15, tzinfo=UTC)) == date(2030, 1, 7)


def test_it_follows_the_workspaces_first_weekday(assistant, workspace):
    workspace.week_start = 6  # Sunday
    workspace.save(update_fields=["week_start"])
    assert current_week_start(_fresh(assistant), NOW) == date(2030, 1, 6)


@time_machine.travel(NOW, tick=False)
def test_it_sums_estimates_by_the_week_of_their_deadline(owner, contracted):
    assistant = contracted
    _task(owner, assistant, "This week, last minute", date(2030, 1, 13), time(23, 0), 60)
    # Monday 07:00 in Manila is still Sunday in UTC: next week.
    _task(owner, assistant, "Next week", date(2030, 1, 14), time(7, 0), 120)
    _task(owner, assistant, "No deadline", None, None, 30)
    _task(owner, assistant, "Overdue, still open", date(2030, 1, 4), None, 45)
    done = _task(owner, assistant, "Done last week", date(2030, 1, 3), None, 90)
    _deliver(owner, assistant, done)
    cancelled = _task(owner, assistant, "Cancelled", date(2030, 1, 10), None, 600)
    services.task_cancel(actor=owner, task=cancelled)
    _task(owner, assistant, "No estimate", date(2030, 1, 10))

    last, this, following = _weeks(assistant, (-1, 0, 1))
    assert (last.week_start, this.week_start, following.week_start) == (
        date(2029, 12, 31),
        date(2030, 1, 7),
        date(2030, 1, 14),
    )
    assert this.task_minutes == 60 + 30 + 45
    assert this.tasks == 4 and this.tasks_without_estimate == 1
    assert following.task_minutes == 120
    assert last.task_minutes == 90
    assert this.contracted_minutes == 20 * 60


@time_machine.travel(NOW, tick=False)
def test_it_adds_recurring_duties_not_yet_created(owner, contracted):
    assistant = contracted
    recurring_services.recurring_create(
        actor=owner,
        spec=recurring_services.RecurringSpec(
            title="Inbox zero",
            cadence=RecurringTask.Cadence.WEEKDAYS,
            due_time=time(17),
            estimate_minutes=30,
        ),
        assignee=assistant,
        now=NOW,
    )
    weekly = recurring_services.recurring_create(
        actor=owner,
        spec=recurring_services.RecurringSpec(
            title="Weekly report",
            cadence=RecurringTask.Cadence.WEEKLY,
            weekdays=(0, 4),
            due_time=time(12),
            estimate_minutes=60,
        ),
        assignee=assistant,
        now=NOW,
    )
    # Friday's report already exists as a task: it counts once, as a task.
    recurring_services._create_occurrence(weekly, date(2030, 1, 11))

    this, following = _weeks(assistant, (0, 1))
    # Wednesday to Friday: three weekdays of 30 minutes; Friday's report is a task.
    assert this.recurring_minutes == 3 * 30
    assert this.task_minutes == 60
    assert following.recurring_minutes == 5 * 30 + 2 * 60


@time_machine.travel(NOW, tick=False)
def test_it_sums_logged_time_by_the_assistants_week(owner, contracted):
    assistant = contracted
    task = _task(owner, assistant, "Logged", date(2030, 1, 10), None, 60)
    services.task_acknowledge(actor=assistant, task=task)
    time_services.time_entry_add(actor=assistant, task=task, minutes=90, day=date(2030, 1, 7))
    time_services.time_entry_add(actor=assistant, task=task, minutes=30, day=date(2030, 1, 6))
    last, this = _weeks(assistant, (-1, 0))
    assert this.logged_minutes == 90
    assert last.logged_minutes == 30


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("minutes", "flag"),
    [
        (20 * 60 * 59 // 100, UNDERLOADED),  # 59%: under 60
        (20 * 60 * 60 // 100, ""),  # exactly 60%
        (20 * 60 * 110 // 100, ""),  # exactly 110%
        (20 * 60 * 111 // 100, OVERLOADED),  # 111%
    ],
)
def test_it_flags_at_the_thresholds(owner, contracted, minutes, flag):
    _task(owner, contracted, "Work", date(2030, 1, 10), None, minutes)
    (this,) = _weeks(contracted)
    assert this.flag == flag


@time_machine.travel(NOW, tick=False)
def test_it_flags_nothing_without_contracted_hours(owner, assistant):
    _task(owner, assistant, "Work", date(2030, 1, 10), None, 6000)
    (this,) = _weeks(assistant)
    assert this.utilisation_percent is None and this.flag == ""


@time_machine.travel(NOW, tick=False)
def test_it_uses_logged_time_when_it_is_more_than_planned(owner, contracted):
    task = _task(owner, contracted, "Unestimated", date(2030, 1, 10))
    services.task_acknowledge(actor=contracted, task=task)
    time_services.time_entry_add(actor=contracted, task=task, minutes=15 * 60, day=date(2030, 1, 8))
    (this,) = _weeks(contracted)
    assert this.committed_minutes == 0
    assert this.utilisation_percent == 75 and this.flag == ""


@time_machine.travel(NOW, tick=False)
def test_it_counts_distinct_areas_case_insensitively(owner, assistant):
    for index, area in enumerate(["Bookkeeping", "bookkeeping ", "Support", "", "Research"]):
        _task(owner, assistant, f"Task {index}", date(2030, 1, 10), None, 30, area)
    found = areas_of(assistant.workspace, [assistant.pk], now=NOW)[assistant.pk]
    assert found.count == 3
    assert [name.lower() for name in found.names] == ["bookkeeping", "research", "support"]
    assert not found.too_many
    _task(owner, assistant, "More", None, None, 30, "Sales")
    _task(owner, assistant, "Even more", None, None, 30, "Design")
    assert areas_of(assistant.workspace, [assistant.pk], now=NOW)[assistant.pk].too_many


def test_it_forgets_areas_of_old_finished_work(owner, assistant):
    with time_machine.travel(NOW - timedelta(days=90), tick=False):
        done = _task(owner, assistant, "Old", date(2029, 10, 12), None, 30, "Legal")
        _deliver(owner, assistant, done)
    with time_machine.travel(NOW, tick=False):
        assert areas_of(assistant.workspace, [assistant.pk], now=NOW)[assistant.pk].count == 0


@time_machine.travel(NOW, tick=False)
def test_it_reads_many_assistants_in_the_same_number_of_queries(
    owner, contracted, workspace, django_assert_num_queries
):
    others = [
        add_member(
            workspace, make_user(f"a{i}@example.com", f"A{i}", "America/New_York"), Role.ASSISTANT
        )
        for i in range(4)
    ]
    for member in [contracted, *others]:
        _task(owner, member, "Work", date(2030, 1, 10), None, 60)
    people = list(
        Membership.objects.filter(role=Role.ASSISTANT).select_related("user", "workspace")
    )
    with django_assert_num_queries(3):  # tasks, time, recurring templates (none: no third)
        found = workload_of(workspace, people, offsets=(-1, 0, 1), now=NOW)
    assert all(weeks[1].task_minutes == 60 for weeks in found.values())


def test_it_lets_only_delegators_set_contracted_hours(owner, assistant, partner):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        member_contracted_hours_set(actor=assistant, member=assistant, hours=40)
    with pytest.raises(PermissionDenied):
        member_contracted_hours_set(actor=partner, member=assistant, hours=40)
    with pytest.raises(ValidationError):
        member_contracted_hours_set(actor=owner, member=partner, hours=40)
    member_contracted_hours_set(actor=owner, member=assistant, hours=None)
    assistant.refresh_from_db()
    assert assistant.contracted_hours_per_week is None


def test_the_member_page_of_an_owner_sets_contracted_hours(owner, assistant, client_for):
    from django.urls import reverse

    path = reverse("workspaces:member_edit", kwargs={"ws": "alice", "code": assistant.code})
    client = client_for(owner)
    assert 'name="contracted_hours_per_week"' in client.get(path).content.decode()
    response = client.post(path, {"role": "assistant", "contracted_hours_per_week": "25"})
    assert response.status_code == 302
    assistant.refresh_from_db()
    assert assistant.contracted_hours_per_week == 25


@time_machine.travel(NOW, tick=False)
def test_the_brief_form_carries_the_area_and_suggests_those_in_use(owner, assistant, client_for):
    from django.urls import reverse

    _task(owner, assistant, "Earlier", None, None, 30, "Bookkeeping")
    client = client_for(owner)
    page = client.get(reverse("work:task_new", kwargs={"ws": "alice"})).content.decode()
    assert '<datalist id="task-areas"><option value="Bookkeeping">' in page
    response = client.post(
        reverse("work:task_new", kwargs={"ws": "alice"}),
        {"title": "Pay the rent", "priority": "2", "area": "Finance"},
    )
    assert response.status_code == 302
    assert Task.objects.get(title="Pay the rent").area == "Finance"


def test_a_public_holiday_leaves_less_room_in_the_week(owner, assistant):
    # Ana works Monday to Saturday, 08:00–17:00 in Manila: 54 hours; her contract is 27 hours.
    member_contracted_hours_set(actor=owner, member=assistant, hours=27)
    user = assistant.user
    user.country = "PH"
    user.save(update_fields=["country"])
    # 28 December 2026 to 3 January 2027: Rizal Day, New Year's Eve and New Year's Day take
    # three of her six days, so half her contract is left.
    week = datetime(2026, 12, 29, 2, tzinfo=UTC)
    (load,) = _weeks(assistant, now=week)
    assert load.holidays == ("Rizal Day", "New Year's Eve", "New Year's Day")
    assert (load.full_contracted_minutes, load.contracted_minutes) == (27 * 60, 27 * 30)
    # Worked, a holiday is a normal working day again.
    from tandem.accounts.services import holiday_worked_set

    holiday_worked_set(user=user, day=date(2026, 12, 30), worked=True)
    (load,) = _weeks(assistant, now=week)
    assert load.contracted_minutes == 27 * 60 * 4 // 6
    # A week without holidays keeps the whole contract.
    (load,) = _weeks(assistant, now=week + timedelta(days=14))
    assert (load.holidays, load.contracted_minutes) == ((), 27 * 60)

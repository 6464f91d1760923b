"""The delegation plan's rules: what a responsibility still needs before it is handed over,
which one is ready next, the order, the status steps, and the 80/20 figure of its work by
week with "you are still doing this yourself"."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tandem.lib.charts.split import nice_step, split_chart
from tandem.lib.timezones import local_instant
from tandem.planning.models import Responsibility, ResponsibilityStatus
from tandem.planning.selectors import plan as selectors
from tandem.planning.services import plan as services
from tandem.roles.models import AssistantRole, RoleAssignment
from tandem.roles.services.roles import role_assign, role_create
from tandem.work.models import RecurringTask, Task, TimeEntry
from tandem.work.services import recurring as recurring_services
from tandem.work.services import tasks as task_services
from tandem.workspaces.models import Membership

pytestmark = pytest.mark.django_db

# A Friday: its week (from Monday, in Oslo) started on 30 November.
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
Status = ResponsibilityStatus


def brief(title: str, due: date | None = None, estimate: int | None = None) -> task_services.Brief:
    return task_services.Brief(
        title=title,
        outcome="",
        deliverable="",
        acceptance_criteria="",
        due_date=due,
        due_time=None,
        estimate_minutes=estimate,
        resources="",
        priority=2,
    )


def give_role(member: Membership, *skills: str) -> AssistantRole:
    """A role with these skills, held by `member`, made through the roles' own services."""
    owner = Membership.objects.get(workspace_id=member.workspace_id, role="owner")
    role = role_create(actor=owner, title=f"Role {len(skills)}", skills=skills)
    role_assign(actor=owner, role=role, member=member)
    return role


def make(owner: Membership, title: str = "Bookkeeping", **fields) -> Responsibility:
    return services.responsibility_create(
        actor=owner, fields=services.Fields(title=title, **fields)
    )


def missing_keys(owner: Membership, responsibility: Responsibility) -> list[str]:
    found = selectors.responsibility_get_for_member(owner, responsibility.code)
    return [m.key for m in selectors.plan_item_of(found, now=timezone.now()).missing]


# What a responsibility needs


def test_it_needs_instructions_a_link_or_written_steps(owner, assistant):
    bare = make(owner, assistant=assistant)
    linked = make(owner, assistant=assistant, sop_url="https://example.com/sop")
    written = make(owner, assistant=assistant, instructions="1. Open the books.")
    assert missing_keys(owner, bare) == [selectors.NO_INSTRUCTIONS]
    assert missing_keys(owner, linked) == []
    assert missing_keys(owner, written) == []


def test_it_needs_an_assistant(owner):
    assert missing_keys(owner, make(owner, instructions="Steps")) == [selectors.NO_ASSISTANT]


def test_it_needs_an_assistant_whose_roles_include_the_skill(owner, assistant):
    responsibility = make(owner, assistant=assistant, instructions="Steps", skill="Bookkeeping")
    assert missing_keys(owner, responsibility) == [selectors.NO_SKILL]
    give_role(assistant, "social media")
    assert missing_keys(owner, responsibility) == [selectors.NO_SKILL]
    give_role(assistant, " bookkeeping ", "xero")
    assert missing_keys(owner, responsibility) == []


def test_a_role_held_no_longer_gives_its_skills(owner, assistant):
    role = give_role(assistant, "bookkeeping")
    RoleAssignment.objects.filter(role=role).update(ended_at=timezone.now())
    responsibility = make(owner, assistant=assistant, instructions="Steps", skill="bookkeeping")
    assert missing_keys(owner, responsibility) == [selectors.NO_SKILL]


def test_with_no_assistant_chosen_it_names_those_who_have_the_skill(owner, assistant):
    give_role(assistant, "bookkeeping")
    responsibility = make(owner, instructions="Steps", skill="bookkeeping")
    item = selectors.plan_item_of(
        selectors.responsibility_get_for_member(owner, responsibility.code), now=timezone.now()
    )
    assert [m.key for m in item.missing] == [selectors.NO_ASSISTANT]
    assert item.skilled == [assistant]
    nobody = make(owner, instructions="Steps", skill="audio editing")
    assert missing_keys(owner, nobody) == [selectors.NO_ASSISTANT, selectors.NO_SKILL]


def test_it_needs_room_in_the_assistants_week(owner, assistant):
    Membership.objects.filter(pk=assistant.pk).update(contracted_hours_per_week=10)
    responsibility = make(owner, assistant=assistant, instructions="Steps")
    today = assistant.local_today()
    # 11 hours due this week against 10 contracted: 110 %, not above the threshold yet.
    task_services.task_create(
        actor=owner, brief=brief("Catch up", today, estimate=660), assignee=assistant
    )
    assert missing_keys(owner, responsibility) == []
    task_services.task_create(
        actor=owner, brief=brief("More", today, estimate=30), assignee=assistant
    )
    assert missing_keys(owner, responsibility) == [selectors.OVERLOADED]
    owner.workspace.overload_percent = 130
    owner.workspace.save(update_fields=["overload_percent"])
    assert missing_keys(owner, responsibility) == []


def test_a_fully_delegated_responsibility_needs_nothing(owner):
    responsibility = make(owner)
    Responsibility.objects.filter(pk=responsibility.pk).update(status=Status.DELEGATED)
    assert missing_keys(owner, responsibility) == []


def test_ready_next_is_the_first_planned_one_with_nothing_missing(owner, assistant):
    briefed = make(owner, "Briefed", assistant=assistant, instructions="Steps")
    Responsibility.objects.filter(pk=briefed.pk).update(status=Status.BRIEFED)
    make(owner, "Not ready", assistant=assistant)
    ready = make(owner, "Ready", assistant=assistant, instructions="Steps")
    make(owner, "Ready too", assistant=assistant, instructions="Steps")
    plan = selectors.plan_of(owner.workspace, owner, now=timezone.now())
    assert plan.ready_next is not None
    assert plan.ready_next.responsibility == ready
    services.responsibility_move(actor=owner, responsibility=ready, direction=services.DOWN)
    plan = selectors.plan_of(owner.workspace, owner, now=timezone.now())
    assert plan.ready_next is not None
    assert plan.ready_next.responsibility.title == "Ready too"


def test_it_warns_of_two_responsibilities_handed_over_at_once(owner, assistant):
    first = make(owner, "First", assistant=assistant, instructions="Steps")
    second = make(owner, "Second", assistant=assistant, instructions="Steps")
    services.responsibility_step(
        actor=owner, responsibility=first, direction=services.FORWARD, current=Status.PLANNED
    )
    assert selectors.plan_of(owner.workspace, owner, now=timezone.now()).crowded == []
    services.responsibility_step(
        actor=owner, responsibility=second, direction=services.FORWARD, current=Status.PLANNED
    )
    plan = selectors.plan_of(owner.workspace, owner, now=timezone.now())
    assert plan.crowded == [(assistant, [first, second])]
    third = make(owner, "Third", assistant=assistant, instructions="Steps")
    plan = selectors.plan_of(owner.workspace, owner, now=timezone.now())
    assert plan.items[2].would_crowd == [first, second]
    found = selectors.responsibility_get_for_member(owner, third.code)
    assert selectors.plan_item_of(found, now=timezone.now()).would_crowd == [first, second]
    assert selectors.handing_over_alongside(second) == [first]
    assert plan.items[1].alongside == [first]


# Order and status


def test_it_moves_a_responsibility_up_and_down(owner):
    a, b, c = make(owner, "A"), make(owner, "B"), make(owner, "C")
    assert services.responsibility_move(actor=owner, responsibility=c, direction=services.UP)
    titles = [r.title for r in selectors.responsibilities_of(owner.workspace)]
    assert titles == ["A", "C", "B"]
    assert not services.responsibility_move(actor=owner, responsibility=a, direction=services.UP)
    assert services.responsibility_move(actor=owner, responsibility=a, direction=services.DOWN)
    titles = [r.title for r in selectors.responsibilities_of(owner.workspace)]
    assert titles == ["C", "A", "B"]
    with pytest.raises(ValidationError):
        services.responsibility_move(actor=owner, responsibility=b, direction="sideways")


def test_a_move_sets_equal_positions_apart(owner):
    a, b, c = make(owner, "A"), make(owner, "B"), make(owner, "C")
    Responsibility.objects.filter(workspace=owner.workspace).update(position=0)
    services.responsibility_move(actor=owner, responsibility=b, direction=services.DOWN)
    rows = list(selectors.responsibilities_of(owner.workspace).values_list("title", "position"))
    assert rows == [("A", 0), ("C", 1), ("B", 2)]
    assert a.pk < c.pk


def test_new_responsibilities_come_last(owner):
    make(owner, "A")
    make(owner, "B")
    assert [r.position for r in selectors.responsibilities_of(owner.workspace)] == [0, 1]


def test_the_status_moves_one_step_and_records_when(owner):
    responsibility = make(owner)
    later = timezone.now() + timedelta(days=3)
    with time_machine.travel(later, tick=False):
        status = services.responsibility_step(
            actor=owner,
            responsibility=responsibility,
            direction=services.FORWARD,
            current=Status.PLANNED,
        )
    assert status == Status.BRIEFED
    responsibility.refresh_from_db()
    assert responsibility.status == Status.BRIEFED
    assert responsibility.status_changed_at == later
    services.responsibility_step(
        actor=owner,
        responsibility=responsibility,
        direction=services.BACK,
        current=Status.BRIEFED,
    )
    responsibility.refresh_from_db()
    assert responsibility.status == Status.PLANNED


def test_a_status_change_from_a_stale_page_changes_nothing(owner):
    responsibility = make(owner)
    services.responsibility_step(
        actor=owner,
        responsibility=responsibility,
        direction=services.FORWARD,
        current=Status.PLANNED,
    )
    with pytest.raises(ValidationError):
        services.responsibility_step(
            actor=owner,
            responsibility=responsibility,
            direction=services.FORWARD,
            current=Status.PLANNED,
        )
    responsibility.refresh_from_db()
    assert responsibility.status == Status.BRIEFED


def test_there_is_no_step_before_planned_or_after_fully_delegated(owner):
    responsibility = make(owner)
    with pytest.raises(ValidationError):
        services.responsibility_step(
            actor=owner,
            responsibility=responsibility,
            direction=services.BACK,
            current=Status.PLANNED,
        )
    Responsibility.objects.filter(pk=responsibility.pk).update(status=Status.DELEGATED)
    with pytest.raises(ValidationError):
        services.responsibility_step(
            actor=owner,
            responsibility=responsibility,
            direction=services.FORWARD,
            current=Status.DELEGATED,
        )


def test_only_delegators_plan(owner, assistant):
    with pytest.raises(PermissionDenied):
        make(assistant)
    responsibility = make(owner)
    with pytest.raises(PermissionDenied):
        services.responsibility_delete(actor=assistant, responsibility=responsibility)


def test_the_assistant_must_be_an_assistant_of_the_workspace(owner, manager, outsider):
    with pytest.raises(ValidationError):
        make(owner, assistant=manager)
    with pytest.raises(ValidationError):
        make(owner, assistant=outsider)


def test_it_links_only_tasks_of_its_own_workspace(owner, outsider):
    responsibility = make(owner)
    theirs = task_services.task_create(actor=outsider, brief=brief("Theirs"), assignee=None)
    with pytest.raises(PermissionDenied):
        services.responsibility_link_task(actor=owner, responsibility=responsibility, task=theirs)


# The 80/20 figure by week


def log(task: Task, member: Membership, kind: str, minutes: int, day: date) -> None:
    TimeEntry.objects.create(
        workspace_id=task.workspace_id,
        task=task,
        member=member,
        kind=kind,
        minutes=minutes,
        created_at=local_instant(day, time(12), "Europe/Oslo"),
    )


@pytest.fixture
def invoicing(owner, manager, assistant):
    """A responsibility with a linked task, and a linked recurring duty with one task made."""
    responsibility = make(owner, "Invoicing", assistant=assistant, instructions="Steps")
    linked = task_services.task_create(actor=owner, brief=brief("Invoices"), assignee=assistant)
    TimeEntry.objects.filter(task=linked).delete()  # the brief's own measured minutes
    template = recurring_services.recurring_create(
        actor=owner,
        spec=recurring_services.RecurringSpec(
            title="Chase late payers", cadence="weekdays", due_time=time(17)
        ),
        assignee=assistant,
    )
    made = Task.objects.create(
        workspace=owner.workspace,
        title="Chase late payers",
        recurring=template,
        assignee=assistant,
        created_by=owner,
    )
    unlinked = task_services.task_create(actor=owner, brief=brief("Other"), assignee=assistant)
    services.responsibility_link_task(actor=owner, responsibility=responsibility, task=linked)
    services.responsibility_link_recurring(
        actor=owner, responsibility=responsibility, template=template
    )
    return responsibility, linked, made, unlinked


@time_machine.travel(NOW, tick=False)
def test_the_series_sums_owner_and_assistant_minutes_per_week(owner, manager, assistant, invoicing):
    responsibility, linked, made, unlinked = invoicing
    this_monday = date(2026, 11, 30)
    log(linked, owner, TimeEntry.Kind.BRIEFING, 30, this_monday)
    log(linked, manager, TimeEntry.Kind.REVIEWING, 15, this_monday + timedelta(days=1))
    log(made, assistant, TimeEntry.Kind.WORK, 100, this_monday + timedelta(days=2))
    log(made, assistant, TimeEntry.Kind.WORK, 50, this_monday - timedelta(days=1))  # Sunday
    log(linked, owner, TimeEntry.Kind.REVIEWING, 20, this_monday - timedelta(days=7 * 7))
    log(linked, owner, TimeEntry.Kind.REVIEWING, 999, this_monday - timedelta(days=7 * 8))
    log(unlinked, owner, TimeEntry.Kind.BRIEFING, 999, this_monday)
    series = selectors.split_series(responsibility, owner, now=timezone.now())
    assert [w.week_start.date() for w in series.weeks][-1] == this_monday
    assert len(series.weeks) == 8
    assert [(w.owner, w.work) for w in series.weeks] == [
        (20, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 50),
        (45, 100),
    ]
    assert series.total.owner == 65
    assert series.recent.owner == 45
    assert series.recent.work == 150
    assert series.recent.owner_share == 23


@time_machine.travel(NOW, tick=False)
def test_it_is_one_query(owner, invoicing, django_assert_num_queries):
    responsibility = invoicing[0]
    with django_assert_num_queries(1):
        selectors.split_series(responsibility, owner, now=timezone.now())


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("status", "owner_minutes", "work_minutes", "still"),
    [
        (Status.DELEGATED_80, 20, 80, True),  # 20 %: at the line
        (Status.DELEGATED, 30, 70, True),
        (Status.DELEGATED_80, 19, 81, False),  # below a fifth
        (Status.BRIEFED, 50, 50, False),  # still being briefed: owner time is expected
        (Status.DELEGATED_80, 0, 0, False),  # no time logged: nothing to say
    ],
)
def test_you_are_still_doing_it_yourself(
    owner, assistant, invoicing, status, owner_minutes, work_minutes, still
):
    responsibility, linked, _made, _unlinked = invoicing
    Responsibility.objects.filter(pk=responsibility.pk).update(status=status)
    responsibility.refresh_from_db()
    last_week = date(2026, 11, 24)
    if owner_minutes:
        log(linked, owner, TimeEntry.Kind.REVIEWING, owner_minutes, last_week)
    if work_minutes:
        log(linked, assistant, TimeEntry.Kind.WORK, work_minutes, last_week)
    # Long ago the owner did it all: that is before the last two weeks and does not count.
    log(linked, owner, TimeEntry.Kind.BRIEFING, 500, last_week - timedelta(days=14))
    series = selectors.split_series(responsibility, owner, now=timezone.now())
    assert series.still_doing_it is still
    # The plan's list says the same, from its own query.
    item = selectors.plan_of(owner.workspace, owner, now=timezone.now()).items[0]
    assert item.recent == series.recent
    assert item.still_doing_it is still


def test_the_chart_stacks_each_week_on_one_scale():
    chart = split_chart([("a", 30, 70), ("b", 0, 0), ("c", 10, 20)])
    assert [t.value for t in chart.ticks] == [0, 50, 100]
    first, empty, third = chart.bars
    assert first.lower_height + first.upper_height == pytest.approx(chart.bottom - 16)
    assert empty.lower_height == empty.upper_height == 0
    assert third.upper_y + third.upper_height == pytest.approx(third.lower_y)
    assert nice_step(0) == 1
    assert nice_step(7) == 2
    assert nice_step(450) == 200


def test_nothing_linked_gives_an_empty_series(owner):
    responsibility = make(owner)
    series = selectors.split_series(responsibility, owner, now=timezone.now())
    assert not series.has_data
    assert not series.still_doing_it
    assert RecurringTask.objects.count() == 0


@time_machine.travel(NOW, tick=False)
def test_the_weeks_start_at_local_midnight_across_a_clock_change(owner):
    bounds = selectors.split_weeks(owner, now=timezone.now())
    assert len(bounds) == 9
    assert {(b.weekday(), b.hour, b.minute) for b in bounds} == {(0, 0, 0)}
    instants = [b.astimezone(UTC) for b in bounds]
    hours = [
        round((later - earlier).total_seconds() / 3600) for earlier, later in pairwise(instants)
    ]
    # Summer time ended on Sunday 25 October: that week is an hour longer.
    assert hours == [168, 169, 168, 168, 168, 168, 168, 168]

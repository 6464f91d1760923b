"""The recurring-task job: each occurrence once, at local midnight, and never a flood."""

from __future__ import annotations

import logging
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from huey.contrib.djhuey import HUEY

from conftest import add_member, make_user
from tandem.notify.models import Notification
from tandem.work.jobs import create_recurring_tasks
from tandem.work.models import RecurringTask, State, Task
from tandem.work.services import recurring as services
from tandem.work.tests.test_recurring import make_template
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

MANILA = zoneinfo.ZoneInfo("Asia/Manila")
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
Cadence = RecurringTask.Cadence


def run_job_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return create_recurring_tasks.call_local()


def reload(template: RecurringTask) -> RecurringTask:
    return RecurringTask.objects.select_related("assignee__user", "workspace").get(pk=template.pk)


@pytest.fixture
def oslo_assistant(workspace) -> Membership:
    return add_member(
        workspace, make_user("ola@example.com", "Ola Nordmann", "Europe/Oslo"), Role.ASSISTANT
    )


def test_it_creates_each_day_once_at_local_midnight_across_the_dst_change(owner, oslo_assistant):
    # Oslo moves its clocks forward on Sunday 29 March 2026: midnight is 23:00 UTC before the
    # change and 22:00 UTC after it.
    template = make_template(
        owner,
        oslo_assistant,
        cadence=Cadence.WEEKLY,
        weekdays=(6, 0),
        due_time=time(9, 0),
        now=datetime(2026, 3, 27, 12, 0, tzinfo=OSLO),
    )
    sunday_start = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    monday_start = datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert template.next_run_at == sunday_start

    assert run_job_at(sunday_start - timedelta(seconds=1)) == 0
    assert run_job_at(sunday_start) == 1
    assert run_job_at(sunday_start + timedelta(minutes=5)) == 0  # the next run finds nothing
    assert reload(template).next_run_at == monday_start
    assert run_job_at(monday_start - timedelta(seconds=1)) == 0
    assert run_job_at(monday_start) == 1
    assert run_job_at(monday_start) == 0  # run twice at the same moment
    assert reload(template).next_run_at == datetime(2026, 4, 4, 22, 0, tzinfo=UTC)

    sunday, monday = Task.objects.filter(recurring=template).order_by("occurrence_date")
    assert (sunday.occurrence_date, monday.occurrence_date) == (
        date(2026, 3, 29),
        date(2026, 3, 30),
    )
    # 09:00 in Oslo is 07:00 UTC on both days: the change happened at 02:00 on Sunday.
    assert sunday.due_at == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert monday.due_at == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert sunday.created_at == sunday_start
    assert monday.created_at == monday_start


def test_the_task_is_assigned_with_its_brief_and_due_at_the_local_time(owner, assistant):
    template = make_template(
        owner, assistant, due_time=time(17, 30), now=datetime(2026, 3, 6, 10, tzinfo=MANILA)
    )
    assert run_job_at(datetime(2026, 3, 9, 0, 0, tzinfo=MANILA)) == 1
    task = Task.objects.select_related("assignee").get()
    assert (task.recurring, task.occurrence_date) == (template, date(2026, 3, 9))
    assert (task.state, task.assignee, task.created_by) == (State.ASSIGNED, assistant, owner)
    assert (task.title, task.outcome, task.estimate_minutes) == (
        template.title,
        template.outcome,
        template.estimate_minutes,
    )
    assert (task.due_date, task.due_time, task.due_zone) == (
        date(2026, 3, 9),
        time(17, 30),
        "Asia/Manila",
    )
    assert task.due_at == datetime(2026, 3, 9, 9, 30, tzinfo=UTC)
    assert Notification.objects.filter(recipient=assistant, kind="task_assigned").count() == 1


def test_a_job_three_days_late_creates_only_the_latest_occurrence(owner, assistant):
    template = make_template(owner, assistant, now=datetime(2026, 3, 6, 10, tzinfo=MANILA))
    # The machine was off from Sunday until Thursday morning in Manila.
    thursday = datetime(2026, 3, 12, 10, 0, tzinfo=MANILA)
    assert run_job_at(thursday) == 1
    assert list(Task.objects.values_list("occurrence_date", flat=True)) == [date(2026, 3, 12)]
    template = reload(template)
    assert template.next_run_at == datetime(2026, 3, 13, 0, 0, tzinfo=MANILA)
    assert template.next_run_at > thursday


def test_a_concurrent_claim_creates_nothing_the_second_time(owner, assistant):
    template = make_template(owner, assistant, now=datetime(2026, 3, 6, 10, tzinfo=MANILA))
    now = datetime(2026, 3, 9, 0, 5, tzinfo=MANILA)
    # Two sweeps read the same row before either wrote.
    first, second = reload(template), reload(template)
    stale = first.next_run_at
    assert services.recurring_run_one(first, now=now) is not None
    assert services.recurring_run_one(second, now=now) is None
    assert Task.objects.count() == 1
    # The second one's conditional update found no row with the value it had read.
    assert (
        RecurringTask.objects.filter(pk=template.pk, next_run_at=stale).update(next_run_at=now) == 0
    )


def test_the_unique_day_stops_a_second_task_when_the_claim_is_not_enough(owner, assistant):
    template = make_template(owner, assistant, now=datetime(2026, 3, 6, 10, tzinfo=MANILA))
    monday = datetime(2026, 3, 9, 0, 5, tzinfo=MANILA)
    assert services.recurring_run_due(monday) == 1
    # Something put next_run_at back to a day that has its task (say, an edit and a zone change).
    RecurringTask.objects.filter(pk=template.pk).update(
        next_run_at=datetime(2026, 3, 9, 0, 0, tzinfo=MANILA)
    )
    assert services.recurring_run_due(monday + timedelta(minutes=5)) == 0
    assert Task.objects.count() == 1
    assert reload(template).next_run_at == datetime(2026, 3, 10, 0, 0, tzinfo=MANILA)


def test_a_failing_template_does_not_stop_the_others(owner, assistant, manager, caplog):
    created_at = datetime(2026, 3, 6, 10, tzinfo=MANILA)
    first = make_template(owner, assistant, title="First", now=created_at)
    broken = make_template(owner, manager, title="Broken", now=created_at)
    last = make_template(owner, assistant, title="Last", now=created_at)
    # The manager becomes a partner: partners take no tasks, so assigning fails.
    Membership.objects.filter(pk=manager.pk).update(role=Role.PARTNER)
    # And a weekly template without days has no occurrence at all.
    odd = make_template(owner, assistant, title="Odd", now=created_at)
    RecurringTask.objects.filter(pk=odd.pk).update(cadence=Cadence.WEEKLY, weekdays=[])

    now = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    with caplog.at_level(logging.ERROR, logger="tandem.work.services.recurring"):
        assert services.recurring_run_due(now) == 2
    assert set(Task.objects.values_list("title", flat=True)) == {"First", "Last"}
    assert reload(broken).next_run_at == now + timedelta(days=1)
    assert reload(odd).next_run_at == now + timedelta(days=1)
    assert reload(first).next_run_at > now and reload(last).next_run_at > now
    assert broken.code in caplog.text and odd.code in caplog.text
    assert not Task.objects.filter(title="Broken").exists()  # rolled back whole
    assert not Notification.objects.filter(recipient=manager).exists()


def test_a_template_whose_assignee_left_pauses_itself(owner, assistant):
    template = make_template(owner, assistant, now=datetime(2026, 3, 6, 10, tzinfo=MANILA))
    Membership.objects.filter(pk=assistant.pk).update(removed_at=datetime(2026, 3, 7, tzinfo=UTC))
    assert services.recurring_run_due(datetime(2026, 3, 9, 1, tzinfo=MANILA)) == 0
    assert not reload(template).active
    assert not Task.objects.exists()


def test_occurrences_are_created_by_an_owner_when_the_author_left(owner, manager, assistant):
    template = make_template(manager, assistant, now=datetime(2026, 3, 6, 10, tzinfo=MANILA))
    Membership.objects.filter(pk=manager.pk).update(removed_at=datetime(2026, 3, 7, tzinfo=UTC))
    assert services.recurring_run_due(datetime(2026, 3, 9, 1, tzinfo=MANILA)) == 1
    assert Task.objects.get(recurring=template).created_by == owner


def test_paused_templates_are_not_swept(owner, assistant):
    template = make_template(owner, assistant, now=datetime(2026, 3, 6, 10, tzinfo=MANILA))
    services.recurring_pause(actor=owner, template=template)
    assert services.recurring_run_due(datetime(2026, 3, 12, tzinfo=MANILA)) == 0


def test_the_sweeps_queries_do_not_grow_with_templates_not_due(
    owner, assistant, django_assert_num_queries
):
    def not_due(count: int) -> None:
        later = datetime(2026, 6, 1, tzinfo=UTC)
        RecurringTask.objects.bulk_create(
            RecurringTask(
                workspace=owner.workspace,
                assignee=assistant,
                created_by=owner,
                title=f"Later {n}",
                cadence=Cadence.WEEKDAYS,
                due_time=time(9),
                next_run_at=later,
            )
            for n in range(count)
        )

    created_at = datetime(2026, 3, 6, 10, tzinfo=MANILA)
    monday = datetime(2026, 3, 9, 1, tzinfo=MANILA)
    not_due(3)
    make_template(owner, assistant, title="Due first", now=created_at)
    with CaptureQueriesContext(connection) as few:
        assert services.recurring_run_due(monday) == 1
    not_due(197)
    make_template(owner, assistant, title="Due second", now=created_at)
    with django_assert_num_queries(len(few)):
        assert services.recurring_run_due(monday) == 1
    # With nothing due, the sweep is one query, whatever waits.
    with django_assert_num_queries(1):
        assert services.recurring_run_due(monday) == 0


def test_the_sweep_reads_through_the_partial_index(owner, assistant):
    make_template(owner, assistant)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A tiny table is cheaper to scan: make the planner show what it would do at scale.
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = services.recurring_due(datetime(2026, 3, 9, tzinfo=UTC)).explain()
    assert "recurring_due" in plan


def test_the_job_runs_every_five_minutes():
    def due_at(moment: datetime) -> bool:
        return create_recurring_tasks.task_class().validate_datetime(moment)

    assert due_at(datetime(2026, 3, 9, 10, 5))  # noqa: DTZ001 (Huey passes naive UTC)
    assert not due_at(datetime(2026, 3, 9, 10, 7))  # noqa: DTZ001
    names = {type(task).__name__ for task in HUEY.read_periodic(datetime(2026, 3, 9, 10, 5))}  # noqa: DTZ001
    assert "create_recurring_tasks" in names

"""Recurring tasks: cadences in the assignee's zone, the services, and the pages."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import add_member, make_user
from tandem.work import selectors
from tandem.work.models import RecurringTask, State, Task
from tandem.work.services import recurring as services
from tandem.workspaces.models import FormSubmission, Membership, Role

pytestmark = pytest.mark.django_db

MANILA = zoneinfo.ZoneInfo("Asia/Manila")
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
Cadence = RecurringTask.Cadence


def spec(**overrides: Any) -> services.RecurringSpec:
    fields: dict[str, Any] = {
        "title": "Clear the support inbox",
        "outcome": "No customer waits more than a day.",
        "deliverable": "Inbox at zero, with the odd ones flagged.",
        "acceptance_criteria": "Every email answered or flagged.",
        "cadence": Cadence.WEEKDAYS,
        "due_time": time(17, 0),
        "estimate_minutes": 45,
    }
    return services.RecurringSpec(**(fields | overrides))


def make_template(
    owner: Membership, assignee: Membership, *, now: datetime | None = None, **overrides: Any
) -> RecurringTask:
    return services.recurring_create(
        actor=owner, spec=spec(**overrides), assignee=assignee, now=now
    )


def occurrences(template: RecurringTask, after: datetime, count: int) -> list[date]:
    days = []
    for _ in range(count):
        day, instant = services.next_occurrence(template, after)
        days.append(day)
        after = instant
    return days


# Cadences


def test_it_runs_every_weekday_at_midnight_in_the_assignees_zone(owner, assistant):
    # Friday 10:00 in Manila: the next weekday starts on Monday at 00:00 there (Sunday 16:00 UTC).
    friday = datetime(2026, 3, 6, 10, 0, tzinfo=MANILA)
    template = make_template(owner, assistant, now=friday)
    assert template.next_run_at == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)
    assert occurrences(template, friday, 6) == [
        date(2026, 3, 9),
        date(2026, 3, 10),
        date(2026, 3, 11),
        date(2026, 3, 12),
        date(2026, 3, 13),
        date(2026, 3, 16),
    ]


def test_it_runs_weekly_on_the_chosen_days(owner, assistant):
    template = make_template(
        owner, assistant, cadence=Cadence.WEEKLY, weekdays=(4, 0, 2, 2), now=timezone.now()
    )
    assert template.weekdays == [0, 2, 4]
    after = datetime(2026, 3, 2, 0, 0, tzinfo=MANILA)  # Monday's own midnight: not "after" it
    assert occurrences(template, after, 4) == [
        date(2026, 3, 4),
        date(2026, 3, 6),
        date(2026, 3, 9),
        date(2026, 3, 11),
    ]


def test_monthly_on_the_31st_falls_on_the_last_day_of_a_shorter_month(owner, assistant):
    template = make_template(
        owner, assistant, cadence=Cadence.MONTHLY, day_of_month=31, now=timezone.now()
    )
    after = datetime(2026, 1, 15, tzinfo=MANILA)
    assert occurrences(template, after, 4) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert services.next_occurrence(template, datetime(2028, 2, 1, tzinfo=MANILA))[0] == date(
        2028, 2, 29
    )


def test_a_day_whose_midnight_does_not_exist_starts_at_its_first_instant(owner, workspace):
    # Chile moves its clocks from 24:00 to 01:00 on 6 September 2026.
    santiago = add_member(
        workspace, make_user("sol@example.com", "Sol", "America/Santiago"), Role.ASSISTANT
    )
    template = make_template(
        owner,
        santiago,
        cadence=Cadence.WEEKLY,
        weekdays=(5, 6),
        now=datetime(2026, 9, 4, 12, tzinfo=UTC),
    )
    assert template.next_run_at == datetime(2026, 9, 5, 4, 0, tzinfo=UTC)  # 00:00 at -04
    day, instant = services.next_occurrence(template, template.next_run_at)
    assert (day, instant) == (date(2026, 9, 6), datetime(2026, 9, 6, 4, 0, tzinfo=UTC))  # 01:00 -03


# The services


def test_it_refuses_a_weekly_template_without_days_and_monthly_without_a_day(owner, assistant):
    with pytest.raises(ValidationError) as weekly:
        make_template(owner, assistant, cadence=Cadence.WEEKLY, weekdays=())
    assert "weekdays" in weekly.value.message_dict
    with pytest.raises(ValidationError) as monthly:
        make_template(owner, assistant, cadence=Cadence.MONTHLY, day_of_month=None)
    assert "day_of_month" in monthly.value.message_dict
    assert not RecurringTask.objects.exists()


def test_it_gives_recurring_tasks_only_to_assistants_and_managers(
    owner, manager, assistant, partner, outsider
):
    assert make_template(owner, manager).assignee == manager
    for nobody in (partner, owner, outsider):
        with pytest.raises(ValidationError):
            make_template(owner, nobody)
    with pytest.raises(PermissionDenied):
        make_template(assistant, assistant)


def test_an_update_recomputes_the_next_run(owner, assistant, manager):
    friday = datetime(2026, 3, 6, 10, 0, tzinfo=MANILA)
    template = make_template(owner, assistant, now=friday)
    services.recurring_update(
        actor=owner,
        template=template,
        spec=spec(cadence=Cadence.MONTHLY, day_of_month=20, title="Send the invoices"),
        assignee=manager,  # Rome
        now=friday,
    )
    template.refresh_from_db()
    assert (template.title, template.cadence, template.weekdays) == (
        "Send the invoices",
        Cadence.MONTHLY,
        [],
    )
    assert template.next_run_at == datetime(2026, 3, 19, 23, 0, tzinfo=UTC)  # 00:00 in Rome


def test_pause_and_resume_skip_the_days_in_between(owner, assistant):
    friday = datetime(2026, 3, 6, 10, 0, tzinfo=MANILA)
    template = make_template(owner, assistant, now=friday)
    assert services.recurring_pause(actor=owner, template=template)
    assert not services.recurring_pause(actor=owner, template=template)  # once
    wednesday = datetime(2026, 3, 11, 9, 0, tzinfo=MANILA)
    assert services.recurring_resume(actor=owner, template=template, now=wednesday)
    template.refresh_from_db()
    assert template.active
    assert template.next_run_at == datetime(2026, 3, 11, 16, 0, tzinfo=UTC)  # Thursday 00:00


def test_it_will_not_resume_for_an_assignee_who_left(owner, assistant):
    template = make_template(owner, assistant)
    services.recurring_pause(actor=owner, template=template)
    Membership.objects.filter(pk=assistant.pk).update(removed_at=timezone.now())
    template = selectors.recurring_get_for_member(owner, template.code)
    with pytest.raises(ValidationError):
        services.recurring_resume(actor=owner, template=template)


def test_deleting_a_template_keeps_its_tasks(owner, assistant):
    template = make_template(owner, assistant, now=datetime(2026, 3, 6, tzinfo=MANILA))
    services.recurring_run_due(datetime(2026, 3, 9, 1, 0, tzinfo=MANILA))
    services.recurring_delete(actor=owner, template=template)
    assert not RecurringTask.objects.exists()
    task = Task.objects.get()
    assert (task.recurring, task.occurrence_date) == (None, date(2026, 3, 9))


# The pages


def url(name: str, template: RecurringTask | None = None) -> str:
    kwargs = {"ws": "alice"} | ({"code": template.code} if template else {})
    return reverse(f"work:{name}", kwargs=kwargs)


def form_data(assignee: Membership, **overrides: str) -> dict[str, Any]:
    return {
        "title": "Weekly report",
        "outcome": "The owner sees the week at a glance.",
        "deliverable": "A one-page summary.",
        "acceptance_criteria": "Numbers match the sheet.",
        "assignee": str(assignee.pk),
        "cadence": "weekly",
        "weekdays": ["0", "4"],
        "day_of_month": "",
        "due_time": "16:30",
        "priority": "3",
        "estimate_minutes": "30",
    } | overrides


def test_it_explains_recurring_tasks_when_there_are_none(owner, client_for):
    response = client_for(owner).get(url("recurring_list"))
    assert response.status_code == 200
    assert b"No recurring tasks yet" in response.content
    assert b"the weekly report" in response.content


def test_it_creates_a_recurring_task_from_the_form(owner, assistant, client_for):
    with time_machine.travel(datetime(2026, 3, 6, 10, 0, tzinfo=MANILA), tick=False):
        response = client_for(owner).post(url("recurring_new"), form_data(assistant, form_key="k"))
    assert response.status_code == 302
    assert response["Location"] == url("recurring_list")
    template = RecurringTask.objects.get()
    assert (template.cadence, template.weekdays, template.due_time, template.priority) == (
        Cadence.WEEKLY,
        [0, 4],
        time(16, 30),
        3,
    )
    assert (template.assignee, template.created_by, template.workspace) == (
        assistant,
        owner,
        owner.workspace,
    )
    assert template.next_run_at == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)  # Monday in Manila


def test_a_second_submission_creates_one_template(owner, assistant, client_for):
    http = client_for(owner)
    first = http.post(url("recurring_new"), form_data(assistant, form_key="same"))
    second = http.post(url("recurring_new"), form_data(assistant, form_key="same"))
    assert RecurringTask.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert FormSubmission.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cadence": "weekly", "weekdays": []}, "weekdays", b"Choose at least one day"),
        ({"cadence": "monthly", "day_of_month": ""}, "day_of_month", b"Choose a day of the month"),
        ({"cadence": "monthly", "day_of_month": "32"}, "day_of_month", b"less than or equal"),
        ({"title": ""}, "title", b"This field is required."),
    ],
)
def test_it_keeps_the_input_and_explains_errors(
    owner, assistant, client_for, overrides, field, message
):
    response = client_for(owner).post(
        url("recurring_new"), form_data(assistant, form_key="k", **overrides)
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content
    assert b"Numbers match the sheet." in response.content  # what was typed stays
    assert not RecurringTask.objects.exists()
    assert not FormSubmission.objects.exists()


def test_it_edits_a_template(owner, assistant, manager, client_for):
    template = make_template(owner, assistant)
    http = client_for(owner)
    page = http.get(url("recurring_edit", template))
    assert page.status_code == 200
    assert b"Clear the support inbox" in page.content
    response = http.post(
        url("recurring_edit", template),
        form_data(manager, cadence="monthly", day_of_month="31", weekdays=["1"], form_key="e"),
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.title, template.assignee, template.cadence) == (
        "Weekly report",
        manager,
        Cadence.MONTHLY,
    )
    assert (template.weekdays, template.day_of_month) == ([], 31)  # the hidden days are dropped


def test_an_invalid_edit_changes_nothing(owner, assistant, client_for):
    template = make_template(owner, assistant)
    response = client_for(owner).post(
        url("recurring_edit", template), form_data(assistant, title="", form_key="e")
    )
    assert response.status_code == 400
    template.refresh_from_db()
    assert template.title == "Clear the support inbox"


def test_pause_resume_and_delete_from_the_list(owner, assistant, client_for):
    template = make_template(owner, assistant)
    http = client_for(owner)
    assert http.post(url("recurring_pause", template), {"form_key": "p"}).status_code == 302
    template.refresh_from_db()
    assert not template.active
    assert b"None while paused" in http.get(url("recurring_list")).content
    assert http.post(url("recurring_resume", template), {"form_key": "r"}).status_code == 302
    template.refresh_from_db()
    assert template.active
    assert http.post(url("recurring_delete", template), {"form_key": "d"}).status_code == 302
    assert not RecurringTask.objects.exists()
    # A second click on the same delete button is answered like the first.
    assert http.post(url("recurring_delete", template), {"form_key": "d"}).status_code == 302


def test_the_list_shows_the_cadence_and_the_next_task_in_both_zones(owner, assistant, client_for):
    with time_machine.travel(datetime(2026, 3, 6, 10, 0, tzinfo=MANILA), tick=False):
        template = make_template(owner, assistant, cadence=Cadence.WEEKLY, weekdays=(0, 2))
        services.recurring_run_due(datetime(2026, 3, 9, 1, tzinfo=MANILA))
        response = client_for(owner).get(url("recurring_list"))
    content = response.content.decode()
    assert "Every week on Monday, Wednesday" in content
    assert "Ana Assistant" in content
    # The next task: Wednesday 11 March at 17:00 in Manila is 10:00 in Oslo, the owner's zone.
    assert "Wed 11 Mar, 10:00" in content
    assert "Wed 11 Mar, 17:00 in Asia/Manila" in content
    task = Task.objects.get(recurring=template)
    assert reverse("work:task", kwargs={"ws": "alice", "code": task.code}) in content


def test_the_lists_queries_do_not_grow_with_its_rows(
    owner, assistant, client_for, django_assert_num_queries
):
    http = client_for(owner)

    def fill(count: int) -> None:
        for n in range(count):
            make_template(owner, assistant, title=f"Duty {n}", now=datetime(2026, 3, 6, tzinfo=UTC))
        services.recurring_run_due(datetime(2026, 3, 10, tzinfo=UTC))

    fill(2)
    http.get(url("recurring_list"))  # the session settles on the first page
    with CaptureQueriesContext(connection) as few:
        assert http.get(url("recurring_list")).status_code == 200
    fill(25)
    with django_assert_num_queries(len(few)):
        response = http.get(url("recurring_list"))
    assert response.content.count(b"badge state state-assigned") == 27


def test_it_answers_404_for_another_workspaces_template_in_each_view(owner, outsider, client_for):
    theirs_assistant = add_member(
        outsider.workspace, make_user("x@example.com", "X", "UTC"), Role.ASSISTANT
    )
    theirs = make_template(outsider, theirs_assistant)
    http = client_for(owner)
    for name in ("recurring_edit",):
        assert http.get(url(name, theirs)).status_code == 404
    for name in ("recurring_pause", "recurring_resume", "recurring_delete"):
        assert http.post(url(name, theirs), {"form_key": name}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active


def test_the_created_tasks_state_shows_on_the_list(owner, assistant, client_for):
    make_template(owner, assistant, now=datetime(2026, 3, 6, tzinfo=MANILA))
    services.recurring_run_due(datetime(2026, 3, 9, 1, tzinfo=MANILA))
    task = Task.objects.get()
    assert task.state == State.ASSIGNED
    assert b"state-assigned" in client_for(owner).get(url("recurring_list")).content

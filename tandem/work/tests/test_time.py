"""Time on tasks: parsing "1h 30m", the timer, manual entries, corrections, and the 80/20 figure
per assistant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import add_member, make_user
from tandem.work import selectors
from tandem.work.models import State, TimeEntry
from tandem.work.services import tasks as task_services
from tandem.work.services import time as services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 10, 4, 0, tzinfo=UTC)  # 12:00 in Manila


@pytest.fixture
def task(owner, assistant):
    return make_task(owner, assistant)


def url(name: str, task, **kwargs) -> str:
    return reverse(f"work:{name}", kwargs={"ws": "alice", "code": task.code, **kwargs})


# Parsing


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("1h 30m", 90),
        ("1h30m", 90),
        ("1h30", 90),
        ("1 h 30 min", 90),
        ("1.5h", 90),
        ("1,5 t", 90),
        ("1:30", 90),
        ("2 hours 15 minutes", 135),
        ("45 min", 45),
        ("2h", 120),
        ("3 ore 10 minuti", 190),
        ("1T 5M", 65),
        (" 20 ", 20),
    ],
)
def test_it_parses_durations(text, minutes):
    assert services.parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "0", "0h", "abc", "1h and a bit", "1:75", "-5", "h"])
def test_it_refuses_what_is_no_duration(text):
    with pytest.raises(ValueError):
        services.parse_duration(text)


@pytest.mark.parametrize(("minutes", "text"), [(5, "5m"), (60, "1h"), (95, "1h 35m")])
def test_it_writes_durations_it_can_read_back(minutes, text):
    assert services.duration_text(minutes) == text
    assert services.parse_duration(text) == minutes


# The timer


def test_it_starts_and_stops_a_timer(task, assistant, time_machine):
    time_machine.move_to(NOON)
    started = services.timer_start(actor=assistant, task=task)
    assert started.entry.is_running
    assert started.entry.started_at == NOON
    assert started.stopped is None
    time_machine.move_to(NOON + timedelta(minutes=42, seconds=10))
    entry = services.timer_stop(actor=assistant, task=task)
    assert entry.minutes == 42
    entry.refresh_from_db()
    assert entry.minutes == 42
    assert entry.kind == TimeEntry.Kind.WORK


def test_a_timer_of_a_few_seconds_counts_one_minute(task, assistant, time_machine):
    time_machine.move_to(NOON)
    services.timer_start(actor=assistant, task=task)
    time_machine.move_to(NOON + timedelta(seconds=5))
    assert services.timer_stop(actor=assistant, task=task).minutes == 1


def test_a_forgotten_timer_stops_counting_after_twelve_hours(task, assistant, time_machine):
    time_machine.move_to(NOON)
    services.timer_start(actor=assistant, task=task)
    time_machine.move_to(NOON + timedelta(days=2))
    assert services.timer_stop(actor=assistant, task=task).minutes == 12 * 60


def test_starting_a_timer_stops_the_one_on_another_task(owner, assistant, time_machine):
    first, second = make_task(owner, assistant), make_task(owner, assistant, title="Second")
    time_machine.move_to(NOON)
    services.timer_start(actor=assistant, task=first)
    time_machine.move_to(NOON + timedelta(minutes=25))
    started = services.timer_start(actor=assistant, task=second)
    assert started.stopped is not None
    assert started.stopped.task == first
    assert started.stopped.minutes == 25
    running = TimeEntry.objects.filter(member=assistant, minutes__isnull=True)
    assert list(running.values_list("task", flat=True)) == [second.pk]


def test_it_refuses_to_start_a_running_timer_again(task, assistant):
    services.timer_start(actor=assistant, task=task)
    with pytest.raises(ValidationError):
        services.timer_start(actor=assistant, task=task)
    assert TimeEntry.objects.count() == 1


def test_stopping_without_a_timer_is_refused(task, assistant):
    with pytest.raises(ValidationError):
        services.timer_stop(actor=assistant, task=task)


def test_a_timer_does_not_start_on_a_finished_task(task, owner, assistant):
    task_services.task_cancel(actor=owner, task=task)
    with pytest.raises(ValidationError):
        services.timer_start(actor=assistant, task=task)


def test_only_the_assignee_times_a_task(task, owner, manager, partner, outsider, workspace):
    other = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    for member in (owner, manager, partner, outsider, other):
        with pytest.raises(PermissionDenied):
            services.timer_start(actor=member, task=task)
        with pytest.raises(PermissionDenied):
            services.time_entry_add(actor=member, task=task, minutes=5, day=date(2026, 1, 1))


# Manual entries


def test_it_logs_time_on_a_day_in_the_members_zone(task, assistant, time_machine):
    time_machine.move_to(NOON)
    entry = services.time_entry_add(
        actor=assistant, task=task, minutes=90, day=date(2026, 3, 9), note=" Calls "
    )
    assert entry.minutes == 90
    assert entry.note == "Calls"
    assert entry.started_at is None
    # Noon in Manila on that day.
    assert entry.created_at == datetime(2026, 3, 9, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize("minutes", [0, 24 * 60 + 1])
def test_it_refuses_impossible_minutes(task, assistant, minutes):
    with pytest.raises(ValidationError):
        services.time_entry_add(actor=assistant, task=task, minutes=minutes, day=date(2026, 1, 1))


def test_it_refuses_a_day_in_the_future(task, assistant, time_machine):
    time_machine.move_to(NOON)
    with pytest.raises(ValidationError):
        services.time_entry_add(actor=assistant, task=task, minutes=5, day=date(2026, 3, 11))


# Corrections


def test_members_correct_their_own_entries(task, assistant):
    entry = services.time_entry_add(actor=assistant, task=task, minutes=30, day=date(2026, 1, 5))
    services.time_entry_update(
        actor=assistant, entry=entry, minutes=45, day=date(2026, 1, 6), note="More"
    )
    entry.refresh_from_db()
    assert (entry.minutes, entry.note) == (45, "More")
    assert entry.created_at == datetime(2026, 1, 6, 4, 0, tzinfo=UTC)


def test_owners_correct_anyones_entries_and_managers_only_their_own(
    task, owner, manager, assistant
):
    entry = services.time_entry_add(actor=assistant, task=task, minutes=30, day=date(2026, 1, 5))
    with pytest.raises(PermissionDenied):
        services.time_entry_update(actor=manager, entry=entry, minutes=5, day=date(2026, 1, 5))
    with pytest.raises(PermissionDenied):
        services.time_entry_delete(actor=manager, entry=entry)
    services.time_entry_update(actor=owner, entry=entry, minutes=20, day=date(2026, 1, 5))
    entry.refresh_from_db()
    assert entry.minutes == 20


def test_owner_minutes_on_briefing_are_editable(owner, assistant, manager, time_machine):
    time_machine.move_to(NOON)
    task = task_services.task_create(
        actor=manager,
        brief=task_services.Brief(title="Timed brief"),
        assignee=assistant,
        opened_at=NOON - timedelta(minutes=12),
    )
    entry = TimeEntry.objects.get(task=task, kind=TimeEntry.Kind.BRIEFING)
    assert entry.minutes == 12
    services.time_entry_update(actor=manager, entry=entry, minutes=20, day=date(2026, 3, 10))
    entry.refresh_from_db()
    assert entry.minutes == 20
    assert entry.kind == TimeEntry.Kind.BRIEFING
    with pytest.raises(PermissionDenied):
        services.time_entry_delete(actor=assistant, entry=entry)
    services.time_entry_delete(actor=manager, entry=entry)
    assert not TimeEntry.objects.filter(task=task).exists()


def test_a_running_timer_is_not_corrected(task, assistant):
    entry = services.timer_start(actor=assistant, task=task).entry
    with pytest.raises(ValidationError):
        services.time_entry_update(actor=assistant, entry=entry, minutes=5, day=date(2026, 1, 1))


# The views


def test_the_timer_buttons_work_and_say_what_happened(owner, assistant, client_for):
    first, second = make_task(owner, assistant), make_task(owner, assistant, title="Second")
    http = client_for(assistant)
    response = http.post(url("timer_start", first), {"form_key": "a"}, follow=True)
    assert "The timer is running." in response.content.decode()
    assert "Your timer started at" in response.content.decode()
    response = http.post(url("timer_start", second), {"form_key": "b"}, follow=True)
    assert "Your timer on “Update the client list” stopped at 1m" in response.content.decode()
    response = http.post(url("timer_stop", second), {"form_key": "c"}, follow=True)
    assert "Timer stopped: 1m recorded." in response.content.decode()
    assert not TimeEntry.objects.filter(minutes__isnull=True).exists()


def test_the_task_page_shows_my_timer_on_another_task(owner, assistant, client_for):
    first, second = make_task(owner, assistant), make_task(owner, assistant, title="Second")
    services.timer_start(actor=assistant, task=first)
    page = client_for(assistant).get(url("task", second)).content.decode()
    assert "starting it here stops that one" in page
    assert url("task", first) in page


def test_the_owner_sees_the_assistants_running_timer(task, owner, assistant, client_for):
    services.timer_start(actor=assistant, task=task)
    page = client_for(owner).get(url("task", task)).content.decode()
    assert "Ana Assistant's timer started at" in page
    assert url("timer_start", task) not in page


def test_the_running_timer_shows_its_start_in_the_viewers_zone(
    task, owner, assistant, client_for, time_machine
):
    time_machine.move_to(datetime(2026, 3, 10, 1, 30, tzinfo=UTC))
    services.timer_start(actor=assistant, task=task)
    assert "started at 09:30" in client_for(assistant).get(url("task", task)).content.decode()
    # Alice lives in Oslo (UTC+1 in March).
    assert "started at 02:30" in client_for(owner).get(url("task", task)).content.decode()


def test_it_logs_time_through_the_form(task, assistant, client_for, time_machine):
    time_machine.move_to(NOON)
    response = client_for(assistant).post(
        url("time_add", task),
        {"minutes": "1h 30m", "day": "2026-03-10", "note": "Research", "form_key": "t1"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#time")
    entry = TimeEntry.objects.get()
    assert (entry.minutes, entry.note, entry.kind) == (90, "Research", TimeEntry.Kind.WORK)


def test_a_second_submission_logs_the_time_once(task, assistant, client_for, time_machine):
    time_machine.move_to(NOON)
    http = client_for(assistant)
    data = {"minutes": "25", "day": "2026-03-10", "form_key": "same"}
    assert http.post(url("time_add", task), data).status_code == 302
    assert http.post(url("time_add", task), data).status_code == 302
    assert TimeEntry.objects.count() == 1


def test_a_double_click_on_start_starts_one_timer(task, assistant, client_for):
    http = client_for(assistant)
    http.post(url("timer_start", task), {"form_key": "s"})
    http.post(url("timer_start", task), {"form_key": "s"})
    assert TimeEntry.objects.count() == 1


def test_a_time_that_cannot_be_read_is_explained_and_the_key_kept(
    task, assistant, client_for, time_machine
):
    time_machine.move_to(NOON)
    http = client_for(assistant)
    bad = {"minutes": "a while", "day": "2026-03-10", "form_key": "t2"}
    response = http.post(url("time_add", task), bad)
    assert response.status_code == 303
    assert "Write the time as minutes (90) or hours and minutes (1h 30m)." in (
        http.get(response["Location"]).content.decode()
    )
    good = {"minutes": "20m", "day": "2026-03-10", "form_key": "t2"}
    assert http.post(url("time_add", task), good).status_code == 302
    assert TimeEntry.objects.get().minutes == 20


def test_the_assistant_logs_time_only_on_their_own_task(
    owner, assistant, workspace, partner, client_for
):
    other = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    theirs = make_task(owner, other)
    data = {"minutes": "10", "day": "2026-01-05"}
    assert client_for(assistant).post(url("time_add", theirs), data).status_code == 404
    assert client_for(partner).post(url("time_add", theirs), data).status_code == 404
    assert client_for(owner).post(url("time_add", theirs), data).status_code == 403
    assert not TimeEntry.objects.filter(kind=TimeEntry.Kind.WORK).exists()


def test_the_entries_page_lists_everyone_and_offers_corrections_by_right(
    task, owner, manager, assistant, client_for
):
    mine = services.time_entry_add(actor=assistant, task=task, minutes=30, day=date(2026, 1, 5))
    briefing = TimeEntry.objects.create(
        workspace_id=task.workspace_id,
        task=task,
        member=manager,
        kind=TimeEntry.Kind.BRIEFING,
        minutes=15,
    )
    entries = url("time_entries", task)
    as_assistant = client_for(assistant).get(entries).content.decode()
    assert "Mona Manager" in as_assistant and "Briefing" in as_assistant and "30m" in as_assistant
    assert f'value="{mine.pk}"' in as_assistant
    assert f'value="{briefing.pk}"' not in as_assistant
    as_owner = client_for(owner).get(entries).content.decode()
    assert f'value="{mine.pk}"' in as_owner and f'value="{briefing.pk}"' in as_owner


def test_it_corrects_and_deletes_entries_through_the_page(task, assistant, client_for):
    entry = services.time_entry_add(actor=assistant, task=task, minutes=30, day=date(2026, 1, 5))
    http = client_for(assistant)
    response = http.post(
        url("time_entry_edit", task),
        {"entry": entry.pk, "minutes": "1h", "day": "2026-01-05", "note": "x", "form_key": "e1"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.minutes == 60
    asked = http.post(url("time_entry_delete", task), {"entry": entry.pk, "form_key": "d1"})
    assert asked.status_code == 200  # without the dialog, a page asks first
    assert "Delete this time entry?" in asked.content.decode()
    assert 'name="confirmed" value="1"' in asked.content.decode()
    assert TimeEntry.objects.exists()
    response = http.post(
        url("time_entry_delete", task), {"entry": entry.pk, "form_key": "d1", "confirmed": "1"}
    )
    assert response.status_code == 302
    assert not TimeEntry.objects.exists()


def test_a_correction_that_cannot_be_read_is_explained(task, assistant, client_for):
    entry = services.time_entry_add(actor=assistant, task=task, minutes=30, day=date(2026, 1, 5))
    http = client_for(assistant)
    response = http.post(
        url("time_entry_edit", task),
        {"entry": entry.pk, "minutes": "lots", "day": "2026-01-05", "form_key": "e2"},
    )
    assert response.status_code == 303
    page = http.get(response["Location"]).content.decode()
    assert "Write the time as minutes" in page
    assert 'value="lots"' in page
    entry.refresh_from_db()
    assert entry.minutes == 30


def test_a_manager_may_not_correct_an_assistants_entry(task, manager, assistant, client_for):
    entry = services.time_entry_add(actor=assistant, task=task, minutes=30, day=date(2026, 1, 5))
    data = {"entry": entry.pk, "minutes": "1", "day": "2026-01-05", "confirmed": "1"}
    assert client_for(manager).post(url("time_entry_edit", task), data).status_code == 403
    assert client_for(manager).post(url("time_entry_delete", task), data).status_code == 403
    entry.refresh_from_db()
    assert entry.minutes == 30


@pytest.mark.parametrize("entry", ["", "abc", "999999"])
def test_an_unknown_entry_is_not_found(task, owner, client_for, entry):
    data = {"entry": entry, "minutes": "1", "day": "2026-01-05"}
    assert client_for(owner).post(url("time_entry_edit", task), data).status_code == 404


def test_an_entry_of_another_task_is_not_found(owner, assistant, client_for):
    first, second = make_task(owner, assistant), make_task(owner, assistant, title="Second")
    entry = services.time_entry_add(actor=assistant, task=first, minutes=5, day=date(2026, 1, 5))
    data = {"entry": entry.pk, "confirmed": "1"}
    assert client_for(owner).post(url("time_entry_delete", second), data).status_code == 404
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


def test_it_checks_workspace_isolation(owner, outsider, client_for):
    theirs = make_task(outsider, outsider)
    entry = services.time_entry_add(actor=outsider, task=theirs, minutes=5, day=date(2026, 1, 5))
    http = client_for(owner)
    for ws in ("alice", "olaf"):
        kwargs = {"ws": ws, "code": theirs.code}
        assert http.get(reverse("work:time_entries", kwargs=kwargs)).status_code == 404
        delete = reverse("work:time_entry_delete", kwargs=kwargs)
        assert http.post(delete, {"entry": entry.pk, "confirmed": "1"}).status_code == 404
    assert TimeEntry.objects.filter(pk=entry.pk).exists()


# The 80/20 figure


def test_the_task_page_shows_the_owners_share(task, owner, assistant, client_for):
    for kind, minutes in ((TimeEntry.Kind.BRIEFING, 20), (TimeEntry.Kind.WORK, 80)):
        TimeEntry.objects.create(
            workspace_id=task.workspace_id, task=task, member=owner, kind=kind, minutes=minutes
        )
    page = client_for(owner).get(url("task", task)).content.decode()
    assert "<strong>20%</strong>" in page
    assert "20 min" in page and "80 min" in page
    assert 'class="split-bar"' in page


def test_the_summary_adds_up_each_assistant_in_one_query(
    owner, assistant, workspace, django_assert_num_queries
):
    bo = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    add_member(workspace, make_user("cy@example.com", "Cy Assistant"), Role.ASSISTANT)
    for member, owner_minutes, work_minutes in ((assistant, 30, 90), (bo, 10, 0)):
        for number in range(3):
            task = make_task(owner, member, title=f"Task {number}")
            for kind, minutes in (
                (TimeEntry.Kind.BRIEFING, owner_minutes),
                (TimeEntry.Kind.REVIEWING, owner_minutes),
                (TimeEntry.Kind.WORK, work_minutes),
            ):
                if minutes:
                    TimeEntry.objects.create(
                        workspace_id=workspace.pk,
                        task=task,
                        member=owner,
                        kind=kind,
                        minutes=minutes,
                    )
    # A running timer and another workspace's minutes count for nothing.
    services.timer_start(actor=assistant, task=task.__class__.objects.filter(assignee=assistant)[0])
    with django_assert_num_queries(1):
        rows = selectors.time_by_assistant(workspace.pk)
    summary = {row.member.user.display_name: (row.owner, row.work, row.owner_share) for row in rows}
    assert summary == {
        "Ana Assistant": (180, 270, 40),
        "Bo Assistant": (60, 0, 100),
        "Cy Assistant": (0, 0, 0),
    }


def test_the_summary_counts_only_the_chosen_period(owner, assistant, workspace, time_machine):
    task = make_task(owner, assistant)
    time_machine.move_to(NOON - timedelta(days=100))
    services.time_entry_add(actor=assistant, task=task, minutes=50, day=date(2025, 11, 30))
    time_machine.move_to(NOON)
    services.time_entry_add(actor=assistant, task=task, minutes=10, day=date(2026, 3, 9))
    [recent] = selectors.time_by_assistant(workspace.pk, NOON - timedelta(days=30))
    [ever] = selectors.time_by_assistant(workspace.pk)
    assert (recent.work, ever.work) == (10, 60)


def test_the_summary_page_is_for_owners_and_managers(
    owner, manager, assistant, partner, client_for
):
    task = make_task(owner, assistant)
    TimeEntry.objects.create(
        workspace_id=task.workspace_id,
        task=task,
        member=owner,
        kind=TimeEntry.Kind.REVIEWING,
        minutes=25,
    )
    summary = reverse("work:time_summary", kwargs={"ws": "alice"})
    page = client_for(manager).get(summary, {"period": "all"}).content.decode()
    assert "Ana Assistant" in page and "100%" in page
    assert client_for(assistant).get(summary).status_code == 403
    assert client_for(partner).get(summary).status_code == 403


def test_the_task_pages_time_card_links_to_the_summary_for_delegators(
    task, owner, assistant, client_for
):
    summary = reverse("work:time_summary", kwargs={"ws": "alice"})
    assert summary in client_for(owner).get(url("task", task)).content.decode()
    assert summary not in client_for(assistant).get(url("task", task)).content.decode()


def test_done_tasks_keep_their_time_card(task, owner, assistant, client_for):
    task_services.task_acknowledge(actor=assistant, task=task)
    task_services.task_submit(actor=assistant, task=task)
    task_services.task_review(actor=owner, task=task, accept=True)
    assert task.state == State.DONE
    page = client_for(assistant).get(url("task", task)).content.decode()
    assert 'id="time"' in page
    assert url("timer_start", task) not in page
    assert url("time_add", task) in page


def test_the_owners_share_is_one_figure_for_a_task_an_assistant_and_a_total():
    assert selectors.MinutesSplit(owner=20, work=80).owner_share == 20
    assert selectors.MinutesSplit(owner=0, work=0).owner_share == 0
    assert selectors.AssistantTime(owner=1, work=2, member=None).owner_share == 33  # type: ignore[arg-type]

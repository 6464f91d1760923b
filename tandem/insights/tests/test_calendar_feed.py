"""The personal calendar feed: parsed back as iCalendar, checked against the stored instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from conftest import add_member
from tandem.lib.timezones import local_instant
from tandem.rhythm.models import CalendarFeed, CheckInSchedule, Meeting, MeetingSeries
from tandem.work.models import Priority, State, Task
from tandem.work.services import tasks as task_services
from tandem.work.tests.factories import make_task
from tandem.workspaces import services as workspace_services
from tandem.workspaces.models import Membership, Role

NOW = datetime(2026, 10, 20, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def feed_url(member: Membership) -> str:
    feed, _ = CalendarFeed.objects.get_or_create(user=member.user)
    return reverse("insights:calendar_feed", kwargs={"token": feed.token})


def fetch(client, url: str) -> dict[str, object]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def make_series(owner: Membership, *attendees: Membership, title: str = "Weekly planning"):
    series = MeetingSeries.objects.create(
        workspace=owner.workspace,
        title=title,
        purpose="Agree on the week's priorities.",
        agenda="1. Last week\n2. This week",
        weekdays=[1],
        starts_on=date(2026, 9, 1),
        at=time(9),
        zone="Europe/Oslo",
        created_by=owner,
    )
    series.attendees.set(attendees)
    return series


def make_meeting(series: MeetingSeries, starts_at: datetime, **fields) -> Meeting:
    return Meeting.objects.create(
        workspace=series.workspace,
        series=series,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        summary_due_at=starts_at + timedelta(hours=24),
        **fields,
    )


def test_it_lists_task_deadlines_at_their_stored_instants(client, owner, assistant):
    timed = make_task(owner, assistant, title="Send the invoices")  # 4 Dec 17:00 in Manila
    all_day = make_task(owner, assistant, title="Book the venue", due_time=None)
    make_task(owner, assistant, title="No deadline", due_date=None, due_time=None)
    cancelled = make_task(owner, assistant, title="Old idea")
    task_services.task_cancel(actor=owner, task=cancelled)
    make_task(owner, owner, title="Alice's own task")  # not Ana's

    events = fetch(client, feed_url(assistant))

    assert set(events) == {f"task-{timed.code}@tandem", f"task-{all_day.code}@tandem"}
    event = events[f"task-{timed.code}@tandem"]
    assert event.decoded("DTSTART") == timed.due_at == datetime(2026, 12, 4, 9, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Deadline: Send the invoices"
    assert str(event["URL"]) == "http://testserver" + reverse(
        "work:task", kwargs={"ws": "alice", "code": timed.code}
    )
    assert "DTSTAMP" in event
    # A deadline without a time is an all-day event on its date.
    day = events[f"task-{all_day.code}@tandem"]
    assert day.decoded("DTSTART") == date(2026, 12, 4)
    assert day.decoded("DTEND") == date(2026, 12, 5)


def test_times_go_out_in_utc(client, owner, assistant):
    make_task(owner, assistant)
    response = client.get(feed_url(assistant))
    assert b"DTSTART:20261204T090000Z" in response.content
    assert b"DTSTART;VALUE=DATE" not in response.content
    assert b"VERSION:2.0" in response.content and b"PRODID:" in response.content


def test_it_lists_the_meetings_one_attends_in_a_window(client, owner, manager, assistant):
    series = make_series(owner, owner, assistant)
    this_week = make_meeting(series, datetime(2026, 10, 20, 7, tzinfo=UTC))
    last_month = make_meeting(series, NOW - timedelta(days=29))
    make_meeting(series, NOW - timedelta(days=31))  # too long ago
    make_meeting(series, NOW + timedelta(days=91))  # too far ahead
    make_meeting(series, datetime(2026, 10, 27, 7, tzinfo=UTC), cancelled_at=NOW)
    other = make_series(owner, owner, manager, title="Managers only")
    make_meeting(other, datetime(2026, 10, 21, 7, tzinfo=UTC))

    events = fetch(client, feed_url(assistant))

    assert set(events) == {f"meeting-{this_week.code}@tandem", f"meeting-{last_month.code}@tandem"}
    event = events[f"meeting-{this_week.code}@tandem"]
    assert event.decoded("DTSTART") == this_week.starts_at
    assert event.decoded("DTEND") == this_week.ends_at
    assert str(event["SUMMARY"]) == "Weekly planning"
    assert "Agree on the week's priorities." in str(event["DESCRIPTION"])
    assert str(event["URL"]).startswith("http://testserver/w/alice/")
    # Alice attends both series.
    assert len(fetch(client, feed_url(owner))) == 3


def test_it_lists_check_in_times_for_the_next_14_days(client, assistant):
    CheckInSchedule.objects.create(
        workspace=assistant.workspace, member=assistant, weekdays=[0, 1, 2, 3, 4], at=time(9)
    )

    events = fetch(client, feed_url(assistant))

    # Tuesday 20 October (Ana's day in Manila) to Monday 2 November: ten weekdays.
    days = [date(2026, 10, 20) + timedelta(days=n) for n in range(14)]
    weekdays = [day for day in days if day.weekday() < 5]
    assert set(events) == {f"checkin-{assistant.code}-{day:%Y%m%d}@tandem" for day in weekdays}
    for day in weekdays:
        event = events[f"checkin-{assistant.code}-{day:%Y%m%d}@tandem"]
        assert event.decoded("DTSTART") == local_instant(day, time(9), "Asia/Manila")
        assert event.decoded("DTSTART") == datetime.combine(day, time(1), tzinfo=UTC)


def test_check_in_times_follow_daylight_saving(client, owner):
    # Alice checks in at 09:00 Oslo time; Oslo leaves summer time on Sunday 25 October.
    CheckInSchedule.objects.create(
        workspace=owner.workspace, member=owner, weekdays=[0, 1, 2, 3, 4], at=time(9)
    )

    events = fetch(client, feed_url(owner))

    friday = events[f"checkin-{owner.code}-20261023@tandem"]
    monday = events[f"checkin-{owner.code}-20261026@tandem"]
    assert friday.decoded("DTSTART") == datetime(2026, 10, 23, 7, tzinfo=UTC)
    assert monday.decoded("DTSTART") == datetime(2026, 10, 26, 8, tzinfo=UTC)


def test_an_inactive_schedule_is_not_in_the_feed(client, assistant):
    CheckInSchedule.objects.create(
        workspace=assistant.workspace, member=assistant, at=time(9), active=False
    )
    assert fetch(client, feed_url(assistant)) == {}


def test_a_token_shows_only_its_owners_items(client, owner, assistant):
    mine = make_task(owner, owner, title="Alice's own task")
    anas = make_task(owner, assistant, title="Ana's task")
    CheckInSchedule.objects.create(workspace=owner.workspace, member=assistant, at=time(9))

    alice = fetch(client, feed_url(owner))
    ana = fetch(client, feed_url(assistant))

    assert set(alice) == {f"task-{mine.code}@tandem"}
    assert f"task-{anas.code}@tandem" in ana and f"task-{mine.code}@tandem" not in ana


def test_a_removed_membership_leaves_the_feed(client, owner, assistant, outsider):
    # Ana also works for Olaf: only Alice's items leave when Alice removes her.
    olafs = add_member(outsider.workspace, assistant.user, Role.ASSISTANT)
    at_alice = make_task(owner, assistant, title="For Alice")
    at_olaf = make_task(outsider, olafs, title="For Olaf")
    series = make_series(owner, owner, assistant)
    meeting = make_meeting(series, datetime(2026, 10, 22, 7, tzinfo=UTC))
    CheckInSchedule.objects.create(
        workspace=owner.workspace, member=assistant, weekdays=[2], at=time(9)
    )
    before = fetch(client, feed_url(assistant))
    assert {f"task-{at_alice.code}@tandem", f"meeting-{meeting.code}@tandem"} <= set(before)
    assert any(uid.startswith(f"checkin-{assistant.code}-") for uid in before)

    workspace_services.member_remove(actor=owner, member=assistant)

    after = fetch(client, feed_url(assistant))
    assert set(after) == {f"task-{at_olaf.code}@tandem"}
    assert str(after[f"task-{at_olaf.code}@tandem"]["URL"]).startswith("http://testserver/w/olaf/")


def test_an_unknown_token_is_404(client, assistant):
    assert (
        client.get(reverse("insights:calendar_feed", kwargs={"token": "guess"})).status_code == 404
    )


def test_a_deactivated_person_has_no_feed(client, assistant):
    url = feed_url(assistant)
    assistant.user.is_active = False
    assistant.user.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_its_queries_do_not_grow_with_hundreds_of_tasks(
    client, owner, assistant, django_assert_num_queries
):
    make_task(owner, assistant)
    series = make_series(owner, owner, assistant)
    make_meeting(series, datetime(2026, 10, 22, 7, tzinfo=UTC))
    CheckInSchedule.objects.create(workspace=owner.workspace, member=assistant, at=time(9))
    url = feed_url(assistant)
    # Feed and person; tasks; meetings; check-in schedules; outages.
    with django_assert_num_queries(5):
        client.get(url)
    Task.objects.bulk_create(
        Task(
            workspace=owner.workspace,
            title=f"Task {number}",
            assignee=assistant,
            created_by=owner,
            state=State.ASSIGNED,
            priority=Priority.NORMAL,
            due_date=date(2026, 11, 1) + timedelta(days=number % 30),
            due_time=time(17) if number % 2 else None,
            due_zone="Asia/Manila",
            due_at=NOW + timedelta(days=1 + number % 30),
        )
        for number in range(300)
    )
    for number in range(20):
        make_meeting(series, NOW + timedelta(days=1 + number, hours=1))
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) > 300

"""What the daily digest says: the member's own waiting items with links, grouped and capped,
nobody else's, in the member's language and zone, in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.acks.models import AckKind
from tandem.acks.services import ack_record, ack_request
from tandem.insights.selectors.digest import PER_GROUP, waiting_for
from tandem.lib.timezones import local_instant
from tandem.notify import services
from tandem.notify.tests.conftest import record_digest, send_digest
from tandem.outbox.runner import delivery_run
from tandem.rhythm.models import (
    Announcement,
    Cadence,
    CheckIn,
    CheckInState,
    Meeting,
    MeetingSeries,
    MeetingSummary,
)
from tandem.work.models import Task
from tandem.work.services import tasks as task_services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")
# 09:00 on Tuesday 10 March 2026 in Manila (01:00 UTC; 02:00 in Oslo).
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=MANILA)
TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def link(task: Task) -> str:
    return f"{settings.SITE_URL}/w/{task.workspace.slug}/tasks/{task.code}/"


def started(owner: Membership, assistant: Membership, **brief) -> Task:
    task = make_task(owner, assistant, **brief)
    task_services.task_acknowledge(actor=assistant, task=task)
    task_services.task_start(actor=assistant, task=task)
    return task


def in_review(owner: Membership, assistant: Membership, **brief) -> Task:
    task = started(owner, assistant, **brief)
    task_services.task_submit(actor=assistant, task=task)
    return task


def meeting(
    owner: Membership,
    *,
    title: str,
    starts_at: datetime,
    attendees: list[Membership],
    summary_by: Membership | None = None,
) -> Meeting:
    series = MeetingSeries.objects.create(
        workspace=owner.workspace,
        title=title,
        purpose="Plan the week",
        cadence=Cadence.ONCE,
        starts_on=starts_at.date(),
        at=starts_at.time(),
        zone="UTC",
        summary_by=summary_by,
        created_by=owner,
    )
    series.attendees.set(attendees)
    return Meeting.objects.create(
        workspace=owner.workspace,
        series=series,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        summary_due_at=starts_at + timedelta(hours=24),
    )


def check_in(member: Membership, day: date = TODAY, **fields) -> CheckIn:
    zone = member.user.time_zone
    return CheckIn.objects.create(
        workspace=member.workspace,
        member=member,
        local_date=day,
        due_at=local_instant(day, None, zone),
        **fields,
    )


def groups_of(member: Membership) -> dict[str, list[str]]:
    member = Membership.objects.select_related("user", "workspace").get(pk=member.pk)
    waiting = waiting_for(member, now=NOW)
    return {group.key: [str(item.title) for item in group.items] for group in waiting.groups}


@pytest.fixture
def second_assistant(workspace) -> Membership:
    return add_member(
        workspace, make_user("bo@example.com", "Bo Assistant", "Asia/Manila"), "assistant"
    )


def test_it_lists_what_waits_on_an_assistant(owner, assistant, second_assistant):
    to_ack = make_task(owner, assistant, title="Book the venue")
    changes = in_review(owner, assistant, title="Draft the newsletter")
    review = task_services.task_review(
        actor=owner, task=changes, accept=False, feedback="Shorter, please."
    )
    overdue = started(owner, assistant, title="Send the invoices", due_date=date(2026, 3, 9))
    today = started(owner, assistant, title="Call the printer", due_date=TODAY, due_time=time(17))
    started(owner, assistant, title="Next week's report", due_date=date(2026, 3, 17))
    in_review(owner, assistant, title="Handed in already", due_date=date(2026, 3, 1))
    make_task(owner, second_assistant, title="Bo's own task")
    news = Announcement.objects.create(
        workspace=owner.workspace, author=owner, title="New prices from April", body="See below."
    )
    ack_request(
        workspace=owner.workspace, subject=news, kind=AckKind.ANNOUNCEMENT, members=[assistant]
    )
    ack_request(
        workspace=owner.workspace, subject=review, kind=AckKind.FEEDBACK, members=[assistant]
    )
    seen = Announcement.objects.create(
        workspace=owner.workspace, author=owner, title="Office closed Friday", body="."
    )
    ack_request(
        workspace=owner.workspace, subject=seen, kind=AckKind.ANNOUNCEMENT, members=[assistant]
    )
    ack_record(member=assistant, subject=seen)
    owed = meeting(
        owner,
        title="Monday sync",
        starts_at=datetime(2026, 3, 9, 2, 0, tzinfo=UTC),
        attendees=[owner, assistant],
        summary_by=assistant,
    )
    kickoff = meeting(
        owner,
        title="Kickoff with Bo",
        starts_at=datetime(2026, 3, 10, 3, 0, tzinfo=UTC),
        attendees=[owner, assistant],
    )
    meeting(
        owner,
        title="Not Ana's meeting",
        starts_at=datetime(2026, 3, 10, 4, 0, tzinfo=UTC),
        attendees=[owner, second_assistant],
    )
    todays = check_in(assistant)
    check_in(assistant, day=date(2026, 3, 9), state=CheckInState.MISSED)
    check_in(second_assistant)

    assert groups_of(assistant) == {
        "acknowledge": ["Book the venue"],
        "changes": ["Draft the newsletter"],
        "overdue": ["Send the invoices"],
        "due_today": ["Call the printer"],
        "checkin": ["Your check-in for today"],
        "summaries": ["Monday sync"],
        "acks": ["Draft the newsletter", "New prices from April"],  # oldest first
        "meetings": ["Kickoff with Bo"],
    }
    member = Membership.objects.select_related("user", "workspace").get(pk=assistant.pk)
    waiting = waiting_for(member, now=NOW)
    urls = {str(item.title): item.url for group in waiting.groups for item in group.items}
    assert urls["Book the venue"] == link(to_ack)
    assert urls["Send the invoices"] == link(overdue)
    assert urls["Call the printer"] == link(today)
    assert urls["Draft the newsletter"] == link(changes)
    for url in urls.values():
        assert url.startswith(f"{settings.SITE_URL}/w/alice/")
    site = f"{settings.SITE_URL}/w/alice"
    assert urls["Monday sync"] == f"{site}/meetings/{owed.code}/"
    assert urls["Kickoff with Bo"] == f"{site}/meetings/{kickoff.code}/"
    assert urls["New prices from April"] == f"{site}/announcements/{news.code}/"
    assert urls["Your check-in for today"] == f"{site}/checkins/{todays.code}/"


def test_it_lists_what_waits_on_an_owner_and_not_on_another_manager(
    owner, manager, assistant, second_assistant
):
    in_review(owner, assistant, title="Owner's review")
    in_review(manager, assistant, title="Mona's review")
    stuck = started(owner, second_assistant, title="Fix the booking form")
    task_services.task_ask_for_help(
        actor=second_assistant, task=stuck, note="I have no password for the site."
    )
    mona_stuck = started(manager, second_assistant, title="Mona's stuck task")
    task_services.task_ask_for_help(actor=second_assistant, task=mona_stuck, note="Help")
    summary_meeting = meeting(
        owner,
        title="Weekly planning",
        starts_at=datetime(2026, 3, 9, 1, 0, tzinfo=UTC),
        attendees=[owner, assistant],
        summary_by=assistant,
    )
    summary = MeetingSummary.objects.create(
        workspace=owner.workspace, meeting=summary_meeting, author=assistant, decisions="Go."
    )
    ack_request(workspace=owner.workspace, subject=summary, kind=AckKind.SUMMARY, members=[owner])

    assert groups_of(owner) == {
        "acks": ["Weekly planning"],
        "stuck": ["Fix the booking form"],
        "reviews": ["Owner's review"],
    }
    assert groups_of(manager) == {"stuck": ["Mona's stuck task"], "reviews": ["Mona's review"]}
    member = Membership.objects.select_related("user", "workspace").get(pk=owner.pk)
    (stuck_group,) = [
        group for group in waiting_for(member, now=NOW).groups if group.key == "stuck"
    ]
    (item,) = stuck_group.items
    assert item.who == "Bo Assistant"
    assert item.note == "I have no password for the site."
    assert item.url == link(stuck)
    (acks,) = [group for group in waiting_for(member, now=NOW).groups if group.key == "acks"]
    assert acks.items[0].url == f"{settings.SITE_URL}/w/alice/meetings/{summary_meeting.code}/"
    assert str(acks.items[0].label) == "Meeting summary"


def test_it_tells_every_owner_and_manager_when_the_author_is_gone(owner, manager, assistant):
    task = in_review(manager, assistant, title="Left by Mona")
    manager.removed_at = NOW
    manager.save(update_fields=["removed_at"])
    assert groups_of(owner) == {"reviews": ["Left by Mona"]}
    assert task.pk


def test_it_shows_nothing_of_another_workspace(owner, assistant, outsider):
    # Ana also works for Olaf, who gave her work there.
    there = add_member(outsider.workspace, assistant.user, Role.ASSISTANT)
    make_task(outsider, there, title="Olaf's task")
    in_review(outsider, there, title="Olaf's review")
    check_in(there)
    news = Announcement.objects.create(
        workspace=outsider.workspace, author=outsider, title="Olaf's news", body="."
    )
    ack_request(
        workspace=outsider.workspace, subject=news, kind=AckKind.ANNOUNCEMENT, members=[there]
    )
    meeting(
        outsider,
        title="Olaf's meeting",
        starts_at=datetime(2026, 3, 10, 3, 0, tzinfo=UTC),
        attendees=[there],
        summary_by=there,
    )
    assert groups_of(assistant) == {}
    assert groups_of(owner) == {}
    assert groups_of(there) == {
        "acknowledge": ["Olaf's task"],
        "checkin": ["Your check-in for today"],
        "acks": ["Olaf's news"],
        "meetings": ["Olaf's meeting"],
    }


def test_it_caps_each_group_and_says_how_many_more(owner, assistant):
    for number in range(PER_GROUP + 3):
        started(owner, assistant, title=f"Late task {number:02}", due_date=date(2026, 3, 1))
    member = Membership.objects.select_related("user", "workspace").get(pk=assistant.pk)
    (group,) = waiting_for(member, now=NOW).groups
    assert group.key == "overdue"
    assert len(group.items) == PER_GROUP
    assert (group.total, group.more) == (PER_GROUP + 3, 3)

    digest = services.digest_set(member=assistant, enabled=True, at=time(8))
    send_digest(digest.pk, NOW.isoformat())
    (email,) = mail.outbox
    assert "… and 3 more" in email.body
    assert email.body.count("Late task") == PER_GROUP


def test_it_emails_the_items_with_links_and_local_times(owner, assistant):
    today = started(owner, assistant, title="Call the printer", due_date=TODAY, due_time=time(17))
    digest = services.digest_set(member=assistant, enabled=True, at=time(8))
    send_digest(digest.pk, NOW.isoformat())
    (email,) = mail.outbox
    assert email.to == ["ana@example.com"]
    assert email.subject == "[Alice Consulting] Your daily digest: 1 thing waiting for you"
    assert "Hello Ana Assistant, this is what is waiting for you in Alice Consulting" in email.body
    assert "today, Tue 10 Mar." in email.body  # her local day, in English
    assert "Your tasks due today (1)" in email.body
    assert "- Call the printer — due at 17:00" in email.body  # 17:00 in Manila, in English
    assert link(today) in email.body
    assert f"{settings.SITE_URL}/w/alice/" in email.body  # the overview
    assert f"{settings.SITE_URL}/w/alice/notifications/settings/" in email.body
    assert "Times are in your time zone, Asia/Manila." in email.body
    html, kind = email.alternatives[0]
    assert kind == "text/html"
    assert f'href="{link(today)}"' in html
    assert '<html lang="en">' in html


@pytest.mark.parametrize(("language", "day"), [("nb", "tir. 10. mar"), ("it", "mar 10 mar")])
def test_it_writes_in_the_recipients_language(owner, assistant, language, day):
    account_services.user_set_language(user=assistant.user, language=language)
    make_task(owner, assistant, title="Book the venue")
    digest = services.digest_set(member=assistant, enabled=True, at=time(8))
    with translation.override("en"):
        send_digest(digest.pk, NOW.isoformat())
    (email,) = mail.outbox
    # The date is formatted by Django's own locale data, so it proves the language was active
    # whether or not our strings are translated yet.
    assert day in email.body
    assert "March" not in email.body
    assert email.subject.startswith("[Alice Consulting] ")
    assert "Book the venue" in email.body
    assert f'<html lang="{language}">' in email.alternatives[0][0]
    assert translation.get_language() == "en"


def test_it_reads_a_digest_in_a_fixed_number_of_queries(
    owner, manager, assistant, second_assistant, django_assert_num_queries
):
    def add_one_of_each(number: int) -> None:
        make_task(owner, assistant, title=f"To acknowledge {number}")
        started(owner, assistant, title=f"Overdue {number}", due_date=date(2026, 3, 1))
        started(owner, assistant, title=f"Today {number}", due_date=TODAY, due_time=time(18))
        task = in_review(owner, assistant, title=f"Changes {number}")
        review = task_services.task_review(actor=owner, task=task, accept=False, feedback="No")
        ack_request(
            workspace=owner.workspace, subject=review, kind=AckKind.FEEDBACK, members=[assistant]
        )
        news = Announcement.objects.create(
            workspace=owner.workspace, author=owner, title=f"News {number}", body="."
        )
        ack_request(
            workspace=owner.workspace, subject=news, kind=AckKind.ANNOUNCEMENT, members=[assistant]
        )
        meeting(
            owner,
            title=f"Past {number}",
            starts_at=datetime(2026, 3, 9, 1, number, tzinfo=UTC),
            attendees=[assistant],
            summary_by=assistant,
        )
        meeting(
            owner,
            title=f"Later today {number}",
            starts_at=datetime(2026, 3, 10, 5, number, tzinfo=UTC),
            attendees=[assistant],
        )

    digest = services.digest_set(member=assistant, enabled=True, at=time(8))
    add_one_of_each(0)
    check_in(assistant)
    due = NOW.isoformat()
    delivery = record_digest(digest.pk, due)
    # The outbox's claim (read and update, in a savepoint of the test's transaction) and mark;
    # the digest, the working hours (whose day "today" is), four queries for what is waiting,
    # and the digest's mark.
    with django_assert_num_queries(12):
        delivery_run(delivery)
    for number in range(1, 15):
        add_one_of_each(number)
    mail.outbox.clear()
    digest.refresh_from_db()
    delivery = record_digest(digest.pk, (NOW + timedelta(days=1)).isoformat())
    with CaptureQueriesContext(connection) as many:
        delivery_run(delivery)
    assert len(many) == 12
    (email,) = mail.outbox
    assert email.body.count("… and 5 more") >= 5


def test_a_night_shifts_day_ends_when_the_shift_does(owner, assistant):
    account_services.working_hours_set(
        user=assistant.user, hours={day: [(time(21), time(5))] for day in range(5)}
    )
    started(
        owner, assistant, title="In tonight's shift", due_date=date(2026, 3, 11), due_time=time(2)
    )
    started(owner, assistant, title="Tomorrow night", due_date=date(2026, 3, 11), due_time=time(23))
    member = Membership.objects.select_related("user", "workspace").get(pk=assistant.pk)
    # 20:00 on Tuesday, before the shift: its 02:00 on Wednesday is still "today".
    evening = waiting_for(member, now=datetime(2026, 3, 10, 20, tzinfo=MANILA))
    assert evening.today == TODAY
    (due_today,) = [group for group in evening.groups if group.key == "due_today"]
    assert [str(item.title) for item in due_today.items] == ["In tonight's shift"]
    # 01:00 on Wednesday, inside Tuesday's shift: still Tuesday.
    assert waiting_for(member, now=datetime(2026, 3, 11, 1, tzinfo=MANILA)).today == TODAY


def test_it_says_when_today_is_a_public_holiday(assistant):
    user = assistant.user
    user.country = "PH"
    user.save(update_fields=["country"])
    member = Membership.objects.select_related("user", "workspace").get(pk=assistant.pk)
    assert waiting_for(member, now=datetime(2026, 3, 20, 7, tzinfo=MANILA)).holiday == (
        "Eid al-Fitr"
    )
    assert waiting_for(member, now=NOW).holiday is None

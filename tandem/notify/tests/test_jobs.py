"""The email job and the sweep: once per notification, after quiet hours, threaded per topic."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from conftest import make_user, plan_of
from tandem.notify import deliveries, jobs
from tandem.notify.models import EmailState, Notification
from tandem.notify.selectors import emails_due
from tandem.notify.tests.conftest import set_quiet_hours
from tandem.workspaces import services as workspace_services
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")
OSLO = ZoneInfo("Europe/Oslo")


def state(notification: Notification) -> Notification:
    notification.refresh_from_db()
    return notification


def test_it_sends_one_email_when_the_job_runs_twice(
    assistant, tell, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = tell(assistant)
    jobs.send_notification_emails([notification.pk])
    jobs.send_notification_emails.call_local([notification.pk])
    assert len(mail.outbox) == 1
    assert state(notification).email_state == EmailState.SENT
    assert notification.email_sent_at is not None


def test_it_leaves_a_failed_email_to_the_sweep_after_a_back_off(assistant, tell):
    start = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        (notification,) = tell(assistant)
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError):
            assert jobs.send_notification_emails.call_local([notification.pk]) == 0
    assert state(notification).email_state == EmailState.PENDING
    assert notification.email_due_at == start + timedelta(minutes=1)
    # The job after commit never takes an email that was tried: that is the sweep's.
    jobs.send_notification_emails.call_local([notification.pk])
    assert mail.outbox == []
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        jobs.send_due_emails.call_local()
        jobs.send_due_emails.call_local()
    assert len(mail.outbox) == 1
    assert state(notification).email_state == EmailState.SENT


def test_it_sends_an_email_whose_job_was_lost_once_its_lease_passed(assistant, tell):
    start = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        (notification,) = tell(assistant)  # its job never ran
    assert notification.email_due_at == start + timedelta(seconds=120)
    with time_machine.travel(start + timedelta(seconds=119), tick=False):
        jobs.send_due_emails.call_local()
    assert mail.outbox == []
    with time_machine.travel(start + timedelta(seconds=120), tick=False):
        jobs.send_due_emails.call_local()
    assert len(mail.outbox) == 1
    assert (
        mail.outbox[0].extra_headers["Message-ID"] == f"<notification-{notification.code}@tandem>"
    )
    # The job, arriving late, finds it sent.
    jobs.send_notification_emails.call_local([notification.pk])
    assert len(mail.outbox) == 1


def test_it_holds_email_through_quiet_hours_until_the_sweep_releases_it(
    assistant, tell, django_capture_on_commit_callbacks
):
    set_quiet_hours(assistant.user, time(22), time(7))
    # 23:30 in Manila; quiet until 07:00 there, which is 23:00 UTC.
    with (
        time_machine.travel(datetime(2026, 3, 10, 23, 30, tzinfo=MANILA), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        (notification,) = tell(assistant)
    assert mail.outbox == []
    assert state(notification).email_state == EmailState.HELD
    assert notification.email_due_at == datetime(2026, 3, 10, 23, 0, tzinfo=UTC)
    jobs.send_notification_emails.call_local([notification.pk])  # held is not pending
    assert mail.outbox == []

    with time_machine.travel(datetime(2026, 3, 11, 6, 59, tzinfo=MANILA), tick=False):
        jobs.send_due_emails.call_local()
    assert mail.outbox == []

    with time_machine.travel(datetime(2026, 3, 11, 7, 0, tzinfo=MANILA), tick=False):
        jobs.send_due_emails.call_local()
        jobs.send_due_emails.call_local()
    assert len(mail.outbox) == 1
    assert state(notification).email_state == EmailState.SENT
    assert notification.email_due_at is None


def test_it_sends_at_once_outside_quiet_hours(assistant, tell, django_capture_on_commit_callbacks):
    set_quiet_hours(assistant.user, time(22), time(7))
    with (
        time_machine.travel(datetime(2026, 3, 10, 21, 59, tzinfo=MANILA), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tell(assistant)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("night", "due"),
    [
        # Clocks go forward at 02:00 on 29 March: 07:00 is then UTC+2.
        (datetime(2026, 3, 28, 23, 0, tzinfo=OSLO), datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
        # Clocks go back at 03:00 on 25 October: 07:00 is then UTC+1.
        (datetime(2026, 10, 24, 23, 0, tzinfo=OSLO), datetime(2026, 10, 25, 6, 0, tzinfo=UTC)),
        # Already past midnight, in the hour that happens twice.
        (
            datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=OSLO),
            datetime(2026, 10, 25, 6, 0, tzinfo=UTC),
        ),
    ],
)
def test_it_ends_quiet_hours_on_the_local_clock_across_a_dst_change(
    owner, assistant, night, due, django_capture_on_commit_callbacks
):
    set_quiet_hours(owner.user, time(22), time(7))
    with time_machine.travel(night, tick=False):
        from tandem.notify import services

        with django_capture_on_commit_callbacks(execute=True):
            (notification,) = services.notify(
                workspace=owner.workspace,
                recipients=[owner],
                kind="review_requested",
                event_key="task:t1:review:1",
                actor=assistant,
                url="/w/alice/tasks/t1/",
                thread_key="task:t1",
                params={"task": "Write the newsletter"},
            )
    assert state(notification).email_state == EmailState.HELD
    assert notification.email_due_at == due
    with time_machine.travel(due, tick=False):
        jobs.send_due_emails.call_local()
    assert len(mail.outbox) == 1
    # The held email goes out at 07:00 on the recipient's own clock.
    assert due.astimezone(OSLO).time() == time(7)


def test_it_computes_a_quiet_night_that_does_not_wrap_midnight(db):
    user = make_user("nap@example.com", "Nap", zone="Europe/Oslo")
    set_quiet_hours(user, time(12), time(13, 30))
    moment = datetime(2026, 6, 1, 12, 15, tzinfo=OSLO)
    assert deliveries.quiet_hours_end(user, moment) == datetime(2026, 6, 1, 11, 30, tzinfo=UTC)


def test_it_sends_urgent_email_during_quiet_hours(
    owner, assistant, django_capture_on_commit_callbacks
):
    set_quiet_hours(owner.user, time(22), time(7))
    from tandem.notify import services

    with (
        time_machine.travel(datetime(2026, 3, 10, 2, 0, tzinfo=OSLO), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        (notification,) = services.notify(
            workspace=owner.workspace,
            recipients=[owner],
            kind="help_requested",
            event_key="task:t1:stuck:1",
            actor=assistant,
            url="/w/alice/tasks/t1/",
            thread_key="task:t1",
            params={"task": "Write the newsletter"},
        )
    assert state(notification).email_state == EmailState.SENT
    assert len(mail.outbox) == 1
    assert "is stuck on “Write the newsletter”" in mail.outbox[0].body


def test_it_leaves_the_sweep_to_rows_that_are_held_and_due(
    assistant, manager, tell, django_capture_on_commit_callbacks
):
    set_quiet_hours(assistant.user, time(22), time(7))
    with (
        time_machine.travel(datetime(2026, 3, 10, 23, 30, tzinfo=MANILA), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tell(assistant)
        (sent,) = tell(manager)
    assert len(mail.outbox) == 1
    with time_machine.travel(datetime(2026, 3, 11, 12, 0, tzinfo=MANILA), tick=False):
        jobs.send_due_emails.call_local()
    assert len(mail.outbox) == 2
    assert state(sent).email_state == EmailState.SENT


@override_settings(SITE_URL="https://tandem.example.com")
def test_it_writes_the_email_with_the_full_link(
    assistant, tell, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell(assistant, url="/w/alice/tasks/t1/")
    message = mail.outbox[0]
    assert "Alice Owner assigned you “Write the newsletter”." in message.body
    assert "https://tandem.example.com/w/alice/tasks/t1/" in message.body
    html = message.alternatives[0].content
    assert 'href="https://tandem.example.com/w/alice/tasks/t1/"' in html
    assert "https://tandem.example.com/w/alice/notifications/settings/" in message.body


def test_it_writes_the_email_in_the_recipients_language_and_zone(
    owner, tell, django_capture_on_commit_callbacks
):
    nora = Membership.objects.create(
        workspace=owner.workspace,
        user=make_user("nora@example.com", "Nora", zone="Asia/Manila", language="nb"),
        role=Role.ASSISTANT,
    )
    # 20:00 UTC on 31 March is already 04:00 on 1 April in Manila.
    with (
        time_machine.travel(datetime(2026, 3, 31, 20, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tell(nora)
    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "nb"
    # The Norwegian day, lower case, in her zone: rendered under the override.
    assert "ons. 1. apr" in message.body
    assert "04:00" in message.body
    assert 'lang="nb"' in message.alternatives[0].content


def test_it_threads_emails_per_topic(owner, assistant, tell, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(assistant, thread_key="task:t1", task="Write the newsletter")
        tell(assistant, thread_key="task:t1", task="Write the newsletter", kind="task_accepted")
        tell(assistant, thread_key="task:t2", task="Book the venue")
    first, second, other = (m.message() for m in mail.outbox)
    assert first["Subject"] == second["Subject"] == "[Alice Consulting] Write the newsletter"
    assert other["Subject"] == "[Alice Consulting] Book the venue"
    assert first["In-Reply-To"] == second["In-Reply-To"] == first["References"]
    assert first["In-Reply-To"] == second["References"]
    assert first["In-Reply-To"].startswith("<thread-")
    assert other["In-Reply-To"] != first["In-Reply-To"]
    ids = {first["Message-ID"], second["Message-ID"], other["Message-ID"]}
    assert len(ids) == 3


def test_it_threads_the_same_topic_apart_in_two_workspaces(
    owner, outsider, tell, django_capture_on_commit_callbacks
):
    other_assistant = Membership.objects.create(
        workspace=outsider.workspace,
        user=make_user("oda@example.com", "Oda"),
        role=Role.ASSISTANT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        tell(owner, actor=None, thread_key="task:t1")
        tell(other_assistant, actor=outsider, thread_key="task:t1")
    ours, theirs = (m.message() for m in mail.outbox)
    assert ours["References"] != theirs["References"]


def test_it_takes_the_subject_from_the_params(assistant, tell, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(assistant, subject="Weekly newsletter\nand more")
    assert mail.outbox[0].subject == "[Alice Consulting] Weekly newsletter and more"


def test_it_does_not_email_a_member_removed_before_the_job_ran(owner, assistant, tell):
    (notification,) = tell(assistant)
    workspace_services.member_remove(actor=owner, member=assistant)
    jobs.send_notification_emails.call_local([notification.pk])
    assert mail.outbox == []
    assert state(notification).email_state == EmailState.OFF


def test_it_finds_due_emails_through_the_partial_index(db):
    due = emails_due(datetime(2026, 3, 1, tzinfo=UTC)).values_list("pk", flat=True)
    assert "notification_email_due" in plan_of(due[:500])

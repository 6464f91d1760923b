"""The daily digest's clock: its local time across DST and zone changes, and the sweep that
sends each digest once per local day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from tandem.accounts import services as account_services
from tandem.accounts.tests.helpers import working_hours_of
from tandem.notify import deliveries, jobs, selectors, services
from tandem.notify.digest import first_send_at, next_send_at
from tandem.notify.models import Digest
from tandem.notify.tests.conftest import send_digest
from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
MANILA = ZoneInfo("Asia/Manila")


def travel(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def reload(digest: Digest) -> Digest:
    digest.refresh_from_db()
    return digest


@pytest.fixture
def busy(owner, assistant):
    """Something waits for the assistant every day: a task to acknowledge."""
    return make_task(owner, assistant, title="Book the venue")


def test_it_computes_the_next_local_time_across_the_autumn_change():
    # Oslo leaves summer time on 25 October 2026: 07:30 is 05:30 UTC before, 06:30 UTC after.
    before = datetime(2026, 10, 24, 5, 30, tzinfo=UTC)
    assert next_send_at(time(7, 30), "Europe/Oslo", now=before) == datetime(
        2026, 10, 25, 6, 30, tzinfo=UTC
    )
    after = datetime(2026, 10, 25, 6, 30, tzinfo=UTC)
    assert next_send_at(time(7, 30), "Europe/Oslo", now=after) == datetime(
        2026, 10, 26, 6, 30, tzinfo=UTC
    )


def test_it_moves_a_time_the_spring_change_skips_to_the_first_valid_instant():
    # 02:30 does not exist in Oslo on 29 March 2026; the clock jumps from 02:00 to 03:00.
    sent = datetime(2026, 3, 28, 1, 30, tzinfo=UTC)  # 02:30 CET
    assert next_send_at(time(2, 30), "Europe/Oslo", now=sent) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )  # 03:30 CEST


def test_it_starts_today_when_the_time_is_still_ahead_and_tomorrow_when_not():
    morning = datetime(2026, 3, 10, 7, 0, tzinfo=OSLO)
    assert first_send_at(time(7, 30), "Europe/Oslo", now=morning) == datetime(
        2026, 3, 10, 7, 30, tzinfo=OSLO
    )
    assert first_send_at(time(6, 30), "Europe/Oslo", now=morning) == datetime(
        2026, 3, 11, 6, 30, tzinfo=OSLO
    )


def test_it_never_starts_a_second_digest_on_a_day_that_had_one():
    morning = datetime(2026, 3, 10, 7, 0, tzinfo=OSLO)
    sent_today = datetime(2026, 3, 10, 6, 0, tzinfo=OSLO)
    assert first_send_at(
        time(9, 0), "Europe/Oslo", now=morning, last_sent_at=sent_today
    ) == datetime(2026, 3, 11, 9, 0, tzinfo=OSLO)


def test_it_sends_at_the_same_local_time_before_and_after_the_dst_change(
    owner, assistant, busy, django_capture_on_commit_callbacks
):
    # The owner lives in Oslo; something waits for them: a task they gave themselves.
    task = make_task(owner, owner, title="Check the invoice run")
    with travel(datetime(2026, 10, 23, 12, 0, tzinfo=UTC)):
        digest = services.digest_set(member=owner, enabled=True, at=time(7, 30))
    assert digest.next_send_at == datetime(2026, 10, 24, 5, 30, tzinfo=UTC)  # 07:30 CEST
    assert task.pk

    with (
        travel(datetime(2026, 10, 24, 5, 30, tzinfo=UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert jobs.send_due_digests.call_local() == 1
    assert len(mail.outbox) == 1
    assert reload(digest).next_send_at == datetime(2026, 10, 25, 6, 30, tzinfo=UTC)  # 07:30 CET

    # 06:30 in Oslo on the day of the change (05:30 UTC, yesterday's UTC time): not yet.
    with (
        travel(datetime(2026, 10, 25, 5, 30, tzinfo=UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert jobs.send_due_digests.call_local() == 0
    assert len(mail.outbox) == 1

    with (
        travel(datetime(2026, 10, 25, 7, 30, tzinfo=OSLO)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert jobs.send_due_digests.call_local() == 1
    assert len(mail.outbox) == 2
    assert reload(digest).next_send_at == datetime(2026, 10, 26, 6, 30, tzinfo=UTC)


def test_it_sends_once_when_the_sweep_is_repeated(
    assistant, busy, django_capture_on_commit_callbacks
):
    with travel(datetime(2026, 3, 10, 6, 0, tzinfo=MANILA)):
        services.digest_set(member=assistant, enabled=True, at=time(8, 0))
    with (
        travel(datetime(2026, 3, 10, 8, 3, tzinfo=MANILA)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert jobs.send_due_digests.call_local() == 1
        assert jobs.send_due_digests.call_local() == 0
    with (
        travel(datetime(2026, 3, 10, 23, 59, tzinfo=MANILA)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert jobs.send_due_digests.call_local() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.com"]


def test_it_sends_once_when_two_sweeps_claim_the_same_row(
    assistant, busy, django_capture_on_commit_callbacks
):
    with travel(datetime(2026, 3, 10, 6, 0, tzinfo=MANILA)):
        services.digest_set(member=assistant, enabled=True, at=time(8, 0))
    now = datetime(2026, 3, 10, 8, 0, tzinfo=MANILA)
    with travel(now), django_capture_on_commit_callbacks(execute=True):
        # Both sweeps read the row before either claimed it.
        (first,) = selectors.digests_due(now)
        (second,) = selectors.digests_due(now)
        assert deliveries.digest_claim(first, now=now) is True
        assert deliveries.digest_claim(second, now=now) is False
    assert len(mail.outbox) == 1


def test_it_sends_once_when_the_email_job_runs_twice(assistant, busy):
    with travel(datetime(2026, 3, 10, 6, 0, tzinfo=MANILA)):
        digest = services.digest_set(member=assistant, enabled=True, at=time(8, 0))
    due = digest.next_send_at.isoformat()
    with travel(datetime(2026, 3, 10, 8, 1, tzinfo=MANILA)):
        send_digest(digest.pk, due)
        send_digest(digest.pk, due)
    assert len(mail.outbox) == 1
    assert reload(digest).last_sent_at == datetime(2026, 3, 10, 8, 1, tzinfo=MANILA)


def test_it_sends_one_digest_a_day_after_an_outage(
    assistant, busy, django_capture_on_commit_callbacks
):
    with travel(datetime(2026, 3, 8, 6, 0, tzinfo=MANILA)):
        digest = services.digest_set(member=assistant, enabled=True, at=time(8, 0))
    # The sweep was down for two days and comes back at 07:00 on the 10th.
    with (
        travel(datetime(2026, 3, 10, 7, 0, tzinfo=MANILA)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert jobs.send_due_digests.call_local() == 1
    assert reload(digest).next_send_at == datetime(2026, 3, 11, 8, 0, tzinfo=MANILA)
    assert len(mail.outbox) == 1


def test_it_sends_nothing_when_nothing_is_waiting(assistant, django_capture_on_commit_callbacks):
    with travel(datetime(2026, 3, 10, 6, 0, tzinfo=MANILA)):
        digest = services.digest_set(member=assistant, enabled=True, at=time(8, 0))
    with (
        travel(datetime(2026, 3, 10, 8, 0, tzinfo=MANILA)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert jobs.send_due_digests.call_local() == 1  # claimed, then found empty
    assert mail.outbox == []
    digest = reload(digest)
    assert digest.last_sent_at is None
    assert digest.next_send_at == datetime(2026, 3, 11, 8, 0, tzinfo=MANILA)


def test_it_sends_nothing_once_turned_off_or_to_a_removed_member(
    owner, assistant, busy, django_capture_on_commit_callbacks
):
    with travel(datetime(2026, 3, 10, 6, 0, tzinfo=MANILA)):
        digest = services.digest_set(member=assistant, enabled=True, at=time(8, 0))
        due = digest.next_send_at.isoformat()
        services.digest_set(member=assistant, enabled=False, at=time(8, 0))
    assert reload(digest).next_send_at is None
    with travel(datetime(2026, 3, 10, 8, 0, tzinfo=MANILA)):
        assert list(selectors.digests_due(datetime(2026, 3, 10, 8, 0, tzinfo=MANILA))) == []
        send_digest(digest.pk, due)  # claimed before it was turned off
    assert mail.outbox == []

    with travel(datetime(2026, 3, 10, 9, 0, tzinfo=MANILA)):
        services.digest_set(member=assistant, enabled=True, at=time(10, 0))
    assistant.removed_at = datetime(2026, 3, 10, 9, 30, tzinfo=MANILA)
    assistant.save(update_fields=["removed_at"])
    with (
        travel(datetime(2026, 3, 10, 10, 0, tzinfo=MANILA)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        jobs.send_due_digests.call_local()
    assert mail.outbox == []


def test_it_keeps_the_next_digest_when_the_same_choice_is_saved_again(assistant):
    with travel(datetime(2026, 3, 10, 6, 0, tzinfo=MANILA)):
        digest = services.digest_set(member=assistant, enabled=True, at=time(8, 0))
    due = digest.next_send_at
    # 08:02: due, and not yet swept; saving the settings again must not skip today's digest.
    with travel(datetime(2026, 3, 10, 8, 2, tzinfo=MANILA)):
        services.digest_set(member=assistant, enabled=True, at=time(8, 0))
    assert reload(digest).next_send_at == due


def test_it_follows_the_member_to_a_new_time_zone(owner, assistant):
    with travel(datetime(2026, 3, 10, 6, 0, tzinfo=MANILA)):
        digest = services.digest_set(member=assistant, enabled=True, at=time(8, 0))
        assert digest.next_send_at == datetime(2026, 3, 10, 8, 0, tzinfo=MANILA)
        user = assistant.user
        account_services.profile_update(
            user=user,
            display_name=user.display_name,
            time_zone="Europe/Oslo",
            language=user.language,
            quiet_hours_start=None,
            quiet_hours_end=None,
            working_hours=working_hours_of(user),
        )
    # 06:00 in Manila is 23:00 the day before in Oslo: 08:00 on the 10th, Oslo time.
    assert reload(digest).next_send_at == datetime(2026, 3, 10, 8, 0, tzinfo=OSLO)
    assert date(2026, 3, 10) == reload(digest).next_send_at.astimezone(OSLO).date()

"""Nothing told is lost when a process dies: real processes killed at named points.

Silent assistants are escalated by the real sweep in a process of its own, delivered by a real
job consumer, and emailed through Django's file backend. Each process is killed with SIGKILL at
a point named by `TANDEM_CRASH_AT` (see tandem/lib/crashpoints.py), or stopped with SIGTERM in
the middle of a job. Then the redelivery sweeps run, once the lease (one second here) has
passed, and every assistant must have been told exactly once, by exactly one email: except in
the one window the README names, a process killed after the mail server accepted an email and
before it was marked sent, which sends that email again with the same Message-ID.

These run on the database of the test run: SQLite in the first run, PostgreSQL in the second.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import add_member, make_user
from tandem.continuity.models import Escalation, Presence
from tandem.notify import kinds
from tandem.notify.models import EmailState, Notification
from tandem.outbox.models import Delivery
from tandem.tests.processes import ROOT, database_url, manage
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db(transaction=True)
# The queue's storage that the processes share.
QUEUE = pytest.mark.parametrize("queue", ["sqlite"], indirect=True)

SILENT = 12
LEASE = 1  # second
SWEEP = "continuity.jobs.silence.sweep_silences"


@pytest.fixture
def silent(workspace) -> list[Membership]:
    """Assistants silent for eight days: each one's first step (a nudge to them) is due."""
    now = timezone.now()
    members = []
    for number in range(SILENT):
        member = add_member(
            workspace, make_user(f"va{number}@example.com", f"Assistant {number}"), Role.ASSISTANT
        )
        Membership.objects.filter(pk=member.pk).update(joined_at=now - timedelta(days=400))
        Presence.objects.create(
            workspace=workspace,
            member=member,
            last_active_at=now - timedelta(days=8),
            next_step_at=now - timedelta(minutes=1),
        )
        members.append(member)
    return members


@pytest.fixture
def env(queue, tmp_path) -> dict[str, str]:
    """What every process of a test shares: the database, the queue, the mail folder."""
    return queue | {"EMAIL_URL": f"filemail://{tmp_path / 'mail'}", "DELIVERY_LEASE_SECONDS": "1"}


def run(job: str, env: dict[str, str], **more: str) -> subprocess.CompletedProcess[str]:
    return manage("run_job", job, env=env | more)


def after_the_lease() -> None:
    time.sleep(LEASE + 0.2)


def redeliver(env: dict[str, str]) -> None:
    """The sweeps of the next minute, each in a process of its own, jobs run in-process."""
    after_the_lease()
    for job in ("outbox.jobs.redeliver", "notify.jobs.send_due_emails"):
        done = run(job, env, HUEY_IMMEDIATE="true")
        assert done.returncode == 0, done.stdout


def killed(process: subprocess.CompletedProcess[str] | subprocess.Popen[str]) -> bool:
    return process.returncode == -signal.SIGKILL


def emails(env: dict[str, str]) -> Counter[str]:
    """How often each Message-ID went out."""
    folder = Path(env["EMAIL_URL"].removeprefix("filemail://"))
    found: Counter[str] = Counter()
    for path in folder.glob("*") if folder.exists() else []:
        for line in path.read_text().splitlines():
            if line.startswith("Message-ID: "):
                found[line.removeprefix("Message-ID: ")] += 1
    return found


def assert_each_told_once(members: list[Membership], sent: Counter[str], *, twice: int = 0) -> None:
    nudges = Notification.objects.filter(kind=kinds.SILENCE_NUDGE)
    assert sorted(nudges.values_list("recipient_id", flat=True)) == sorted(m.pk for m in members)
    assert Escalation.objects.count() == len(members)
    assert not Delivery.objects.filter(done_at__isnull=True).exists()
    assert set(nudges.values_list("email_state", flat=True)) == {EmailState.SENT}
    assert set(sent) == {
        f"<notification-{code}@tandem>" for code in nudges.values_list("code", flat=True)
    }
    assert sorted(sent.values()) == [1] * (len(members) - twice) + [2] * twice


def consumer(env: dict[str, str], **more: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1", "--no-periodic"],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": database_url()} | env | more,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, process: subprocess.Popen[str] | None = None, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.poll() is not None and not condition():
            pytest.fail(f"the process ended first: {process.communicate()[0]}")
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.05)


@QUEUE
def test_a_sweep_killed_after_its_commit_loses_no_step(silent, env):
    swept = run(SWEEP, env, TANDEM_CRASH_AT="outbox.committed")
    assert killed(swept), swept.stdout
    # The steps and their deliveries committed; the job that would deliver them was never queued.
    assert Escalation.objects.count() == SILENT
    assert Delivery.objects.filter(done_at__isnull=True).count() == SILENT
    assert not Notification.objects.exists()

    redeliver(env)
    assert_each_told_once(silent, emails(env))


@pytest.mark.parametrize("queue", ["sqlite", "redis"], indirect=True)
def test_a_consumer_killed_halfway_through_the_delivery_loses_nothing(silent, env):
    assert run(SWEEP, env).returncode == 0  # the delivery job is queued
    half = SILENT // 2
    worker = consumer(env, TANDEM_CRASH_AT=f"outbox.delivered:{half}")
    worker.wait(timeout=60)
    assert killed(worker), worker.communicate()[0]
    # Every delivery is marked on its own: exactly the first half is done.
    assert Delivery.objects.filter(done_at__isnull=False).count() == half

    redeliver(env)
    # The queued email jobs of the first half, run late, find their emails sent.
    late = consumer(env)
    wait_for(lambda: late.poll() is None and _queue_is_empty(env), late)
    late.terminate()
    late.wait(timeout=10)
    assert_each_told_once(silent, emails(env))


def _queue_is_empty(env: dict[str, str]) -> bool:
    from huey.contrib.djhuey import HUEY

    return HUEY.pending_count() == 0


@QUEUE
def test_an_email_claimed_but_not_sent_goes_out_once_after_the_lease(silent, env):
    swept = run(SWEEP, env, HUEY_IMMEDIATE="true", TANDEM_CRASH_AT="email.claimed:3")
    assert killed(swept), swept.stdout
    assert sum(emails(env).values()) == 2
    redeliver(env)
    assert_each_told_once(silent, emails(env))


@QUEUE
def test_an_email_sent_but_not_marked_goes_out_again_with_the_same_message_id(silent, env):
    swept = run(SWEEP, env, HUEY_IMMEDIATE="true", TANDEM_CRASH_AT="email.sent:3")
    assert killed(swept), swept.stdout
    assert sum(emails(env).values()) == 3
    redeliver(env)
    # The one window that remains: the third email, accepted by the server, is sent again.
    assert_each_told_once(silent, emails(env), twice=1)


@QUEUE
def test_a_consumer_stopped_with_sigterm_in_the_middle_of_a_job_loses_nothing(silent, env):
    assert run(SWEEP, env).returncode == 0
    worker = consumer(env, TANDEM_PAUSE_AT="outbox.handled", TANDEM_PAUSE_SECONDS="60")
    # The first delivery's handler has run; the consumer sits before marking it done.
    wait_for(lambda: Notification.objects.exists(), worker)
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=20)
    assert not Delivery.objects.filter(done_at__isnull=False).exists()

    redeliver(env)
    assert_each_told_once(silent, emails(env))

"""Two sweeps at the same moment, on two connections, send each step once.

PostgreSQL only: SQLite takes a write lock for the whole transaction (immediate transactions),
so two sweeps there can only run one after the other, which the crash tests already cover.
Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time

import pytest
import time_machine
from django.db import connection

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.continuity.models import Escalation, Presence, Step
from tandem.continuity.services.silence import SweepResult, activity_record, silence_sweep
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.workspaces.models import Membership, Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two concurrent sweeps need two connections writing at once: PostgreSQL only",
    ),
]

START = datetime(2025, 3, 3, 2, tzinfo=UTC)  # Monday 10:00 in Manila
DUE = datetime(2025, 3, 3, 6, 30, tzinfo=UTC)  # 14:30 there: every nudge is due


def run_together(count: int, at: datetime) -> list[SweepResult]:
    barrier = threading.Barrier(count)
    results: list[SweepResult] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            barrier.wait()
            results.append(silence_sweep(at))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(count)]
    with time_machine.travel(at, tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, errors
    return results


def test_concurrent_sweeps_send_each_step_once(workspace, owner):
    members = []
    for number in range(40):
        user = make_user(f"a{number}@example.com", f"A{number}", "Asia/Manila")
        account_services.working_hours_set(
            user=user, hours={d: [(time(8), time(17))] for d in range(6)}
        )
        member = add_member(workspace, user, Role.ASSISTANT)
        Membership.objects.filter(pk=member.pk).update(joined_at=datetime(2020, 1, 1, tzinfo=UTC))
        member.joined_at = datetime(2020, 1, 1, tzinfo=UTC)
        activity_record(member, at=START)
        members.append(member)

    results = run_together(3, DUE)

    assert sum(result.escalated for result in results) == 40
    assert Escalation.objects.filter(step=Step.NUDGED).count() == 40
    assert set(Presence.objects.values_list("step", flat=True)) == {Step.NUDGED}
    nudges = Notification.objects.filter(kind=kinds.SILENCE_NUDGE)
    assert nudges.count() == 40
    assert nudges.values("recipient").distinct().count() == 40

    # And the next step, again at once: the owner is told once per assistant.
    later = datetime(2025, 3, 3, 8, 30, tzinfo=UTC)
    results = run_together(3, later)
    assert sum(result.escalated for result in results) == 40
    assert Notification.objects.filter(kind=kinds.SILENCE_OWNER, recipient=owner).count() == 40

"""The one acknowledgement mechanism (tandem/acks/services.py)."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, time

import pytest
import time_machine

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.acks import hooks as ack_hooks
from tandem.acks.models import AckKind, Acknowledgement, AckWay
from tandem.acks.selectors import ack_pending_for, acks_of_subject, acks_of_subjects
from tandem.acks.services import ack_record, ack_request, ack_withdraw
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Role

TEST_KIND = "test-kind"


@pytest.fixture
def on_acknowledged():
    """Connect a receiver of one kind to the `acknowledged` hook, disconnected afterwards."""
    connected = []

    def connect(kind):
        def decorate(receiver):
            @functools.wraps(receiver)
            def of_kind(ack, subject):
                if ack.kind == kind:
                    receiver(ack, subject)

            ack_hooks.acknowledged.connect(of_kind)
            connected.append(of_kind)
            return receiver

        return decorate

    yield connect
    for receiver in connected:
        ack_hooks.acknowledged.disconnect(receiver)


@pytest.fixture
def subject(owner):
    return make_task(owner, None, title="Something to read")


def test_asking_twice_asks_once(owner, manager, assistant, subject):
    ws = owner.workspace
    assert ack_request(workspace=ws, subject=subject, kind=TEST_KIND, members=[assistant]) == 1
    again = ack_request(
        workspace=ws, subject=subject, kind=TEST_KIND, members=[assistant, manager, assistant]
    )
    assert again == 1  # only the manager is new
    assert ack_request(workspace=ws, subject=subject, kind=TEST_KIND, members=[]) == 0
    assert sorted(ack.member_id for ack in acks_of_subject(subject)) == sorted(
        [assistant.pk, manager.pk]
    )


def test_it_does_not_ask_outsiders_or_removed_members(owner, assistant, outsider, subject):
    gone = add_member(owner.workspace, make_user("gone@example.com", "Gone"), Role.ASSISTANT)
    gone.removed_at = datetime(2026, 1, 1, tzinfo=UTC)
    gone.save(update_fields=["removed_at"])
    asked = ack_request(
        workspace=owner.workspace,
        subject=subject,
        kind=TEST_KIND,
        members=[outsider, gone, assistant],
    )
    assert asked == 1
    assert [ack.member_id for ack in acks_of_subject(subject)] == [assistant.pk]


def test_it_records_once_and_a_second_call_gets_none(owner, assistant, subject):
    ack_request(workspace=owner.workspace, subject=subject, kind=TEST_KIND, members=[assistant])
    first = ack_record(member=assistant, subject=subject)
    assert first is not None and first.way == AckWay.ACKNOWLEDGED
    assert ack_record(member=assistant, subject=subject) is None
    assert ack_record(member=assistant, subject=subject, way=AckWay.REPLIED) is None
    row = Acknowledgement.objects.get(pk=first.pk)
    assert row.acknowledged_at == first.acknowledged_at and row.way == AckWay.ACKNOWLEDGED
    assert ack_pending_for(assistant, subject) is None


def test_nothing_is_recorded_for_who_was_not_asked(owner, manager, subject):
    assert ack_record(member=manager, subject=subject) is None
    assert not Acknowledgement.objects.exists()


def test_of_two_calls_at_once_one_records_and_the_hook_runs_once(
    owner, assistant, subject, on_acknowledged
):
    ack_request(workspace=owner.workspace, subject=subject, kind=TEST_KIND, members=[assistant])
    calls = []

    @on_acknowledged(TEST_KIND)
    def again_meanwhile(ack, subj):
        # The second call arrives while the first one's transaction is still open.
        calls.append(ack_record(member=assistant, subject=subj))

    first = ack_record(member=assistant, subject=subject)
    assert first is not None
    assert calls == [None]
    assert Acknowledgement.objects.get().acknowledged_at == first.acknowledged_at


def test_the_hook_of_the_kind_runs_once_with_the_subject(
    owner, assistant, manager, on_acknowledged
):
    seen = []

    @on_acknowledged(TEST_KIND)
    def remember(ack, subject):
        seen.append((ack.member_id, subject.pk, ack.way))

    subject = make_task(owner, None)
    other_kind = make_task(owner, None)
    ws = owner.workspace
    ack_request(workspace=ws, subject=subject, kind=TEST_KIND, members=[assistant, manager])
    ack_request(workspace=ws, subject=other_kind, kind="other-kind", members=[assistant])
    ack_record(member=assistant, subject=subject, way=AckWay.REPLIED)
    ack_record(member=assistant, subject=subject)
    ack_record(member=assistant, subject=other_kind)
    assert seen == [(assistant.pk, subject.pk, AckWay.REPLIED)]


def test_a_failing_hook_rolls_the_acknowledgement_back(owner, assistant, subject, on_acknowledged):
    def broken(ack, subj):
        raise RuntimeError("boom")

    on_acknowledged(TEST_KIND)(broken)
    ack_request(workspace=owner.workspace, subject=subject, kind=TEST_KIND, members=[assistant])
    with pytest.raises(RuntimeError):
        ack_record(member=assistant, subject=subject)
    assert ack_pending_for(assistant, subject) is not None


def test_it_fixes_the_response_time_in_working_hours(owner, subject, workspace):
    user = make_user("rea@example.com", "Rea", "Asia/Manila")
    account_services.working_hours_set(
        user=user, hours={d: [(time(9), time(17))] for d in range(5)}
    )
    rea = add_member(workspace, user, Role.ASSISTANT)
    friday_4pm = datetime(2026, 3, 6, 8, tzinfo=UTC)  # 16:00 in Manila
    monday_10am = datetime(2026, 3, 9, 2, tzinfo=UTC)  # 10:00 in Manila
    ack_request(workspace=workspace, subject=subject, kind=TEST_KIND, members=[rea], at=friday_4pm)
    with time_machine.travel(monday_10am, tick=False):
        ack = ack_record(member=rea, subject=subject)
    assert ack is not None
    assert ack.acknowledged_at == monday_10am
    assert ack.response_seconds == 2 * 3600


def test_withdrawing_removes_only_pending_requests(owner, manager, assistant, subject):
    ws = owner.workspace
    ack_request(workspace=ws, subject=subject, kind=TEST_KIND, members=[assistant, manager])
    ack_record(member=manager, subject=subject)
    assert ack_withdraw(subject=subject, members=[manager]) == 0
    assert ack_withdraw(subject=subject) == 1
    assert [ack.member_id for ack in acks_of_subject(subject)] == [manager.pk]


def test_acks_of_many_subjects_come_in_one_query(
    owner, assistant, manager, django_assert_num_queries
):
    tasks = [make_task(owner, None, title=f"T{n}") for n in range(4)]
    for task in tasks[:3]:
        ack_request(workspace=owner.workspace, subject=task, kind=TEST_KIND, members=[assistant])
    ack_request(workspace=owner.workspace, subject=tasks[0], kind=TEST_KIND, members=[manager])
    with django_assert_num_queries(1):
        found = acks_of_subjects(tasks)
        assert [len(found[task.pk]) for task in tasks] == [2, 1, 1, 0]
        assert found[tasks[0].pk][1].member.user.display_name == "Mona Manager"
    assert acks_of_subjects([]) == {}


def test_the_kinds_are_the_agreed_ones():
    assert set(AckKind.values) == {"brief", "announcement", "summary", "feedback"}

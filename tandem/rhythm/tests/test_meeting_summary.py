"""The summary owed after each meeting: prompted once, reported late once, acknowledged by the
owner through the one acknowledgement mechanism, and action items that become tasks once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.acks.models import AckKind
from tandem.acks.selectors import ack_pending_for, acks_of_subject
from tandem.acks.services import ack_record
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.rhythm.jobs.meetings import prompt_meeting_summaries, report_late_summaries
from tandem.rhythm.models import Meeting, MeetingSeries
from tandem.rhythm.selectors.meetings import summaries_owed_by, summaries_to_acknowledge
from tandem.rhythm.services import meetings as services
from tandem.rhythm.tests.test_meeting_services import make_series
from tandem.work.models import State, Task

pytestmark = pytest.mark.django_db

FIRST_START = datetime(2026, 10, 12, 7, 0, tzinfo=UTC)  # Monday 09:00 in Oslo
FIRST_END = FIRST_START + timedelta(minutes=30)
FIRST_DUE = FIRST_END + timedelta(hours=24)


@pytest.fixture
def series(owner, manager, assistant) -> MeetingSeries:
    return make_series(owner, [owner, manager, assistant])


@pytest.fixture
def meeting(series) -> Meeting:
    return Meeting.objects.select_related("series", "workspace").get(
        series=series, starts_at=FIRST_START
    )


def of_kind(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind).order_by("id"))


def run(job, moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return job.call_local()


def submit(actor, meeting, at: datetime, **fields):
    fields.setdefault("decisions", "We launch the winter offer on 1 December.")
    with time_machine.travel(at, tick=False):
        return services.meeting_summary_submit(actor=actor, meeting=meeting, **fields)


def test_the_writer_is_prompted_once_after_the_meeting_ends(meeting, assistant):
    assert run(prompt_meeting_summaries, FIRST_END - timedelta(minutes=1)) == 0
    assert run(prompt_meeting_summaries, FIRST_END) == 1
    assert run(prompt_meeting_summaries, FIRST_END + timedelta(minutes=5)) == 0
    assert run(prompt_meeting_summaries, FIRST_END + timedelta(hours=3)) == 0
    [prompt] = of_kind(kinds.SUMMARY_DUE)
    assert prompt.recipient == assistant
    assert prompt.url.endswith(f"/meetings/{meeting.code}/")
    meeting.refresh_from_db()
    assert meeting.summary_prompted_at == FIRST_END
    assert [owed.pk for owed in summaries_owed_by(assistant, now=FIRST_END)] == [meeting.pk]


def test_a_cancelled_meeting_asks_for_nothing(meeting, owner):
    with time_machine.travel(FIRST_START - timedelta(days=1), tick=False):
        services.meeting_cancel(actor=owner, meeting=meeting)
    assert run(prompt_meeting_summaries, FIRST_DUE + timedelta(hours=1)) == 0
    assert run(report_late_summaries, FIRST_DUE + timedelta(hours=1)) == 0
    assert not Notification.objects.filter(kind__in=[kinds.SUMMARY_DUE, kinds.SUMMARY_LATE])


def test_a_late_summary_is_reported_once_to_the_owner_and_delegators(
    meeting, owner, manager, assistant
):
    assert run(report_late_summaries, FIRST_DUE - timedelta(seconds=1)) == 0
    assert run(report_late_summaries, FIRST_DUE) == 1
    assert run(report_late_summaries, FIRST_DUE + timedelta(minutes=5)) == 0
    late = of_kind(kinds.SUMMARY_LATE)
    assert sorted(note.recipient.pk for note in late) == sorted([owner.pk, manager.pk])
    meeting.refresh_from_db()
    assert meeting.summary_overdue_at == FIRST_DUE


def test_a_summary_in_time_is_never_reported_late(meeting, assistant):
    submit(assistant, meeting, FIRST_END + timedelta(hours=1))
    assert run(prompt_meeting_summaries, FIRST_DUE) == 0  # written before the prompt went out
    assert run(report_late_summaries, FIRST_DUE + timedelta(hours=1)) == 0
    assert not of_kind(kinds.SUMMARY_LATE)
    assert not of_kind(kinds.SUMMARY_DUE)


def test_submitting_asks_the_owner_to_acknowledge_and_tells_the_author_when_done(
    meeting, owner, manager, assistant
):
    summary = submit(
        assistant,
        meeting,
        FIRST_END + timedelta(hours=2),
        notes="Prices still to confirm.",
        items=[
            services.ItemSpec("Draft the offer email", assistant, date(2026, 10, 20)),
            services.ItemSpec("   "),  # a blank row is left out
            services.ItemSpec("Confirm the prices", owner, None),
        ],
    )
    meeting.refresh_from_db()
    assert meeting.summarized_at == FIRST_END + timedelta(hours=2)
    assert [item.text for item in summary.action_items.all()] == [
        "Draft the offer email",
        "Confirm the prices",
    ]
    asked = acks_of_subject(summary)
    assert sorted(ack.member.pk for ack in asked) == sorted([owner.pk, manager.pk])
    assert {ack.kind for ack in asked} == {AckKind.SUMMARY}
    assert sorted(note.recipient.pk for note in of_kind(kinds.SUMMARY_SUBMITTED)) == sorted(
        [owner.pk, manager.pk]
    )
    assert [s.pk for s in summaries_to_acknowledge(owner)] == [summary.pk]
    assert summaries_owed_by(assistant, now=FIRST_DUE) == []

    with time_machine.travel(FIRST_END + timedelta(hours=5), tick=False):
        assert ack_record(member=owner, subject=summary) is not None
        assert ack_record(member=owner, subject=summary) is None
    [told] = of_kind(kinds.SUMMARY_ACKNOWLEDGED)
    assert told.recipient == assistant
    assert told.actor == owner
    assert ack_pending_for(owner, summary) is None
    assert ack_pending_for(manager, summary) is not None
    assert summaries_to_acknowledge(owner) == []


def test_a_correction_tells_nobody_again_and_keeps_items_that_are_tasks(meeting, owner, assistant):
    summary = submit(
        assistant,
        meeting,
        FIRST_END,
        items=[services.ItemSpec("Draft the offer email", assistant), services.ItemSpec("Call")],
    )
    first_item = summary.action_items.get(text="Draft the offer email")
    with time_machine.travel(FIRST_END, tick=False):
        services.action_item_make_task(actor=owner, item=first_item)
    submit(
        assistant,
        meeting,
        FIRST_END + timedelta(hours=1),
        decisions="Corrected.",
        items=[services.ItemSpec("Call the printer")],
    )
    summary.refresh_from_db()
    assert summary.decisions == "Corrected."
    assert summary.submitted_at == FIRST_END
    assert sorted(item.text for item in summary.action_items.all()) == [
        "Call the printer",
        "Draft the offer email",
    ]
    assert len(of_kind(kinds.SUMMARY_SUBMITTED)) == 2  # the owner and the manager, once


def test_only_the_writer_may_submit_and_only_once_the_meeting_began(
    meeting, owner, manager, assistant
):
    with pytest.raises(PermissionDenied):
        submit(owner, meeting, FIRST_END)
    with pytest.raises(ValidationError):
        submit(assistant, meeting, FIRST_START - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        submit(assistant, meeting, FIRST_END, decisions=" ")
    assert "decisions" in error.value.message_dict


def test_an_action_item_becomes_a_task_once(meeting, owner, assistant, partner):
    summary = submit(
        assistant,
        meeting,
        FIRST_END,
        items=[
            services.ItemSpec("Draft the offer email", assistant, date(2026, 10, 20)),
            services.ItemSpec("Confirm the prices", owner),
        ],
    )
    draft, confirm = summary.action_items.all()
    with time_machine.travel(FIRST_END, tick=False):
        task = services.action_item_make_task(actor=owner, item=draft)
        again = services.action_item_make_task(actor=owner, item=draft)
        unassigned = services.action_item_make_task(actor=owner, item=confirm)
        with pytest.raises(PermissionDenied):
            services.action_item_make_task(actor=assistant, item=confirm)
    assert again.pk == task.pk
    assert Task.objects.count() == 2
    assert task.title == "Draft the offer email"
    assert task.assignee == assistant
    assert task.state == State.ASSIGNED
    assert task.due_date == date(2026, 10, 20)
    assert "Weekly planning" in task.outcome
    assert "on Mon 12 Oct." in task.outcome  # the day in the series' zone, written out
    draft.refresh_from_db()
    assert draft.task == task
    # The owner is not an assignee for their own item: it stays a draft for them to assign.
    assert unassigned.assignee is None
    assert unassigned.state == State.DRAFT

"""The meetings of the demo workspace: made through the services, and safe to make twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import add_member, make_user
from tandem.acks.selectors import ack_pending_for
from tandem.rhythm.demo.meetings import create_meetings_demo
from tandem.rhythm.jobs.meetings import prompt_meeting_summaries, report_late_summaries
from tandem.rhythm.models import ActionItem, Meeting, MeetingKind, MeetingSeries, MeetingSummary
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_weekly_meeting_with_a_summary_and_a_kickoff(owner, manager, assistant):
    lukas = add_member(
        owner.workspace, make_user("lukas@example.com", "Lukas", "Europe/Vilnius"), Role.ASSISTANT
    )
    people = {
        "owner@demo.test": owner,
        "manager@demo.test": manager,
        "ana@demo.test": assistant,
        "lukas@demo.test": lukas,
    }
    create_meetings_demo(owner.workspace, people)
    create_meetings_demo(owner.workspace, people)

    assert MeetingSeries.objects.count() == 2
    summary = MeetingSummary.objects.get()
    assert summary.author == assistant
    assert summary.meeting.ends_at < timezone.now()
    assert summary.submitted_at <= summary.meeting.summary_due_at
    assert ActionItem.objects.filter(task__isnull=False).count() == 1
    assert ActionItem.objects.count() == 3
    assert ack_pending_for(owner, summary) is not None
    kickoff = MeetingSeries.objects.get(kind=MeetingKind.KICKOFF)
    assert kickoff.summary_by == lukas
    assert kickoff.agenda.count("## ") == 5
    assert Meeting.objects.filter(series=kickoff, starts_at__gt=timezone.now()).count() == 1
    # The weekly series has its coming weeks planned, and loading it asks nobody for anything.
    assert (
        Meeting.objects.filter(series=summary.meeting.series, starts_at__gt=timezone.now()).count()
        >= 4
    )
    assert prompt_meeting_summaries.call_local() == 0
    assert report_late_summaries.call_local() == 0

"""The rhythm on the owner's Needs attention and on the assistant's My day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from tandem.acks.services import ack_record
from tandem.insights.tests.pages import section
from tandem.rhythm.models import Announcement, Meeting
from tandem.rhythm.services import announcements, checkins, meetings
from tandem.workspaces.services import member_remove

pytestmark = pytest.mark.django_db

# Wednesday 2 December 2026, 06:00 UTC: 14:00 in Manila, where the assistant works.
NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
ATTENTION = reverse("insights:attention", kwargs={"ws": "alice"})
MY_DAY = reverse("insights:my_day", kwargs={"ws": "alice"})


@pytest.fixture
def rhythm(owner, assistant):
    """A blocker yesterday, a missed check-in the day before, a summary waiting for the owner,
    a late one, and an important announcement the assistant has not acknowledged."""
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        missed = checkins.checkin_prompt_create(member=assistant, day=date(2026, 11, 30))
        assert missed is not None
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        checkins.checkins_mark_missed()
        blocked = checkins.checkin_prompt_create(member=assistant, day=date(2026, 12, 1))
        assert blocked is not None
        checkins.checkin_answer(
            actor=assistant,
            check_in=blocked,
            answers=[("What did you finish?", "The inbox.")],
            blockers="No login for the bank portal",
            mood=3,
        )
    with time_machine.travel(NOW - timedelta(days=7), tick=False):
        written = meetings.meeting_series_create(
            actor=owner,
            spec=meetings.SeriesSpec(
                title="Weekly planning",
                purpose="Agree on the week.",
                starts_on=date(2026, 11, 25),
                at=time(9),
                zone="Europe/Oslo",
                attendees=[owner, assistant],
                cadence="once",
                summary_by=assistant,
            ),
        )
        late = meetings.meeting_series_create(
            actor=owner,
            spec=meetings.SeriesSpec(
                title="Invoice review",
                purpose="Check the invoices.",
                starts_on=date(2026, 11, 26),
                at=time(9),
                zone="Europe/Oslo",
                attendees=[owner, assistant],
                cadence="once",
                summary_by=assistant,
            ),
        )
    with time_machine.travel(NOW - timedelta(days=6), tick=False):
        meetings.meeting_summary_submit(
            actor=assistant,
            meeting=Meeting.objects.get(series=written),
            decisions="Invoices first.",
        )
    with time_machine.travel(NOW - timedelta(hours=3), tick=False):
        announcements.announcement_post(
            actor=owner, title="New onboarding process", body="Read it.", important=True
        )
    return late


def test_it_lists_what_the_rhythm_asks_of_the_owner(owner, assistant, rhythm, client_for):
    with time_machine.travel(NOW, tick=False):
        html = client_for(owner).get(ATTENTION).content.decode()
    assert section(html, "blockers") == ["No login for the bank portal"]
    assert section(html, "missed") == [assistant.user.display_name]
    assert section(html, "summaries") == ["Weekly planning"]
    assert section(html, "late-summaries") == ["Invoice review"]
    assert section(html, "announcements") == ["New onboarding process"]


def test_it_drops_what_was_dealt_with(owner, assistant, rhythm, client_for):
    with time_machine.travel(NOW, tick=False):
        summary = Meeting.objects.get(series__title="Weekly planning").summary
        ack_record(member=owner, subject=summary)
        ack_record(member=assistant, subject=Announcement.objects.get())
        html = client_for(owner).get(ATTENTION).content.decode()
    assert section(html, "summaries") == []
    assert section(html, "announcements") == []
    assert section(html, "blockers") == ["No login for the bank portal"]


def test_it_drops_an_announcement_only_a_removed_member_has_not_acknowledged(
    owner, assistant, rhythm, client_for
):
    with time_machine.travel(NOW, tick=False):
        member_remove(actor=owner, member=assistant)
        html = client_for(owner).get(ATTENTION).content.decode()
    assert section(html, "announcements") == []


def test_it_shows_the_assistant_what_waits_in_their_day(assistant, rhythm, client_for):
    with time_machine.travel(NOW, tick=False):
        today = checkins.checkin_prompt_create(member=assistant, day=date(2026, 12, 2))
        assert today is not None
        html = client_for(assistant).get(MY_DAY).content.decode()
    waiting = section(html, "rhythm-today")
    assert "Your check-in for today" in waiting
    assert "Invoice review" in waiting  # the summary they owe
    assert "New onboarding process" in waiting  # to acknowledge
    assert reverse("rhythm:checkin", kwargs={"ws": "alice", "code": today.code}) in html


def test_it_keeps_other_workspaces_out(outsider, rhythm, client_for):
    with time_machine.travel(NOW, tick=False):
        response = client_for(outsider).get(ATTENTION)
    assert response.status_code == 404

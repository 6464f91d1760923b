"""Outages in the person's calendar feed: planned ones from start to end, one still going on
until an hour from now (and marked so); cancelled ones and other people's are not there."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from conftest import add_member, make_user
from tandem.continuity.models import OutageKind
from tandem.continuity.services import outages as services
from tandem.rhythm.models import CalendarFeed
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 20, 2, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def events_of(client, member: Membership) -> dict[str, object]:
    feed, _ = CalendarFeed.objects.get_or_create(user=member.user)
    response = client.get(reverse("insights:calendar_feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_persons_outages_are_events_in_their_feed(client, workspace, assistant):
    now_outage = services.outage_report_now(actor=assistant, at=NOW - timedelta(hours=2))
    services.outage_end(actor=assistant, outage=now_outage, at=NOW - timedelta(minutes=30))
    open_outage = services.outage_report_now(actor=assistant, kind=OutageKind.INTERNET)
    planned = services.outage_plan(
        actor=assistant,
        member=assistant,
        kind=OutageKind.TIME_OFF,
        starts_at=NOW + timedelta(days=3),
        ends_at=NOW + timedelta(days=4),
        note="Family visit",
    )
    cancelled = services.outage_plan(
        actor=assistant,
        member=assistant,
        kind=OutageKind.POWER,
        starts_at=NOW + timedelta(days=5),
        ends_at=NOW + timedelta(days=5, hours=3),
    )
    services.outage_cancel(actor=assistant, outage=cancelled)
    other = add_member(workspace, make_user("bo@example.com", "Bo", "Asia/Manila"), Role.ASSISTANT)
    services.outage_report_now(actor=other)

    events = events_of(client, assistant)
    outages = {uid: event for uid, event in events.items() if uid.startswith("outage-")}

    assert set(outages) == {
        f"outage-{now_outage.code}@tandem",
        f"outage-{open_outage.code}@tandem",
        f"outage-{planned.code}@tandem",
    }
    ended = outages[f"outage-{now_outage.code}@tandem"]
    assert ended["DTSTART"].dt == NOW - timedelta(hours=2)
    assert ended["DTEND"].dt == NOW - timedelta(minutes=30)
    assert str(ended["SUMMARY"]) == "Outage: Power cut"
    going_on = outages[f"outage-{open_outage.code}@tandem"]
    assert going_on["DTSTART"].dt == NOW
    assert going_on["DTEND"].dt == NOW + timedelta(hours=1)
    assert str(going_on["SUMMARY"]) == "Outage: No internet (still going on)"
    assert str(going_on["TRANSP"]) == "OPAQUE"
    assert str(going_on["URL"]).endswith(f"/w/alice/outages/{open_outage.code}/")
    time_off = outages[f"outage-{planned.code}@tandem"]
    assert time_off["DTSTART"].dt == NOW + timedelta(days=3)
    assert time_off["DTEND"].dt == NOW + timedelta(days=4)
    assert "Family visit" in str(time_off["DESCRIPTION"])
    assert time_off["DTSTART"].dt.tzinfo is not None


def test_the_owner_does_not_get_assistants_outages_in_their_feed(client, owner, assistant):
    services.outage_report_now(actor=assistant)
    assert not [uid for uid in events_of(client, owner) if uid.startswith("outage-")]

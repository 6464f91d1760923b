"""Continuity on the owner's Needs attention: silent assistants and outages going on."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.continuity.services.outages import outage_report_now
from tandem.continuity.services.silence import activity_record
from tandem.insights.tests.pages import section
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")
ATTENTION = reverse("insights:attention", kwargs={"ws": "alice"})


def test_it_shows_who_is_silent_and_who_is_out(workspace, owner, assistant, client_for):
    colleague = make_user("bo@example.com", "Bo Backup", "Asia/Manila")
    account_services.working_hours_set(
        user=colleague, hours={d: [(time(8), time(17))] for d in range(6)}
    )
    bo = add_member(workspace, colleague, Role.ASSISTANT)
    monday_morning = datetime(2026, 12, 7, 9, tzinfo=MANILA)
    with time_machine.travel(monday_morning, tick=False):
        activity_record(assistant, at=monday_morning)
        activity_record(bo, at=monday_morning)
        outage_report_now(actor=bo)
    # Monday 16:00 in Manila: Ana has been silent 7 working hours; Bo is out, so not silent.
    with time_machine.travel(datetime(2026, 12, 7, 16, tzinfo=MANILA), tick=False):
        html = client_for(owner).get(ATTENTION).content.decode()
    assert section(html, "silent") == ["Ana Assistant"]
    assert section(html, "outages") == ["Bo Backup: Power cut"]


def test_nothing_shows_when_everyone_is_active(owner, assistant, client_for):
    now = datetime(2026, 12, 7, 10, tzinfo=MANILA)
    with time_machine.travel(now, tick=False):
        activity_record(assistant, at=now)
        html = client_for(owner).get(ATTENTION).content.decode()
    assert section(html, "silent") == []
    assert section(html, "outages") == []

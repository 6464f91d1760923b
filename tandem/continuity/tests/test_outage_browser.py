"""An outage from My day to the owners' dashboard, in Debian's Chromium: the assistant reports a
power cut in one click; the owner sees it; and the silence sweep, hours of working time later,
escalates nobody for it (while a silent colleague without an outage is nudged)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, add_member, make_user
from tandem.accounts import services as account_services
from tandem.browser import log_in as browser_log_in
from tandem.browser import screenshot
from tandem.continuity.models import Escalation, Outage, OutageKind
from tandem.continuity.services.silence import presence_start, silence_sweep
from tandem.workspaces.models import Membership, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


def log_in(browser: Browser, live_server, email: str, zone: str) -> Page:
    return browser_log_in(browser, live_server, email, zone, PASSWORD)


def test_a_one_click_power_cut_is_seen_and_never_escalated(
    live_server, browser, workspace, owner, assistant
):
    # A colleague in the same zone and hours, silent from now, with no outage: the control.
    bo_user = make_user("bo@example.com", "Bo Assistant", "Asia/Manila")
    account_services.working_hours_set(
        user=bo_user, hours={day: [(time(8), time(17))] for day in range(6)}
    )
    bo = add_member(workspace, bo_user, Role.ASSISTANT)
    Membership.objects.filter(pk__in=[assistant.pk, bo.pk]).update(joined_at=LONG_AGO)
    presence_start(Membership.objects.get(pk=bo.pk))

    ana = log_in(browser, live_server, assistant.user.email, "Asia/Manila")
    ana.goto(f"{live_server.url}/w/alice/my-day/")
    card = ana.locator("#outage-card")
    expect(card).to_contain_text("Can't work right now?")
    screenshot(ana, "outage-01-my-day")
    card.get_by_role("button", name="I can't work right now").click()
    expect(ana.locator(".messages")).to_contain_text("The owner knows you cannot work right now")
    expect(ana.get_by_role("heading", name=re.compile("Your outage: Power cut"))).to_be_visible()
    expect(ana.get_by_role("button", name="I'm back")).to_be_visible()
    screenshot(ana, "outage-02-reported")

    outage = Outage.objects.get()
    assert (outage.member_id, outage.kind, outage.ends_at) == (
        assistant.pk,
        OutageKind.POWER,
        None,
    )

    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    expect(boss.locator(".bell")).to_contain_text("1 unread")
    boss.goto(f"{live_server.url}/w/alice/continuity/")
    expect(boss.locator("#outages")).to_contain_text("Ana Assistant")
    expect(boss.locator("#outages")).to_contain_text("Power cut")
    screenshot(boss, "outage-03-dashboard")

    # Three days on: at least two full working days in Manila, all inside the outage.
    later = timezone.now() + timedelta(days=3)
    silence_sweep(later)
    assert not Escalation.objects.filter(member=assistant).exists()
    assert Escalation.objects.filter(member=bo).exists()  # silence does escalate without one

    # Back: "I'm back" from My day ends it.
    ana.goto(f"{live_server.url}/w/alice/my-day/")
    ana.locator("#outage-card").get_by_role("button", name="I'm back").click()
    expect(ana.locator(".messages")).to_contain_text("Welcome back!")
    outage.refresh_from_db()
    assert outage.ends_at is not None

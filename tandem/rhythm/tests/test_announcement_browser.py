"""The town hall in Debian's Chromium: an owner posts an important update, one assistant
acknowledges it, and the owner sees who has not seen it yet."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, add_member, make_user
from tandem.acks.models import Acknowledgement
from tandem.browser import log_in as browser_log_in
from tandem.browser import screenshot
from tandem.rhythm.models import Announcement
from tandem.workspaces.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser: Browser, live_server, email: str, zone: str) -> Page:
    return browser_log_in(browser, live_server, email, zone, PASSWORD)


def test_the_owner_sees_who_has_not_seen_an_important_update(
    live_server, browser, workspace, owner, assistant
):
    add_member(
        workspace, make_user("luk@example.com", "Lukas Later", "Europe/Vilnius"), Role.ASSISTANT
    )
    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    ana = log_in(browser, live_server, assistant.user.email, "Asia/Manila")

    boss.goto(f"{live_server.url}/w/alice/announcements/")
    boss.get_by_role("link", name="Write the first announcement").click()
    boss.get_by_label("Title").fill("New onboarding checklist")
    boss.get_by_label("Message").fill("From Monday, use the **new** checklist for every client.")
    boss.get_by_label("Ask everyone to acknowledge it").check()
    screenshot(boss, "townhall-01-post")
    boss.get_by_role("button", name="Post the announcement").click()
    expect(boss.get_by_role("heading", name="New onboarding checklist")).to_be_visible()
    announcement_url = boss.url
    expect(boss.locator(".announcement-not-seen")).to_contain_text("Ana Assistant")
    expect(boss.locator(".announcement-not-seen")).to_contain_text("Lukas Later")

    ana.goto(f"{live_server.url}/w/alice/announcements/")
    expect(ana.locator(".announcement-row.unread")).to_contain_text("Please acknowledge")
    screenshot(ana, "townhall-02-list")
    ana.get_by_role("link", name=re.compile("New onboarding checklist")).click()
    expect(ana.locator(".announcement-body strong")).to_have_text("new")
    screenshot(ana, "townhall-03-announcement")
    ana.get_by_role("button", name="I have read it").click()
    expect(ana.locator(".messages")).to_contain_text("Acknowledged")
    expect(ana.get_by_role("button", name="I have read it")).to_have_count(0)
    assert Acknowledgement.objects.filter(acknowledged_at__isnull=False).count() == 1

    boss.goto(announcement_url)
    expect(boss.locator(".announcement-not-seen")).not_to_contain_text("Ana Assistant")
    expect(boss.locator(".announcement-not-seen")).to_contain_text("Lukas Later")
    expect(boss.locator("#record")).to_contain_text("1 of 2 acknowledged")
    screenshot(boss, "townhall-04-record")
    boss.goto(f"{live_server.url}/w/alice/announcements/")
    expect(boss.locator(".announcement-acks")).to_have_text("1 of 2 acknowledged")
    assert Announcement.objects.count() == 1

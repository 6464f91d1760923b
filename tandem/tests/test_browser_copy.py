"""Copy buttons, in Debian's Chromium: the calendar feed's address and a pending invitation's
link go to the clipboard, and the page says "Copied" where a screen reader hears it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.browser import log_in as browser_log_in
from tandem.rhythm.models import CalendarFeed
from tandem.workspaces.models import Invitation, Role
from tandem.workspaces.selectors import invitation_from_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser: Browser, live_server, email: str) -> Page:
    page = browser_log_in(browser, live_server, email, "Europe/Oslo", PASSWORD)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    return page


def clipboard(page: Page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_it_copies_the_calendar_feeds_address(live_server, browser, owner):
    boss = log_in(browser, live_server, owner.user.email)
    boss.goto(f"{live_server.url}/calendar/")
    boss.get_by_role("button", name="Copy the address").click()
    expect(boss.get_by_role("status").filter(has_text="Copied")).to_be_visible()
    token = CalendarFeed.objects.get(user=owner.user).token
    assert clipboard(boss).endswith(f"/calendar/feed/{token}.ics")


def test_it_copies_an_invitations_link_right_after_sending_it(live_server, browser, owner):
    boss = log_in(browser, live_server, owner.user.email)
    boss.goto(f"{live_server.url}/w/alice/members/")
    invite = boss.locator("#invite")
    invite.get_by_label("Email").fill("sofia@example.com")
    invite.get_by_role("button", name="Send invitation").click()
    expect(boss.locator("#messages")).to_contain_text("Invitation sent to sofia@example.com")
    row = invite.get_by_role("row").filter(has_text="sofia@example.com")
    row.get_by_role("button", name="Copy link").click()
    expect(row.get_by_role("status")).to_have_text("Copied")
    invitation = Invitation.objects.get(email="sofia@example.com", role=Role.ASSISTANT)
    copied = clipboard(boss)
    assert "/invitations/" in copied
    token = copied.rstrip("/").rsplit("/", 1)[1]
    assert invitation_from_token(token) == invitation


def test_without_the_clipboard_it_selects_the_link_to_copy_by_hand(live_server, browser, owner):
    from tandem.workspaces.services import invitation_create

    invitation_create(actor=owner, email="mia@example.com", role=Role.ASSISTANT, language="en")
    boss = browser_log_in(browser, live_server, owner.user.email, "Europe/Oslo", PASSWORD)
    boss.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    boss.goto(f"{live_server.url}/w/alice/members/")
    row = boss.locator("#invite").get_by_role("row").filter(has_text="mia@example.com")
    row.get_by_role("button", name="Copy link").click()
    link = row.get_by_role("textbox")
    expect(link).to_be_visible()
    expect(link).to_be_focused()
    expect(row.get_by_role("status")).to_contain_text("Press Ctrl+C")
    selected = boss.evaluate(
        "document.activeElement.selectionEnd - document.activeElement.selectionStart"
    )
    assert selected == len(link.input_value()) > 0

"""Each role's home in Debian's Chromium, on a wide screen and on a phone: what it shows, that
nothing is wider than the phone's screen, and that axe finds no accessibility violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.browser import TIMEOUT, screenshot
from tandem.work.tests.factories import make_task
from tandem.workspaces.services import member_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"wide": (1366, 800), "phone": (390, 844)}


def open_home(browser: Browser, live_server, email: str, size: str) -> Page:
    width, height = SIZES[size]
    context = browser.new_context(
        locale="en-US", timezone_id="Europe/Oslo", viewport={"width": width, "height": height}
    )
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/w/alice/")
    return page


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def violations(page: Page) -> list[str]:
    return [violation["id"] for violation in Axe().run(page).response["violations"]]


@pytest.mark.parametrize("size", SIZES)
def test_each_role_lands_on_its_own_home(live_server, browser, size, owner, assistant, partner):
    member_update(actor=owner, member=assistant, role="assistant", partner=partner)
    make_task(owner, assistant, title="Update the client list")

    boss = open_home(browser, live_server, owner.user.email, size)
    expect(boss.locator("#triage")).to_contain_text("Update the client list")
    expect(boss.locator("#assistants")).to_contain_text("Ana Assistant")
    expect(boss.locator("#delivered")).to_contain_text("Nothing accepted yet this week.")
    expect(boss.locator("#getting-started li.done")).to_have_count(2)
    assert fits(boss)
    assert violations(boss) == []
    screenshot(boss, f"home-owner-{size}")

    ana = open_home(browser, live_server, assistant.user.email, size)
    expect(ana).to_have_url(f"{live_server.url}/w/alice/my-day/")
    # On a phone the navigation sits behind its Menu button: count its links, shown or not.
    expect(ana.locator('#workspace-nav a:text-is("My day")')).to_have_count(1)
    expect(ana.locator('#workspace-nav a:text-is("Overview")')).to_have_count(0)
    assert fits(ana)
    screenshot(ana, f"home-assistant-{size}")

    pia = open_home(browser, live_server, partner.user.email, size)
    expect(pia.locator("#supplied")).to_contain_text("Ana Assistant")
    expect(pia.locator("main")).not_to_contain_text("Update the client list")
    assert fits(pia)
    assert violations(pia) == []
    screenshot(pia, f"home-partner-{size}")

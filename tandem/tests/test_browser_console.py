"""The browser's console stays clean: no CSP violation while inviting someone, no htmx error
while a brief is typed and checked live."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from conftest import PASSWORD
from tandem.browser import log_in as browser_log_in
from tandem.workspaces.models import Invitation
from tandem.workspaces.selectors import invitation_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser: Browser, live_server, email: str, zone: str) -> Page:
    return browser_log_in(browser, live_server, email, zone, PASSWORD)


def console_errors(page: Page) -> list[str]:
    """Every error the page logs from now on, CSP violations included."""
    errors: list[str] = []

    def seen(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", seen)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_inviting_someone_breaks_no_content_security_rule(live_server, browser, owner):
    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    errors = console_errors(boss)
    boss.goto(f"{live_server.url}/w/alice/members/")
    invite = boss.locator("#invite")
    invite.get_by_label("Email").fill("new.assistant@example.com")
    invite.get_by_label("Role").select_option(label="Assistant")
    with boss.expect_response(re.compile(r"/members/invite/$")):
        invite.get_by_role("button", name="Send invitation").click()
    expect(boss.locator("#messages")).to_contain_text(
        "Invitation sent to new.assistant@example.com"
    )
    expect(invite.get_by_role("row").filter(has_text="new.assistant@example.com")).to_be_visible()
    boss.wait_for_timeout(300)  # a late violation report still lands in the list
    assert errors == []

    # The invited person's side: the link's page and signing up from it.
    invitation = Invitation.objects.get(email="new.assistant@example.com")
    path = reverse("workspaces:accept", kwargs={"token": invitation_token(invitation)})
    context = browser.new_context(locale="en-US", timezone_id="Asia/Manila")
    newcomer = context.new_page()
    theirs = console_errors(newcomer)
    newcomer.goto(f"{live_server.url}{path}")
    newcomer.get_by_label("Your name").fill("Nina Newcomer")
    newcomer.get_by_label("Password", exact=True).fill("a-long-and-quiet-fjord")
    newcomer.get_by_label("Password confirmation").fill("a-long-and-quiet-fjord")
    newcomer.get_by_role("button", name=re.compile("Join|Sign up")).click()
    expect(newcomer).to_have_url(re.compile(r"/w/alice/"))
    newcomer.wait_for_timeout(300)
    assert theirs == []


def test_typing_a_brief_logs_no_error(live_server, browser, owner, assistant):
    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    errors = console_errors(boss)
    boss.goto(f"{live_server.url}/w/alice/tasks/new/")
    title = boss.get_by_label("Title")
    title.press_sequentially("Make the site better asap", delay=15)
    outcome = boss.get_by_label("Outcome: why it matters")
    outcome.press_sequentially("Customers find the opening hours at once.", delay=15)
    criteria = boss.get_by_label("Acceptance criteria")
    criteria.press_sequentially("Looks good", delay=15)
    expect(boss.locator("#clarity")).to_contain_text("cannot be checked")
    expect(boss.locator("#clarity mark").last).to_have_text("looks good")
    boss.wait_for_timeout(500)
    assert errors == []

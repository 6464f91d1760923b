"""End to end, in Debian's Chromium: an owner signs up, creates a workspace and invites an
assistant, who signs up from the emailed link in another time zone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.browser import TIMEOUT, screenshot

PASSWORD = "a-long-and-quiet-fjord"

pytestmark = pytest.mark.browser


def invitation_path(body: str) -> str:
    # The email's link starts with SITE_URL, not the live server's address: keep the path only.
    match = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", body)
    assert match, body
    return match.group(1)


def test_it_signs_up_creates_a_workspace_and_invites_an_assistant(live_server, browser, mailoutbox):
    owner_context = browser.new_context(locale="en-US", timezone_id="Europe/Oslo")
    owner_context.set_default_timeout(TIMEOUT)
    owner = owner_context.new_page()

    # The owner signs up; tandem.js proposes the browser's own time zone.
    owner.goto(f"{live_server.url}/accounts/signup/")
    owner.get_by_label("Your name").fill("Olga Owner")
    owner.get_by_label("Email").fill("olga@example.com")
    owner.get_by_label("Password", exact=True).fill(PASSWORD)
    owner.get_by_label("Password confirmation").fill(PASSWORD)
    expect(owner.get_by_label("Time zone")).to_have_value("Europe/Oslo")
    screenshot(owner, "01-signup")
    owner.get_by_role("button", name="Sign up").click()

    expect(owner).to_have_url(f"{live_server.url}/workspaces/new/")
    expect(owner.get_by_role("heading", name="Create a workspace")).to_be_visible()
    owner.get_by_label("Business name").fill("Fjord Bakery")
    screenshot(owner, "02-create-workspace")
    owner.get_by_role("button", name="Create workspace").click()

    expect(owner).to_have_url(re.compile(r"/w/[\w-]+/members/$"))
    team_url = owner.url
    overview_url = team_url.removesuffix("members/")
    expect(owner.get_by_role("heading", name="Team", exact=True)).to_be_visible()

    # The invitation posts through htmx and swaps in the pending list.
    invite = owner.locator("#invite")
    invite.get_by_label("Email").fill("ana@example.com")
    invite.get_by_label("Role").select_option(label="Assistant")
    with owner.expect_response(re.compile(r"/members/invite/$")) as posted:
        invite.get_by_role("button", name="Send invitation").click()
    assert posted.value.request.headers.get("hx-request") == "true"
    assert posted.value.status == 200
    pending = invite.get_by_role("row").filter(has_text="ana@example.com")
    expect(pending).to_be_visible()
    expect(pending).to_contain_text("Assistant")
    expect(invite.get_by_label("Email")).to_have_value("")
    screenshot(owner, "03-team-owner")

    # The job ran at once (HUEY immediate), before the response.
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["ana@example.com"]
    link = invitation_path(email.body)

    # The assistant, in Manila, signs up on the spot from the link.
    assistant_context = browser.new_context(locale="en-US", timezone_id="Asia/Manila")
    assistant_context.set_default_timeout(TIMEOUT)
    assistant = assistant_context.new_page()
    assistant.goto(f"{live_server.url}{link}")
    expect(assistant.get_by_role("heading", name="Join Fjord Bakery")).to_be_visible()
    expect(assistant.get_by_label("Email")).to_have_value("ana@example.com")
    expect(assistant.get_by_label("Time zone")).to_have_value("Asia/Manila")
    assistant.get_by_label("Your name").fill("Ana Assistant")
    assistant.get_by_label("Password", exact=True).fill(PASSWORD)
    assistant.get_by_label("Password confirmation").fill(PASSWORD)
    screenshot(assistant, "04-invitation")
    assistant.get_by_role("button", name="Sign up and join").click()

    # An assistant's home is My day.
    expect(assistant).to_have_url(f"{overview_url}my-day/")
    expect(assistant.get_by_role("heading", name="My day", level=1)).to_be_visible()
    expect(assistant.locator("footer")).to_contain_text("Times are shown in Asia/Manila.")
    screenshot(assistant, "05-overview-assistant")

    assistant.get_by_role("navigation", name="Workspace").get_by_role("link", name="Team").click()
    expect(assistant).to_have_url(team_url)
    team = assistant.locator("table").first
    expect(team.get_by_role("row").filter(has_text="Olga Owner")).to_contain_text("Owner")
    expect(team.get_by_role("row").filter(has_text="Ana Assistant")).to_contain_text("Assistant")
    screenshot(assistant, "06-team-assistant")

    # Back with the owner: Ana is a member now, and no longer pending.
    owner.reload()
    ana = owner.locator("table").first.get_by_role("row").filter(has_text="Ana Assistant")
    expect(ana).to_contain_text("ana@example.com")
    expect(ana).to_contain_text("Assistant")
    expect(ana).to_contain_text("Asia/Manila")
    expect(invite).not_to_contain_text("ana@example.com")
    expect(invite).to_contain_text("No pending invitations")

    owner_context.close()
    assistant_context.close()


def test_it_shows_a_page_in_norwegian_for_a_norwegian_browser(live_server, browser):
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    context.close()

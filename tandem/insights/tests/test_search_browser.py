"""Search in Debian's Chromium: the header's box, the results, and a hit opened."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from conftest import PASSWORD
from tandem.browser import log_in, screenshot
from tandem.work.services import comments as comment_services
from tandem.work.services import tasks as task_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_searches_from_the_header_and_opens_a_hit(
    live_server, browser: Browser, owner, assistant
):
    task = task_services.task_create(
        actor=owner,
        brief=task_services.Brief(title="Reconcile the harbour invoices"),
        assignee=assistant,
    )
    comment = comment_services.comment_add(
        actor=owner, task=task, body="The <b>harbour</b> office sent the March statement."
    )
    page = log_in(browser, live_server, assistant.user.email, "Asia/Manila", PASSWORD)
    page.goto(f"{live_server.url}/w/alice/")

    box = page.get_by_role("searchbox", name="Search")
    box.fill("harbour")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/w/alice/search/\?q=harbour"))
    results = page.locator("#search-results")
    expect(results.locator(".search-hit")).to_have_count(2)
    expect(results.locator("mark").first).to_have_text(re.compile("harbour", re.IGNORECASE))
    expect(results).to_contain_text("The <b>harbour</b> office")  # shown as typed
    screenshot(page, "search-results")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "search-results-phone")

    results.get_by_role("link", name="Reconcile the harbour invoices").first.click()
    expect(page).to_have_url(re.compile(rf"/tasks/{task.code}/#comment-{comment.pk}$"))
    expect(page.locator(f"#comment-{comment.pk}")).to_be_visible()

"""The readiness self-assessment in Debian's Chromium, on a wide screen and on a phone, in
English and Norwegian: answering, a missed statement, the result with its bars and advice, and
taking it again; nothing wider than the screen, and no accessibility violation that axe finds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.accounts.models import User
from tandem.browser import TIMEOUT, screenshot
from tandem.planning.readiness import QUESTIONS
from tandem.planning.services.readiness import readiness_take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"wide": (1366, 800), "phone": (390, 844)}


def open_page(browser: Browser, live_server, email: str, size: str) -> Page:
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
    page.wait_for_url(f"{live_server.url}/w/alice/**")
    page.goto(f"{live_server.url}/w/alice/planning/readiness/")
    return page


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def violations(page: Page) -> list[str]:
    return [violation["id"] for violation in Axe().run(page).response["violations"]]


@pytest.mark.parametrize("size", SIZES)
def test_an_owner_answers_misses_one_and_sees_the_result(live_server, browser, size, owner):
    page = open_page(browser, live_server, owner.user.email, size)
    assert fits(page)
    assert violations(page) == []
    screenshot(page, f"readiness-form-{size}")

    fieldsets = page.locator("fieldset.readiness-question")
    expect(fieldsets).to_have_count(len(QUESTIONS))
    for index in range(len(QUESTIONS) - 1):  # the last one missed
        fieldsets.nth(index).get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="See my result").click()
    expect(page.locator(".form-errors")).to_contain_text("answer the statements marked in red")
    expect(page.locator("fieldset.has-error")).to_have_count(1)
    expect(page.locator("input[type=radio]:checked")).to_have_count(len(QUESTIONS) - 1)
    assert violations(page) == []
    screenshot(page, f"readiness-errors-{size}")

    page.locator("fieldset.has-error").get_by_label("Strongly agree").check()
    page.get_by_role("button", name="See my result").click()
    expect(page.locator("#latest .readiness-area")).to_have_count(4)
    expect(page.locator("#area-letting_go")).to_contain_text("Nearly")
    assert fits(page)
    assert violations(page) == []
    screenshot(page, f"readiness-result-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_the_history_in_norwegian(live_server, browser, size, owner):
    User.objects.filter(pk=owner.user_id).update(language="nb")
    now = timezone.now()
    readiness_take(
        actor=owner,
        answers={q.key: 4 if q.reversed else 2 for q in QUESTIONS},
        now=now - timedelta(days=35),
    )
    readiness_take(
        actor=owner,
        answers={q.key: 2 if q.reversed else 4 for q in QUESTIONS},
        now=now - timedelta(days=6),
    )
    page = open_page(browser, live_server, owner.user.email, size)
    expect(page.locator("h1")).to_have_text("Er du klar til å delegere?")
    expect(page.locator("#history tbody tr")).to_have_count(2)
    expect(page.locator("#latest")).to_contain_text("opp 50 poeng")
    assert fits(page)
    assert violations(page) == []
    screenshot(page, f"readiness-history-nb-{size}")

    page.get_by_role("link", name="Ta den på nytt").click()
    expect(page.locator("input[type=radio]:checked")).to_have_count(len(QUESTIONS))
    assert fits(page)
    screenshot(page, f"readiness-again-nb-{size}")

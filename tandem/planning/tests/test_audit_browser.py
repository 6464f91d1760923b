"""The task audit in Debian's Chromium: five entries logged from the keyboard alone, on a wide
screen and on a phone, appear in their day with the right total; the pages pass axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tandem.browser import log_in, screenshot
from tandem.planning.demo.audit import create_audit_demo
from tandem.planning.models import AuditEntry
from tandem.planning.selectors.audit import today_of
from tandem.planning.services import audit as services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What, and the time as typed: 45 + 90 + 90 + 90 + 30 minutes = 5h 45m.
ENTRIES = [
    ("Emails", "45"),
    ("Invoices", "1h30"),
    ("Client call", "1:30"),
    ("Proposal", "1.5h"),
    ("Booking travel", "30"),
]


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, context={"include": [["main"]]})
    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], results.generate_report()


def focused(page: Page, attribute: str) -> str:
    return page.evaluate(f"document.activeElement && document.activeElement.{attribute}")


@pytest.mark.parametrize("width", [1366, 390])
def test_five_entries_from_the_keyboard_alone(width, live_server, browser, owner):
    today = today_of(owner)
    services.audit_period_set(
        actor=owner, starts_on=today - timedelta(days=2), ends_on=today + timedelta(days=11)
    )
    page = log_in(browser, live_server, owner.user.email, "Europe/Oslo", PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/w/alice/planning/audit/")
    page.locator("#audit_what").focus()
    keyboard = page.keyboard
    for number, (what, minutes) in enumerate(ENTRIES):
        expect(page.locator("#audit_what")).to_be_focused()
        keyboard.type(what)
        keyboard.press("Tab")
        keyboard.type(minutes)
        if number == 0:
            # The first entry has no judgements to keep yet: Tab to each group, Space picks
            # its first choice, an arrow moves on within the group.
            for group in ("category", "want", "weight"):
                while focused(page, "name") != group:
                    keyboard.press("Tab")
                keyboard.press("Space")
            keyboard.press("ArrowRight")  # the weight group: marginal
        keyboard.press("Enter")
        expect(page.locator(".audit-logged")).to_contain_text(what)
        expect(page.locator(f"#day-{today.isoformat()} .audit-entry")).to_have_count(number + 1)
    expect(page.locator(f"#day-{today.isoformat()} [data-day-total]")).to_have_text("5h 45m")
    expect(page.locator("[data-period-total]")).to_contain_text("5h 45m")
    assert list(AuditEntry.objects.order_by("id").values_list("minutes", flat=True)) == [
        45,
        90,
        90,
        90,
        30,
    ]
    assert set(AuditEntry.objects.values_list("category", "want", "weight")) == {
        ("key", "love", "marginal")
    }
    screenshot(page, f"planning-audit-{width}")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("width", [1366, 390])
def test_the_pages_look_finished_and_pass_axe(width, language, live_server, browser, owner):
    owner.user.email = "owner@demo.test"
    owner.user.language = language
    owner.user.save(update_fields=["email", "language"])
    create_audit_demo(owner.workspace, {"owner@demo.test": owner})
    page = log_in(browser, live_server, owner.user.email, "Europe/Oslo", PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    entry = AuditEntry.objects.order_by("id").first()
    for name, path in (
        ("analysis", ""),
        ("audit", "audit/"),
        ("audit-entry", f"audit/entries/{entry.pk}/"),
        ("audit-import", "audit/import/"),
    ):
        page.goto(f"{live_server.url}/w/alice/planning/{path}")
        screenshot(page, f"planning-{name}-{width}-{language}")
        assert_accessible(page)

"""The KPI pages in Debian's Chromium, as the owner, a holder and their partner meet them: no
serious or critical axe-core finding, and screenshots at 1366 px and 390 px in English and
Norwegian Bokmål (test-artifacts/screenshots/kpis/)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from tandem.browser import SCREENSHOTS, TIMEOUT
from tandem.roles.models import Kpi

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 800), "phone": (390, 844)}
PEOPLE = {
    "owner": ("owner@demo.test", "Europe/Oslo"),
    "assistant": ("ana@demo.test", "Asia/Manila"),
    "partner": ("partner@demo.test", "Asia/Manila"),
}


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The demo makes the roles, their holders and their KPIs.
    call_command("demo")


def _signed_in(browser: Browser, live_server, role: str, language: str, size: str) -> Page:
    email, zone = PEOPLE[role]
    width, height = SIZES[size]
    context = browser.new_context(
        locale={"en": "en-GB", "nb": "nb-NO"}[language],
        timezone_id=zone,
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill("tandem-demo")
    page.locator("form button[type=submit]").first.click()
    expect(page).not_to_have_url(f"{live_server.url}/accounts/login/")
    if language != "en":
        page.locator("#language-select").select_option(language)
        expect(page.locator("html")).to_have_attribute("lang", language)
    return page


def _pages() -> dict[str, str]:
    pages = {}
    for kpi in Kpi.objects.filter(role__title="Bookkeeping").select_related("role"):
        base = f"/w/northwind/roles/{kpi.role.code}"
        pages["role"] = f"{base}/"
        pages["new"] = f"{base}/kpis/new/"
        pages[kpi.source] = f"{base}/kpis/{kpi.code}/"
        pages[f"{kpi.source}-edit"] = f"{base}/kpis/{kpi.code}/edit/"
    social = Kpi.objects.get(role__title="Social media", source="manual")
    pages["posts"] = f"/w/northwind/roles/{social.role.code}/kpis/{social.code}/"
    return pages


@pytest.mark.parametrize("role", list(PEOPLE))
def test_the_kpi_pages_are_accessible_and_photographed(role, demo, live_server, browser):
    pages = _pages()
    if role != "owner":
        pages = {
            name: address
            for name, address in pages.items()
            if name in ("role", "manual", "on_time")
        }
    folder = SCREENSHOTS / "kpis"
    folder.mkdir(parents=True, exist_ok=True)
    blocking = {}
    for language in ("en", "nb"):
        for size in SIZES:
            page = _signed_in(browser, live_server, role, language, size)
            for name, address in pages.items():
                response = page.goto(f"{live_server.url}{address}")
                assert response is not None and response.ok, (
                    role,
                    name,
                    response and response.status,
                )
                page.screenshot(
                    path=folder / f"{role}-{name}-{size}-{language}.png", full_page=True
                )
                if language == "en":
                    found = [
                        (v["id"], [n["target"] for n in v["nodes"]][:3])
                        for v in Axe().run(page).response["violations"]
                        if v["impact"] in ("serious", "critical")
                    ]
                    if found:
                        blocking[f"{name} {size}"] = found
            page.context.close()
    assert blocking == {}

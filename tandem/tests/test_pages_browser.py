"""Every main page, as each demo person meets it, in Debian's Chromium.

For each role: axe-core (bundled by axe-playwright-python) finds no serious or critical
violation on any of their main pages, and a screenshot of each page is taken at 1366 px and at
390 px in English, Norwegian Bokmål and Italian (test-artifacts/screenshots/pages/). axe runs on
the English pages at both widths (the other languages share their markup); its findings, minor
ones included, are written to test-artifacts/axe.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from tandem.browser import SCREENSHOTS, TIMEOUT

pytestmark = pytest.mark.browser

ARTIFACTS = SCREENSHOTS.parent
BLOCKING = {"serious", "critical"}
SIZES = {"desktop": (1366, 800), "phone": (390, 844)}
LANGUAGES = ["en", "nb", "it"]

PEOPLE = {
    "owner": ("owner@demo.test", "Europe/Oslo"),
    "manager": ("manager@demo.test", "Europe/Rome"),
    "assistant": ("ana@demo.test", "Asia/Manila"),
    "partner": ("partner@demo.test", "Asia/Manila"),
}


def pages_of(role: str) -> dict[str, str]:
    """The main pages of `role` in the demo workspace, by name: address relative to the site."""
    from tandem.planning.models import Responsibility
    from tandem.rhythm.models import Announcement, Meeting
    from tandem.roles.models import AssistantRole
    from tandem.work.models import Task
    from tandem.workspaces.models import Membership

    ws = "/w/northwind"
    task = Task.objects.filter(workspace__slug="northwind", assignee__user__email="ana@demo.test")
    announcement = Announcement.objects.filter(workspace__slug="northwind").first()
    meeting = (
        Meeting.objects.filter(series__workspace__slug="northwind").order_by("starts_at").first()
    )
    ana = Membership.objects.get(workspace__slug="northwind", user__email="ana@demo.test")
    bookkeeping = AssistantRole.objects.get(workspace__slug="northwind", title="Bookkeeping")
    kpi = bookkeeping.kpis.order_by("name").first()
    team = {
        "home": f"{ws}/",
        "town-hall": f"{ws}/announcements/",
        "team": f"{ws}/members/",
        "profile": "/accounts/profile/",
        "search": f"{ws}/search/?q=report",
        "roles": f"{ws}/roles/",
        "role": f"{ws}/roles/{bookkeeping.code}/",
    }
    if kpi:
        team["kpi"] = f"{ws}/roles/{bookkeeping.code}/kpis/{kpi.code}/"
    if announcement:
        team["announcement"] = f"{ws}/announcements/{announcement.code}/"
    if role == "partner":
        return {
            **team,
            "continuity": f"{ws}/continuity/",
            "health": f"{ws}/continuity/people/{ana.code}/",
        }
    pages = {
        **team,
        "board": f"{ws}/board/",
        "tasks": f"{ws}/tasks/",
        "calendar": f"{ws}/calendar/",
        "task": f"{ws}/tasks/{task.order_by('code').first().code}/",
        "checkins": f"{ws}/checkins/",
        "meetings": f"{ws}/meetings/",
        "notifications": f"{ws}/notifications/",
        "calendar-feed": "/calendar/",
    }
    if meeting:
        pages["meeting"] = f"{ws}/meetings/{meeting.code}/"
    if role == "assistant":
        return {
            **pages,
            "my-day": f"{ws}/my-day/",
            "my-health": f"{ws}/continuity/people/{ana.code}/",
            "outages": f"{ws}/outages/",
            "contingency": f"{ws}/contingency/",
        }
    pages.update(
        {
            "attention": f"{ws}/attention/",
            "recurring": f"{ws}/recurring/",
            "new-task": f"{ws}/tasks/new/",
            "continuity": f"{ws}/continuity/",
            "health": f"{ws}/continuity/people/{ana.code}/",
            "overlap": f"{ws}/overlap/",
            "what-to-delegate": f"{ws}/planning/",
            "audit": f"{ws}/planning/audit/",
            "plan": f"{ws}/planning/plan/",
            "readiness": f"{ws}/planning/readiness/",
        }
    )
    invoicing = Responsibility.objects.get(workspace__slug="northwind", title="Client invoicing")
    podcast = Responsibility.objects.get(workspace__slug="northwind", title="Podcast editing")
    pages["responsibility"] = f"{ws}/planning/plan/{invoicing.code}/"
    pages["make-it-a-duty"] = f"{ws}/planning/plan/{podcast.code}/duty/"
    if role == "owner":
        pages["settings"] = f"{ws}/settings/"
        pages["continuity-settings"] = f"{ws}/continuity/settings/"
    return pages


def signed_in(browser: Browser, live_server, role: str, language: str, size: str) -> Page:
    email, zone = PEOPLE[role]
    width, height = SIZES[size]
    context = browser.new_context(
        locale={"en": "en-GB", "nb": "nb-NO", "it": "it-IT"}[language],
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


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo")


def axe_findings(page: Page) -> list[dict[str, object]]:
    results = Axe().run(page)
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results.response["violations"]
    ]


@pytest.mark.parametrize("role", list(PEOPLE))
def test_every_main_page_is_accessible_and_photographed(role, demo, live_server, browser):
    pages = pages_of(role)
    report: dict[str, list[dict[str, object]]] = {}
    for language in LANGUAGES:
        for size in SIZES:
            page = signed_in(browser, live_server, role, language, size)
            for name, address in pages.items():
                response = page.goto(f"{live_server.url}{address}")
                assert response is not None and response.ok, (
                    role,
                    name,
                    response and response.status,
                )
                page.wait_for_load_state("networkidle")
                folder = ARTIFACTS / "screenshots" / "pages"
                folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=folder / f"{role}-{name}-{size}-{language}.png", full_page=True
                )
                if language == "en":
                    report[f"{name} {size} {language}"] = axe_findings(page)
            page.context.close()
    _write_report(role, report)
    blocking = {
        where: [f["id"] for f in findings if f["impact"] in BLOCKING]
        for where, findings in report.items()
        if any(f["impact"] in BLOCKING for f in findings)
    }
    assert blocking == {}, json.dumps(
        {where: [f for f in report[where] if f["impact"] in BLOCKING] for where in blocking},
        indent=1,
    )


def _write_report(role: str, report: dict[str, list[dict[str, object]]]) -> None:
    path: Path = ARTIFACTS / "axe.json"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = json.loads(path.read_text()) if path.exists() else {}
    saved[role] = report
    path.write_text(json.dumps(saved, indent=1, sort_keys=True))

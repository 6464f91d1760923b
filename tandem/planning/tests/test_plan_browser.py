"""The delegation plan in Debian's Chromium: the demo's plan and a responsibility's page pass
axe-core at a desktop and a phone width, in English and Norwegian; the order moves by keyboard
with the focus kept on the button pressed."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD, add_member, make_user
from tandem.browser import TIMEOUT, screenshot
from tandem.planning.demo.plan import create_plan_demo
from tandem.planning.models import Responsibility
from tandem.workspaces.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"wide": (1366, 900), "phone": (390, 844)}
BLOCKING = {"serious", "critical"}


def signed_in(browser: Browser, live_server, email: str, language: str, size: str) -> Page:
    width, height = SIZES[size]
    context = browser.new_context(
        locale={"en": "en-GB", "nb": "nb-NO"}[language],
        timezone_id="Europe/Oslo",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).not_to_have_url(f"{live_server.url}/accounts/login/")
    if language != "en":
        page.locator("#language-select").select_option(language)
        expect(page.locator("html")).to_have_attribute("lang", language)
    return page


@pytest.fixture
def demo_plan(owner, manager):
    workspace = owner.workspace
    members = {
        "owner@demo.test": owner,
        "manager@demo.test": manager,
        "ana@demo.test": add_member(
            workspace, make_user("ana@demo.test", "Ana Reyes", "Asia/Manila"), Role.ASSISTANT
        ),
        "lukas@demo.test": add_member(
            workspace, make_user("lukas@demo.test", "Lukas Weber", "Europe/Berlin"), Role.ASSISTANT
        ),
    }
    create_plan_demo(workspace, members)
    return owner


def blocking(page: Page) -> list[dict[str, object]]:
    violations = Axe().run(page).response["violations"]
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v["impact"] in BLOCKING
    ]


def test_the_plan_pages_are_accessible_at_every_width(live_server, browser, demo_plan):
    owner = demo_plan
    invoicing = Responsibility.objects.get(title="Client invoicing")
    pages = {
        "plan": reverse("planning:plan", kwargs={"ws": owner.workspace.slug}),
        "responsibility": invoicing.get_absolute_url(),
        "new": reverse("planning:responsibility_new", kwargs={"ws": owner.workspace.slug})
        + "?title=Client+calls&candidate=client+calls&minutes=90",
    }
    found = {}
    for language in ("en", "nb"):
        for size in SIZES:
            page = signed_in(browser, live_server, owner.user.email, language, size)
            for name, address in pages.items():
                response = page.goto(f"{live_server.url}{address}")
                assert response is not None and response.ok
                screenshot(page, f"plan-{name}-{size}-{language}")
                if problems := blocking(page):
                    found[f"{name} {size} {language}"] = problems
            page.context.close()
    assert found == {}


def test_the_order_moves_by_keyboard(live_server, browser, demo_plan):
    owner = demo_plan
    page = signed_in(browser, live_server, owner.user.email, "en", "wide")
    page.goto(f"{live_server.url}{reverse('planning:plan', kwargs={'ws': owner.workspace.slug})}")
    travel = Responsibility.objects.get(title="Travel booking")
    up = page.locator(f"#up-{travel.code}")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".plan-item h2").nth(2)).to_have_text("Travel booking")
    expect(page.locator(f"#up-{travel.code}")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".plan-item h2").nth(1)).to_have_text("Travel booking")
    titles = list(Responsibility.objects.order_by("position").values_list("title", flat=True))
    assert titles[1] == "Travel booking"
    page.context.close()

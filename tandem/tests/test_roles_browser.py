"""The roles pages, as the demo's owner, assistant and partner meet them, in Debian's Chromium:
no serious or critical axe-core finding, and a screenshot at 1366 px and 390 px in English and
Norwegian Bokmål (test-artifacts/screenshots/roles/)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser

from tandem.browser import SCREENSHOTS
from tandem.tests.test_pages_browser import BLOCKING, SIZES, axe_findings, signed_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo")  # the roles, their duties and holders, and their KPIs


def pages_of(role: str) -> dict[str, str]:
    from tandem.roles.models import AssistantRole

    ws = "/w/northwind/roles"
    books = AssistantRole.objects.get(workspace__slug="northwind", title="Bookkeeping")
    pages = {"roles": f"{ws}/", "role": f"{ws}/{books.code}/"}
    if role == "owner":
        duty = books.duties.order_by("position").first()
        assert duty is not None
        pages |= {
            "role-new": f"{ws}/new/",
            "role-edit": f"{ws}/{books.code}/edit/",
            "duty-new": f"{ws}/{books.code}/duties/new/",
            "duty-edit": f"{ws}/{books.code}/duties/{duty.code}/edit/",
        }
    return pages


@pytest.mark.parametrize("role", ["owner", "assistant", "partner"])
def test_the_roles_pages_are_accessible_and_photographed(role, demo, live_server, browser: Browser):
    pages = pages_of(role)
    folder = SCREENSHOTS / "roles"
    folder.mkdir(parents=True, exist_ok=True)
    blocking: dict[str, list[dict[str, object]]] = {}
    for language in ("en", "nb"):
        for size in SIZES:
            page = signed_in(browser, live_server, role, language, size)
            for name, address in pages.items():
                response = page.goto(f"{live_server.url}{address}")
                assert response is not None and response.ok, (role, name)
                page.wait_for_load_state("networkidle")
                page.screenshot(
                    path=folder / f"{role}-{name}-{size}-{language}.png", full_page=True
                )
                if language == "en":
                    found = [f for f in axe_findings(page) if f["impact"] in BLOCKING]
                    if found:
                        blocking[f"{name} {size}"] = found
            page.context.close()
    assert blocking == {}, json.dumps(blocking, indent=1)

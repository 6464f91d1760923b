"""No dead ends, in Debian's Chromium: a step form's errors stay on the task's address, and
cancelling a task asks in a dialog and can be undone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.browser import log_in as browser_log_in
from tandem.browser import screenshot
from tandem.work.models import State, Task
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser: Browser, live_server, email: str, zone: str) -> Page:
    return browser_log_in(browser, live_server, email, zone, PASSWORD)


def test_a_step_forms_error_keeps_the_task_pages_address(live_server, browser, owner, assistant):
    task = make_task(owner, assistant)
    task_url = f"{live_server.url}{task.get_absolute_url()}"
    ana = log_in(browser, live_server, assistant.user.email, "Asia/Manila")
    ana.goto(task_url)
    ana.get_by_label("does not work: I propose another").check()
    ana.get_by_label("Proposed date").fill("2026-12-09")
    ana.get_by_role("button", name="I understand").click()
    expect(ana.get_by_text("Say why the deadline does not work for you.")).to_be_visible()
    expect(ana).to_have_url(task_url)
    expect(ana.get_by_label("Proposed date")).to_have_value("2026-12-09")
    screenshot(ana, "dead-ends-01-step-error")

    # A reload shows the page (no 405), and the step's own address leads to the page.
    response = ana.reload()
    assert response is not None and response.status == 200
    expect(ana.get_by_role("button", name="I understand")).to_be_visible()
    response = ana.goto(f"{task_url}acknowledge/")
    assert response is not None and response.status == 200
    expect(ana).to_have_url(task_url)
    task.refresh_from_db()
    assert task.state == State.ASSIGNED


def test_cancelling_a_task_asks_in_a_dialog_and_can_be_undone(
    live_server, browser, owner, assistant
):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_start(actor=assistant, task=task)
    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    boss.goto(f"{live_server.url}{task.get_absolute_url()}")
    cancel = boss.get_by_role("button", name="Cancel this task")

    cancel.click()
    dialog = boss.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Cancel this task?")
    expect(dialog.get_by_role("button", name="No, go back")).to_be_focused()
    screenshot(boss, "dead-ends-02-confirm-dialog")
    boss.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(cancel).to_be_focused()
    assert Task.objects.get(pk=task.pk).state == State.IN_PROGRESS

    cancel.click()
    dialog.get_by_role("button", name="Yes, do it").click()
    expect(boss.locator(".messages")).to_contain_text("The task is cancelled.")
    assert Task.objects.get(pk=task.pk).state == State.CANCELLED
    screenshot(boss, "dead-ends-03-undo")

    boss.locator(".messages").get_by_role("button", name="Undo").click()
    expect(boss.locator(".messages")).to_contain_text(re.compile("The cancellation is undone"))
    assert Task.objects.get(pk=task.pk).state == State.IN_PROGRESS

"""The task list and the comment box in Debian's Chromium: live filters and sorting with the
address kept in step, "Show more", changes to many tasks, and @mention suggestions."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.browser import log_in as browser_log_in
from tandem.browser import screenshot
from tandem.work.models import State, Task, TaskEvent
from tandem.work.tests.factories import make_task, task_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser: Browser, live_server, email: str) -> Page:
    return browser_log_in(browser, live_server, email, "Europe/Oslo", PASSWORD)


def assert_accessible(page: Page, selector: str) -> None:
    results = Axe().run(page, context={"include": [[selector]]})
    assert results.violations_count == 0, results.generate_report()


def rows(page: Page):
    return page.locator("#task-rows tr")


def test_the_list_filters_sorts_shows_more_and_changes_many_tasks(
    live_server, browser, owner, assistant
):
    for number in range(55):
        make_task(owner, assistant, title=f"Report {number:02}", due_date=None)
    done = task_in_state(State.DONE, owner, assistant)
    Task.objects.filter(pk=done.pk).update(title="Report done")
    page = log_in(browser, live_server, owner.user.email)
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/w/alice/tasks/")
    expect(rows(page)).to_have_count(50)

    # Sorting by a header: the address says so, and so does aria-sort.
    page.get_by_role("link", name="Task", exact=True).click()
    expect(page).to_have_url(re.compile(r"sort=title"))
    expect(page.locator('th[aria-sort="ascending"]')).to_have_text("Task")
    expect(rows(page).first).to_contain_text("Report 00")

    # "Show more" appends the next rows in place.
    page.get_by_role("link", name="Show more").click()
    expect(rows(page)).to_have_count(56)
    expect(page.get_by_role("link", name="Show more")).to_have_count(0)

    # A filter applies as it changes; reload and back keep it.
    page.get_by_label("State").select_option("done")
    expect(page).to_have_url(re.compile(r"state=done"))
    expect(rows(page)).to_have_count(1)
    page.reload()
    expect(rows(page)).to_have_count(1)
    page.go_back()  # the list as it was, with the rows shown
    expect(page).not_to_have_url(re.compile(r"state=done"))
    expect(rows(page)).to_have_count(56)

    # Choose every task on the page, and two more that cannot move.
    page.get_by_label("State").select_option("")
    expect(rows(page)).to_have_count(50)
    page.get_by_label("Title contains").fill("Report 0")
    expect(rows(page)).to_have_count(10)
    page.get_by_label("Choose every task on this page").check()
    expect(page.locator(".bulk-chosen")).to_have_text("Tasks chosen: 10")
    page.get_by_label("Choose: Report 03").uncheck()
    expect(page.get_by_label("Choose every task on this page")).not_to_be_checked()
    page.get_by_label("Move to").select_option(label="Cancelled")
    screenshot(page, "list-01-bulk")
    assert_accessible(page, "#task-results")
    page.locator('#bulk-form button[value="move"]').click()
    expect(page.locator(".message")).to_have_text("9 moved")
    expect(page).to_have_url(re.compile(r"q=Report\+0"))
    assert Task.objects.filter(state=State.CANCELLED).count() == 9
    assert TaskEvent.objects.filter(to_state=State.CANCELLED, actor=owner).count() == 9

    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "list-02-phone")


def test_the_comment_box_suggests_whom_to_mention(live_server, browser, owner, manager, assistant):
    task = make_task(owner, assistant)
    page = log_in(browser, live_server, owner.user.email)
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    body = page.get_by_label("Your comment")
    body.press_sequentially("Thanks @m")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(listbox.get_by_role("option").first).to_contain_text("Mona Manager")
    expect(body).to_have_attribute("aria-activedescendant", re.compile("mention-list"))
    body.press("Enter")
    expect(body).to_have_value("Thanks @Mona ")
    expect(listbox).to_be_hidden()

    # Arrows move through the choices; Escape closes without choosing.
    body.press_sequentially("and @")
    expect(listbox.get_by_role("option")).to_have_count(2)
    body.press("ArrowDown")
    expect(listbox.get_by_role("option").nth(1)).to_have_attribute("aria-selected", "true")
    body.press("Escape")
    expect(listbox).to_be_hidden()
    body.press_sequentially("An")
    expect(listbox.get_by_role("option")).to_have_count(1)
    screenshot(page, "mention-01-suggestions")
    assert_accessible(page, "#thread")
    body.press("Tab")
    expect(body).to_have_value("Thanks @Mona and @Ana ")

    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#thread .comment .mention")).to_have_text(["@Mona", "@Ana"])

"""The header and the board as people meet them, in Debian's Chromium: the board's columns on
a 1366 px screen, the phone's menu, the keyboard shortcuts and the bell's menu."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.browser import log_in as browser_log_in
from tandem.browser import screenshot
from tandem.notify import services as notify_services
from tandem.notify.models import Notification
from tandem.work.models import State, Task
from tandem.work.selectors import BOARD_STATES
from tandem.work.tests.factories import task_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


def log_in(browser: Browser, live_server, member, viewport: dict[str, int] = LAPTOP) -> Page:
    page = browser_log_in(browser, live_server, member.user.email, "Europe/Oslo", PASSWORD)
    page.set_viewport_size(viewport)
    return page


def assert_accessible_header(page: Page) -> None:
    results = Axe().run(page, context={"include": [["header"]]})
    assert results.violations_count == 0, results.generate_report()


def fill_the_board(owner, assistant) -> None:
    """Tasks in every column, some with long titles, as in the demo workspace."""
    for state in BOARD_STATES:
        task_in_state(state, owner, assistant)
    for state in (State.ASSIGNED, State.IN_PROGRESS, State.CHANGES_REQUESTED):
        task = task_in_state(state, owner, assistant)
        Task.objects.filter(pk=task.pk).update(
            title="Check the support inbox and answer what you can before the weekend"
        )


def test_it_shows_every_column_of_the_board_on_a_laptop(live_server, browser, owner, assistant):
    fill_the_board(owner, assistant)
    boss = log_in(browser, live_server, owner)
    boss.goto(f"{live_server.url}/w/alice/board/")
    headers = boss.locator(".board-column h2")
    expect(headers).to_have_count(len(BOARD_STATES))
    for index in range(len(BOARD_STATES)):
        box = headers.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= LAPTOP["width"], headers.nth(index).inner_text()
        assert box["y"] + box["height"] <= LAPTOP["height"]
    # Nothing to scroll sideways: neither the page nor the board; the page scrolls as one.
    assert boss.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    board = boss.locator(".board")
    assert board.evaluate("b => b.scrollWidth <= b.clientWidth")
    assert boss.locator(".board-cards").first.evaluate("c => c.scrollHeight <= c.clientHeight")
    # Done folds away; its cards show on demand.
    done = boss.locator("#column-done")
    expect(done.locator(".board-card")).to_be_hidden()
    done.get_by_text("Show done tasks").click()
    expect(done.locator(".board-card")).to_be_visible()
    screenshot(boss, "board-1366-owner")

    # Dragging still moves a card: the owner accepts the work in review.
    card = boss.locator("#column-in_review .board-card").first
    with boss.expect_response(re.compile(r"/move/$")):
        card.drag_to(done)
    expect(done.locator("[data-count]")).to_have_text("2")
    expect(boss.locator("#column-in_review [data-count]")).to_have_text("0")


def test_it_opens_the_phone_menu_and_reaches_a_page_in_a_group(
    live_server, browser, owner, assistant
):
    boss = log_in(browser, live_server, owner, PHONE)
    boss.goto(f"{live_server.url}/w/alice/")
    nav = boss.get_by_role("navigation", name="Workspace")
    expect(nav).to_be_hidden()
    switcher = boss.locator(".menu.switcher > summary")
    expect(switcher).to_have_text("Alice Consulting")
    assert switcher.evaluate("s => s.scrollWidth <= s.clientWidth")
    menu = boss.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.get_by_text("Alice Consulting")).to_be_visible()
    # The first link has the focus; every group is open, nothing to unfold.
    expect(nav.get_by_role("link", name="Overview")).to_be_focused()
    assert_accessible_header(boss)
    screenshot(boss, "nav-390-owner-menu")
    boss.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(menu).to_be_focused()
    menu.click()
    nav.get_by_role("link", name="Meetings").click()
    expect(boss).to_have_url(f"{live_server.url}/w/alice/meetings/")
    assert boss.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_it_opens_a_group_of_the_navigation_on_a_laptop(live_server, browser, owner):
    boss = log_in(browser, live_server, owner)
    boss.goto(f"{live_server.url}/w/alice/")
    nav = boss.get_by_role("navigation", name="Workspace")
    expect(boss.get_by_role("button", name="Menu")).to_be_hidden()
    expect(nav.get_by_role("link", name="Board")).to_be_hidden()
    nav.get_by_text("Work", exact=True).click()
    expect(nav.get_by_role("link", name="Board")).to_be_visible()
    assert_accessible_header(boss)
    # Another group closes the first; Escape and a click elsewhere close them.
    nav.get_by_text("Rhythm", exact=True).click()
    expect(nav.get_by_role("link", name="Board")).to_be_hidden()
    expect(nav.get_by_role("link", name="Town hall")).to_be_visible()
    boss.keyboard.press("Escape")
    expect(nav.get_by_role("link", name="Town hall")).to_be_hidden()
    nav.get_by_text("Team", exact=True).click()
    boss.locator("h1").click()
    expect(nav.get_by_role("link", name="People")).to_be_hidden()
    nav.get_by_text("Team", exact=True).click()
    nav.get_by_role("link", name="People").click()
    expect(boss).to_have_url(f"{live_server.url}/w/alice/members/")
    expect(nav.locator('summary[aria-current="true"]')).to_have_text("Team")


def test_it_answers_the_keyboard_shortcuts(live_server, browser, owner, assistant):
    fill_the_board(owner, assistant)
    ana = log_in(browser, live_server, assistant)
    ana.goto(f"{live_server.url}/w/alice/")
    dialog = ana.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_hidden()
    ana.keyboard.press("?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Go to My day")
    expect(dialog).not_to_contain_text("New task")
    screenshot(ana, "shortcuts-assistant")
    ana.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    ana.keyboard.press("g")
    ana.keyboard.press("b")
    expect(ana).to_have_url(f"{live_server.url}/w/alice/board/")

    # j and k move through the cards; Enter opens the one in focus.
    cards = ana.locator(".board-card:visible")
    ana.keyboard.press("j")
    expect(cards.nth(0)).to_be_focused()
    ana.keyboard.press("j")
    expect(cards.nth(1)).to_be_focused()
    ana.keyboard.press("k")
    expect(cards.nth(0)).to_be_focused()
    title = cards.nth(0).locator(".card-title").inner_text()
    ana.keyboard.press("Enter")
    expect(ana.get_by_role("heading", name=title, level=1)).to_be_visible()

    # Typing in a text field is typing, not a shortcut.
    task_url = ana.url
    comment = ana.locator("textarea").first
    comment.click()
    comment.type("g b j ?")
    expect(comment).to_have_value("g b j ?")
    expect(dialog).to_be_hidden()
    assert ana.url == task_url
    # Nor with a modifier key.
    ana.locator("h1").click()
    ana.keyboard.press("Control+g")
    ana.keyboard.press("l")
    assert ana.url == task_url

    ana.keyboard.press("g")
    ana.keyboard.press("d")
    expect(ana).to_have_url(f"{live_server.url}/w/alice/my-day/")


def test_it_opens_the_bell_menu_and_marks_all_read(live_server, browser, owner, assistant):
    for number in range(12):
        notify_services.notify(
            workspace=owner.workspace,
            recipients=[assistant],
            kind="announcement_posted",
            event_key=f"announcement:{number}",
            actor=owner,
            url="/w/alice/",
            thread_key="announcement:a1",
            params={"title": f"Notice number {number:02}"},
        )
    ana = log_in(browser, live_server, assistant)
    ana.goto(f"{live_server.url}/w/alice/")
    bell = ana.locator(".bell")
    expect(bell).to_contain_text("12 unread")
    with ana.expect_response(re.compile(r"/notifications/bell/menu/$")):
        bell.click()
    panel = ana.locator("#bell-panel")
    expect(panel.locator(".bell-item")).to_have_count(10)
    expect(panel).to_contain_text("Notice number 11")
    expect(panel.get_by_role("link", name="All notifications")).to_be_visible()
    assert_accessible_header(ana)
    screenshot(ana, "bell-1366-assistant")
    panel.get_by_role("button", name="Mark all as read").click()
    expect(panel.locator("li.unread")).to_have_count(0)
    expect(bell.locator(".bell-count")).to_have_count(0)
    expect(bell).not_to_contain_text("unread")
    assert not Notification.objects.filter(recipient=assistant, read_at__isnull=True).exists()
    ana.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    bell.click()
    panel.get_by_role("link", name="All notifications").click()
    expect(ana).to_have_url(f"{live_server.url}/w/alice/notifications/")


def test_it_searches_lists_and_creates_with_the_keyboard(live_server, browser, owner, assistant):
    fill_the_board(owner, assistant)
    boss = log_in(browser, live_server, owner)
    boss.goto(f"{live_server.url}/w/alice/")
    # "/" goes to the header's search box.
    boss.keyboard.press("/")
    expect(boss.locator("#site-search")).to_be_focused()
    expect(boss.locator("#site-search")).to_have_value("")
    boss.locator("h1").click()

    boss.keyboard.press("g")
    boss.keyboard.press("l")
    expect(boss).to_have_url(f"{live_server.url}/w/alice/tasks/")
    rows = boss.locator(".task-table tbody tr")
    boss.keyboard.press("k")
    expect(rows.last).to_be_focused()
    boss.keyboard.press("j")
    expect(rows.last).to_be_focused()
    title = rows.last.locator(".row-title").inner_text()
    boss.keyboard.press("Enter")
    expect(boss.get_by_role("heading", name=title, level=1)).to_be_visible()

    boss.keyboard.press("g")
    boss.keyboard.press("d")
    expect(boss).to_have_url(f"{live_server.url}/w/alice/attention/")
    boss.keyboard.press("n")
    expect(boss).to_have_url(f"{live_server.url}/w/alice/tasks/new/")

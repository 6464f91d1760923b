"""The hand-in and a proposed deadline in Debian's Chromium, as an assistant and an owner in
their own time zones."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.browser import log_in as browser_log_in
from tandem.browser import screenshot
from tandem.lib.templatetags.when import when
from tandem.lib.timezones import local_instant
from tandem.work.models import Attachment, State, Submission
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% a tiny test file\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def log_in(browser: Browser, live_server, email: str, zone: str) -> Page:
    return browser_log_in(browser, live_server, email, zone, PASSWORD)


def label(day: date, at: time | None, deadline_zone: str, viewer_zone: str) -> str:
    """A deadline as the page names it to a viewer in `viewer_zone`."""
    instant = local_instant(day, at, deadline_zone)
    with translation.override("en"), timezone.override(viewer_zone):
        return when(instant, "datetime" if at else "date")


def test_the_owner_sees_the_hand_in_at_the_top_of_the_review(
    live_server, browser, owner, assistant, tmp_path
):
    task = make_task(owner, assistant, title="Update the price list")
    services.task_acknowledge(actor=assistant, task=task)
    task_url = f"{live_server.url}{task.get_absolute_url()}"
    report = tmp_path / "Prices 2027.pdf"
    report.write_bytes(PDF)

    ana = log_in(browser, live_server, assistant.user.email, "Asia/Manila")
    ana.goto(task_url)
    ana.get_by_label("Note for the reviewer (optional)").fill("Every price is checked twice.")
    ana.get_by_label("Links (optional)").fill("https://example.com/prices-sheet")
    ana.get_by_label("Files for the reviewer (optional)").set_input_files(str(report))
    screenshot(ana, "hand-in-01-submit")
    ana.get_by_role("button", name="Submit for review").click()
    expect(ana.locator(".messages")).to_contain_text("Submitted for review.")

    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    boss.goto(task_url)
    review = boss.locator("#review")
    hand_in = review.locator(".hand-in")
    expect(hand_in).to_contain_text("Handed in by Ana Assistant")
    expect(hand_in).to_contain_text("Every price is checked twice.")
    expect(hand_in.get_by_role("link", name="https://example.com/prices-sheet")).to_have_attribute(
        "href", "https://example.com/prices-sheet"
    )
    file_link = hand_in.get_by_role("link", name="Prices 2027.pdf")
    expect(file_link).to_be_visible()
    # At the top of the review box: the hand-in comes before the review's own form.
    assert review.evaluate(
        "box => box.querySelector('.hand-in').compareDocumentPosition(box.querySelector('form'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    # The file opens for the owner, through the task's access rules.
    answer = boss.request.get(f"{live_server.url}{file_link.get_attribute('href')}")
    assert answer.status == 200
    assert answer.body() == PDF
    screenshot(boss, "hand-in-02-review")

    submission = Submission.objects.get(task=task)
    assert Attachment.objects.get().submission == submission
    task.refresh_from_db()
    assert task.state == State.IN_REVIEW


def test_a_proposed_deadline_waits_for_the_owner_until_accepted(
    live_server, browser, owner, assistant
):
    today = timezone.localdate()
    due, proposed = today + timedelta(days=4), today + timedelta(days=8)
    task = make_task(owner, assistant, title="Write the winter newsletter", due_date=due)
    task_url = f"{live_server.url}{task.get_absolute_url()}"
    board = f"{live_server.url}{reverse('work:board', kwargs={'ws': 'alice'})}"
    my_day = f"{live_server.url}{reverse('insights:my_day', kwargs={'ws': 'alice'})}"
    five = time(17, 0)
    mine = {"old": label(due, five, "Asia/Manila", "Asia/Manila")}
    mine["new"] = label(proposed, five, "Asia/Manila", "Asia/Manila")
    owners = {"old": label(due, five, "Asia/Manila", "Europe/Oslo")}
    owners["new"] = label(proposed, five, "Asia/Manila", "Europe/Oslo")
    with translation.override("en"):
        proposed_day = when(proposed, "date")

    # The assistant proposes another date; the date fields show only once she asks for them.
    ana = log_in(browser, live_server, assistant.user.email, "Asia/Manila")
    ana.goto(task_url)
    expect(ana.get_by_label("is manageable")).to_be_checked()
    expect(ana.get_by_label("Proposed date")).to_be_hidden()
    expect(ana.get_by_label("Why")).to_be_hidden()
    ana.get_by_label("does not work: I propose another").check()
    expect(ana.get_by_label("Proposed date")).to_be_visible()
    ana.get_by_label("Proposed date").fill(proposed.isoformat())
    ana.get_by_label("Time (optional)").fill("17:00")
    ana.get_by_label("Why").fill("The supplier sends the prices a week late.")
    ana.get_by_label("is manageable").check()
    expect(ana.get_by_label("Proposed date")).to_be_hidden()
    ana.get_by_label("does not work: I propose another").check()
    ana.get_by_role("button", name="I understand").click()
    expect(ana.locator(".messages")).to_contain_text("proposed deadline was sent")

    # The task, the card and My day show it waiting.
    expect(ana.locator("#proposal-pending")).to_contain_text(
        f"You proposed {mine['new']} · waiting for Alice Owner"
    )
    screenshot(ana, "proposal-01-waiting")
    ana.goto(board)
    card = ana.locator(".board-card", has_text="Write the winter newsletter")
    expect(card.locator(".badge-proposal")).to_have_text(f"Proposed {proposed_day}")
    ana.goto(my_day)
    expect(ana.locator("main")).to_contain_text(
        f"You proposed {proposed_day} · waiting for Alice Owner"
    )
    screenshot(ana, "proposal-02-my-day")

    # The owner sees both dates and accepts.
    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    boss.goto(task_url)
    expect(boss.locator("#proposal")).to_contain_text(
        f"Ana Assistant proposes {owners['new']} instead of {owners['old']}."
    )
    expect(boss.locator("#proposal")).to_contain_text("The supplier sends the prices a week late.")
    screenshot(boss, "proposal-03-decide")
    boss.get_by_role("button", name="Accept the new date").click()
    expect(boss.locator(".messages")).to_contain_text("The new deadline is set.")
    history = boss.locator(".history")
    expect(history).to_contain_text(f"proposed {owners['new']} instead of {owners['old']}")
    expect(history).to_contain_text(
        f"accepted the proposed deadline {owners['new']} instead of {owners['old']}"
    )
    expect(boss.locator("#proposal")).to_have_count(0)

    # The assistant's deadline moved, and nothing waits any more.
    ana.goto(task_url)
    expect(ana.locator(".page-head")).to_contain_text(f"Deadline: {proposed_day}")
    expect(ana.locator("#proposal-pending")).to_have_count(0)
    expect(ana.locator(".history")).to_contain_text(
        f"accepted the proposed deadline {mine['new']} instead of {mine['old']}"
    )
    screenshot(ana, "proposal-04-accepted")
    ana.goto(board)
    card = ana.locator(".board-card", has_text="Write the winter newsletter")
    expect(card.locator(".badge-proposal")).to_have_count(0)

    task.refresh_from_db()
    assert (task.due_date, task.due_time) == (proposed, five)
    assert not task.has_proposal

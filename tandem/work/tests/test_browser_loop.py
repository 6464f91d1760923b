"""The whole delegation loop in Debian's Chromium, as two people in two browsers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.browser import log_in as browser_log_in
from tandem.browser import screenshot
from tandem.work.models import Comment, State, Task, TimeEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser: Browser, live_server, email: str, zone: str) -> Page:
    return browser_log_in(browser, live_server, email, zone, PASSWORD)


def test_it_walks_the_delegation_loop_as_two_people(live_server, browser, owner, assistant):
    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    ana = log_in(browser, live_server, assistant.user.email, "Asia/Manila")

    # The owner writes a brief and watches the clarity check.
    boss.goto(f"{live_server.url}/w/alice/tasks/new/")
    boss.get_by_label("Title").fill("Send the newsletter asap")
    expect(boss.locator("#clarity mark")).to_have_text("asap")
    expect(boss.locator("#clarity")).to_contain_text("the outcome: why it matters")
    boss.get_by_label("Title").fill("Send the December newsletter")
    boss.get_by_label("Outcome: why it matters").fill("Customers hear about the winter offer.")
    boss.get_by_label("Deliverable").fill("The newsletter, sent to every customer.")
    boss.get_by_label("Acceptance criteria").fill("Under 300 words. One call to action.")
    boss.get_by_label("Deadline").fill("2026-12-04")
    boss.get_by_label("Estimated effort (minutes)").fill("90")
    boss.get_by_label("Resources").fill("https://example.com/brand-guide")
    expect(boss.locator("#clarity")).to_contain_text("Clear")
    boss.get_by_label("Assignee").select_option(label="Ana Assistant")
    screenshot(boss, "loop-01-brief")
    boss.get_by_role("button", name="Save").click()
    expect(boss.get_by_role("heading", name="Send the December newsletter")).to_be_visible()
    task_url = boss.url
    task = Task.objects.get()

    # The assistant acknowledges and proposes another date.
    ana.goto(task_url)
    ana.get_by_label("does not work: I propose another").check()
    ana.get_by_label("Proposed date").fill("2026-12-08")
    ana.get_by_label("Why").fill("The offer prices arrive on the 7th.")
    screenshot(ana, "loop-02-acknowledge")
    ana.get_by_role("button", name="I understand").click()
    expect(ana.locator(".messages")).to_contain_text("proposed deadline was sent")

    # The owner is told, and accepts the date.
    boss.goto(task_url)
    expect(boss.locator("#proposal")).to_contain_text("The offer prices arrive on the 7th.")
    boss.get_by_role("button", name="Accept the new date").click()
    expect(boss.locator(".messages")).to_contain_text("The new deadline is set.")

    # The assistant starts, gets stuck and asks for help in one click.
    ana.goto(task_url)
    ana.get_by_role("button", name="Start work").click()
    expect(ana.locator(".messages")).to_contain_text("The task is in progress.")
    ana.get_by_text("Log time by hand").click()
    ana.get_by_label("Time spent").fill("1h 30m")
    ana.get_by_role("button", name="Log time").click()
    expect(ana.locator("#time")).to_contain_text("90 min")

    # A comment survives a reload before it is posted, and a form sent twice posts once.
    ana.get_by_label("Your comment").fill("Which photo goes at the top?")
    ana.reload()
    expect(ana.get_by_label("Your comment")).to_have_value("Which photo goes at the top?")
    ana.evaluate(
        """async () => {
            const form = document.querySelector("form.comment-form");
            const data = new FormData(form);
            const send = () => fetch(form.action, {method: "POST", body: data});
            await send();
            await send();
        }"""
    )
    ana.reload()
    expect(ana.locator("#thread .comment")).to_have_count(1)
    ana.get_by_label("What is blocking you?").fill("I have no login for the newsletter tool.")
    ana.get_by_role("button", name="I'm stuck").click()
    expect(ana.locator(".messages")).to_contain_text("Help is on its way")

    # The owner sees the bell, answers, and the task is unblocked.
    boss.goto(task_url)
    # The proposal, the comment, and the help.
    expect(boss.locator(".bell")).to_contain_text("3 unread")
    expect(boss.locator("#answer")).to_contain_text("no login for the newsletter tool")
    boss.get_by_label("Your answer").fill("Invited you to the tool; check your inbox.")
    screenshot(boss, "loop-03-answer")
    boss.get_by_role("button", name="Answer and unblock").click()
    expect(boss.locator(".messages")).to_contain_text("the task is unblocked")

    # Submit, changes requested, resubmit, accepted with feedback.
    ana.goto(task_url)
    ana.get_by_role("button", name="Submit for review").click()
    expect(ana.locator(".messages")).to_contain_text("Submitted for review.")
    boss.goto(task_url)
    boss.get_by_label("Ask for changes").check()
    boss.get_by_label("Feedback").fill("Please add the opening hours over Christmas.")
    boss.get_by_role("button", name="Send the review").click()
    expect(boss.locator(".messages")).to_contain_text("Changes requested.")
    ana.goto(task_url)
    expect(ana.locator("#feedback")).to_contain_text("opening hours over Christmas")
    ana.get_by_role("button", name="Submit for review").click()
    expect(ana.locator(".messages")).to_contain_text("Submitted for review.")
    boss.goto(task_url)
    boss.get_by_label("Accept: it is done").check()
    boss.get_by_label("Feedback").fill("Lovely work, thank you!")
    boss.get_by_label("Rating (optional)").select_option("5")
    boss.get_by_role("button", name="Send the review").click()
    expect(boss.locator(".messages")).to_contain_text("Accepted. The task is done.")

    # The assistant's notifications arrived; the feedback is on the task.
    ana.goto(f"{live_server.url}/w/alice/notifications/")
    expect(ana.locator("main")).to_contain_text("accepted “Send the December newsletter”")
    expect(ana.locator("main")).to_contain_text("asked for changes")
    ana.goto(task_url)
    expect(ana.locator("#feedback")).to_contain_text("Lovely work, thank you!")
    screenshot(ana, "loop-04-done")

    task.refresh_from_db()
    assert task.state == State.DONE
    assert str(task.due_date) == "2026-12-08"
    assert Comment.objects.get().body == "Which photo goes at the top?"
    assert TimeEntry.objects.get(kind=TimeEntry.Kind.WORK).minutes == 90

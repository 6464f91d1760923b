"""A check-in from prompt to task, in Debian's Chromium: the assistant answers from the
notification, the owner sees the blocker in the feed and makes it a task."""

from __future__ import annotations

import re
from datetime import time

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from tandem.browser import log_in as browser_log_in
from tandem.browser import screenshot
from tandem.rhythm.models import CheckIn, CheckInState
from tandem.rhythm.services import checkins as services
from tandem.work.models import State, Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser: Browser, live_server, email: str, zone: str) -> Page:
    return browser_log_in(browser, live_server, email, zone, PASSWORD)


def test_an_answered_blocker_becomes_a_task(live_server, browser, owner, manager, assistant):
    schedule = services.checkin_schedule_save(
        actor=owner, member=assistant, spec=services.ScheduleSpec(at=time(9))
    )
    # The sweep's prompt for Ana's today (the time of day does not matter here).
    services.checkin_prompt_create(member=assistant, day=assistant.local_today(), schedule=schedule)

    ana = log_in(browser, live_server, assistant.user.email, "Asia/Manila")
    ana.goto(f"{live_server.url}/w/alice/notifications/")
    ana.get_by_role("button", name="Time for your check-in").click()
    expect(ana.get_by_role("heading", name=re.compile("Your check-in for"))).to_be_visible()
    ana.get_by_label("What did you finish?").fill("Answered all support emails.")
    ana.get_by_label("What is next?").fill("The December newsletter.")
    ana.get_by_label("Anything blocking you?").fill("I have no login for the newsletter tool.")
    ana.get_by_label("4 · Good").check()
    screenshot(ana, "checkin-01-answer")
    ana.get_by_role("button", name="Send my check-in").click()
    expect(ana.locator(".messages")).to_contain_text("the owner knows you are blocked")
    expect(ana.locator(".checkin-blocker")).to_contain_text("no login for the newsletter tool")

    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")
    expect(boss.locator(".bell")).to_contain_text("1 unread")
    boss.goto(f"{live_server.url}/w/alice/checkins/")
    today = boss.locator("#today")
    expect(today).to_contain_text("Ana Assistant")
    expect(today.locator(".checkin-blocker")).to_contain_text("no login for the newsletter tool")
    screenshot(boss, "checkin-02-feed")
    today.get_by_role("button", name="Make it a task").click()
    expect(boss.locator(".messages")).to_contain_text("The blocker is now a draft task")
    expect(boss.get_by_label("Title")).to_have_value(
        "Unblock Ana Assistant: I have no login for the newsletter tool."
    )
    boss.get_by_label("Deliverable").fill("A login for Ana, sent by the password manager.")
    boss.get_by_role("button", name="Save").click()
    expect(boss.get_by_role("heading", name=re.compile("Unblock Ana Assistant"))).to_be_visible()

    boss.goto(f"{live_server.url}/w/alice/checkins/")
    expect(boss.locator("#today")).to_contain_text("Task: Unblock Ana Assistant")
    boss.locator("#today").get_by_label("Your reply").fill("Sending the login now.")
    boss.locator("#today").get_by_role("button", name="Send the reply").click()
    expect(boss.locator(".messages")).to_contain_text("Your reply is sent to Ana Assistant.")
    screenshot(boss, "checkin-03-task")

    check_in = CheckIn.objects.get()
    task = Task.objects.get()
    assert check_in.state == CheckInState.ANSWERED
    assert check_in.blocker_task == task
    assert task.state == State.DRAFT
    assert task.deliverable == "A login for Ana, sent by the password manager."
    ana.goto(f"{live_server.url}/w/alice/checkins/")
    expect(ana.locator("main")).to_contain_text("Sending the login now.")

"""A meeting summary in Debian's Chromium: the assistant writes it, the owner acknowledges it
and turns an action item into a task."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.acks.selectors import acks_of_subject
from tandem.browser import screenshot
from tandem.rhythm.models import Meeting, MeetingSummary
from tandem.rhythm.tests.test_meeting_access import make_weekday_series
from tandem.work.models import Task
from tandem.work.tests.test_browser_loop import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_assistant_writes_the_summary_and_the_owner_acknowledges_it(
    live_server, browser, owner, assistant
):
    series = make_weekday_series(owner, [owner, assistant])
    meeting = (
        Meeting.objects.filter(series=series, ends_at__lte=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    ana = log_in(browser, live_server, assistant.user.email, "Asia/Manila")
    boss = log_in(browser, live_server, owner.user.email, "Europe/Oslo")

    # The assistant finds the summary she owes on the meetings page.
    ana.goto(f"{live_server.url}/w/alice/meetings/")
    expect(ana.locator("#owed")).to_contain_text("Daily stand-up")
    # Every stand-up of the last ten days is owed; she writes the latest, still on time.
    ana.locator(f"#owed a[href$='/{meeting.code}/']").click()
    expect(ana.get_by_role("heading", name="Write the summary")).to_be_visible()
    expect(ana.locator(".meeting-times")).to_contain_text("for Alice Owner, Europe/Oslo")
    ana.get_by_label("What was decided").fill("We launch the winter offer on 1 December.")
    ana.get_by_label("Notes").fill("Prices to be confirmed.")
    ana.locator("#id_items-0-text").fill("Draft the offer email")
    ana.locator("#id_items-0-owner").select_option(label="Ana Assistant")
    ana.locator("#id_items-0-due_date").fill("2030-01-10")
    screenshot(ana, "meeting-01-summary")
    ana.get_by_role("button", name="Send the summary").click()
    expect(ana.locator(".messages")).to_contain_text("The summary is sent.")
    expect(ana.locator("#summary")).to_contain_text("Draft the offer email")

    # The owner is told, reads it and acknowledges it, and makes the item a task.
    boss.goto(f"{live_server.url}/w/alice/meetings/")
    expect(boss.locator("#to-acknowledge")).to_contain_text("Daily stand-up")
    boss.locator("#to-acknowledge a").first.click()
    expect(boss.locator("#summary")).to_contain_text("winter offer on 1 December")
    expect(boss.locator("#summary")).to_contain_text("on time")
    boss.get_by_role("button", name="I have read the summary").click()
    expect(boss.locator(".messages")).to_contain_text("Acknowledged")
    expect(boss.locator(".ack-list summary")).to_contain_text("1 of 1 acknowledged")
    boss.get_by_role("button", name="Make it a task").click()
    expect(boss.locator(".messages")).to_contain_text("is now a task")
    expect(boss.locator("#summary")).to_contain_text("Task: Draft the offer email")
    screenshot(boss, "meeting-02-acknowledged")

    # The assistant hears that her summary was acknowledged.
    ana.goto(f"{live_server.url}/w/alice/notifications/")
    expect(ana.locator("main")).to_contain_text("acknowledged your summary of “Daily stand-up”")

    summary = MeetingSummary.objects.get(meeting=meeting)
    assert [ack.acknowledged_at is not None for ack in acks_of_subject(summary)] == [True]
    assert Task.objects.get().assignee == assistant

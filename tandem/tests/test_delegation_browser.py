"""From the audit to the board, in Debian's Chromium: an owner logs five things they did from
the keyboard, sees what to delegate, plans the biggest candidate as a responsibility, makes it a
duty of a role, and finds its recurring task on the board the next working day."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tandem.browser import log_in, screenshot
from tandem.planning.models import AuditEntry, Responsibility
from tandem.planning.selectors.audit import today_of
from tandem.planning.services import audit as audit_services
from tandem.roles.models import DutyRecurring
from tandem.roles.services.roles import role_create
from tandem.work.models import RecurringTask, Task
from tandem.work.services.recurring import recurring_run_due

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# "Emails" and "email inbox" are one candidate: 45 + 30 + 20 minutes.
ENTRIES = [
    ("Emails", "45"),
    ("Invoices", "1h"),
    ("Email inbox", "30"),
    ("Booking travel", "25"),
    ("emails", "20"),
]


def test_from_the_audit_to_a_recurring_task_on_the_board(live_server, browser, owner, assistant):
    today = today_of(owner)
    audit_services.audit_period_set(
        actor=owner, starts_on=today - timedelta(days=3), ends_on=today + timedelta(days=10)
    )
    role_create(actor=owner, title="Personal assistant", skills=["email"], area="Admin")
    page = log_in(browser, live_server, owner.user.email, "Europe/Oslo", PASSWORD)
    ws = f"{live_server.url}/w/{owner.workspace.slug}"

    # Five entries from the keyboard: the first sets the judgements, which the rest keep.
    page.goto(f"{ws}/planning/audit/")
    keyboard = page.keyboard
    page.locator("#audit_what").focus()
    for number, (what, minutes) in enumerate(ENTRIES):
        expect(page.locator("#audit_what")).to_be_focused()
        keyboard.type(what)
        keyboard.press("Tab")
        keyboard.type(minutes)
        if number == 0:
            # Tab to each group; Space picks its first choice, an arrow the next one:
            # routine but important, have to do, marginal.
            for group in ("category", "want", "weight"):
                while page.evaluate("document.activeElement.name") != group:
                    keyboard.press("Tab")
                keyboard.press("Space")
                keyboard.press("ArrowRight")
        keyboard.press("Enter")
        expect(page.locator(f"#day-{today.isoformat()} .audit-entry")).to_have_count(number + 1)
    assert set(AuditEntry.objects.values_list("category", "want", "weight")) == {
        ("routine", "have", "marginal")
    }

    # What to delegate: the emails first, both wordings in one candidate.
    page.goto(f"{ws}/planning/")
    first = page.locator("tbody tr").filter(has_text="Emails").first
    expect(first).to_contain_text("Email inbox")
    screenshot(page, "delegation/what-to-delegate")
    first.get_by_role("link", name=re.compile("Plan it")).click()

    # A responsibility, prefilled from the candidate.
    expect(page.get_by_label("Title")).to_have_value("Emails")
    page.get_by_label("Title").fill("Inbox triage")
    choice = page.get_by_label("Assistant").locator("option", has_text="Ana Assistant")
    page.get_by_label("Assistant").select_option(value=choice.get_attribute("value"))
    page.get_by_label("Instructions").fill("Answer, forward or file every message by noon.")
    page.get_by_role("button", name="Save").click()
    responsibility = Responsibility.objects.get(title="Inbox triage")
    assert responsibility.candidate_key == "email"
    # Back on the plan, in its place, ready to hand over next; its page is one click away.
    expect(page).to_have_url(re.compile(f"/planning/plan/#r-{responsibility.code}$"))
    ready = page.get_by_role("region", name="Ready to hand over next")
    expect(ready).to_contain_text("Inbox triage")
    page.locator(f"#r-{responsibility.code}").get_by_role("link", name="Inbox triage").click()

    # Then a duty of a role, which the assistant is given.
    page.get_by_role("link", name="Make it a role duty").click()
    page.get_by_label("Role", exact=True).select_option(label="Personal assistant")
    page.get_by_label("Daily").check()
    page.get_by_label("Due at").fill("11:00")
    expect(page.get_by_label(re.compile("Give Ana Assistant the role"))).to_be_checked()
    screenshot(page, "delegation/make-it-a-duty")
    page.get_by_role("button", name="Make it a duty").click()
    expect(page.locator("#duty-title + p")).to_contain_text("Personal assistant")
    template = RecurringTask.objects.get(duty_link__in=DutyRecurring.objects.all())
    assert template.assignee == assistant
    assert template.cadence == RecurringTask.Cadence.WEEKDAYS

    # Its first occurrence, when its day begins in the assistant's zone, is on the board.
    recurring_run_due(now=template.next_run_at + timedelta(minutes=1))
    occurrence = Task.objects.get(recurring=template)
    page.goto(f"{ws}/board/")
    card = page.locator("main").get_by_role("link", name="Inbox triage")
    expect(card).to_be_visible()
    screenshot(page, "delegation/board")
    assert occurrence.assignee == assistant
    assert occurrence.title == "Inbox triage"

"""Working hours and public holidays on the profile in Debian's Chromium, on a phone and on a
1366-pixel desktop: a split shift and a night shift typed one line per day, an overlap explained
next to its day with what was typed kept, and a holiday marked worked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import WorkedHoliday
from tandem.browser import screenshot
from tandem.work.tests.test_browser_loop import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_a_person_types_split_and_night_shifts_and_works_a_holiday(
    live_server, browser, assistant, width, height
):
    page = log_in(browser, live_server, assistant.user.email, "Asia/Manila")
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_label("Monday", exact=True).fill("08:00–12:00, 18:00–22:00")
    page.get_by_label("Tuesday", exact=True).fill("21:00-05:00")
    page.get_by_label("Wednesday", exact=True).fill("04:00–08:00")
    page.get_by_label("Country").select_option("PH")
    page.get_by_role("button", name="Save profile").click()

    # Tuesday's night runs into Wednesday morning: said next to Wednesday, nothing lost.
    wednesday = page.get_by_label("Wednesday", exact=True)
    expect(wednesday).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_hours_2_errors")).to_contain_text(
        "04:00–08:00 overlaps Tuesday 21:00–05:00, which runs into this day."
    )
    expect(page.get_by_label("Monday", exact=True)).to_have_value("08:00–12:00, 18:00–22:00")
    screenshot(page, f"profile-hours-error-{width}")
    # Wider than the field, the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    wednesday.fill("06:00–10:00")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    expect(page.get_by_label("Tuesday", exact=True)).to_have_value("21:00–05:00")

    holidays = page.locator("#holidays")
    expect(holidays).to_contain_text("Rizal Day")
    holidays.get_by_role("button", name="I work this day").first.click()
    expect(page.locator("#holidays .holiday.is-worked")).to_have_count(1)
    assert WorkedHoliday.objects.filter(user=assistant.user).count() == 1
    screenshot(page, f"profile-holidays-{width}")

"""Public holidays on the profile: the coming ones of the person's country, each with "I work
this day"."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from conftest import make_user
from tandem.accounts.models import WorkedHoliday

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
TOGGLE = reverse("accounts:holiday_worked")
DECEMBER = datetime(2026, 12, 1, 9, tzinfo=ZoneInfo("Asia/Manila"))


@pytest.fixture
def ana(db):
    user = make_user("ana@example.com", "Ana", "Asia/Manila")
    user.country = "PH"
    user.save(update_fields=["country"])
    return user


def test_it_lists_the_coming_holidays_of_about_a_year(ana, client_for):
    with time_machine.travel(DECEMBER, tick=False):
        page = client_for(ana).get(PROFILE).text
    assert "Rizal Day" in page
    assert 'value="2026-11-30"' not in page  # Bonifacio Day is past; next year's is listed
    assert 'value="2026-12-30"' in page and 'value="2027-11-30"' in page
    assert "I work this day" in page


def test_it_marks_a_holiday_worked_and_back(ana, client_for):
    http = client_for(ana)
    with time_machine.travel(DECEMBER, tick=False):
        response = http.post(TOGGLE, {"day": "2026-12-30", "worked": "on"})
        assert response.status_code == 302 and response.url.endswith("#holidays")
        assert list(WorkedHoliday.objects.values_list("day", flat=True)) == [date(2026, 12, 30)]
        http.post(TOGGLE, {"day": "2026-12-30", "worked": "on"})  # twice: still once
        assert WorkedHoliday.objects.count() == 1
        page = http.get(PROFILE).text
        assert "you work this day" in page and "I take this day off" in page
        http.post(TOGGLE, {"day": "2026-12-30"})
    assert not WorkedHoliday.objects.exists()


def test_it_refuses_a_day_that_is_no_holiday(ana, client_for):
    response = client_for(ana).post(TOGGLE, {"day": "2026-12-29", "worked": "on"}, follow=True)
    assert "That day is not a public holiday where you are." in response.text
    assert not WorkedHoliday.objects.exists()


def test_without_a_country_it_asks_for_one(client_for):
    user = make_user("kari@example.com", "Kari")
    page = client_for(user).get(PROFILE).text
    assert "Choose your country above to see your public holidays." in page


def test_it_needs_a_login(client):
    assert client.post(TOGGLE, {"day": "2026-12-30", "worked": "on"}).status_code == 302
    assert client.get(TOGGLE).status_code == 302
    assert client.get(TOGGLE)["Location"].startswith(reverse("accounts:login"))

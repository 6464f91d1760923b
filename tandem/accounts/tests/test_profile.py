from __future__ import annotations

from datetime import time

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import make_user

pytestmark = pytest.mark.django_db


def profile_data(**overrides: str) -> dict[str, str]:
    data = {
        "display_name": "Kari",
        "time_zone": "America/New_York",
        "language": "it",
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "07:00",
    }
    for day in range(7):
        data |= {f"start_{day}": "09:00", f"end_{day}": "17:00"}
    data |= {"works_0": "on", "works_2": "on", "start_2": "06:30", "end_2": "12:00"}
    return data | overrides


def test_it_saves_zone_language_quiet_and_working_hours(client_for):
    user = make_user("kari@example.com", "Kari")
    response = client_for(user).post(reverse("accounts:profile"), profile_data())
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
    user.refresh_from_db()
    assert (user.time_zone, user.language) == ("America/New_York", "it")
    assert (user.quiet_hours_start, user.quiet_hours_end) == (time(22), time(7))
    hours = {h.weekday: (h.start, h.end) for h in user.working_hours.all()}
    assert hours == {0: (time(9), time(17)), 2: (time(6, 30), time(12))}


def test_it_explains_an_end_before_the_start_and_saves_nothing(client_for):
    user = make_user("kari@example.com", "Kari")
    response = client_for(user).post(
        reverse("accounts:profile"), profile_data(start_0="18:00", end_0="09:00")
    )
    assert response.status_code == 200
    assert b"The end must be after the start." in response.content
    assert b'value="18:00"' in response.content
    user.refresh_from_db()
    assert user.time_zone == "Europe/Oslo"
    assert user.working_hours.count() == 5


def test_it_wants_both_ends_of_quiet_hours(client_for):
    user = make_user("kari@example.com", "Kari")
    response = client_for(user).post(reverse("accounts:profile"), profile_data(quiet_hours_end=""))
    assert b"Give both ends of your quiet hours, or neither." in response.content


def test_it_knows_quiet_hours_across_midnight(db):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    user = make_user("kari@example.com", "Kari", zone="Asia/Manila")
    user.quiet_hours_start, user.quiet_hours_end = time(22), time(7)
    manila = ZoneInfo("Asia/Manila")
    assert user.in_quiet_hours(datetime(2026, 3, 2, 23, 30, tzinfo=manila))
    assert user.in_quiet_hours(datetime(2026, 3, 3, 6, 59, tzinfo=manila))
    assert not user.in_quiet_hours(datetime(2026, 3, 3, 7, 0, tzinfo=manila))

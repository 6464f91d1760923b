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
    data |= {f"hours_{day}": "" for day in range(7)}
    data |= {"hours_0": "09:00–17:00", "hours_2": "6.30-12"}
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


def test_it_saves_split_shifts_and_a_night_shift(client_for):
    user = make_user("kari@example.com", "Kari")
    response = client_for(user).post(
        reverse("accounts:profile"),
        profile_data(hours_0="08:00–12:00, 18:00–22:00", hours_4="21:00 - 05:00", hours_5="22-29"),
    )
    assert response.status_code == 302
    hours = sorted((h.weekday, h.start, h.end) for h in user.working_hours.all())
    assert hours == [
        (0, time(8), time(12)),
        (0, time(18), time(22)),
        (2, time(6, 30), time(12)),
        (4, time(21), time(5)),
        (5, time(22), time(5)),  # 29:00 is 05:00 the next day
    ]
    # The page shows them back as typed in one line per day.
    page = client_for(user).get(reverse("accounts:profile")).text
    assert 'value="08:00–12:00, 18:00–22:00"' in page
    assert 'value="21:00–05:00"' in page


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        # Two intervals of one day.
        (
            {"hours_0": "08:00–12:00, 11:00–14:00"},
            "hours_0",
            "08:00–12:00 and 11:00–14:00 overlap.",
        ),
        # Monday's night shift runs into Tuesday's first interval.
        (
            {"hours_0": "21:00–05:00", "hours_1": "04:00–08:00"},
            "hours_1",
            "04:00–08:00 overlaps Monday 21:00–05:00, which runs into this day.",
        ),
        # Sunday night runs into Monday morning.
        (
            {"hours_0": "05:00–09:00", "hours_6": "22:00–06:00"},
            "hours_0",
            "05:00–09:00 overlaps Sunday 22:00–06:00, which runs into this day.",
        ),
        # More than a day.
        ({"hours_3": "09:00–34:00"}, "hours_3", "09:00–34:00 lasts more than 24 hours."),
        # Not an interval at all.
        ({"hours_4": "nine to five"}, "hours_4", "Write “nine to five” as a start and an end"),
        ({"hours_4": "09:75–17:00"}, "hours_4", "Write “09:75–17:00” as a start and an end"),
    ],
)
def test_it_explains_what_is_wrong_on_the_page_and_saves_nothing(client_for, typed, field, message):
    user = make_user("kari@example.com", "Kari")
    response = client_for(user).post(reverse("accounts:profile"), profile_data(**typed))
    assert response.status_code == 200
    assert message in response.text
    # The error is next to the day it is about, and what was typed is kept.
    assert f'id="id_{field}_errors"' in response.text
    for value in typed.values():
        assert f'value="{value}"' in response.text
    user.refresh_from_db()
    assert user.time_zone == "Europe/Oslo"
    assert user.working_hours.count() == 5


def test_the_service_refuses_overlapping_hours(db):
    from django.core.exceptions import ValidationError

    from tandem.accounts import services

    user = make_user("kari@example.com", "Kari")
    with pytest.raises(ValidationError) as raised:
        services.working_hours_set(
            user=user, hours={6: [(time(22), time(6))], 0: [(time(5), time(9))]}
        )
    assert "runs into this day" in str(raised.value)
    assert user.working_hours.count() == 5


def test_it_saves_the_country_and_region_for_public_holidays(client_for):
    user = make_user("kari@example.com", "Kari")
    http = client_for(user)
    response = http.post(reverse("accounts:profile"), profile_data(country="US", subdivision="NY"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.country, user.subdivision) == ("US", "NY")
    # A region of the old country is dropped with a new country, not refused.
    http.post(reverse("accounts:profile"), profile_data(country="PH", subdivision="NY"))
    user.refresh_from_db()
    assert (user.country, user.subdivision) == ("PH", "")
    response = http.post(reverse("accounts:profile"), profile_data(country="XX"))
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.country == "PH"


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

"""The one way to show time (`{% load when %}`): per language, across a DST change, the year only
when it is not this one, relative times with their exact time, and a deadline in one or two
zones."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone, translation

from tandem.lib.templatetags.when import ago, deadline_html, since, when

OSLO, MANILA = ZoneInfo("Europe/Oslo"), ZoneInfo("Asia/Manila")
# Saturday 5 December 2026, 08:00 in Oslo.
SATURDAY = datetime(2026, 12, 5, 7, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel(datetime(2026, 12, 7, 12, tzinfo=UTC), tick=False):
        yield


def shown(value, part="datetime", *, language="en", zone=OSLO):
    with translation.override(language), timezone.override(zone):
        return when(value, part)


@pytest.mark.parametrize(
    ("language", "datetime_", "day", "weekday", "month"),
    [
        ("en", "Sat 5 Dec, 08:00", "Sat 5 Dec", "Sat", "December"),
        ("nb", "lør. 5. des, 08:00", "lør. 5. des", "lør.", "desember"),
        ("it", "sab 5 dic, 08:00", "sab 5 dic", "sab", "dicembre"),
    ],
)
def test_each_language_has_its_own_day_and_a_24_hour_clock(
    language, datetime_, day, weekday, month
):
    assert shown(SATURDAY, language=language) == datetime_
    assert shown(SATURDAY, "date", language=language) == day
    assert shown(SATURDAY, "time", language=language) == "08:00"
    assert shown(SATURDAY, "weekday", language=language) == weekday
    assert shown(SATURDAY, "month", language=language) == month
    assert shown(date(2026, 12, 5), language=language) == day
    # An afternoon reads 16:55 in every language, never "4:55 p.m.".
    assert shown(time(16, 55), "time", language=language) == "16:55"


@pytest.mark.parametrize("language", ["nb", "it"])
def test_norwegian_and_italian_names_are_lower_case_in_a_sentence(language):
    for month in range(1, 13):
        moment = datetime(2026, month, 12, 12, tzinfo=UTC)
        for part in ("datetime", "date", "weekday", "month"):
            label = shown(moment, part, language=language)
            assert label == label.lower(), label


def test_norwegian_marks_a_shortened_weekday_with_a_dot():
    assert shown(date(2026, 5, 4), "date", language="nb") == "man. 4. mai"
    # No dot after the month: a sentence ending with the date would end with two.
    assert shown(date(2026, 6, 4), "date", language="nb") == "tor. 4. jun"


def test_english_keeps_its_capitals():
    assert shown(datetime(2026, 1, 12, 12, tzinfo=UTC)) == "Mon 12 Jan, 13:00"


def test_the_time_is_read_in_the_viewers_zone_across_a_dst_change():
    # Oslo springs forward on 29 March 2026 (02:00 → 03:00) and falls back on 25 October.
    assert shown(datetime(2026, 3, 29, 0, 30, tzinfo=UTC)) == "Sun 29 Mar, 01:30"
    assert shown(datetime(2026, 3, 29, 1, 30, tzinfo=UTC)) == "Sun 29 Mar, 03:30"
    assert shown(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)) == "Sun 25 Oct, 02:30"
    assert shown(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)) == "Sun 25 Oct, 02:30"
    assert shown(datetime(2026, 10, 25, 2, 30, tzinfo=UTC)) == "Sun 25 Oct, 03:30"
    # The same instant in Manila, which has no DST.
    assert shown(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), zone=MANILA) == "Sun 29 Mar, 09:30"


def test_the_year_shows_only_when_it_is_not_this_one():
    assert shown(date(2026, 1, 4), "date") == "Sun 4 Jan"
    assert shown(date(2027, 1, 4), "date") == "Mon 4 Jan 2027"
    assert shown(date(2025, 12, 31), "date", language="nb") == "ons. 31. des 2025"
    assert shown(datetime(2027, 1, 4, 8, tzinfo=UTC), language="it") == "lun 4 gen 2027, 09:00"
    assert shown(date(2027, 1, 4), "month") == "January 2027"
    # "This year" is the viewer's: at 23:30 UTC on 31 December it is already next year in Oslo.
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), tick=False):
        assert shown(date(2027, 1, 4), "date") == "Mon 4 Jan"
        assert shown(date(2027, 1, 4), "date", zone=ZoneInfo("America/New_York")).endswith("2027")


def test_a_value_through_the_timezone_filter_keeps_its_zone():
    template = Template('{% load tz when %}{{ moment|timezone:"Asia/Manila"|when }}')
    with timezone.override(OSLO):
        assert template.render(Context({"moment": SATURDAY})) == "Sat 5 Dec, 15:00"


def test_nothing_shows_for_no_value():
    assert shown(None) == ""
    assert shown("") == ""
    assert ago(None) == ""
    assert since(None) == ""


def test_a_relative_time_carries_the_exact_time_in_its_title():
    # Django's durations keep their number and unit together with a no-break space.
    now = datetime(2026, 12, 5, 10, 20, tzinfo=UTC)
    with translation.override("en"), timezone.override(OSLO):
        assert ago(SATURDAY, now) == (
            '<time datetime="2026-12-05T07:00:00+00:00" title="Sat 5 Dec 2026, 08:00">'
            "3\xa0hours ago</time>"
        )
        assert since(SATURDAY, now) == (
            '<time datetime="2026-12-05T07:00:00+00:00" title="Sat 5 Dec 2026, 08:00">'
            "3\xa0hours</time>"
        )
    with translation.override("nb"), timezone.override(OSLO):
        assert 'title="lør. 5. des 2026, 08:00">for 3\xa0timer siden</time>' in ago(SATURDAY, now)
    with translation.override("it"), timezone.override(OSLO):
        assert ">3\xa0ore</time>" in since(SATURDAY, now)


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html))


# Friday 11 December 2026, 23:59 in Manila (UTC+8) is 16:59 in Oslo (UTC+1).
DUE = datetime(2026, 12, 11, 23, 59, tzinfo=MANILA)


def test_a_deadline_in_another_zone_shows_both_clocks():
    with translation.override("en"), timezone.override(OSLO):
        html = deadline_html(DUE, with_time=True, zone="Asia/Manila", name="Ana Assistant")
    assert text(html) == "Fri 11 Dec, 16:59 your time · 23:59 for Ana"
    assert html.startswith('<time datetime="2026-12-11T16:59:00+01:00">')
    with translation.override("nb"), timezone.override(OSLO):
        html = deadline_html(DUE, with_time=True, zone="Asia/Manila", name="Ana")
    assert text(html) == "fre. 11. des, 16:59 din tid · 23:59 for Ana"


def test_a_deadline_shows_the_day_there_when_it_differs():
    due = datetime(2026, 12, 12, 1, 0, tzinfo=MANILA)  # Fri 11 Dec, 18:00 in Oslo
    with translation.override("en"), timezone.override(OSLO):
        html = deadline_html(due, with_time=True, zone="Asia/Manila", name="Ana")
        unassigned = deadline_html(due, with_time=True, zone="Asia/Manila")
    assert text(html) == "Fri 11 Dec, 18:00 your time · Sat 12 Dec, 01:00 for Ana"
    assert text(unassigned) == "Fri 11 Dec, 18:00 your time · Sat 12 Dec, 01:00 in Asia/Manila"


def test_a_deadline_in_the_viewers_own_zone_shows_once():
    with translation.override("en"), timezone.override(MANILA):
        assert text(deadline_html(DUE, with_time=True, zone="Asia/Manila", name="Ana")) == (
            "Fri 11 Dec, 23:59"
        )
    # Rome keeps Oslo's clock: one time, though the zones' names differ.
    with translation.override("en"), timezone.override(ZoneInfo("Europe/Rome")):
        due = datetime(2026, 12, 11, 17, 0, tzinfo=OSLO)
        assert text(deadline_html(due, with_time=True, zone="Europe/Oslo", name="Ana")) == (
            "Fri 11 Dec, 17:00"
        )


def test_a_deadline_without_a_time_shows_when_the_assignees_day_ends():
    end_of_day = datetime(2026, 12, 11, 23, 59, 59, tzinfo=MANILA)
    with translation.override("en"), timezone.override(MANILA):
        assert text(deadline_html(end_of_day, with_time=False, zone="Asia/Manila")) == (
            "Fri 11 Dec"
        )
    with translation.override("en"), timezone.override(OSLO):
        assert text(deadline_html(end_of_day, with_time=False, zone="Asia/Manila", name="Ana")) == (
            "Fri 11 Dec, 16:59 your time · 23:59 for Ana"
        )


def test_an_overdue_deadline_is_marked_and_a_name_is_escaped():
    with translation.override("en"), timezone.override(OSLO):
        html = deadline_html(
            DUE, with_time=True, zone="Asia/Manila", name="<b>Ana</b> Assistant", overdue=True
        )
    assert '<time datetime="2026-12-11T16:59:00+01:00" class="overdue">' in html
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html
    assert html.endswith(' <span class="badge badge-danger">overdue</span>')
    with translation.override("en"):
        assert text(deadline_html(None, with_time=False)) == "No deadline"

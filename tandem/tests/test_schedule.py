"""The schedule walker: a local wall-clock time on matching days, across DST changes, offsets of
half an hour, and the ends of months and years."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from tandem.lib.schedule import (
    last_local_instant,
    local_date,
    local_instants,
    next_local_instant,
    next_wall_clock,
)

EVERY_DAY = None
MONDAY, THURSDAY, FRIDAY = 0, 3, 4


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def next_utc(after: datetime, zone: str, at: time, on=EVERY_DAY) -> datetime | None:
    found = next_local_instant(after, zone, at, on)
    return None if found is None else found[1].astimezone(UTC)


# Ordinary days


def test_it_finds_the_time_later_today_or_else_tomorrow():
    # 09:00 in Oslo in June is 07:00 UTC.
    assert next_utc(utc(2026, 6, 10, 6, 59), "Europe/Oslo", time(9)) == utc(2026, 6, 10, 7)
    assert next_utc(utc(2026, 6, 10, 10), "Europe/Oslo", time(9)) == utc(2026, 6, 11, 7)


def test_it_is_strictly_after():
    assert next_utc(utc(2026, 6, 10, 7), "Europe/Oslo", time(9)) == utc(2026, 6, 11, 7)


def test_it_returns_the_local_day_and_an_instant_in_the_zone():
    day, instant = next_local_instant(utc(2026, 6, 10, 23), "Asia/Manila", time(9))
    # 23:00 UTC is already 07:00 on the 11th in Manila.
    assert day == date(2026, 6, 11)
    assert instant == datetime(2026, 6, 11, 1, tzinfo=UTC)
    assert instant.utcoffset().total_seconds() == 8 * 3600


def test_it_starts_on_the_first_day_given():
    found = next_local_instant(
        utc(2026, 6, 10, 5), "Europe/Oslo", time(9), first_day=date(2026, 6, 11)
    )
    assert found == (date(2026, 6, 11), utc(2026, 6, 11, 7))


# Matching days


def test_it_skips_the_days_that_do_not_match():
    # Wednesday 2026-06-10; the next Monday or Friday is Friday the 12th.
    assert next_utc(utc(2026, 6, 10, 12), "Europe/Oslo", time(9), {MONDAY, FRIDAY}) == utc(
        2026, 6, 12, 7
    )
    assert next_utc(utc(2026, 6, 12, 7), "Europe/Oslo", time(9), {MONDAY, FRIDAY}) == utc(
        2026, 6, 15, 7
    )


def test_it_takes_a_predicate_for_the_days():
    def fifteenth(day: date) -> bool:
        return day.day == 15

    assert next_utc(utc(2026, 6, 20), "Europe/Oslo", time(0), fifteenth) == utc(2026, 7, 14, 22)


def test_no_matching_day_gives_none():
    assert next_local_instant(utc(2026, 6, 10), "Europe/Oslo", time(9), set()) is None
    assert next_local_instant(utc(2026, 6, 10), "Europe/Oslo", time(9), lambda day: False) is None
    assert last_local_instant(utc(2026, 6, 10), "Europe/Oslo", time(9), ()) is None


def test_it_walks_back_to_the_last_instant_at_or_before():
    until = utc(2026, 6, 12, 7)  # Friday 09:00 in Oslo
    assert last_local_instant(until, "Europe/Oslo", time(9), {FRIDAY}) == (
        date(2026, 6, 12),
        until,
    )
    assert last_local_instant(until, "Europe/Oslo", time(9, 1), {FRIDAY}) == (
        date(2026, 6, 5),
        utc(2026, 6, 5, 7, 1),
    )


def test_it_lists_the_matching_days_between_two_days_included():
    days = local_instants(
        "Europe/Oslo", time(9), date(2026, 6, 8), {MONDAY, FRIDAY}, last_day=date(2026, 6, 15)
    )
    assert [day for day, _instant in days] == [
        date(2026, 6, 8),
        date(2026, 6, 12),
        date(2026, 6, 15),
    ]
    back = local_instants(
        "Europe/Oslo",
        time(9),
        date(2026, 6, 15),
        {MONDAY},
        last_day=date(2026, 6, 1),
        backwards=True,
    )
    assert [day for day, _instant in back] == [
        date(2026, 6, 15),
        date(2026, 6, 8),
        date(2026, 6, 1),
    ]
    assert (
        list(local_instants("Europe/Oslo", time(9), date(2026, 6, 8), last_day=date(2026, 6, 7)))
        == []
    )


# Daylight-saving changes


def test_it_keeps_the_local_time_across_the_spring_change_in_oslo():
    # Oslo springs forward on Sunday 2026-03-29: 09:00 is 08:00 UTC before, 07:00 after.
    saturday = next_utc(utc(2026, 3, 28), "Europe/Oslo", time(9))
    assert saturday == utc(2026, 3, 28, 8)
    assert next_utc(saturday, "Europe/Oslo", time(9)) == utc(2026, 3, 29, 7)


def test_a_time_the_spring_change_skips_moves_forward_by_the_gap_in_oslo():
    # Clocks jump from 02:00 to 03:00 (01:00 UTC): 02:30 is read as 03:30 summer time.
    day, instant = next_local_instant(utc(2026, 3, 29), "Europe/Oslo", time(2, 30))
    assert day == date(2026, 3, 29)
    assert instant == utc(2026, 3, 29, 1, 30)
    assert instant.timetz().replace(tzinfo=None) == time(3, 30)


def test_a_time_the_autumn_change_repeats_is_its_first_instant_once_in_oslo():
    # Clocks go back from 03:00 to 02:00 on 2026-10-25: 02:30 happens at 00:30 and 01:30 UTC.
    assert next_utc(utc(2026, 10, 25), "Europe/Oslo", time(2, 30)) == utc(2026, 10, 25, 0, 30)
    # Once that day: after the first 02:30, the next is on Monday, not the repeated one.
    assert next_utc(utc(2026, 10, 25, 0, 30), "Europe/Oslo", time(2, 30)) == utc(
        2026, 10, 26, 1, 30
    )


def test_it_keeps_the_local_time_across_the_changes_in_new_york():
    # Spring forward on 2026-03-08 (02:00 → 03:00), fall back on 2026-11-01 (02:00 → 01:00).
    assert next_utc(utc(2026, 3, 7, 15), "America/New_York", time(9)) == utc(2026, 3, 8, 13)
    assert next_utc(utc(2026, 3, 8), "America/New_York", time(2, 30)) == utc(2026, 3, 8, 7, 30)
    assert next_utc(utc(2026, 11, 1), "America/New_York", time(1, 30)) == utc(2026, 11, 1, 5, 30)
    assert next_utc(utc(2026, 10, 31, 14), "America/New_York", time(9)) == utc(2026, 11, 1, 14)


def test_it_walks_back_across_a_change():
    # The last 09:00 in New York before Monday 2026-11-02 10:00 UTC: Sunday, in standard time.
    assert last_local_instant(utc(2026, 11, 2, 10), "America/New_York", time(9)) == (
        date(2026, 11, 1),
        utc(2026, 11, 1, 14),
    )


# Offsets of half an hour


def test_it_handles_a_half_hour_offset():
    # India is UTC+05:30 all year.
    assert next_utc(utc(2026, 6, 10), "Asia/Kolkata", time(9)) == utc(2026, 6, 10, 3, 30)


def test_it_handles_a_half_hour_offset_across_its_change():
    # Adelaide leaves summer time (+10:30 → +09:30) on Sunday 2026-04-05.
    saturday = next_utc(utc(2026, 4, 3, 12), "Australia/Adelaide", time(9))
    assert saturday == utc(2026, 4, 3, 22, 30)
    assert next_utc(saturday, "Australia/Adelaide", time(9)) == utc(2026, 4, 4, 23, 30)


def test_a_half_hour_gap_moves_the_time_forward_by_half_an_hour():
    # Lord Howe Island moves its clocks half an hour, from 02:00 to 02:30, on 2026-10-04.
    day, instant = next_local_instant(utc(2026, 10, 3, 12), "Australia/Lord_Howe", time(2, 15))
    assert day == date(2026, 10, 4)
    assert instant.timetz().replace(tzinfo=None) == time(2, 45)


# Ends of months and years


def test_it_crosses_the_end_of_a_year():
    # 23:30 on New Year's Eve in Oslo; Thursday 2026-12-31, the next Monday is 2027-01-04.
    eve = utc(2026, 12, 31, 22, 30)
    assert next_utc(eve, "Europe/Oslo", time(9)) == utc(2027, 1, 1, 8)
    assert next_local_instant(eve, "Europe/Oslo", time(9), {MONDAY}) == (
        date(2027, 1, 4),
        utc(2027, 1, 4, 8),
    )
    assert last_local_instant(utc(2027, 1, 1, 6), "Europe/Oslo", time(9)) == (
        date(2026, 12, 31),
        utc(2026, 12, 31, 8),
    )


def test_it_crosses_the_end_of_a_month_on_the_local_day():
    # 30 June 20:00 UTC is already 1 July in Auckland (+12).
    assert local_date(utc(2026, 6, 30, 20), "Pacific/Auckland") == date(2026, 7, 1)
    assert next_local_instant(utc(2026, 6, 30, 20), "Pacific/Auckland", time(9), {THURSDAY}) == (
        date(2026, 7, 2),
        utc(2026, 7, 1, 21),
    )


def test_it_finds_the_last_day_of_february_in_and_out_of_a_leap_year():
    def last_of_month(day: date) -> bool:
        return (day + timedelta(days=1)).day == 1

    assert next_local_instant(utc(2028, 2, 15), "UTC", time(0), last_of_month)[0] == date(
        2028, 2, 29
    )
    assert next_local_instant(utc(2027, 2, 15), "UTC", time(0), last_of_month)[0] == date(
        2027, 2, 28
    )


# The wall clock (quiet hours)


def test_the_wall_clock_is_today_until_it_shows_the_time():
    # 07:00 in Oslo in June is 05:00 UTC.
    assert next_wall_clock(utc(2026, 6, 10, 4, 59), "Europe/Oslo", time(7)) == utc(2026, 6, 10, 5)
    assert next_wall_clock(utc(2026, 6, 10, 5), "Europe/Oslo", time(7)) == utc(2026, 6, 11, 5)


def test_the_wall_clock_reads_the_repeated_hour_as_today():
    # 01:30 UTC on 2026-10-25 is the second 02:30 in Oslo; the wall clock has not shown 02:45
    # yet, so the end is today's 02:45, read as its first instant (as quiet hours always were).
    end = next_wall_clock(utc(2026, 10, 25, 1, 30), "Europe/Oslo", time(2, 45))
    assert end.astimezone(UTC) == utc(2026, 10, 25, 0, 45)

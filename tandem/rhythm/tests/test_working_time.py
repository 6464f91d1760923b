"""Working time across zones and daylight-saving changes (tandem/lib/working_time.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from tandem.lib.working_time import (
    WeeklyHours,
    WorkingTime,
    intersect,
    working_intervals,
    working_seconds,
    working_seconds_since,
)

NINE_TO_FIVE = [WeeklyHours(day, time(9), time(17)) for day in range(5)]
HOUR = 3600


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_it_counts_only_the_working_day_not_the_night():
    # Manila is UTC+8 all year: 09:00–17:00 there is 01:00–09:00 UTC.
    assert working_seconds(
        WorkingTime(NINE_TO_FIVE, "Asia/Manila"), utc(2026, 3, 2), utc(2026, 3, 3)
    ) == (8 * HOUR)
    # From 16:00 to 10:00 the next morning: one hour each side of the night.
    assert (
        working_seconds(
            WorkingTime(NINE_TO_FIVE, "Asia/Manila"), utc(2026, 3, 2, 8), utc(2026, 3, 3, 2)
        )
        == 2 * HOUR
    )


def test_it_does_not_count_the_weekend():
    # Friday 16:00 to Monday 10:00 in Manila.
    friday, monday = utc(2026, 3, 6, 8), utc(2026, 3, 9, 2)
    assert working_seconds(WorkingTime(NINE_TO_FIVE, "Asia/Manila"), friday, monday) == 2 * HOUR
    saturday, sunday = utc(2026, 3, 7, 0), utc(2026, 3, 8, 23)
    assert working_seconds(WorkingTime(NINE_TO_FIVE, "Asia/Manila"), saturday, sunday) == 0


def test_a_day_off_in_the_week_does_not_count():
    no_wednesday = [row for row in NINE_TO_FIVE if row.weekday != 2]
    week = (utc(2026, 3, 2), utc(2026, 3, 9))
    assert working_seconds(WorkingTime(NINE_TO_FIVE, "Europe/Oslo"), *week) == 40 * HOUR
    assert working_seconds(WorkingTime(no_wednesday, "Europe/Oslo"), *week) == 32 * HOUR


def test_without_working_hours_every_hour_counts():
    start = utc(2026, 3, 6, 8)
    assert (
        working_seconds(WorkingTime([], "Asia/Manila"), start, start + timedelta(days=3))
        == 72 * HOUR
    )
    assert working_intervals(WorkingTime([], "Asia/Manila"), start, start + timedelta(days=3)) == []
    assert working_seconds_since(WorkingTime([], "UTC"), [start], start + timedelta(hours=5)) == [
        5 * HOUR
    ]


def test_backwards_or_empty_spans_are_zero():
    start = utc(2026, 3, 2, 3)
    assert working_seconds(WorkingTime(NINE_TO_FIVE, "Asia/Manila"), start, start) == 0
    assert (
        working_seconds(WorkingTime(NINE_TO_FIVE, "Asia/Manila"), start, start - timedelta(hours=1))
        == 0
    )
    assert working_seconds(WorkingTime([], "UTC"), start, start - timedelta(hours=1)) == 0


def test_the_instants_follow_a_dst_change_in_one_zone():
    # New York springs forward on Sunday 8 March 2026; Oslo only on 29 March.
    york = working_intervals(
        WorkingTime(NINE_TO_FIVE, "America/New_York"), utc(2026, 3, 6), utc(2026, 3, 10)
    )
    assert york == [
        (utc(2026, 3, 6, 14), utc(2026, 3, 6, 22)),  # Friday, EST (UTC−5)
        (utc(2026, 3, 9, 13), utc(2026, 3, 9, 21)),  # Monday, EDT (UTC−4)
    ]
    oslo = working_intervals(
        WorkingTime(NINE_TO_FIVE, "Europe/Oslo"), utc(2026, 3, 6), utc(2026, 3, 10)
    )
    assert oslo == [
        (utc(2026, 3, 6, 8), utc(2026, 3, 6, 16)),
        (utc(2026, 3, 9, 8), utc(2026, 3, 9, 16)),
    ]
    # A working week stays 40 hours on both sides of the change.
    assert (
        working_seconds(
            WorkingTime(NINE_TO_FIVE, "America/New_York"), utc(2026, 3, 2), utc(2026, 3, 9, 5)
        )
        == 40 * HOUR
    )


def test_the_overlap_of_two_zones_changes_with_one_zones_dst():
    york = working_intervals(
        WorkingTime(NINE_TO_FIVE, "America/New_York"), utc(2026, 3, 2), utc(2026, 4, 4)
    )
    oslo = working_intervals(
        WorkingTime(NINE_TO_FIVE, "Europe/Oslo"), utc(2026, 3, 2), utc(2026, 4, 4)
    )
    overlap = {start.date(): end - start for start, end in intersect(york, oslo)}
    assert overlap[utc(2026, 3, 6).date()] == timedelta(hours=2)  # EST and CET: 14–16 UTC
    assert overlap[utc(2026, 3, 9).date()] == timedelta(hours=3)  # EDT and CET: 13–16 UTC
    assert overlap[utc(2026, 3, 27).date()] == timedelta(hours=3)
    assert overlap[utc(2026, 3, 30).date()] == timedelta(hours=2)  # EDT and CEST: 13–15 UTC
    assert len(overlap) == 25  # five working weeks, every weekday overlaps


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (utc(2026, 3, 29), 3),  # 02:00 does not exist in Oslo that night: one hour less
        (utc(2026, 10, 25), 5),  # 02:00–03:00 happens twice: one hour more
        (utc(2026, 3, 22), 4),  # an ordinary Sunday
    ],
)
def test_a_working_stretch_across_the_change_counts_real_time(day, hours):
    night_shift = [WeeklyHours(6, time(1), time(5))]  # Sunday 01:00–05:00 local
    start, end = day - timedelta(days=1), day + timedelta(days=1)
    assert working_seconds(WorkingTime(night_shift, "Europe/Oslo"), start, end) == hours * HOUR


def test_intersect_keeps_only_shared_stretches():
    a = [(utc(2026, 1, 1, 8), utc(2026, 1, 1, 12)), (utc(2026, 1, 1, 13), utc(2026, 1, 1, 17))]
    b = [(utc(2026, 1, 1, 11), utc(2026, 1, 1, 14)), (utc(2026, 1, 1, 16), utc(2026, 1, 1, 20))]
    assert intersect(a, b) == [
        (utc(2026, 1, 1, 11), utc(2026, 1, 1, 12)),
        (utc(2026, 1, 1, 13), utc(2026, 1, 1, 14)),
        (utc(2026, 1, 1, 16), utc(2026, 1, 1, 17)),
    ]
    assert intersect(a, []) == []
    touching = [(utc(2026, 1, 1, 12), utc(2026, 1, 1, 13))]
    assert intersect(a, touching) == []


def test_many_starts_give_the_same_answers_as_one_at_a_time():
    end = utc(2026, 3, 31, 12)
    starts = [utc(2026, 3, 1) + timedelta(hours=7 * n, minutes=13 * n) for n in range(100)]
    starts.append(end + timedelta(hours=1))  # after the end: nothing yet
    expected = [
        working_seconds(WorkingTime(NINE_TO_FIVE, "America/New_York"), s, end) for s in starts
    ]
    assert (
        working_seconds_since(WorkingTime(NINE_TO_FIVE, "America/New_York"), starts, end)
        == expected
    )
    assert working_seconds_since(WorkingTime(NINE_TO_FIVE, "UTC"), [], end) == []


# Night and split shifts, holidays


def test_it_finds_intervals_that_overlap_on_the_weeks_circle():
    from tandem.lib.working_time import clashes

    monday_night = WeeklyHours(0, time(21), time(5))
    tuesday_early = WeeklyHours(1, time(4), time(8))
    tuesday_late = WeeklyHours(1, time(5), time(9))  # starts as Monday's night ends: fine
    assert clashes([monday_night, tuesday_early]) == [(monday_night, tuesday_early)]
    assert clashes([monday_night, tuesday_late]) == []
    sunday_night = WeeklyHours(6, time(22), time(6))
    monday_early = WeeklyHours(0, time(5), time(9))
    assert clashes([monday_early, sunday_night]) == [(sunday_night, monday_early)]
    morning, lunch = WeeklyHours(2, time(8), time(12)), WeeklyHours(2, time(11), time(13))
    assert clashes([morning, lunch]) == [(morning, lunch)]
    whole_day = WeeklyHours(3, time(6), time(6))  # 24 hours
    assert whole_day.seconds == 24 * HOUR
    assert clashes([whole_day, WeeklyHours(4, time(5), time(7))]) != []
    assert clashes([whole_day, WeeklyHours(4, time(6), time(7))]) == []


def test_a_night_shift_belongs_to_the_day_it_starts_on():
    nights = WorkingTime([WeeklyHours(4, time(21), time(5))], "Asia/Manila")  # Friday
    # Friday 13 March 2026 21:00 to Saturday 05:00 in Manila: 13:00–21:00 UTC on Friday.
    assert working_intervals(nights, utc(2026, 3, 9), utc(2026, 3, 16)) == [
        (utc(2026, 3, 13, 13), utc(2026, 3, 13, 21))
    ]
    # From inside the shift, only its rest counts.
    assert working_seconds(nights, utc(2026, 3, 13, 19), utc(2026, 3, 14)) == 2 * HOUR


def test_the_working_day_of_a_night_shift_ends_when_the_shift_does():
    from tandem.lib.working_time import working_day

    nights = WorkingTime([WeeklyHours(d, time(21), time(5)) for d in range(5)], "Asia/Manila")
    manila = timedelta(hours=8)
    # Monday 20:00 in Manila: Monday, until 05:00 on Tuesday.
    assert working_day(nights, utc(2026, 3, 9, 20) - manila) == (
        date(2026, 3, 9),
        utc(2026, 3, 10, 5) - manila,
    )
    # Tuesday 02:00, inside Monday's shift: still Monday.
    assert working_day(nights, utc(2026, 3, 10, 2) - manila)[0] == date(2026, 3, 9)
    # Without hours: the local day, to midnight.
    assert working_day(WorkingTime((), "Asia/Manila"), utc(2026, 3, 10, 2) - manila) == (
        date(2026, 3, 10),
        utc(2026, 3, 11) - manila,
    )


def test_a_holiday_takes_the_intervals_starting_on_it_unless_worked():
    hours = [WeeklyHours(d, time(9), time(17)) for d in range(7)]
    week = (utc(2026, 12, 28), utc(2027, 1, 4))
    plain = WorkingTime(hours, "UTC")
    philippines = WorkingTime(hours, "UTC", "PH")
    # Rizal Day (30), New Year's Eve (31) and New Year's Day (1) are holidays there.
    assert working_seconds(plain, *week) - working_seconds(philippines, *week) == 3 * 8 * HOUR
    worked = WorkingTime(hours, "UTC", "PH", "", {date(2026, 12, 30)})
    assert working_seconds(worked, *week) - working_seconds(philippines, *week) == 8 * HOUR
    assert philippines.day_off(date(2026, 12, 30)) == "Rizal Day"
    assert worked.day_off(date(2026, 12, 30)) is None
    assert worked.public_holiday(date(2026, 12, 30)) == "Rizal Day"

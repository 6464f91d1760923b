"""Time zones: the IANA names people choose from, and local times for display."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time
from functools import cache

from django.utils import timezone


@cache
def zone_names() -> list[str]:
    # "Etc/..." and legacy aliases ("US/Pacific", "Zulu") only confuse a person picking a city.
    legacy = ("Etc/", "SystemV/", "US/", "posix/", "right/")
    cities = (name for name in zoneinfo.available_timezones() if "/" in name)
    return [*sorted(name for name in cities if not name.startswith(legacy)), "UTC"]


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in zone_names()]


@cache
def _zone_set() -> frozenset[str]:
    return frozenset(zone_names())


def is_valid_zone(name: str) -> bool:
    return name in _zone_set()


def now_in(zone_name: str) -> datetime:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(zone_name))


def local_instant(day: date, at: time | None, zone_name: str) -> datetime:
    """The instant of a local wall-clock time in a zone; the end of the day when `at` is None.

    A time that a DST change skips is read with the offset from before the change, so it moves
    forward by the length of the gap: 02:30 on the night Oslo springs from 02:00 to 03:00 is
    03:30 summer time, not 03:00. A time that the autumn change repeats is its first instant,
    before the clocks go back (fold 0).
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    local = datetime.combine(day, at or time(23, 59, 59), tzinfo=zone)
    # Round-trip through UTC to normalise a non-existent local time (spring forward).
    return local.astimezone(UTC).astimezone(zone)

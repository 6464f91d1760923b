"""Public holidays by country and subdivision, from the `holidays` package.

A year of one country's holidays is computed once per process and kept: the silence sweep asks
for the same few (country, subdivision, year) over and over, for every assistant it looks at.
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

import holidays

if TYPE_CHECKING:
    from collections.abc import Mapping


@lru_cache(maxsize=1024)
def public_holidays(country: str, subdivision: str, year: int) -> Mapping[date, str]:
    """The public holidays of one year: date → name. Empty without a country, or for a country
    (or subdivision) the package does not know."""
    if not country:
        return MappingProxyType({})
    try:
        found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        return MappingProxyType({})
    return MappingProxyType(dict(found))


def holiday_name(country: str, subdivision: str, day: date) -> str | None:
    if not country:
        return None
    return public_holidays(country, subdivision, day.year).get(day)


def holidays_between(country: str, subdivision: str, first: date, last: date) -> list[date]:
    """The public holidays from `first` to `last`, both included, in order."""
    if not country:
        return []
    found: list[date] = []
    for year in range(first.year, last.year + 1):
        found += (d for d in public_holidays(country, subdivision, year) if first <= d <= last)
    return sorted(found)


@cache
def _country_names() -> dict[str, str]:
    """ISO 3166 codes and English names, from the IANA time zone data (`iso3166.tab`)."""
    text = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text("utf-8")
    names = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.partition("\t")
            names[code] = name.strip()
    return names


@cache
def _supported() -> dict[str, tuple[str, ...]]:
    return {
        code: tuple(subdivisions)
        for code, subdivisions in holidays.list_supported_countries().items()
        if len(code) == 2
    }


@cache
def country_choices() -> list[tuple[str, str]]:
    """The countries whose holidays are known, by name."""
    names = _country_names()
    return sorted(
        ((code, names.get(code, code)) for code in _supported()), key=lambda item: item[1]
    )


def is_known_country(code: str) -> bool:
    return code in _supported()


@cache
def subdivision_choices(country: str) -> list[tuple[str, str]]:
    """The country's subdivisions (states, provinces, regions) that have holidays of their own."""
    codes = _supported().get(country, ())
    if not codes:
        return []
    aliases = holidays.country_holidays(country).get_subdivision_aliases()
    choices = []
    for code in codes:
        names = ", ".join(aliases.get(code, []))
        choices.append((code, f"{names} ({code})" if names else code))
    return choices

"""The one way Tandem shows a date or a time: `{% load when %}`.

- `{{ value|when }}`: day and time, "Fri 11 Dec, 16:59" (the year only when it is not this one);
- `{{ value|when:"date" }}`: the day, "Fri 11 Dec";
- `{{ value|when:"time" }}`: the time, "16:59";
- `{{ value|ago }}`: "2 hours ago", in a `<time>` whose title is the exact time.

A datetime is shown in the viewer's zone (the active one) unless it went through the `timezone`
filter first: `{{ task.due_at|timezone:zone|when }}`. Formats are per language, with a 24-hour
clock, and day and month names are lower case where the language writes them so.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext

register = template.Library()

# Per language: (day, day with year, time). Django's own DATE_FORMAT differs per page and locale.
FORMATS = {
    "en": ("D j M", "D j M Y", "H:i"),
    "nb": ("D j. M", "D j. M Y", "H:i"),
    "it": ("D j M", "D j M Y", "H:i"),
}
LOWER_CASE_NAMES = {"nb", "it"}


def _formats() -> tuple[str, str, str]:
    return FORMATS.get((get_language() or "en").split("-")[0], FORMATS["en"])


def _names(text: str) -> str:
    if (get_language() or "en").split("-")[0] in LOWER_CASE_NAMES:
        return text.lower()
    return text


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.template_localtime(value)


@register.filter
def when(value: datetime.datetime | datetime.date | None, part: str = "datetime") -> str:
    if value in (None, ""):
        return ""
    day_format, year_format, time_format = _formats()
    if isinstance(value, datetime.datetime):
        value = _local(value)
        if part == "time":
            return date_format(value, time_format)
    elif part == "time":
        return ""
    this_year = timezone.localdate().year
    day = _names(date_format(value, day_format if value.year == this_year else year_format))
    if part == "date" or not isinstance(value, datetime.datetime):
        return day
    return f"{day}, {date_format(value, time_format)}"


@register.filter
def ago(value: datetime.datetime | None) -> SafeString:
    if value is None:
        return SafeString("")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        when(value),
        gettext("%(time)s ago") % {"time": timesince(value).split(",")[0]},
    )

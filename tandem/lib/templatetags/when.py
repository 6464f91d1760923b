"""The one way Tandem shows a date or a time: `{% load when %}`.

- `{{ value|when }}`: day and time, "Fri 11 Dec, 16:59" (the year only when it is not this one);
- `{{ value|when:"date" }}`: the day, "Fri 11 Dec";
- `{{ value|when:"time" }}`: the time, "16:59" (a `datetime.time` too);
- `{{ value|when:"weekday" }}`: the day of the week, "Fri";
- `{{ value|when:"month" }}`: the month, "December" (with the year when it is not this one);
- `{{ value|ago }}`: "2 hours ago", and `{{ value|since }}`: "2 hours" (for "waiting 2 hours",
  "stuck for 2 hours"), each in a `<time>` whose title is the exact time; both take the moment
  to count to: `{{ value|since:now }}`;
- `{% deadline task %}`: a task's deadline in the viewer's zone, and in the assignee's when it
  reads differently there: "Fri 11 Dec, 16:59 your time · 23:59 for Ana".

A datetime is shown in the viewer's zone (the active one) unless it went through the `timezone`
filter first: `{{ task.due_at|timezone:zone|when }}`. The formats are per language, with a
24-hour clock in every language; day and month names are lower case where the language writes
them so (Norwegian, Italian), so they read right in the middle of a sentence. Python code that
puts a date into a message calls `when()` itself.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS_ABBR
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext

register = template.Library()


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _weekday(day: datetime.date) -> str:
    """The abbreviated day of the week: "Fri", "fre.", "ven"."""
    name = str(WEEKDAYS_ABBR[day.weekday()])
    language = _language()
    if language == "nb":
        return f"{name.lower().rstrip('.')}."
    if language == "it":
        return name.lower()
    return name


def _month_abbr(day: datetime.date) -> str:
    """The abbreviated month: "Dec", "des", "dic" (without a dot in Norwegian, which would
    double the full stop of a sentence that ends with the date)."""
    short = str(MONTHS_3[day.month])
    return short.title() if _language() == "en" else short.lower()


def _day(day: datetime.date, this_year: int) -> str:
    """ "Fri 11 Dec", "fre. 11. des", "ven 11 dic"; the year when it is not this one."""
    if _language() == "nb":
        label = f"{_weekday(day)} {day.day}. {_month_abbr(day)}"
    else:
        label = f"{_weekday(day)} {day.day} {_month_abbr(day)}"
    return label if day.year == this_year else f"{label} {day.year}"


def _time(moment: datetime.time | datetime.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _local(value: datetime.datetime) -> datetime.datetime:
    """In the active zone, unless the `timezone` filter put it in its own (as Django's
    template_localtime does)."""
    if timezone.is_aware(value) and getattr(value, "convert_to_local_time", True):
        return timezone.localtime(value)
    return value


def _this_year() -> int:
    return timezone.localdate().year


def when(value: Any, part: str = "datetime") -> str:
    """`value` (a datetime, a date or a time) as this library shows it; see the module's text.
    A datetime is read in the active zone."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value)
    if isinstance(value, datetime.time):
        return _time(value) if part == "time" else ""
    if part == "time":
        return _time(value) if isinstance(value, datetime.datetime) else ""
    if part == "weekday":
        return _weekday(value)
    if part == "month":
        name = str(MONTHS[value.month])
        name = name.lower() if _language() in ("nb", "it") else name
        return name if value.year == _this_year() else f"{name} {value.year}"
    day = _day(value, _this_year())
    if part == "date" or not isinstance(value, datetime.datetime):
        return day
    return f"{day}, {_time(value)}"


register.filter("when", when)


def _exact(value: datetime.datetime | datetime.date) -> str:
    """The exact moment, for a title: "Fri 11 Dec 2026, 16:59"."""
    if isinstance(value, datetime.datetime):
        local = _local(value)
        return f"{_day(local, 0)}, {_time(local)}"
    return _day(value, 0)


def _span(value: datetime.datetime, now: datetime.datetime | None) -> str:
    """How long from `value` to `now`, in its largest unit: "3 hours"."""
    return timesince(value, now, depth=1)


def _time_tag(value: datetime.datetime | datetime.date, text: str) -> SafeString:
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', value.isoformat(), _exact(value), text
    )


@register.filter
def ago(value: datetime.datetime | None, now: datetime.datetime | None = None) -> SafeString:
    """ "2 hours ago", with the exact time in the title."""
    if not value:
        return SafeString("")
    return _time_tag(value, gettext("%(time)s ago") % {"time": _span(value, now)})


@register.filter
def since(value: datetime.datetime | None, now: datetime.datetime | None = None) -> SafeString:
    """How long since `value`: "2 hours", for a sentence of its own ("waiting 2 hours"), with
    the exact time in the title."""
    if not value:
        return SafeString("")
    return _time_tag(value, _span(value, now))


def _there(due_at: datetime.datetime, zone: str) -> datetime.datetime | None:
    try:
        return due_at.astimezone(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def deadline_text(
    due_at: datetime.datetime, *, with_time: bool, zone: str = "", name: str | None = None
) -> str:
    """A deadline in words: its day (and time) in the viewer's zone, then, when the clock reads
    differently in `zone` (the assignee's), how it reads there: "Fri 11 Dec, 16:59 your time ·
    23:59 for Ana", with the day too when it is another day there. A deadline without a time
    ends with the assignee's day, so its time is shown when the zones differ."""
    here = timezone.localtime(due_at)
    there = _there(due_at, zone) if zone else None
    if there is None or there.utcoffset() == here.utcoffset():
        return when(here) if with_time else when(here, "date")
    there_label = (
        _time(there)
        if there.date() == here.date()
        else f"{_day(there.date(), _this_year())}, {_time(there)}"
    )
    # The first name is enough: the assignee is named next to the deadline.
    first_name = name.split()[0] if name and name.split() else ""
    values = {"here": when(here), "there": there_label, "name": first_name, "zone": zone}
    if first_name:
        return gettext("%(here)s your time · %(there)s for %(name)s") % values
    return gettext("%(here)s your time · %(there)s in %(zone)s") % values


def deadline_html(
    due_at: datetime.datetime | None,
    *,
    with_time: bool,
    zone: str = "",
    name: str | None = None,
    overdue: bool = False,
    text: str | None = None,
) -> SafeString:
    """The deadline of `deadline_text` in a `<time>`, marked when it is overdue; `text` when the
    caller has it already."""
    if due_at is None:
        return format_html('<span class="muted">{}</span>', gettext("No deadline"))
    if text is None:
        text = deadline_text(due_at, with_time=with_time, zone=zone, name=name)
    overdue_class = ' class="overdue"' if overdue else ""
    local = timezone.localtime(due_at).isoformat()
    html = f'<time datetime="{local}"{overdue_class}>{escape(text)}</time>'
    if overdue:
        html += f' <span class="badge badge-danger">{escape(gettext("overdue"))}</span>'
    return SafeString(html)


@register.simple_tag
def deadline(task: Any) -> SafeString:
    """`{% deadline task %}`: the task's deadline, in the viewer's zone and the assignee's."""
    assignee = getattr(task, "assignee", None)
    return deadline_html(
        task.due_at,
        with_time=task.due_time is not None,
        zone=task.due_zone,
        name=assignee.user.display_name if assignee else None,
        overdue=task.is_overdue,
    )

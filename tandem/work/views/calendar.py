"""The month calendar of deadlines, in the viewer's own zone, with public holidays."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.views.decorators.http import require_GET

from tandem.work import selectors
from tandem.work.views.rows import Rows, bases, is_partner
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.selectors import MemberHoliday, member_holidays

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    tasks: list[dict[str, Any]]
    total: int
    holidays: list[MemberHoliday] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.tasks)


def _month_of(raw: str, today: date) -> date:
    match = _MONTH.match(raw or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 1900 <= year <= 9999 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


@require_GET
@member_required()
def task_calendar(request: WorkspaceRequest) -> HttpResponse:
    zone = request.user.time_zone
    today = timezone.localdate()
    month = _month_of(request.GET.get("month", ""), today)
    week_start = request.workspace.week_start
    weeks = calendar.Calendar(firstweekday=week_start).monthdatescalendar(month.year, month.month)
    entries: dict[date, tuple[list[dict[str, Any]], int]] = {}
    holidays: dict[date, list[MemberHoliday]] = {}
    if not is_partner(request):
        # Owners and managers see everyone's public holidays; an assistant their own.
        holidays = member_holidays(
            request.workspace,
            first=weeks[0][0],
            last=weeks[-1][-1],
            member=None if request.member.can_delegate else request.member,
        )
        entries = selectors.calendar_entries(
            request.member, first=weeks[0][0], last=weeks[-1][-1], zone=zone
        )
        rows = Rows(request)
        for day_rows, _total in entries.values():
            rows.prepare(day_rows)
    grid = [
        [
            Day(
                day,
                day.month == month.month,
                day == today,
                *entries.get(day, ([], 0)),
                holidays=holidays.get(day, []),
            )
            for day in week
        ]
        for week in weeks
    ]
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=31)).replace(day=1)
    weekdays = [(week_start + offset) % 7 for offset in range(7)]
    return render(
        request,
        "work/calendar.html",
        {
            "nav": "calendar",
            "month": month,
            "weeks": grid,
            "weekdays": [(WEEKDAYS[d], WEEKDAYS_ABBR[d]) for d in weekdays],
            "previous": previous,
            "following": following,
            "previous_month": previous.isoformat()[:7],
            "following_month": following.isoformat()[:7],
            "is_this_month": month == today.replace(day=1),
            "has_tasks": bool(entries),
            **bases(request),
        },
    )


urlpatterns = [
    path("calendar/", task_calendar, name="calendar"),
]

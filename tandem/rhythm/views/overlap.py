"""The overlap planner: the hours when all chosen members work, in the viewer's zone.

Every role may use it: it shows nothing but the working hours and zones that the Team page
already shows everyone. Owners and managers also get links that turn a suggestion into a
check-in schedule or a meeting.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from tandem.lib.timezones import now_in
from tandem.rhythm.selectors import overlap as selectors
from tandem.work.selectors import week_start_of
from tandem.workspaces.access import WorkspaceRequest, member_required


def _week(request: WorkspaceRequest, zone: str) -> tuple[date, bool]:
    """The first day of the chosen week, and whether it is the current one."""
    first = request.workspace.week_start
    this_week = week_start_of(now_in(zone).date(), first)
    try:
        chosen = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        return this_week, True
    if not date.min.year < chosen.year < date.max.year:
        # The week before and after must exist too, for the page's links.
        return this_week, True
    start = week_start_of(chosen, first)
    return start, start == this_week


def _link(name: str, kwargs: dict[str, str], query: list[tuple[str, str]]) -> str:
    """A prefilled form of another part of the rhythm."""
    return f"{reverse(name, kwargs=kwargs)}?{urlencode(query)}"


def _suggestion_links(request: WorkspaceRequest, plan: selectors.Plan) -> dict[str, Any]:
    if not request.member.can_delegate:
        return {"check_in_links": [], "meeting_link": None}
    slug = request.workspace.slug
    check_in_links = []
    for suggestion in plan.check_ins:
        link = _link(
            "rhythm:checkin_schedule",
            {"ws": slug, "code": suggestion.person.member.code},
            [("at", suggestion.at.strftime("%H:%M"))],
        )
        check_in_links.append((suggestion, link))
    meeting_link = None
    if plan.meeting is not None:
        local = plan.meeting.start.astimezone(zoneinfo.ZoneInfo(plan.zone))
        meeting_link = _link(
            "rhythm:meeting_create",
            {"ws": slug},
            [("attendees", person.member.code) for person in plan.people]
            + [
                ("at", local.strftime("%H:%M")),
                ("zone", plan.zone),
                ("weekday", str(local.weekday())),
            ],
        )
    return {"check_in_links": check_in_links, "meeting_link": meeting_link}


@require_GET
@member_required()
def overlap(request: WorkspaceRequest) -> HttpResponse:
    zone = request.user.time_zone
    week_start, is_this_week = _week(request, zone)
    candidates = list(selectors.overlap_candidates(request.workspace))
    chosen = selectors.chosen_members(candidates, request.GET.getlist("members"), request.member)
    plan = (
        selectors.overlap_plan(members=chosen, zone=zone, week_start=week_start)
        if len(chosen) >= 2
        else None
    )
    chosen_codes = {member.code for member in chosen}
    codes_query = [("members", member.code) for member in chosen]
    context: dict[str, Any] = {
        "nav": "members",
        "candidates": [(member, member.code in chosen_codes) for member in candidates],
        "chosen": chosen,
        "plan": plan,
        "zone": zone,
        "week_start": week_start,
        "week_end": week_start + timedelta(days=6),
        "is_this_week": is_this_week,
        "previous_query": urlencode(
            [*codes_query, ("week", (week_start - timedelta(days=7)).isoformat())]
        ),
        "next_query": urlencode(
            [*codes_query, ("week", (week_start + timedelta(days=7)).isoformat())]
        ),
        "this_week_query": urlencode(codes_query),
        "profile_url": reverse("accounts:profile"),
    }
    if plan is not None:
        context |= _suggestion_links(request, plan)
    return render(request, "rhythm/overlap.html", context)


urlpatterns = [
    path("overlap/", overlap, name="overlap"),
]

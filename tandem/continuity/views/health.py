"""The continuity dashboards: the team page (owners, managers, partners) and one assistant's
page (also open to that assistant, for their own health and workload)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from tandem.continuity.forms.workload import ContractedHoursForm
from tandem.continuity.selectors.dashboard import (
    continuity_member_get,
    member_page,
    team_dashboard,
)
from tandem.workspaces.access import WorkspaceRequest, member_required
from tandem.workspaces.models import Role


@member_required(Role.OWNER, Role.MANAGER, Role.PARTNER)
def team(request: WorkspaceRequest) -> HttpResponse:
    dashboard = team_dashboard(request.member, now=timezone.now())
    return render(request, "continuity/team.html", {"nav": "continuity", "dashboard": dashboard})


@member_required(Role.OWNER, Role.MANAGER, Role.ASSISTANT, Role.PARTNER)
def member(request: WorkspaceRequest, code: str) -> HttpResponse:
    subject = continuity_member_get(request.member, code)
    page = member_page(request.member, subject, now=timezone.now())
    form = None
    if request.member.can_delegate:
        form = ContractedHoursForm(
            initial={"contracted_hours_per_week": subject.contracted_hours_per_week}
        )
    return render(
        request,
        "continuity/member.html",
        {
            "nav": "continuity" if request.member.role != Role.ASSISTANT else "",
            "page": page,
            "subject": subject,
            "hours_form": form,
            "is_self": subject.pk == request.member.pk,
            "for_partner": request.member.role == Role.PARTNER,
        },
    )


urlpatterns: list[URLPattern] = [
    path("continuity/", team, name="team"),
    path("continuity/people/<str:code>/", member, name="member"),
]

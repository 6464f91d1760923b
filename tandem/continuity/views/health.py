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
from tandem.workspaces.models import Membership, Role


@member_required(Role.OWNER, Role.MANAGER, Role.PARTNER)
def team(request: WorkspaceRequest) -> HttpResponse:
    dashboard = team_dashboard(request.member, now=timezone.now())
    return render(request, "continuity/team.html", {"nav": "continuity", "dashboard": dashboard})


def render_member_page(
    request: WorkspaceRequest,
    subject: Membership,
    hours_form: ContractedHoursForm | None,
    status: int = 200,
) -> HttpResponse:
    """One assistant's page; also shown again, with status 400, by an invalid hours form."""
    return render(
        request,
        "continuity/member.html",
        {
            "nav": "continuity" if request.member.role != Role.ASSISTANT else "",
            "page": member_page(request.member, subject, now=timezone.now()),
            "subject": subject,
            "hours_form": hours_form,
            "is_self": subject.pk == request.member.pk,
        },
        status=status,
    )


@member_required(Role.OWNER, Role.MANAGER, Role.ASSISTANT, Role.PARTNER)
def member(request: WorkspaceRequest, code: str) -> HttpResponse:
    subject = continuity_member_get(request.member, code)
    form = None
    if request.member.can_delegate:
        form = ContractedHoursForm(
            initial={"contracted_hours_per_week": subject.contracted_hours_per_week}
        )
    return render_member_page(request, subject, form)


urlpatterns: list[URLPattern] = [
    path("continuity/", team, name="team"),
    path("continuity/people/<str:code>/", member, name="member"),
]

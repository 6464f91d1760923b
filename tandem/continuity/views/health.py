"""The continuity dashboards: the team page (owners, managers, partners) and one assistant's
page (also open to that assistant, for their own health and workload)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from tandem.continuity.forms.workload import ContractedHoursForm
from tandem.continuity.selectors.dashboard import (
    member_page,
    team_dashboard,
)
from tandem.lib.forms import kept_form
from tandem.workspaces.access import Allow, WorkspaceRequest, access_member_by_code, member_required
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


def continuity_subject(request: WorkspaceRequest, code: str) -> Membership:
    """The assistant a continuity page is about: owners and managers see any assistant of the
    workspace, a partner those they supply, an assistant only themselves."""
    return access_member_by_code(
        request.member,
        code,
        allow=[Allow.SELF, Allow.DELEGATORS, Allow.PARTNER],
        roles=[Role.ASSISTANT],
        select_related=("user", "workspace", "partner__user"),
        prefetch_related=("user__working_hours",),
    )


@member_required(Role.OWNER, Role.MANAGER, Role.ASSISTANT, Role.PARTNER)
def member(request: WorkspaceRequest, code: str) -> HttpResponse:
    subject = continuity_subject(request, code)
    form = None
    if request.member.can_delegate:
        form = kept_form(request, "hours_form", ContractedHoursForm) or ContractedHoursForm(
            initial={"contracted_hours_per_week": subject.contracted_hours_per_week}
        )
    return render_member_page(request, subject, form)


urlpatterns: list[URLPattern] = [
    path("continuity/", team, name="team"),
    path("continuity/people/<str:code>/", member, name="member"),
]

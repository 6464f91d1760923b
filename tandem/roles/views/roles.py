"""Roles: the scope of work of each assistant, with duties and KPIs."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from tandem.roles.selectors.kpis import kpi_role_get_for_member, kpi_section
from tandem.workspaces.access import WorkspaceRequest, member_required


@member_required()
def roles(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "roles/roles.html", {"nav": "roles"})


@member_required()
def role(request: WorkspaceRequest, code: str) -> HttpResponse:
    # A role's page as far as its KPIs go; its duties and holders are the roles pages' own.
    the_role = kpi_role_get_for_member(request.member, code)
    section = kpi_section(the_role, request.member, now=timezone.now())
    return render(
        request, "roles/role.html", {"role": the_role, "kpi_section": section, "nav": "roles"}
    )


urlpatterns: list[URLPattern] = [
    path("", roles, name="roles"),
    path("<str:code>/", role, name="role"),
]

"""Roles: the scope of work of each assistant, with duties and KPIs."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from tandem.workspaces.access import WorkspaceRequest, member_required


@member_required()
def roles(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "roles/roles.html", {"nav": "roles"})


urlpatterns: list[URLPattern] = [
    path("", roles, name="roles"),
]

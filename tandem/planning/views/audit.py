"""The task audit: logging what an owner or manager does, for one or two weeks."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required


@member_required(*DELEGATORS)
def audit(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "planning/audit.html", {"nav": "audit"})


urlpatterns: list[URLPattern] = [
    path("audit/", audit, name="audit"),
]

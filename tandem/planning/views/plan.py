"""The delegation plan: responsibilities handed over one at a time."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required


@member_required(*DELEGATORS)
def plan(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "planning/plan.html", {"nav": "plan"})


# PLACEHOLDER until the delegation plan's own page is merged, which replaces it: the analysis
# links each delegation candidate to `planning:responsibility_new`.
@member_required(*DELEGATORS)
def responsibility_new(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "planning/plan.html", {"nav": "plan"})


urlpatterns: list[URLPattern] = [
    path("plan/", plan, name="plan"),
    path("plan/new/", responsibility_new, name="responsibility_new"),  # PLACEHOLDER
]

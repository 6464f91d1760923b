"""The audit's analysis: the week at a glance and the ranked delegation candidates."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required


@member_required(*DELEGATORS)
def analysis(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "planning/analysis.html", {"nav": "planning"})


urlpatterns: list[URLPattern] = [
    path("", analysis, name="analysis"),
]

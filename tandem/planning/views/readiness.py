"""The readiness self-assessment, before hiring or growing."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from tandem.workspaces.access import DELEGATORS, WorkspaceRequest, member_required


@member_required(*DELEGATORS)
def readiness(request: WorkspaceRequest) -> HttpResponse:
    return render(request, "planning/readiness.html", {"nav": "readiness"})


urlpatterns: list[URLPattern] = [
    path("readiness/", readiness, name="readiness"),
]

"""Search: one box in the header, one page of results."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from tandem.insights.selectors.search import GROUP_LABELS, MAX_TERMS, groups_of, search
from tandem.workspaces.access import WorkspaceRequest, member_required

MAX_QUERY = 200


@require_GET
@member_required()
def search_page(request: WorkspaceRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    results = search(request.member, query, group=request.GET.get("in", ""), page=page)
    groups = groups_of(request.member)
    return render(
        request,
        "insights/search.html",
        {
            "query": query,
            "search_query": query,
            "results": results,
            "groups": [(name, GROUP_LABELS[name]) for name in groups] if len(groups) > 1 else [],
            "max_terms": MAX_TERMS,
            "nav": "search",
        },
    )


urlpatterns = [path("search/", search_page, name="search")]

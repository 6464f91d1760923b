from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from huey.contrib.djhuey import HUEY

from tandem.workspaces.access import SESSION_KEY
from tandem.workspaces.selectors import memberships_of_user

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """Send a person to the workspace they used last, or to the list to pick or create one."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    memberships = memberships_of_user(request.user)
    last = request.session.get(SESSION_KEY)
    slugs = [m.workspace.slug for m in memberships]
    if last in slugs:
        return redirect("workspaces:home", ws=last)
    if len(slugs) == 1:
        return redirect("workspaces:home", ws=slugs[0])
    return redirect("workspaces:list")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether the database and the job queue's storage answer; 503 names what is down."""
    report = {"database": "ok", "queue": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("Health check: the database does not answer")
        report["database"] = "down"
    try:
        HUEY.pending_count()
    except Exception:
        log.exception("Health check: the job queue does not answer")
        report["queue"] = "down"
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **report}, status=200 if healthy else 503
    )

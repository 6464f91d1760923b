from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from huey.contrib.djhuey import HUEY

from tandem.notify.selectors import delivery_health

log = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether the database and the job queue's storage answer, and whether everything Tandem
    has to tell goes out in time; 503 names what is down, or deliveries late past 10 minutes."""
    report: dict[str, str | int] = {"database": "ok", "queue": "ok", "deliveries": "ok"}
    down = late = False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        deliveries = delivery_health(timezone.now())
    except Exception:
        log.exception("Health check: the database does not answer")
        report["database"] = "down"
        report.pop("deliveries")
        down = True
    else:
        if deliveries.is_late and deliveries.age is not None:
            report["deliveries"] = "late"
            report["deliveries_late_seconds"] = int(deliveries.age.total_seconds())
            late = deliveries.is_failing
    try:
        HUEY.pending_count()
    except Exception:
        log.exception("Health check: the job queue does not answer")
        report["queue"] = "down"
        down = True
    status = "down" if down else "late" if late else "ok"
    return JsonResponse({"status": status, **report}, status=200 if status == "ok" else 503)

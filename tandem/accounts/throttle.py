"""Login throttling: django-axes' database handler with one more limit, per address.

Axes locks one email at one address after LOGIN_FAILURE_LIMIT failures (AXES_LOCKOUT_PARAMETERS)
and compares every lockout parameter with that one limit. Password spraying tries a few
passwords on many emails from one address, so the address also has a limit of its own, higher
(LOGIN_FAILURE_LIMIT_PER_ADDRESS): counted from axes' own rows, in its cool-off window, and
applied wherever axes asks whether a request is locked out, before authenticating and after a
failure. The address is axes' (AXES_CLIENT_IP_CALLABLE: tandem.lib.http.client_address).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address within the cool-off, whatever the emails."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


class LoginThrottle(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            # Reported as the limit axes compares with: the address is locked for any email.
            return max(failures, get_failure_limit(request, credentials))
        return failures

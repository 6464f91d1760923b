from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class PreferencesMiddleware:
    """Run each request in the signed-in person's own language and time zone.

    A visitor who is not signed in keeps the language LocaleMiddleware chose from their cookie
    or browser, and sees times in UTC.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class PrivatePagesMiddleware:
    """Keep every response to a signed-in person out of every cache, the browser's included:
    each shows what only they may see, and a shared computer must not keep it after they log
    out. Public pages (log in, sign up) and static files (answered before this runs) are left
    to their own headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            del response["Expires"]
        return response

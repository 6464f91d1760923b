"""`request.htmx` that remembers being asked, so every answer that depends on it says so.

A view (or a template) that branches on `request.htmx` gives the same address two answers: a
fragment for htmx and a whole page without it. Such an answer must carry `Vary: HX-Request`, or a
cache, or the browser's back button, may serve the fragment as the page. Rather than a decorator
that each such view has to remember, `VaryOnHtmxMiddleware` replaces `request.htmx` with details
that note when their truth was read, and adds the header to exactly those answers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


class AskedHtmxDetails(HtmxDetails):
    """htmx's request details; `asked` turns true once a view asks whether it is htmx."""

    asked = False

    def __bool__(self) -> bool:
        self.asked = True
        return super().__bool__()


class VaryOnHtmxMiddleware:
    """Sets `request.htmx` (in place of django-htmx's middleware) and adds `Vary: HX-Request`
    to every answer whose view or template asked for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        details = AskedHtmxDetails(request)
        setattr(request, "htmx", details)  # noqa: B010 (HttpRequest declares no such attribute)
        response = self.get_response(request)
        if details.asked:
            patch_vary_headers(response, ("HX-Request",))
        return response

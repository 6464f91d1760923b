"""Small request helpers shared by the views."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_url(request: HttpRequest, url: str) -> bool:
    """Whether `url` stays on this site (so following it cannot send anyone elsewhere)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_or(request: HttpRequest, fallback: str) -> str:
    """The form's (or the query's) `next` address when it is safe, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_url(request, target) else fallback

"""Small request helpers shared by the views."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network


def is_safe_url(request: HttpRequest, url: str) -> bool:
    """Whether `url` stays on this site (so following it cannot send anyone elsewhere)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_or(request: HttpRequest, fallback: str) -> str:
    """The form's (or the query's) `next` address when it is safe, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_safe_url(request, target) else fallback


View = Callable[..., HttpResponse]


class SeeOther(HttpResponseRedirect):
    """A redirect that a browser follows with GET, whatever the request was (303)."""

    status_code = 303


# The field a confirmed destructive action carries: the confirmation dialog (confirm.js) adds it,
# and so does the confirmation page that `post_only(..., confirm=...)` shows without JavaScript.
CONFIRMED = "confirmed"


def post_only(
    page: str | Callable[..., str], *keep: str, confirm: str | Promise | None = None
) -> Callable[[View], View]:
    """A view that changes data and answers POST; every other visit goes to its page.

    The address of a form's action stays in the browser after a POST (a reload, a language
    switch, the address opened again). A GET of it is sent on to the page the address belongs to
    instead of a bare 405: the URL named `page`, given the workspace's slug (`ws`) when the
    request is in one and the view's arguments named in `keep`; or, when `page` is a function,
    `page(request, *args, **kwargs)` with the view's own arguments. Apply it inside the access
    decorator, so that whoever may not see the page gets its 404 (or 403) first and a redirect
    reveals nothing.

    A destructive action names its question in `confirm`: a POST that does not carry
    `confirmed` (the dialog of confirm.js adds it) is answered with a page that asks the
    question, the form's fields kept, and changes nothing."""

    def address(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        if callable(page):
            return page(request, *args, **kwargs)
        names = {name: kwargs[name] for name in keep}
        workspace = getattr(request, "workspace", None)
        if workspace is not None:
            names["ws"] = workspace.slug
        return reverse(page, kwargs=names)

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                if confirm is not None and not request.POST.get(CONFIRMED):
                    return _ask(request, confirm, address(request, *args, **kwargs))
                return view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                return SeeOther(address(request, *args, **kwargs))
            return HttpResponseNotAllowed(["POST"])

        return wrapper

    return decorator


# A message that offers to undo what was just done carries the undo's address in its extra tags
# (includes/messages.html shows it as a button that posts there).
UNDO_TAG = "undo:"


def undo_tag(address: str) -> str:
    return f"{UNDO_TAG}{address}"


@dataclass(frozen=True)
class Done:
    """What a view says it did, and the address that undoes it."""

    text: str
    undo: str


def _ask(request: HttpRequest, question: str | Promise, back: str) -> HttpResponse:
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    context = {"question": question, "action": request.path, "fields": fields, "back": back}
    return render(request, "confirm.html", context)


@functools.cache
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket counts as the IPv4 address it is.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_address(request: HttpRequest) -> str | None:
    """The address of the person behind a request, for rate limits (and axes).

    The direct peer (`REMOTE_ADDR`) unless it is one of `settings.TRUSTED_PROXIES`; only then is
    `X-Forwarded-For` read, from the right, each hop a trusted proxy appended: the first hop that
    is not itself a trusted proxy is the client. Whatever lies to its left was written by the
    client and is ignored, so nobody can choose their address by sending the header.
    """
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    if not any(peer in network for network in trusted):
        return str(peer)
    client = peer
    forwarded = request.headers.get("X-Forwarded-For", "")
    for hop in reversed(forwarded.split(",")):
        if not hop.strip():
            continue
        address = _address(hop)
        if address is None:
            break  # garbage the client wrote: the last trusted hop is all we know
        client = address
        if not any(address in network for network in trusted):
            break
    return str(client)

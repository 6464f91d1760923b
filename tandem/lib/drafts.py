"""Locally kept drafts of long text fields (tandem.js keeps them in the browser's storage).

A draft is dropped only once the server has saved what it held: the view calls `draft_saved`,
and the next full page tells the browser which drafts to forget. The page's `saved_drafts` tag
only reads them; `SavedDraftsMiddleware` forgets them once that page is rendered, so no template
tag writes to the session.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SESSION_KEY = "saved_drafts"


def draft_saved(request: HttpRequest, *keys: str) -> None:
    saved = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*saved, *keys][-20:]


class SavedDrafts:
    """The drafts saved since the last full page; `shown` turns true once a page shows them."""

    shown = False

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def show(self) -> list[str]:
        self.shown = True
        session = getattr(self.request, "session", None)
        return list(session.get(SESSION_KEY, [])) if session is not None else []


class SavedDraftsMiddleware:
    """Sets `request.saved_drafts`, and forgets the saved drafts once a page has shown them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        drafts = SavedDrafts(request)
        setattr(request, "saved_drafts", drafts)  # noqa: B010 (HttpRequest declares no such attribute)
        response = self.get_response(request)
        if drafts.shown:
            request.session.pop(SESSION_KEY, None)
        return response

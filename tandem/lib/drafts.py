"""Locally kept drafts of long text fields (tandem.js keeps them in the browser's storage).

A draft is dropped only once the server has saved what it held: the view calls `draft_saved`,
and the next full page tells the browser which drafts to forget.
"""

from __future__ import annotations

from django.http import HttpRequest

SESSION_KEY = "saved_drafts"


def draft_saved(request: HttpRequest, *keys: str) -> None:
    saved = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*saved, *keys][-20:]


def pop_saved_drafts(request: HttpRequest) -> list[str]:
    return request.session.pop(SESSION_KEY, []) if hasattr(request, "session") else []

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tandem.workspaces.idempotency import FIELD

register = template.Library()


@register.simple_tag
def form_key() -> SafeString:
    """A one-time key that makes the form it is in safe to submit twice."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4().hex)


@register.simple_tag(takes_context=True)
def saved_drafts(context: template.Context) -> SafeString:
    """The drafts the server has saved since the last page: the browser forgets them.

    Only reads: `SavedDraftsMiddleware` (tandem/lib/drafts.py) forgets them once the page is
    rendered."""
    drafts = getattr(context.get("request"), "saved_drafts", None)
    keys = drafts.show() if drafts is not None else []
    if not keys:
        return SafeString("")
    return format_html('<meta name="tandem-saved-drafts" content="{}">', " ".join(keys))

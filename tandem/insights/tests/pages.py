"""Reading the pages of insights in tests."""

from __future__ import annotations

import re
from html import unescape


def section(html: str, key: str) -> list[str]:
    """The titles of the rows in the card section `key` of a page, in order."""
    match = re.search(rf'<section class="card[^"]*" id="{key}">.*?</section>', html, re.S)
    if match is None:
        return []
    return [
        unescape(t).strip()
        for t in re.findall(r'class="row-title" href="[^"]+">([^<]+)</a>', match[0])
    ]

"""Every POST-only address goes through `post_only` (tandem/lib/http.py), so a GET of it leads to
its page instead of a bare 405: Django's `require_POST` is not used by any view."""

from __future__ import annotations

from pathlib import Path

import tandem

ROOT = Path(tandem.__file__).parent


def test_no_view_answers_a_get_with_405():
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "require_POST" in path.read_text(encoding="utf-8")
    ]
    assert offenders == [], "use tandem.lib.http.post_only instead of require_POST"

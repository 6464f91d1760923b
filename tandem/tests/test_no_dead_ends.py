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


def test_post_only_sends_other_reads_to_the_page_and_refuses_other_methods(rf):
    from django.http import HttpResponse

    from tandem.lib.http import post_only

    @post_only(lambda request, code: f"/things/{code}/")
    def act(request, code):
        return HttpResponse("done")

    assert act(rf.post("/things/a/act/"), code="a").content == b"done"
    for method in ("get", "head"):
        response = act(getattr(rf, method)("/things/a/act/"), code="a")
        assert (response.status_code, response["Location"]) == (303, "/things/a/")
    assert act(rf.put("/things/a/act/"), code="a").status_code == 405

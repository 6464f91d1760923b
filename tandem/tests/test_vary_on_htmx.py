"""An answer that depends on htmx says so with `Vary: HX-Request`; one that does not, does not."""

from __future__ import annotations

from django.urls import reverse
from django.utils.cache import has_vary_header


def test_a_view_that_branches_on_htmx_varies_on_it(owner, client_for):
    http = client_for(owner)
    url = reverse("work:board_column", kwargs={"ws": "alice", "state": "in_progress"})
    page, fragment = http.get(url), http.get(url, headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert has_vary_header(page, "HX-Request")
    assert has_vary_header(fragment, "HX-Request")


def test_a_view_that_does_not_ask_does_not_vary(owner, client_for):
    response = client_for(owner).get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert not has_vary_header(response, "HX-Request")

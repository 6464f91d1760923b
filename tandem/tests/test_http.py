"""The shared safe-redirect helpers: only addresses on this site are followed."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tandem.lib.http import is_safe_url, next_or


@pytest.mark.parametrize(
    ("target", "followed"),
    [
        ("/w/alice/acks/", True),
        ("https://evil.example/", False),
        ("//evil.example/path", False),
        ("javascript:alert(1)", False),
        ("", False),
    ],
)
def test_it_follows_only_addresses_on_this_site(target, followed):
    request = RequestFactory().post("/somewhere/", {"next": target})
    assert is_safe_url(request, target) is followed
    assert next_or(request, "/fallback/") == (target if followed else "/fallback/")


def test_it_reads_next_from_the_query_too():
    request = RequestFactory().get("/somewhere/", {"next": "/w/alice/"})
    assert next_or(request, "/fallback/") == "/w/alice/"

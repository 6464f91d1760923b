"""Private pages are never stored by a cache, the browser's included; public ones are left to
their own headers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.rhythm.models import CalendarFeed

PRIVATE = "private, no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/w/alice/",
        "/w/alice/members/",
        "/w/alice/notifications/bell/",
        "/w/alice/tasks/",
        "/workspaces/",
        "/accounts/profile/",
        "/calendar/",
    ],
)
def test_it_keeps_pages_of_a_signed_in_person_out_of_caches(owner, client_for, path):
    response = client_for(owner).get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == PRIVATE
    assert not response.has_header("Expires")


def test_it_keeps_redirects_and_errors_of_a_signed_in_person_out_of_caches(owner, client_for):
    http = client_for(owner)
    assert http.get("/")["Cache-Control"] == PRIVATE
    assert http.get("/w/no-such-place/")["Cache-Control"] == PRIVATE


def test_it_leaves_public_pages_alone(client, db):
    for name in ("accounts:signup", "accounts:password_reset"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert not response.has_header("Cache-Control")
    # Django's own login view says never_cache itself.
    assert "max-age=0" in client.get(reverse("accounts:login"))["Cache-Control"]


def test_it_keeps_the_health_check_uncached(client, db):
    assert "no-store" in client.get("/healthz")["Cache-Control"]


def test_it_keeps_the_calendar_feed_out_of_caches(owner, client):
    feed, _ = CalendarFeed.objects.get_or_create(user=owner.user)
    response = client.get(reverse("insights:calendar_feed", kwargs={"token": feed.token}))
    assert response["Cache-Control"] == PRIVATE

"""Each request runs in the viewer's own language and time zone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_user

pytestmark = pytest.mark.django_db


def test_it_speaks_the_browsers_language_to_a_visitor(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9")
    assert response["Content-Language"] == "it"
    assert b"Accedi" in response.content


def test_it_speaks_the_profiles_language_whatever_the_browser_says(client_for):
    user = make_user("nora@example.com", "Nora", language="nb")
    response = client_for(user).get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="it")
    assert response["Content-Language"] == "nb"
    assert b"Arbeidstid" in response.content


def test_it_shows_times_in_the_viewers_zone(client_for, owner):
    manila = make_user("ana@example.com", "Ana", zone="Asia/Manila")
    page = client_for(manila).get(reverse("workspaces:list"))
    assert b"Times are shown in Asia/Manila." in page.content
    page = client_for(owner).get("/w/alice/")
    assert b"Times are shown in Europe/Oslo." in page.content


def test_it_switches_language_and_remembers_it_in_the_profile(client_for):
    user = make_user("nora@example.com", "Nora")
    http = client_for(user)
    response = http.post(reverse("accounts:language"), {"language": "it", "next": "/workspaces/"})
    assert response["Location"] == "/workspaces/"
    user.refresh_from_db()
    assert user.language == "it"
    assert http.get("/workspaces/")["Content-Language"] == "it"


def test_it_switches_a_visitors_language_with_a_cookie(client, db):
    client.post(reverse("accounts:language"), {"language": "nb", "next": "/accounts/login/"})
    assert b"Logg inn" in client.get(reverse("accounts:login")).content

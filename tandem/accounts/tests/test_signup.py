from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD, make_user
from tandem.accounts.models import User

pytestmark = pytest.mark.django_db


def signup_data(**overrides: str) -> dict[str, str]:
    return {
        "display_name": "Nora Nordmann",
        "email": "Nora@Example.com",
        "time_zone": "Europe/Oslo",
        "language": "nb",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides


def test_it_signs_up_logs_in_and_asks_for_a_workspace(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    response = client.post(reverse("accounts:signup"), signup_data())
    assert response["Location"] == reverse("workspaces:create")
    user = User.objects.get()
    assert user.email == "nora@example.com"
    assert (user.time_zone, user.language) == ("Europe/Oslo", "nb")
    assert user.password.startswith("argon2")
    # An ordinary working week to start with, Monday to Friday.
    assert [hours.weekday for hours in user.working_hours.all()] == [0, 1, 2, 3, 4]
    assert client.get(reverse("workspaces:create")).status_code == 200


def test_it_refuses_an_unknown_time_zone_and_keeps_the_input(client):
    response = client.post(reverse("accounts:signup"), signup_data(time_zone="Mars/Olympus"))
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert b'value="Nora Nordmann"' in response.content
    assert not User.objects.exists()


def test_it_refuses_a_taken_email(client):
    make_user("nora@example.com", "First Nora")
    response = client.post(reverse("accounts:signup"), signup_data())
    assert b"An account with this email already exists" in response.content
    assert User.objects.count() == 1


def test_it_refuses_a_weak_password(client):
    response = client.post(
        reverse("accounts:signup"), signup_data(password1="12345678", password2="12345678")
    )
    assert b"too common" in response.content
    assert not User.objects.exists()

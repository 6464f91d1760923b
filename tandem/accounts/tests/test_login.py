from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_it_logs_in_with_email_in_any_case(client):
    make_user("kari@example.com", "Kari")
    response = login(client, "KARI@example.com", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_it_explains_a_wrong_password(client):
    make_user("kari@example.com", "Kari")
    response = login(client, "kari@example.com", "wrong")
    assert response.status_code == 200
    assert b"Please enter a correct email and password" in response.content


def test_it_locks_out_after_five_failures_even_with_the_right_password(client):
    make_user("kari@example.com", "Kari")
    for _ in range(5):
        login(client, "kari@example.com", "wrong")
    response = login(client, "kari@example.com", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.content
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_it_does_not_lock_out_other_accounts(client):
    make_user("kari@example.com", "Kari")
    make_user("ola@example.com", "Ola")
    for _ in range(5):
        login(client, "kari@example.com", "wrong")
    assert login(client, "ola@example.com", PASSWORD).status_code == 302


def test_it_logs_out_with_a_post(client_for, owner):
    http = client_for(owner)
    assert http.post(reverse("accounts:logout")).status_code == 302
    assert http.get("/w/alice/").status_code == 302

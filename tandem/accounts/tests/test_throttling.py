"""Throttling: failed logins per email and address and per address across emails, password
reset requests per email and per address, and the client address behind trusted proxies."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD, make_user
from tandem.lib.http import client_address

pytestmark = pytest.mark.django_db


def login(client, email: str, password: str, **headers):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **headers
    )


def reset(client, email: str, **headers):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **headers)


@pytest.fixture
def limits(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    return settings


def test_it_locks_an_address_that_fails_across_many_emails(client, limits):
    """Password spraying: a few guesses on each of many emails, below the per-email limit."""
    make_user("kari@example.com", "Kari")
    for n in range(7):
        response = login(client, f"person{n}@example.com", "Summer2026!")
        assert response.status_code == 200
    assert login(client, "person7@example.com", "Summer2026!").status_code == 429
    response = login(client, "kari@example.com", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.content


def test_it_does_not_lock_other_addresses(client, limits):
    make_user("kari@example.com", "Kari")
    for n in range(8):
        login(client, f"person{n}@example.com", "Summer2026!")
    elsewhere = login(client, "kari@example.com", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302


def test_it_keeps_the_per_email_limit_below_the_address_one(client, limits):
    make_user("kari@example.com", "Kari")
    make_user("ola@example.com", "Ola")
    for _ in range(5):
        login(client, "kari@example.com", "wrong")
    assert login(client, "kari@example.com", PASSWORD).status_code == 429
    assert login(client, "ola@example.com", PASSWORD).status_code == 302


def test_it_ignores_x_forwarded_for_from_an_untrusted_peer(client, limits):
    """Not behind a proxy: a client that writes its own X-Forwarded-For changes nothing."""
    make_user("kari@example.com", "Kari")
    for n in range(8):
        login(client, f"person{n}@example.com", "x", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    spoofed = login(client, "kari@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert spoofed.status_code == 429


def test_it_tells_clients_apart_behind_a_trusted_proxy(client, limits):
    """Behind the proxy everyone arrives from its address: one person's failures must not
    lock out the others."""
    limits.TRUSTED_PROXIES = ["10.0.0.0/8"]
    make_user("kari@example.com", "Kari")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(8):
        login(client, f"person{n}@example.com", "x", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert (
        login(client, "kari@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    ).status_code == 429
    other = login(
        client, "kari@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("192.0.2.1", "", "192.0.2.1"),
        ("192.0.2.1", "203.0.113.5", "192.0.2.1"),  # not a proxy of ours: header ignored
        ("10.0.0.2", "203.0.113.5", "203.0.113.5"),
        # The client wrote the first entry; our proxies appended the rest.
        ("10.0.0.2", "1.2.3.4, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        ("10.0.0.2", "not-an-address, 10.0.0.9", "10.0.0.9"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("::ffff:192.0.2.1", "", "192.0.2.1"),
        ("2001:db8::1", "", "2001:db8::1"),
    ],
)
def test_it_reads_the_client_address(settings, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=peer, **headers)
    assert client_address(request) == expected


def test_it_limits_reset_emails_per_email_with_the_same_page(
    client, limits, django_capture_on_commit_callbacks
):
    make_user("kari@example.com", "Kari")
    pages = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            pages.append(reset(client, "kari@example.com", REMOTE_ADDR=f"192.0.2.{n}"))
    assert len(mail.outbox) == 2
    assert {page["Location"] for page in pages} == {reverse("accounts:password_reset_done")}


def test_it_limits_reset_requests_per_address_across_emails(
    client, limits, django_capture_on_commit_callbacks
):
    for name in ("a", "b", "c", "d"):
        make_user(f"{name}@example.com", name.upper())
    with django_capture_on_commit_callbacks(execute=True):
        pages = [reset(client, f"{name}@example.com") for name in ("a", "b", "c", "d")]
    assert [message.to for message in mail.outbox] == [
        ["a@example.com"],
        ["b@example.com"],
        ["c@example.com"],
    ]
    assert pages[-1]["Location"] == reverse("accounts:password_reset_done")
    with django_capture_on_commit_callbacks(execute=True):
        reset(client, "d@example.com", REMOTE_ADDR="198.51.100.7")
    assert mail.outbox[-1].to == ["d@example.com"]


def test_it_counts_unknown_emails_alike(client, limits, django_capture_on_commit_callbacks):
    """Asking for unknown emails uses up the address's allowance too: the limit tells nothing
    about which emails exist."""
    make_user("kari@example.com", "Kari")
    for n in range(3):
        reset(client, f"nobody{n}@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        reset(client, "kari@example.com")
    assert mail.outbox == []

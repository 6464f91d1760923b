from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_it_resets_a_forgotten_password_by_email(client, django_capture_on_commit_callbacks):
    make_user("kari@example.com", "Kari")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "kari@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert b"Set a new password" in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert done["Location"] == reverse("accounts:login")
    ok = client.post(
        reverse("accounts:login"),
        {"username": "kari@example.com", "password": "a-new-long-passphrase"},
    )
    assert ok.status_code == 302


def test_it_says_the_same_for_an_unknown_email(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_it_changes_the_password(client_for):
    user = make_user("kari@example.com", "Kari")
    http = client_for(user)
    response = http.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-one",
            "new_password2": "another-long-one",
        },
    )
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password("another-long-one")

"""Owner and manager invitations are accepted by the invited email: signed in with it, or
confirmed by a link sent to it. Assistant and partner invitations take any account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, make_user
from tandem.workspaces import services
from tandem.workspaces.models import Invitation, Membership, Role
from tandem.workspaces.selectors import invitation_confirmation_token, invitation_token

pytestmark = pytest.mark.django_db

SIGNUP = {
    "display_name": "Maja",
    "time_zone": "Europe/Oslo",
    "language": "en",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


@pytest.fixture
def invitation(owner) -> Invitation:
    return services.invitation_create(
        actor=owner, email="maja@example.com", role=Role.MANAGER, language="en"
    )


@pytest.fixture
def other(db):
    """Someone with the link but another email."""
    return make_user("maja.private@example.com", "Maja")


def accept_url(invitation: Invitation) -> str:
    return reverse("workspaces:accept", kwargs={"token": invitation_token(invitation)})


def send_url(invitation: Invitation) -> str:
    return reverse("workspaces:confirmation_send", kwargs={"token": invitation_token(invitation)})


def confirm_url(invitation: Invitation, token: str) -> str:
    return reverse(
        "workspaces:confirm",
        kwargs={"token": invitation_token(invitation), "confirmation": token},
    )


def is_member(invitation: Invitation, user) -> bool:
    return Membership.objects.active().filter(workspace=invitation.workspace, user=user).exists()


def test_it_refuses_another_account_with_a_way_forward(invitation, other, client_for):
    http = client_for(other)
    page = http.get(accept_url(invitation))
    assert page.status_code == 403
    html = page.content.decode()
    assert "maja@example.com" in html
    assert reverse("accounts:logout") in html
    assert 'action="/invitations/' in html
    assert '/confirmation/"' in html
    assert http.post(accept_url(invitation)).status_code == 403
    assert not is_member(invitation, other)


def test_it_refuses_another_account_in_the_service(invitation, other):
    with pytest.raises(ValidationError, match=r"maja@example\.com"):
        services.invitation_accept(user=other, invitation=invitation)


def test_it_lets_the_invited_email_accept(invitation, client_for):
    maja = make_user("Maja@Example.com", "Maja")
    response = client_for(maja).post(accept_url(invitation))
    assert response["Location"] == reverse("insights:home", kwargs={"ws": "alice"})
    assert Membership.objects.get(workspace=invitation.workspace, user=maja).role == Role.MANAGER


def test_it_signs_up_only_the_invited_email(invitation, client):
    refused = client.post(accept_url(invitation), {**SIGNUP, "email": "someone@example.com"})
    assert refused.status_code == 200
    assert "sign up with that address" in refused.content.decode()
    assert not Membership.objects.filter(user__email="someone@example.com").exists()
    accepted = client.post(accept_url(invitation), {**SIGNUP, "email": "maja@example.com"})
    assert accepted.status_code == 302
    assert Membership.objects.get(user__email="maja@example.com").role == Role.MANAGER


def test_it_lets_any_account_accept_an_assistants_invitation(owner, other, client_for):
    invitation = services.invitation_create(
        actor=owner, email="va@agency.example", role=Role.ASSISTANT, language="en"
    )
    assert client_for(other).post(accept_url(invitation)).status_code == 302
    assert is_member(invitation, other)


def test_it_confirms_through_a_link_sent_to_the_invited_email(
    invitation, other, client_for, django_capture_on_commit_callbacks
):
    http = client_for(other)
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(send_url(invitation))
    assert response["Location"] == accept_url(invitation)
    (message,) = mail.outbox
    assert message.to == ["maja@example.com"]
    assert "maja.private@example.com" in message.body
    assert message.extra_headers["Message-ID"].startswith("<invitation-confirmation-")
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/confirm/\S+/)", message.body).group(1)

    page = http.get(link)  # a mail scanner following the link accepts nothing
    assert page.status_code == 200
    assert "Confirm and join" in page.content.decode()
    assert not is_member(invitation, other)
    joined = http.post(link)
    assert joined["Location"] == reverse("insights:home", kwargs={"ws": "alice"})
    assert Membership.objects.get(workspace=invitation.workspace, user=other).role == Role.MANAGER
    assert http.post(link).status_code == 410  # spent
    assert Membership.objects.filter(workspace=invitation.workspace, user=other).count() == 1


def test_it_sends_a_confirmation_once_per_delivery_run(
    invitation, other, django_capture_on_commit_callbacks
):
    from tandem.outbox.models import Delivery
    from tandem.workspaces.deliveries import (
        INVITATION_CONFIRMATION,
        invitation_confirmation_deliver,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_confirmation_send(user=other, invitation=invitation, language="en")
    delivery = Delivery.objects.get(handler=INVITATION_CONFIRMATION)
    invitation_confirmation_deliver(delivery)  # run again after a crash: the same Message-ID
    assert len(mail.outbox) == 2
    assert mail.outbox[0].extra_headers["Message-ID"] == mail.outbox[1].extra_headers["Message-ID"]


def test_it_limits_how_many_links_are_sent(
    invitation, other, client_for, django_capture_on_commit_callbacks
):
    http = client_for(other)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            http.post(send_url(invitation))
    assert len(mail.outbox) == 3
    page = http.get(accept_url(invitation))
    assert "Several links were sent" in page.content.decode()


def test_it_refuses_an_expired_confirmation_link(invitation, other, client_for):
    token = invitation_confirmation_token(invitation, other)
    http = client_for(other)
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        page = http.get(confirm_url(invitation, token))
        assert page.status_code == 410
        assert "This link has expired" in page.content.decode()
        assert accept_url(invitation) in page.content.decode()
        assert http.post(confirm_url(invitation, token)).status_code == 410
    assert not is_member(invitation, other)


def test_it_refuses_a_forged_confirmation_link(invitation, other, client_for):
    http = client_for(other)
    forged = signing.dumps({"i": invitation.code, "u": other.pk}, salt="something else")
    assert http.get(confirm_url(invitation, forged)).status_code == 404
    assert http.post(confirm_url(invitation, "not-a-token")).status_code == 404
    with pytest.raises(ValidationError):
        services.invitation_accept(user=other, invitation=invitation, confirmation=forged)
    assert not is_member(invitation, other)


def test_it_checks_workspace_isolation(invitation, other, outsider, client_for):
    """A confirmation link made for one account is unknown to any other: the outsider who
    gets hold of it finds nothing there, and cannot have a link sent with a forged token."""
    token = invitation_confirmation_token(invitation, other)
    http = client_for(outsider)
    assert http.get(confirm_url(invitation, token)).status_code == 404
    assert http.post(confirm_url(invitation, token)).status_code == 404
    forged = reverse("workspaces:confirmation_send", kwargs={"token": "not-a-real-token"})
    assert http.post(forged).status_code == 404
    assert http.get(accept_url(invitation)).status_code == 403
    assert not is_member(invitation, outsider.user)
    assert mail.outbox == []


def test_it_sends_anonymous_visitors_to_log_in_first(invitation, other, client):
    token = invitation_confirmation_token(invitation, other)
    for response in (client.get(confirm_url(invitation, token)), client.post(send_url(invitation))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

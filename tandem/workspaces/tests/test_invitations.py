from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, make_user
from tandem.outbox import runner
from tandem.outbox.models import Delivery
from tandem.workspaces import services
from tandem.workspaces.models import Invitation, Membership, Role

pytestmark = pytest.mark.django_db


def invite(client, ws: str, email: str, role: str = Role.ASSISTANT, **headers):
    url = reverse("workspaces:invite", kwargs={"ws": ws})
    return client.post(url, {"email": email, "role": role}, **headers)


def link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_emails_an_invitation_link(owner, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(owner), "alice", "Sofia@Example.com")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "sofia@example.com"
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sofia@example.com"]
    assert "Alice Consulting" in message.subject
    assert message.reply_to == ["alice@example.com"]
    assert link_in(message).startswith("/invitations/")
    invitation.refresh_from_db()
    assert invitation.email_sent_at is not None


def test_its_subject_is_plain_text_not_html(owner, django_capture_on_commit_callbacks):
    owner.workspace.name = "Carter Bakery & Café"
    owner.workspace.save(update_fields=["name"])
    owner.user.display_name = "Olivia <O'Hara>"
    owner.user.save(update_fields=["display_name"])
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=owner, email="sofia@example.com", role=Role.ASSISTANT, language="en"
        )
    (message,) = mail.outbox
    assert message.subject == "Olivia <O'Hara> invites you to Carter Bakery & Café on Tandem"
    assert "Carter Bakery & Café" in message.body


def test_it_sends_the_email_once_when_delivered_twice(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=owner, email="twice@example.com", role=Role.ASSISTANT, language="en"
        )
    (delivery,) = Delivery.objects.all()
    assert delivery.done_at is not None
    # Run again (as after a crash before it was marked done): the invitation was sent already.
    Delivery.objects.filter(pk=delivery.pk).update(done_at=None, due_at=timezone.now())
    assert runner.deliveries_redeliver() == 1
    assert len(mail.outbox) == 1


def test_it_writes_the_email_in_the_inviters_language(owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=owner, email="nora@example.com", role=Role.ASSISTANT, language="nb"
        )
    assert "invitasjon" in mail.outbox[0].body.lower()


def test_it_lets_a_newcomer_sign_up_on_the_spot(owner, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=owner, email="sofia@example.com", role=Role.ASSISTANT, language="en"
        )
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert b'value="sofia@example.com"' in page.content
    response = client.post(
        link,
        {
            "display_name": "Sofia",
            "email": "sofia@example.com",
            "time_zone": "Asia/Manila",
            "language": "en",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:home", kwargs={"ws": "alice"})
    member = Membership.objects.get(user__email="sofia@example.com")
    assert member.role == Role.ASSISTANT
    assert member.user.time_zone == "Asia/Manila"
    assert client.get(response["Location"], follow=True).status_code == 200


def test_it_lets_an_existing_account_accept(owner, outsider, client_for):
    invitation = services.invitation_create(
        actor=owner, email=outsider.user.email, role=Role.PARTNER, language="en"
    )
    link = reverse("workspaces:accept", kwargs={"token": _token(invitation)})
    http = client_for(outsider)
    assert b"Accept invitation" in http.get(link).content
    response = http.post(link)
    assert response.status_code == 302
    assert (
        Membership.objects.active()
        .filter(workspace=owner.workspace, user=outsider.user, role=Role.PARTNER)
        .exists()
    )
    # Single use: the link is spent.
    assert client_for(make_user("late@example.com", "Late")).get(link).status_code == 410


def test_it_refuses_an_expired_invitation(owner, client):
    invitation = services.invitation_create(
        actor=owner, email="slow@example.com", role=Role.ASSISTANT, language="en"
    )
    link = reverse("workspaces:accept", kwargs={"token": _token(invitation)})
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.get(link)
    assert response.status_code == 410
    assert b"can no longer be used" in response.content


def test_it_refuses_a_forged_token(client, db):
    assert client.get("/invitations/not-a-real-token/").status_code == 404


def test_it_revokes_a_pending_invitation(owner, client_for, client):
    invitation = services.invitation_create(
        actor=owner, email="gone@example.com", role=Role.ASSISTANT, language="en"
    )
    url = reverse("workspaces:invitation_revoke", kwargs={"ws": "alice", "code": invitation.code})
    assert client_for(owner).post(url, {"confirmed": "1"}).status_code == 302
    link = reverse("workspaces:accept", kwargs={"token": _token(invitation)})
    assert client.get(link).status_code == 410


def test_it_replaces_a_pending_invitation_to_the_same_email(owner):
    first = services.invitation_create(
        actor=owner, email="again@example.com", role=Role.ASSISTANT, language="en"
    )
    second = services.invitation_create(
        actor=owner, email="again@example.com", role=Role.MANAGER, language="en"
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(Invitation.objects.pending()) == [second]


def test_it_refuses_to_invite_a_member(owner, assistant):
    with pytest.raises(ValidationError):
        services.invitation_create(
            actor=owner, email=assistant.user.email, role=Role.ASSISTANT, language="en"
        )


def test_it_lets_managers_invite_only_assistants(manager):
    services.invitation_create(
        actor=manager, email="va@example.com", role=Role.ASSISTANT, language="en"
    )
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=manager, email="boss@example.com", role=Role.OWNER, language="en"
        )


def test_it_shows_the_manager_only_the_assistant_role(manager, client_for):
    page = client_for(manager).get(reverse("workspaces:members", kwargs={"ws": "alice"}))
    assert b'<option value="assistant"' in page.content
    assert b'<option value="owner"' not in page.content


def test_it_keeps_the_form_and_explains_bad_input(owner, client_for):
    http = client_for(owner)
    response = invite(http, "alice", "not-an-email")
    assert response.status_code == 303
    page = http.get(response["Location"])
    assert b"Enter a valid email address." in page.content
    assert b'value="not-an-email"' in page.content
    assert b"Enter a valid email address." not in http.get(response["Location"]).content
    assert not Invitation.objects.exists()


def test_it_answers_htmx_with_the_invitations_partial(owner, client_for):
    response = invite(client_for(owner), "alice", "htmx@example.com", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"htmx@example.com" in response.content
    assert b"Invitation sent to htmx@example.com" in response.content


def test_it_accepts_once_when_two_people_race(owner, django_capture_on_commit_callbacks):
    invitation = services.invitation_create(
        actor=owner, email="race@example.com", role=Role.ASSISTANT, language="en"
    )
    first, second = make_user("r1@example.com", "R1"), make_user("r2@example.com", "R2")
    services.invitation_accept(user=first, invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_accept(user=second, invitation=invitation)
    assert Membership.objects.filter(workspace=owner.workspace, user=second).count() == 0


def _token(invitation: Invitation) -> str:
    from tandem.workspaces.selectors import invitation_token

    return invitation_token(invitation)


def test_it_shows_invitation_expiry_in_the_viewers_zone(owner, client_for):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from tandem.workspaces import services
    from tandem.workspaces.models import Role

    # It expires at 23:30 UTC on 1 March: already 00:30 on 2 March in Oslo.
    with time_machine.travel(datetime(2026, 2, 22, 23, 30, tzinfo=ZoneInfo("UTC"))):
        services.invitation_create(
            actor=owner, email="z@example.com", role=Role.ASSISTANT, language="en"
        )
        page = client_for(owner).get(reverse("workspaces:members", kwargs={"ws": "alice"}))
    assert b"Mon 2 Mar, 00:30" in page.content
    assert b"Sun 1 Mar" not in page.content


def test_the_sender_can_copy_a_pending_invitations_link(
    owner, client_for, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(owner), "alice", "copy@example.com")
    page = client_for(owner).get(reverse("workspaces:members", kwargs={"ws": "alice"}))
    html = page.content.decode()
    emailed = link_in(mail.outbox[0])
    assert emailed in html
    assert 'data-copy="invite-link-' in html and "Copy link" in html
    # The copied link is the emailed one: it opens the invitation.
    assert client.get(emailed).status_code == 200


def test_the_htmx_answer_after_inviting_carries_the_link_to_copy(owner, client_for):
    response = invite(client_for(owner), "alice", "quick@example.com", HTTP_HX_REQUEST="true")
    invitation = Invitation.objects.get()
    html = response.content.decode()
    assert "Invitation sent to quick@example.com" in html
    assert reverse("workspaces:accept", kwargs={"token": _token(invitation)}) in html


def test_no_link_to_copy_for_those_who_may_not_invite(owner, assistant, client_for):
    services.invitation_create(
        actor=owner, email="hidden@example.com", role=Role.ASSISTANT, language="en"
    )
    page = client_for(assistant).get(reverse("workspaces:members", kwargs={"ws": "alice"}))
    assert b"/invitations/" not in page.content
    assert b"hidden@example.com" not in page.content

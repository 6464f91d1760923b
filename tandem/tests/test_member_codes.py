"""Every page about a member, found by the member's code, for a member of another workspace:
404, both ways, whoever asks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import add_member, make_user
from tandem.workspaces.models import Role

# (URL name, method) of every page that takes a member's code.
MEMBER_PAGES = [
    ("workspaces:member_edit", "get"),
    ("workspaces:member_remove", "get"),
    ("workspaces:member_remove", "post"),
    ("continuity:member", "get"),
    ("continuity:contracted_hours", "post"),
    ("continuity:member_silence", "get"),
    ("continuity:member_silence", "post"),
    ("continuity:contingency_of", "get"),
    ("rhythm:checkin_schedule", "get"),
    ("rhythm:checkin_schedule", "post"),
]


@pytest.fixture
def olaf_assistant(outsider):
    user = make_user("oda@example.com", "Oda Assistant", "Asia/Manila")
    return add_member(outsider.workspace, user, Role.ASSISTANT)


@pytest.mark.parametrize(("name", "method"), MEMBER_PAGES)
def test_it_answers_404_for_a_member_of_another_workspace(
    name, method, owner, assistant, outsider, olaf_assistant, client_for
):
    # Olaf's owner, in Olaf's workspace, with the code of Alice's assistant.
    theirs = reverse(name, kwargs={"ws": "olaf", "code": assistant.code})
    assert getattr(client_for(outsider), method)(theirs).status_code == 404
    # Alice's owner, in Alice's workspace, with the code of Olaf's assistant.
    ours = reverse(name, kwargs={"ws": "alice", "code": olaf_assistant.code})
    assert getattr(client_for(owner), method)(ours).status_code == 404
    # A code that exists nowhere is the same answer.
    missing = reverse(name, kwargs={"ws": "alice", "code": "nosuchcode"})
    assert getattr(client_for(owner), method)(missing).status_code == 404

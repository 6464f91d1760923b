"""The member-by-code access helper: its rules, and 404 for whoever the viewer may not see."""

from __future__ import annotations

import pytest
from django.http import Http404

from conftest import add_member, make_user
from tandem.workspaces.access import Allow, access_member_by_code
from tandem.workspaces.models import Role
from tandem.workspaces.services import member_remove

EVERY_RULE = [Allow.SELF, Allow.DELEGATORS, Allow.PARTNER]


@pytest.fixture
def supplied(workspace, partner):
    """An assistant the partner supplies."""
    member = add_member(workspace, make_user("sam@example.com", "Sam Supplied"), Role.ASSISTANT)
    member.partner = partner
    member.save(update_fields=["partner"])
    return member


def test_delegators_see_every_member(owner, manager, assistant, partner):
    for viewer in (owner, manager):
        for member in (owner, manager, assistant, partner):
            found = access_member_by_code(viewer, member.code, allow=[Allow.DELEGATORS])
            assert found == member


def test_a_partner_sees_only_the_assistants_they_supply(partner, assistant, supplied):
    found = access_member_by_code(partner, supplied.code, allow=[Allow.PARTNER])
    assert found == supplied
    with pytest.raises(Http404):
        access_member_by_code(partner, assistant.code, allow=EVERY_RULE)


def test_self_is_the_viewer_only(assistant, supplied, owner):
    assert access_member_by_code(assistant, assistant.code, allow=[Allow.SELF]) == assistant
    for other in (supplied, owner):
        with pytest.raises(Http404):
            access_member_by_code(assistant, other.code, allow=[Allow.SELF])


def test_a_rule_not_allowed_does_not_apply(owner, assistant, partner, supplied):
    with pytest.raises(Http404):
        access_member_by_code(owner, assistant.code, allow=[Allow.SELF])
    with pytest.raises(Http404):
        access_member_by_code(partner, supplied.code, allow=[Allow.DELEGATORS])
    with pytest.raises(Http404):
        access_member_by_code(assistant, assistant.code, allow=[Allow.DELEGATORS])


def test_roles_limit_whom_the_page_is_about(owner, manager, assistant):
    assistants = [Role.ASSISTANT]
    assert access_member_by_code(owner, assistant.code, allow=EVERY_RULE, roles=assistants)
    with pytest.raises(Http404):
        access_member_by_code(owner, manager.code, allow=EVERY_RULE, roles=assistants)


def test_a_removed_member_is_not_found(owner, assistant):
    member_remove(actor=owner, member=assistant)
    with pytest.raises(Http404):
        access_member_by_code(owner, assistant.code, allow=EVERY_RULE)


def test_it_checks_workspace_isolation(owner, assistant, outsider):
    with pytest.raises(Http404):
        access_member_by_code(outsider, assistant.code, allow=EVERY_RULE)
    with pytest.raises(Http404):
        access_member_by_code(owner, outsider.code, allow=EVERY_RULE)


def test_it_makes_no_query_when_no_rule_applies(assistant, owner, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(Http404):
        access_member_by_code(assistant, owner.code, allow=[Allow.DELEGATORS, Allow.PARTNER])

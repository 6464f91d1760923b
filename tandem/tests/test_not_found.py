"""The 404 page: a partner who opens a page partners may not see is told so, and sent to their
home; anyone else, and anyone outside the workspace, gets the plain page that reveals nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db

PARTNER_MESSAGE = "This page is not shown to partners"


def test_a_partner_is_told_the_page_is_not_for_partners(owner, assistant, partner, client_for):
    task = make_task(owner, assistant, title="Confidential brief")
    response = client_for(partner).get(task.get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    assert PARTNER_MESSAGE in html
    assert f'href="{reverse("insights:home", kwargs={"ws": "alice"})}"' in html
    assert "not a member" not in html
    assert "Confidential brief" not in html


def test_a_missing_task_looks_the_same_to_a_partner(partner, client_for):
    response = client_for(partner).get(reverse("work:task", kwargs={"ws": "alice", "code": "nope"}))
    assert response.status_code == 404
    assert PARTNER_MESSAGE in response.content.decode()


def test_others_get_the_plain_page(owner, assistant, client_for):
    for who in (owner, assistant):
        response = client_for(who).get(reverse("work:task", kwargs={"ws": "alice", "code": "no"}))
        assert response.status_code == 404
        html = response.content.decode()
        assert PARTNER_MESSAGE not in html
        assert "We could not find that page" in html


def test_it_checks_workspace_isolation(owner, assistant, outsider, client_for):
    # A partner elsewhere is an outsider here: the page names nothing of this workspace.
    task = make_task(owner, assistant, title="Confidential brief")
    outsider.role = "partner"
    outsider.save(update_fields=["role"])
    response = client_for(outsider).get(task.get_absolute_url())
    assert response.status_code == 404
    html = response.content.decode()
    assert PARTNER_MESSAGE not in html
    assert "We could not find that page" in html
    assert "Confidential brief" not in html and "Alice Consulting" not in html

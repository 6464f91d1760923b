"""Every URL of recurring tasks, for every kind of visitor: owners and managers only."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from conftest import add_member, make_user
from tandem.testing import VISITORS, Case, Team, check_access, only, url
from tandem.work.models import RecurringTask
from tandem.work.tests.test_recurring import make_template
from tandem.workspaces.models import Role


@dataclass
class World(Team):
    template: RecurringTask


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    return World(owner, manager, assistant, partner, outsider, make_template(owner, assistant))


def template_url(name: str):
    return url(f"work:{name}", code=lambda w: w.template.code)


def form(world: World) -> dict[str, str]:
    return {
        "title": "Weekly report",
        "assignee": str(world.assistant.pk),
        "cadence": "weekly",
        "weekdays": "0",
        "due_time": "16:00",
        "priority": "2",
    }


DELEGATORS_ONLY = only(200, "owner", "manager")
REDIRECTS = only(302, "owner", "manager")

MATRIX = [
    Case("recurring_list", "get", url("work:recurring_list"), DELEGATORS_ONLY),
    Case("recurring_new", "get", url("work:recurring_new"), DELEGATORS_ONLY),
    Case("recurring_new_post", "post", url("work:recurring_new"), REDIRECTS, form),
    Case("recurring_edit", "get", template_url("recurring_edit"), DELEGATORS_ONLY),
    Case("recurring_edit_post", "post", template_url("recurring_edit"), REDIRECTS, form),
    Case("recurring_pause", "post", template_url("recurring_pause"), REDIRECTS),
    Case("recurring_resume", "post", template_url("recurring_resume"), REDIRECTS),
    Case("recurring_delete", "post", template_url("recurring_delete"), REDIRECTS),
    # The actions answer POST only; a GET changes nothing and goes on to the list.
    Case(
        "recurring_pause_get", "get", template_url("recurring_pause"), only(303, "owner", "manager")
    ),
    Case(
        "recurring_delete_get",
        "get",
        template_url("recurring_delete"),
        only(303, "owner", "manager"),
    ),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)
    if case.method == "post" and visitor not in ("owner", "manager"):
        # Refused visitors changed nothing.
        world.template.refresh_from_db()
        assert world.template.active
        assert RecurringTask.objects.count() == 1


def test_it_checks_workspace_isolation(owner, outsider, client_for):
    """A template of another workspace answers exactly like one that does not exist."""
    their_assistant = add_member(
        outsider.workspace, make_user("tom@example.com", "Tom", "UTC"), Role.ASSISTANT
    )
    theirs = make_template(outsider, their_assistant)
    http = client_for(owner)
    for name, method in [
        ("recurring_edit", "get"),
        ("recurring_edit", "post"),
        ("recurring_pause", "post"),
        ("recurring_resume", "post"),
        ("recurring_delete", "post"),
    ]:
        for code in (theirs.code, "nosuchcode"):
            path = reverse(f"work:{name}", kwargs={"ws": "alice", "code": code})
            assert getattr(http, method)(path, {"form_key": f"{name}{code}"}).status_code == 404
    # And their workspace's own pages are not there for Alice's owner at all.
    assert http.get(reverse("work:recurring_list", kwargs={"ws": "olaf"})).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active

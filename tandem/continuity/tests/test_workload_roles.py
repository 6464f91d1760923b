"""The "hired to do everything" flag reads the roles a member holds as well as their tasks."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tandem.continuity.selectors.workload import areas_of
from tandem.continuity.tests.test_workload import NOW, _task
from tandem.roles.services.roles import role_archive, role_assign, role_create, role_unassign

pytestmark = pytest.mark.django_db


def _role(owner, assistant, title, area):
    role = role_create(actor=owner, title=title, area=area)
    return role, role_assign(actor=owner, role=role, member=assistant)


def _areas(assistant):
    return areas_of(assistant.workspace, [assistant.pk], now=NOW)[assistant.pk]


@time_machine.travel(NOW, tick=False)
def test_roles_in_three_unrelated_areas_are_flagged(owner, assistant):
    _role(owner, assistant, "Bookkeeping", "Finance")
    _role(owner, assistant, "Invoicing", "finance")  # the same area
    _role(owner, assistant, "Social media", "Marketing")
    found = _areas(assistant)
    assert (found.role_names, found.too_many) == (["Finance", "Marketing"], False)
    _, support = _role(owner, assistant, "Support", "Customer service")
    found = _areas(assistant)
    assert found.role_names == ["Customer service", "Finance", "Marketing"]
    assert found.roles_too_many and found.too_many and found.count == 3
    # A role taken back no longer counts.
    role_unassign(actor=owner, assignment=support)
    assert not _areas(assistant).too_many


@time_machine.travel(NOW, tick=False)
def test_task_and_role_areas_count_together_and_once(owner, assistant):
    for index, area in enumerate(["Finance", "Research", "Sales", "Design"]):
        _task(owner, assistant, f"Task {index}", None, None, 30, area)
    role, _ = _role(owner, assistant, "Bookkeeping", "finance")  # already counted
    assert (_areas(assistant).count, _areas(assistant).too_many) == (4, False)
    _role(owner, assistant, "Legal", "Legal")
    found = _areas(assistant)
    assert found.all_names == ["Design", "Finance", "Legal", "Research", "Sales"]
    assert found.too_many and not found.roles_too_many
    role_archive(actor=owner, role=role)
    assert _areas(assistant).count == 5  # Finance is still a task's area


@time_machine.travel(NOW, tick=False)
def test_the_member_page_shows_the_roles_areas(owner, assistant, client_for):
    for title, area in [("A", "Finance"), ("B", "Marketing"), ("C", "Legal")]:
        _role(owner, assistant, title, area)
    path = reverse("continuity:member", kwargs={"ws": "alice", "code": assistant.code})
    html = client_for(owner).get(path).content.decode()
    assert "Finance · Legal · Marketing" in html
    assert "unrelated areas" in html

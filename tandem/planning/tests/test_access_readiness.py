"""Every URL of the readiness self-assessment, for every kind of visitor: owners and managers
take it, each for themselves; assistants and partners may not; a member of another workspace
finds nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.planning.readiness import QUESTIONS
from tandem.planning.services.readiness import readiness_take
from tandem.planning.views import readiness
from tandem.testing import VISITORS, Case, Team, check_access, only, url

ANSWERS = {question.key: "4" for question in QUESTIONS}

MATRIX = [
    Case("readiness", "get", url("planning:readiness"), only(200, "owner", "manager")),
    Case("readiness_take", "get", url("planning:readiness_take"), only(200, "owner", "manager")),
    Case(
        "readiness_take",
        "post",
        url("planning:readiness_take"),
        only(302, "owner", "manager"),
        data=ANSWERS,
    ),
]


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> Team:
    return Team(owner, manager, assistant, partner, outsider)


def test_the_matrix_covers_every_url_of_readiness():
    assert {pattern.name for pattern in readiness.urlpatterns} == {case.name for case in MATRIX}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: f"{case.method}-{case.name}")
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_it_checks_workspace_isolation(owner, outsider, client_for):
    readiness_take(actor=outsider, answers={question.key: 5 for question in QUESTIONS})
    html = client_for(owner).get(reverse("planning:readiness", kwargs={"ws": "alice"})).content
    assert b'id="latest"' not in html

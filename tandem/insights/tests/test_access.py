"""Every URL of insights, for every kind of visitor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.insights.urls import in_workspace
from tandem.insights.views import calendar as calendar_views
from tandem.testing import VISITORS, Case, Team, check_access, everyone, only, url

MATRIX = [
    Case("home", "get", url("insights:home"), everyone(200) | {"assistant": 302}),
    Case("my_day", "get", url("insights:my_day"), everyone(200)),
    Case("attention", "get", url("insights:attention"), only(200, "owner", "manager")),
    Case("search", "get", url("insights:search"), everyone(200)),
]


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> Team:
    return Team(owner, manager, assistant, partner, outsider)


def test_the_matrix_covers_every_url_of_a_workspace():
    assert {pattern.name for pattern in in_workspace} == {case.name for case in MATRIX}


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_the_calendar_urls_are_the_personal_feeds_and_need_a_login_or_the_token(client, db):
    assert {pattern.name for pattern in calendar_views.urlpatterns} == {
        "calendar",
        "calendar_reset",
        "calendar_feed",
    }
    page = client.get(reverse("insights:calendar"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login"))
    feed = client.get(reverse("insights:calendar_feed", kwargs={"token": "guess"}))
    assert feed.status_code == 404


def test_the_start_page_sends_a_visitor_to_log_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")

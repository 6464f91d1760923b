"""The health trend on an assistant's page: a chart with its axes and labels (weeks along the
bottom, the score from 0 to 100 up the side, gridlines), a title and a description, and the
same numbers in a table."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tandem.continuity.selectors.health import RESPONSIVENESS, Component, Health, trend_of
from tandem.continuity.services.health import health_snapshot_write
from tandem.workspaces.models import Membership

pytestmark = pytest.mark.django_db

# Wednesday 9 January 2030, 10:00 in Manila.
NOW = datetime(2030, 1, 9, 2, 0, tzinfo=UTC)


def _snapshots(member: Membership, scores: dict[int, int]) -> None:
    member = Membership.objects.select_related("user", "workspace").get(pk=member.pk)
    for weeks_ago, score in scores.items():
        health = Health(
            member_id=member.pk,
            components=[Component(RESPONSIVENESS, score, "x", "y")],
            joined_at=NOW - timedelta(days=100),
            now=NOW,
        )
        week = date(2030, 1, 7) - timedelta(days=7 * weeks_ago)
        health_snapshot_write(member, week, NOW, health=health)


def test_the_chart_has_axes_labels_and_the_numbers_in_a_table(owner, assistant, client_for):
    _snapshots(assistant, {0: 80, 1: 60, 3: 40})
    path = reverse("continuity:member", kwargs={"ws": "alice", "code": assistant.code})
    with time_machine.travel(NOW, tick=False):
        html = client_for(owner).get(path).content.decode()
    svg = re.search(r'<svg class="health-trend".*?</svg>', html, re.S)[0]
    assert 'role="img"' in svg and 'aria-labelledby="health-trend-title health-trend-desc"' in svg
    assert "Health score over the last 8 weeks</title>" in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S)[1]
    assert "Week of Mon 7 Jan: 80" in desc and "Week of Mon 31 Dec 2029: 60" in desc
    assert "Week of Mon 24 Dec 2029: no score" in desc
    # The score axis: five gridlines labelled 0 to 100.
    labels = re.findall(r'<text class="trend-label"[^>]*>([^<]+)</text>', svg)
    assert labels[:5] == ["0", "25", "50", "75", "100"]
    # The weeks along the bottom, oldest first.
    assert labels[5] == "19 Nov" and labels[-1] == "7 Jan"
    assert svg.count('class="trend-grid') == 5
    assert re.findall(r'<text class="trend-value"[^>]*>(\d+)</text>', svg) == ["40", "60", "80"]
    table = re.search(r'<table class="list health-trend-table">.*?</table>', html, re.S)[0]
    assert re.findall(r"<td>(\d+)</td>", table) == ["40", "60", "80"]


def test_the_chart_is_drawn_at_a_readable_size_with_the_score_upwards(assistant):
    _snapshots(assistant, {0: 100, 1: 0})
    member = Membership.objects.select_related("user", "workspace").get(pk=assistant.pk)
    trend = trend_of(member, now=NOW)
    assert trend.width >= 600 and trend.height >= 240
    top, bottom = trend.ticks[-1], trend.ticks[0]
    assert (top.value, bottom.value) == (100, 0) and top.y < bottom.y
    assert trend.points[-1].y == top.y and trend.points[-2].y == bottom.y
    xs = [point.x for point in trend.points]
    assert xs == sorted(xs) and trend.left < xs[0] and xs[-1] < trend.right

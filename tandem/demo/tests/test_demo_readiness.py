"""The demo's readiness self-assessment, made after the rest of the demo workspace: Olivia took
it about five weeks ago and again last week, readier in every area; twice makes the same rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.demo.management.commands.demo import create_demo
from tandem.planning.demo.readiness import create_readiness_demo
from tandem.planning.models import ReadinessAssessment
from tandem.planning.selectors.readiness import readiness_history
from tandem.workspaces.models import Membership

pytestmark = pytest.mark.django_db


def test_olivia_took_it_five_weeks_ago_and_last_week_with_better_scores():
    workspace = create_demo()
    members = {
        member.user.email: member
        for member in Membership.objects.active().filter(workspace=workspace).select_related("user")
    }
    create_readiness_demo(workspace, members)
    rows = list(ReadinessAssessment.objects.values_list("pk", "member_id", "scores", "taken_at"))
    create_readiness_demo(workspace, members)
    assert (
        list(ReadinessAssessment.objects.values_list("pk", "member_id", "scores", "taken_at"))
        == rows
    )

    owner = members["owner@demo.test"]
    assert {member_id for _pk, member_id, *_ in rows} == {owner.pk}
    latest, first = readiness_history(owner)
    now = timezone.now()
    assert timedelta(days=28) < now - first.taken_at < timedelta(days=42)
    assert timedelta(days=1) < now - latest.taken_at < timedelta(days=8)
    assert all(area.change is not None and area.change > 0 for area in latest.areas)
    assert first.ready < latest.ready

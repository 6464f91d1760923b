"""The demo's readiness self-assessment: Olivia, the owner, took it about five weeks ago, before
she handed Lukas his first work, and again last week, readier in every area. Made through the
real service; running it again adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.planning.models import ReadinessAssessment
from tandem.planning.services.readiness import readiness_take
from tandem.workspaces.models import Membership, Workspace

OWNER = "owner@demo.test"

# Her answers, 1 (strongly disagree) to 5 (strongly agree); the reversed statements read the
# other way, so a 2 on "I take it back" is good.
FIRST = {
    "letting_go_other_ways": 3,
    "letting_go_take_back": 4,
    "letting_go_name_tasks": 3,
    "letting_go_time_up_front": 3,
    "remote_written": 3,
    "remote_async": 3,
    "remote_see": 3,
    "remote_feedback": 2,
    "wants_first_tasks": 4,
    "wants_kind": 3,
    "wants_skills": 3,
    "wants_just_time": 3,
    "goals_success": 2,
    "goals_measurable": 2,
    "goals_one_at_a_time": 3,
    "goals_none_yet": 4,
}
AGAIN = FIRST | {
    "letting_go_other_ways": 4,
    "letting_go_take_back": 2,
    "letting_go_name_tasks": 5,
    "remote_written": 4,
    "remote_see": 2,
    "remote_feedback": 4,
    "wants_kind": 4,
    "wants_skills": 4,
    "wants_just_time": 2,
    "goals_success": 4,
    "goals_measurable": 3,
    "goals_one_at_a_time": 4,
    "goals_none_yet": 2,
}


def create_readiness_demo(workspace: Workspace, members: dict[str, Membership]) -> None:
    owner = members[OWNER]
    if ReadinessAssessment.objects.filter(workspace=workspace, member=owner).exists():
        return
    now = timezone.now()
    readiness_take(actor=owner, answers=FIRST, now=now - timedelta(days=36))
    readiness_take(actor=owner, answers=AGAIN, now=now - timedelta(days=6))

"""Every URL of check-ins, for every kind of visitor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from conftest import add_member, make_user
from tandem.rhythm.models import CheckIn
from tandem.rhythm.services import checkins as services
from tandem.rhythm.views import checkins as views
from tandem.testing import VISITORS, Case, Team, check_access, only, url
from tandem.workspaces.models import Role

NOW = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)


@dataclass
class World(Team):
    check_in: CheckIn  # the assistant's, answered with a blocker


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    with time_machine.travel(NOW, tick=False):
        services.checkin_schedule_save(
            actor=owner,
            member=assistant,
            spec=services.ScheduleSpec(at=time(9)),
            now=NOW - timedelta(days=1),
        )
        services.checkins_prompt_due(NOW)
        check_in = CheckIn.objects.select_related("workspace").get()
        services.checkin_answer(
            actor=assistant,
            check_in=check_in,
            answers=[("What did you finish?", "The inbox.")],
            blockers="No login.",
            mood=3,
        )
    return World(owner, manager, assistant, partner, outsider, check_in)


def code(world: World) -> str:
    return world.check_in.code


ANSWER = {"answer_0": "The inbox.", "answer_1": "", "blockers": "", "mood": "4"}

MATRIX = [
    Case("checkins", "get", url("rhythm:checkins"), only(200, "owner", "manager", "assistant")),
    Case(
        "checkin",
        "get",
        url("rhythm:checkin", code=code),
        {"owner": 200, "manager": 200, "assistant": 200, "partner": 404},
    ),
    Case(
        "checkin_answer",
        "post",
        url("rhythm:checkin", code=code),
        {"owner": 403, "manager": 403, "assistant": 302, "partner": 404},
        ANSWER,
    ),
    Case(
        "checkin_reply",
        "post",
        url("rhythm:checkin_reply", code=code),
        only(302, "owner", "manager"),
        {"body": "On it."},
    ),
    Case(
        "checkin_blocker_task",
        "post",
        url("rhythm:checkin_blocker_task", code=code),
        only(302, "owner", "manager"),
    ),
    Case(
        "checkin_schedule",
        "get",
        url("rhythm:checkin_schedule", code=lambda w: w.assistant.code),
        only(200, "owner", "manager"),
    ),
    Case(
        "checkin_schedule_save",
        "post",
        url("rhythm:checkin_schedule", code=lambda w: w.assistant.code),
        only(302, "owner", "manager"),
        {"weekdays": ["0"], "at": "09:00", "active": "on"},
    ),
]


def test_the_matrix_covers_every_url_of_check_ins():
    names = {pattern.name for pattern in views.urlpatterns}
    covered = {case.name.removesuffix("_answer").removesuffix("_save") for case in MATRIX}
    assert names == covered


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


def test_it_checks_workspace_isolation(world, client_for):
    """A check-in code or member code of another workspace is as unknown as a missing one."""
    http = client_for(world.outsider)
    for name, key in [
        ("rhythm:checkin", world.check_in.code),
        ("rhythm:checkin_schedule", world.assistant.code),
    ]:
        assert http.get(reverse(name, kwargs={"ws": "olaf", "code": key})).status_code == 404
    for name in ("rhythm:checkin_reply", "rhythm:checkin_blocker_task"):
        path = reverse(name, kwargs={"ws": "olaf", "code": world.check_in.code})
        assert http.post(path, {"body": "Hi"}).status_code == 404
    world.check_in.refresh_from_db()
    assert world.check_in.blocker_task is None
    assert not world.check_in.replies.exists()


def test_an_assistant_cannot_read_another_members_check_in(world, workspace, client_for):
    other = add_member(
        workspace, make_user("ben@example.com", "Ben", "Asia/Manila"), Role.ASSISTANT
    )
    http = client_for(other)
    path = reverse("rhythm:checkin", kwargs={"ws": "alice", "code": world.check_in.code})
    assert http.get(path).status_code == 404
    assert (
        "No login."
        not in http.get(reverse("rhythm:checkins", kwargs={"ws": "alice"})).content.decode()
    )


def test_only_assistants_and_managers_have_schedules(world, client_for):
    http = client_for(world.owner)
    for member in (world.owner, world.partner):
        path = reverse("rhythm:checkin_schedule", kwargs={"ws": "alice", "code": member.code})
        assert http.get(path).status_code == 404

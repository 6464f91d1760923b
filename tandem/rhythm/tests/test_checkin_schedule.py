"""Check-in schedules: the next prompt in the member's own zone, across daylight-saving
changes, and the schedule editor."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.rhythm.models import CheckInSchedule
from tandem.rhythm.services import checkins as services
from tandem.workspaces.models import Role

EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_it_computes_the_next_prompt_in_the_members_zone():
    # 09:00 in Manila is 01:00 UTC; Friday 2026-03-06 at 02:00 UTC, Friday's prompt has passed.
    after = utc(2026, 3, 6, 2, 0)
    assert services.next_prompt_after([0, 1, 2, 3, 4], time(9), "Asia/Manila", after) == utc(
        2026, 3, 9, 1, 0
    )
    # Before it, the prompt is the same day.
    assert services.next_prompt_after([4], time(9), "Asia/Manila", utc(2026, 3, 6, 0, 59)) == utc(
        2026, 3, 6, 1, 0
    )


def test_it_keeps_the_local_time_across_the_autumn_change_in_oslo():
    # Summer time in Oslo ends on Sunday 2026-10-25: 09:00 is 07:00 UTC before, 08:00 after.
    first = services.next_prompt_after(EVERY_DAY, time(9), "Europe/Oslo", utc(2026, 10, 24, 0))
    assert first == utc(2026, 10, 24, 7, 0)
    second = services.next_prompt_after(EVERY_DAY, time(9), "Europe/Oslo", first)
    assert second == utc(2026, 10, 25, 8, 0)


def test_it_keeps_the_local_time_across_the_autumn_change_in_new_york():
    # US daylight time ends on Sunday 2026-11-01: 09:00 is 13:00 UTC before, 14:00 after.
    friday = services.next_prompt_after([4, 0], time(9), "America/New_York", utc(2026, 10, 30))
    assert friday == utc(2026, 10, 30, 13, 0)
    monday = services.next_prompt_after([4, 0], time(9), "America/New_York", friday)
    assert monday == utc(2026, 11, 2, 14, 0)


def test_a_time_the_spring_change_skips_moves_forward_by_the_gap():
    # 02:30 does not exist in Oslo on 2026-03-29; clocks jump from 02:00 to 03:00 (01:00 UTC),
    # and 02:30 is read as 03:30 summer time.
    prompt = services.next_prompt_after(EVERY_DAY, time(2, 30), "Europe/Oslo", utc(2026, 3, 29))
    assert prompt == utc(2026, 3, 29, 1, 30)


def test_it_saves_a_schedule_with_its_next_prompt(owner, assistant):
    with time_machine.travel(utc(2026, 3, 6, 2, 0), tick=False):
        schedule = services.checkin_schedule_save(
            actor=owner, member=assistant, spec=services.ScheduleSpec(at=time(9))
        )
    assert schedule.workspace_id == assistant.workspace_id
    assert schedule.weekdays == [0, 1, 2, 3, 4]
    assert schedule.next_prompt_at == utc(2026, 3, 9, 1, 0)
    assert services.questions_of(schedule) == ["What did you finish?", "What is next?"]


def test_it_refuses_a_schedule_without_days_or_for_a_partner(owner, assistant, partner):
    with pytest.raises(ValidationError):
        services.checkin_schedule_save(
            actor=owner, member=assistant, spec=services.ScheduleSpec(at=time(9), weekdays=())
        )
    with pytest.raises(ValidationError):
        services.checkin_schedule_save(
            actor=owner, member=partner, spec=services.ScheduleSpec(at=time(9))
        )
    with pytest.raises(PermissionDenied):
        services.checkin_schedule_save(
            actor=assistant, member=assistant, spec=services.ScheduleSpec(at=time(9))
        )
    assert not CheckInSchedule.objects.exists()


def test_a_change_of_zone_moves_the_next_prompt(owner, assistant):
    with time_machine.travel(utc(2026, 3, 6, 2, 0), tick=False):
        schedule = services.checkin_schedule_save(
            actor=owner, member=assistant, spec=services.ScheduleSpec(at=time(9))
        )
        user = assistant.user
        account_services.profile_update(
            user=user,
            display_name=user.display_name,
            time_zone="Europe/Oslo",
            language="en",
            quiet_hours_start=None,
            quiet_hours_end=None,
            working_hours={0: [(time(9), time(17))]},
        )
    schedule.refresh_from_db()
    # Friday 03:00 in Oslo: today's 09:00 is still to come, at 08:00 UTC.
    assert schedule.next_prompt_at == utc(2026, 3, 6, 8, 0)


def test_it_pauses_and_resumes(owner, assistant):
    with time_machine.travel(utc(2026, 3, 6, 2, 0), tick=False):
        spec = services.ScheduleSpec(at=time(9))
        services.checkin_schedule_save(actor=owner, member=assistant, spec=spec)
        paused = replace(spec, active=False)
        schedule = services.checkin_schedule_save(actor=owner, member=assistant, spec=paused)
    schedule.refresh_from_db()
    assert not schedule.active
    with time_machine.travel(utc(2026, 3, 10, 2, 0), tick=False):
        services.checkin_schedule_save(actor=owner, member=assistant, spec=spec)
    schedule.refresh_from_db()
    assert schedule.active
    # The days it was paused are not made up: the next prompt is the next one from now.
    assert schedule.next_prompt_at == utc(2026, 3, 11, 1, 0)


# The editor


def schedule_url(member) -> str:
    return reverse("rhythm:checkin_schedule", kwargs={"ws": "alice", "code": member.code})


def test_the_editor_prefills_a_time_from_the_overlap_planner(owner, assistant, client_for):
    response = client_for(owner).get(schedule_url(assistant), {"at": "07:30"})
    assert response.status_code == 200
    assert 'value="07:30"' in response.content.decode()
    assert "Asia/Manila" in response.content.decode()


def test_the_editor_shows_the_time_in_the_editors_zone(owner, assistant, client_for):
    # 09:00 in Manila (UTC+8) is 02:00 in Oslo in winter (UTC+1).
    with time_machine.travel(utc(2026, 1, 14, 12, 0), tick=False):
        response = client_for(owner).get(schedule_url(assistant), {"at": "09:00"})
    text = " ".join(response.content.decode().split())
    assert "09:00 in Asia/Manila is 02:00 for you (Europe/Oslo), today." in text


def test_the_editor_saves_a_schedule(owner, assistant, client_for):
    with time_machine.travel(utc(2026, 3, 6, 2, 0), tick=False):
        response = client_for(owner).post(
            schedule_url(assistant),
            {
                "weekdays": ["0", "2", "4"],
                "at": "10:15",
                "questions": "What did you learn?\n\nWhat is next?\n",
                "active": "on",
            },
        )
    assert response.status_code == 302
    schedule = CheckInSchedule.objects.get(member=assistant)
    assert schedule.weekdays == [0, 2, 4]
    assert schedule.at == time(10, 15)
    assert schedule.questions == ["What did you learn?", "What is next?"]
    assert schedule.created_by == owner
    assert schedule.next_prompt_at == utc(2026, 3, 6, 2, 15)


def test_the_editor_keeps_the_input_of_an_invalid_form(owner, assistant, client_for):
    response = client_for(owner).post(
        schedule_url(assistant), {"at": "10:15", "questions": "Kept question?"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose at least one day of the week." in body
    assert "Kept question?" in body
    assert not CheckInSchedule.objects.exists()


def test_a_manager_can_schedule_another_manager(manager, workspace, client_for):
    other = add_member(workspace, make_user("max@example.com", "Max"), Role.MANAGER)
    response = client_for(manager).post(
        schedule_url(other), {"weekdays": ["1"], "at": "08:00", "active": "on"}
    )
    assert response.status_code == 302
    assert CheckInSchedule.objects.get(member=other).at == time(8)

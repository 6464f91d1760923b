"""The continuity settings page (owners) and one assistant's silence page (owners, managers)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from tandem.continuity.models import Escalation, Presence, Step
from tandem.continuity.selectors.silence import (
    SilenceStatus,
    silence_history,
    silence_status_of,
    working_hours_text,
)
from tandem.continuity.services.silence import activity_record, silence_sweep
from tandem.notify.services import notify
from tandem.workspaces.models import Membership, Workspace

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")
MONDAY_10 = datetime(2025, 3, 3, 10, tzinfo=MANILA)
SETTINGS = reverse("continuity:settings", kwargs={"ws": "alice"})


def form(**changes: str) -> dict[str, str]:
    return {
        "silence_after_hours": "4",
        "escalate_owner_after_hours": "2",
        "escalate_partner_after_hours": "4",
        "underload_percent": "60",
        "overload_percent": "110",
    } | changes


@pytest.fixture
def ana(assistant, partner) -> Membership:
    Membership.objects.filter(pk=assistant.pk).update(
        partner=partner, joined_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    return Membership.objects.select_related("workspace", "user").get(pk=assistant.pk)


def silent_ana(ana: Membership, django_capture_on_commit_callbacks, *steps_at: datetime) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        activity_record(ana, at=MONDAY_10)
    for at in steps_at:
        with (
            time_machine.travel(at, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            silence_sweep(at)


def test_the_settings_page_explains_the_ladder(owner, client_for):
    html = client_for(owner).get(SETTINGS).content.decode()
    assert "Silence ladder" in html
    assert "After 4 working hours without any activity" in html
    assert "first 60 days" in html
    assert 'name="underload_percent"' in html


def test_the_settings_page_says_whether_messages_go_out_on_time(owner, assistant, client_for):
    start = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        assert "On time: every notification" in client_for(owner).get(SETTINGS).content.decode()
        # A message whose email job was lost.
        notify(
            workspace=owner.workspace,
            recipients=[assistant],
            kind="task_assigned",
            event_key="task:t1:assigned",
            actor=owner,
            url="/w/alice/tasks/t1/",
            thread_key="task:t1",
            params={"task": "Write the newsletter"},
        )
    with time_machine.travel(start + timedelta(minutes=12), tick=False):
        html = client_for(owner).get(SETTINGS).content.decode()
    assert "Late: the oldest message still to be delivered has waited <time" in html
    assert ">12\xa0minutes</time>." in html
    assert "delivery-failing" in html


def test_the_workspace_settings_link_to_it(owner, client_for):
    html = client_for(owner).get(reverse("workspaces:settings", kwargs={"ws": "alice"}))
    assert SETTINGS in html.content.decode()


def test_saving_changes_the_ladder_and_reschedules(owner, ana, client_for):
    with time_machine.travel(MONDAY_10, tick=False):
        activity_record(ana, at=MONDAY_10)
    at = MONDAY_10 + timedelta(minutes=30)
    with time_machine.travel(at, tick=False):
        response = client_for(owner).post(SETTINGS, form(silence_after_hours="1"))
    assert response.status_code == 302
    workspace = Workspace.objects.get(pk=owner.workspace_id)
    assert workspace.silence_after_hours == 1
    # Every presence is looked at again by the next sweep, which finds the exact instant.
    assert Presence.objects.get(member=ana).next_step_at == at
    silence_sweep(at)
    assert Presence.objects.get(member=ana).next_step_at == MONDAY_10 + timedelta(hours=1)


def test_workload_thresholds_alone_do_not_touch_presences(owner, ana, client_for):
    with time_machine.travel(MONDAY_10, tick=False):
        activity_record(ana, at=MONDAY_10)
    before = Presence.objects.get(member=ana).next_step_at
    response = client_for(owner).post(SETTINGS, form(underload_percent="40"))
    assert response.status_code == 302
    assert Workspace.objects.get(pk=owner.workspace_id).underload_percent == 40
    assert Presence.objects.get(member=ana).next_step_at == before


def test_an_invalid_form_keeps_the_input_and_saves_nothing(owner, client_for):
    response = client_for(owner).post(
        SETTINGS, form(silence_after_hours="0", underload_percent="100", overload_percent="100")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing is saved yet" in html
    assert "must start above" in html
    assert 'value="100"' in html
    workspace = Workspace.objects.get(pk=owner.workspace_id)
    assert (workspace.silence_after_hours, workspace.underload_percent) == (4, 60)


def member_page(member: Membership) -> str:
    return reverse("continuity:member_silence", kwargs={"ws": "alice", "code": member.code})


def test_a_manager_sets_an_assistants_own_threshold(manager, ana, client_for):
    with time_machine.travel(MONDAY_10, tick=False):
        activity_record(ana, at=MONDAY_10)
        response = client_for(manager).post(member_page(ana), {"silence_after_hours": "2"})
    assert response.status_code == 302
    assert Membership.objects.get(pk=ana.pk).silence_after_hours == 2
    # Rescheduled to the exact instant: 2 working hours from Monday 10:00 in Manila.
    assert Presence.objects.get(member=ana).next_step_at == MONDAY_10 + timedelta(hours=2)
    # Empty: the workspace's setting again.
    with time_machine.travel(MONDAY_10, tick=False):
        client_for(manager).post(member_page(ana), {"silence_after_hours": ""})
    assert Membership.objects.get(pk=ana.pk).silence_after_hours is None
    assert Presence.objects.get(member=ana).next_step_at == MONDAY_10 + timedelta(hours=4)


def test_an_invalid_threshold_is_refused(owner, ana, client_for):
    response = client_for(owner).post(member_page(ana), {"silence_after_hours": "500"})
    assert response.status_code == 400
    assert 'value="500"' in response.content.decode()
    assert Membership.objects.get(pk=ana.pk).silence_after_hours is None


def test_the_silence_page_shows_status_and_history(
    owner, ana, client_for, django_capture_on_commit_callbacks
):
    silent_ana(
        ana,
        django_capture_on_commit_callbacks,
        MONDAY_10 + timedelta(hours=4),
        MONDAY_10 + timedelta(hours=6),
    )
    with time_machine.travel(MONDAY_10 + timedelta(hours=6, minutes=30), tick=False):
        html = client_for(owner).get(member_page(ana)).content.decode()
    assert "Owners and managers told" in html
    assert "Nudged" in html
    assert "Still silent" in html
    assert "6.5 working hours" in html


def test_the_first_60_days_are_shown(owner, assistant, client_for):
    html = client_for(owner).get(member_page(assistant)).content.decode()
    assert "First 60 days" in html
    assert "halved in their first 60 days" in html


@pytest.mark.parametrize("silences", [1, 8])
def test_the_silence_page_reads_in_a_fixed_number_of_queries(
    silences, owner, ana, client_for, django_assert_num_queries
):
    for number in range(silences):
        since = MONDAY_10 - timedelta(days=number + 1)
        for step in (Step.NUDGED, Step.OWNER_TOLD):
            Escalation.objects.create(
                workspace=ana.workspace,
                member=ana,
                silent_since=since,
                step=step,
                sent_at=since + timedelta(hours=step * 2),
                resolved_at=since + timedelta(hours=7),
            )
    with time_machine.travel(MONDAY_10, tick=False):
        activity_record(ana, at=MONDAY_10)
    http = client_for(owner)
    http.get(member_page(ana))
    # Session, user, membership; the assistant; status (3); history; the page layout (1).
    with django_assert_num_queries(9):
        assert http.get(member_page(ana)).status_code == 200


def test_history_groups_steps_by_silence(ana, django_capture_on_commit_callbacks):
    silent_ana(
        ana,
        django_capture_on_commit_callbacks,
        MONDAY_10 + timedelta(hours=4),
        MONDAY_10 + timedelta(hours=6),
        MONDAY_10 + timedelta(hours=25),  # Tuesday 11:00: the partner
    )
    later = MONDAY_10 + timedelta(days=1, hours=2)
    with time_machine.travel(later, tick=False):
        activity_record(Membership.objects.get(pk=ana.pk), at=later)
    [silence] = silence_history(ana)
    assert silence.silent_since == MONDAY_10
    assert [step.step for step in silence.steps] == [1, 2, 3]
    assert silence.resolved_at == later
    assert silence.highest == Step.PARTNER_TOLD


def test_status_counts_working_hours_only(ana, owner, django_assert_num_queries):
    with time_machine.travel(MONDAY_10, tick=False):
        activity_record(ana, at=MONDAY_10)
    tuesday_9 = datetime(2025, 3, 4, 9, tzinfo=MANILA)
    with django_assert_num_queries(3):
        found = silence_status_of([ana, owner], tuesday_9)
    status = found[ana.pk]
    assert owner.pk not in found
    # Monday 10:00–17:00 and Tuesday 08:00–09:00.
    assert status.silent_hours == 8.0
    assert status.threshold_hours == 4
    assert status.is_silent and not status.is_escalated and not status.is_new


def test_it_counts_working_hours_in_the_singular_and_plural():
    assert working_hours_text(1.0) == "1 working hour"
    assert working_hours_text(4.0) == "4 working hours"
    assert working_hours_text(6.5) == "6.5 working hours"
    status = SilenceStatus(
        member_id=1,
        last_active_at=MONDAY_10,
        step=Step.ACTIVE,
        silent_hours=1.2,
        threshold_hours=4,
        is_new=False,
        next_step_at=None,
    )
    html = render_to_string("continuity/_silence_status.html", {"status": status})
    assert "1 working hour silent" in html
    html = render_to_string(
        "continuity/_silence_status.html", {"status": replace(status, silent_hours=2.6)}
    )
    assert "3 working hours silent" in html


def test_the_assistants_continuity_page_links_to_their_threshold(owner, partner, ana, client_for):
    continuity_page = reverse("continuity:member", kwargs={"ws": "alice", "code": ana.code})
    assert member_page(ana) in client_for(owner).get(continuity_page).content.decode()
    assert member_page(ana) not in client_for(partner).get(continuity_page).content.decode()
    assert member_page(ana) not in client_for(ana).get(continuity_page).content.decode()

"""Choosing the daily digest on the email settings page: on at a local time, a new time, off."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tandem.notify.models import Digest, EmailPreference

pytestmark = pytest.mark.django_db

MANILA = ZoneInfo("Asia/Manila")
SETTINGS = reverse("notify:settings", kwargs={"ws": "alice"})


@pytest.fixture(autouse=True)
def _frozen():
    # 06:00 on 10 March 2026 in Manila.
    with time_machine.travel(datetime(2026, 3, 10, 6, 0, tzinfo=MANILA), tick=False):
        yield


def test_it_offers_the_digest_off_at_eight_in_the_members_zone(assistant, client_for):
    html = client_for(assistant).get(SETTINGS).content.decode()
    assert "Daily digest: send me a summary of what is waiting for me" in html
    assert 'name="digest" id="id_digest"' in html
    assert 'name="digest" id="id_digest" checked' not in html
    assert 'type="time" name="digest_at" value="08:00"' in html
    assert "The time is in your own time zone, Asia/Manila." in html
    assert 'name="form_key"' in html


def test_it_turns_the_digest_on_changes_its_time_and_turns_it_off(assistant, client_for):
    http = client_for(assistant)
    response = http.post(SETTINGS, {"task_assigned": "on", "digest": "on", "digest_at": "07:30"})
    assert response.status_code == 302
    digest = Digest.objects.get(member=assistant)
    assert digest.enabled
    assert digest.at == time(7, 30)
    assert digest.workspace_id == assistant.workspace_id
    assert digest.next_send_at == datetime(2026, 3, 10, 7, 30, tzinfo=MANILA)
    html = http.get(SETTINGS).content.decode()
    assert 'name="digest" id="id_digest" checked' in html
    assert 'value="07:30"' in html

    http.post(SETTINGS, {"task_assigned": "on", "digest": "on", "digest_at": "05:45"})
    digest.refresh_from_db()
    assert digest.at == time(5, 45)
    assert digest.next_send_at == datetime(2026, 3, 11, 5, 45, tzinfo=MANILA)  # passed today

    http.post(SETTINGS, {"task_assigned": "on", "digest_at": "05:45"})
    digest.refresh_from_db()
    assert not digest.enabled
    assert digest.next_send_at is None
    assert digest.at == time(5, 45)  # kept for when it is turned on again
    # The kinds were saved each time, beside the digest.
    assert not EmailPreference.objects.filter(member=assistant, kind="task_assigned").exists()


def test_it_asks_for_a_time_when_the_digest_is_on(assistant, client_for):
    response = client_for(assistant).post(SETTINGS, {"digest": "on", "digest_at": ""})
    assert response.status_code == 400
    assert "Choose the time of your daily digest." in response.content.decode()
    assert not Digest.objects.exists()
    response = client_for(assistant).post(SETTINGS, {"digest": "on", "digest_at": "25:00"})
    assert response.status_code == 400
    assert not Digest.objects.exists()


def test_it_makes_no_digest_row_for_members_who_never_chose_one(assistant, client_for):
    client_for(assistant).post(SETTINGS, {"task_assigned": "on"})
    assert not Digest.objects.exists()


def test_it_replays_a_double_submitted_form(assistant, client_for):
    http = client_for(assistant)
    data = {"digest": "on", "digest_at": "07:30", "form_key": "k" * 32}
    first = http.post(SETTINGS, data)
    http.post(SETTINGS, {"digest_at": "07:30"})  # turned off in another tab
    second = http.post(SETTINGS, data)  # the first form, posted again
    assert first.status_code == second.status_code == 302
    assert not Digest.objects.get(member=assistant).enabled


def test_it_checks_workspace_isolation(assistant, outsider, client_for):
    response = client_for(outsider).post(SETTINGS, {"digest": "on", "digest_at": "07:30"})
    assert response.status_code == 404
    assert not Digest.objects.exists()


def test_it_keeps_each_workspaces_digest_apart(owner, outsider, client_for):
    from tandem.workspaces.models import Membership, Role

    there = Membership.objects.create(
        workspace=outsider.workspace, user=owner.user, role=Role.ASSISTANT
    )
    http = client_for(owner)
    http.post(SETTINGS, {"digest": "on", "digest_at": "07:30"})
    assert Digest.objects.get().member == owner
    olaf = reverse("notify:settings", kwargs={"ws": "olaf"})
    assert 'name="digest" id="id_digest" checked' not in http.get(olaf).content.decode()
    http.post(olaf, {"digest": "on", "digest_at": "18:00"})
    assert Digest.objects.get(member=there).at == time(18)
    assert Digest.objects.get(member=owner).at == time(7, 30)

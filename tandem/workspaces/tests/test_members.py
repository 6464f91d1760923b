from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import add_member, make_user
from tandem.workspaces import services
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db


def members_url(ws: str = "alice") -> str:
    return reverse("workspaces:members", kwargs={"ws": ws})


def test_it_lists_members_with_their_local_time(owner, assistant, client_for):
    page = client_for(owner).get(members_url())
    assert page.status_code == 200
    assert b"Ana Assistant" in page.content
    assert b"Asia/Manila" in page.content


def test_it_removes_a_member_who_loses_access_at_once(owner, assistant, client_for):
    assistant_client = client_for(assistant)
    assert assistant_client.get("/w/alice/my-day/").status_code == 200
    url = reverse("workspaces:member_remove", kwargs={"ws": "alice", "code": assistant.code})
    response = client_for(owner).post(url)
    assert response.status_code == 302
    assert assistant_client.get("/w/alice/").status_code == 404
    assistant.refresh_from_db()
    assert assistant.removed_at is not None


def test_it_lets_a_removed_member_be_invited_and_join_again(owner, assistant):
    services.member_remove(actor=owner, member=assistant)
    invitation = services.invitation_create(
        actor=owner, email=assistant.user.email, role=Role.ASSISTANT, language="en"
    )
    again = services.invitation_accept(user=assistant.user, invitation=invitation)
    assert again.pk != assistant.pk
    assert Membership.objects.active().filter(user=assistant.user).count() == 1


def test_it_lets_managers_remove_assistants_but_not_owners(owner, manager, assistant):
    services.member_remove(actor=manager, member=assistant)
    with pytest.raises(PermissionDenied):
        services.member_remove(actor=manager, member=owner)


def test_it_refuses_removing_yourself(owner):
    with pytest.raises(PermissionDenied):
        services.member_remove(actor=owner, member=owner)


def test_it_changes_role_and_supplying_partner(owner, assistant, partner, client_for):
    url = reverse("workspaces:member_edit", kwargs={"ws": "alice", "code": assistant.code})
    response = client_for(owner).post(url, {"role": Role.ASSISTANT, "partner": partner.pk})
    assert response.status_code == 302
    assistant.refresh_from_db()
    assert assistant.partner == partner


def test_it_refuses_a_partner_of_another_workspace(owner, assistant, outsider, client_for):
    foreign_partner = add_member(
        outsider.workspace, make_user("fp@example.com", "FP"), Role.PARTNER
    )
    url = reverse("workspaces:member_edit", kwargs={"ws": "alice", "code": assistant.code})
    response = client_for(owner).post(url, {"role": Role.ASSISTANT, "partner": foreign_partner.pk})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assistant.refresh_from_db()
    assert assistant.partner is None


def test_it_keeps_owners_from_demoting_themselves(owner, client_for):
    url = reverse("workspaces:member_edit", kwargs={"ws": "alice", "code": owner.code})
    response = client_for(owner).post(url, {"role": Role.ASSISTANT, "partner": ""})
    assert response.status_code == 200
    assert b"You cannot change your own role" in response.content
    owner.refresh_from_db()
    assert owner.role == Role.OWNER


def test_it_shows_the_team_in_a_fixed_number_of_queries(
    owner, client_for, django_assert_max_num_queries
):
    http = client_for(owner)
    http.get(members_url())  # warm the session
    for n in range(3):
        add_member(owner.workspace, make_user(f"va{n}@example.com", f"VA {n}"), Role.ASSISTANT)
    with django_assert_max_num_queries(12) as few:
        http.get(members_url())
    for n in range(3, 30):
        add_member(owner.workspace, make_user(f"va{n}@example.com", f"VA {n}"), Role.ASSISTANT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = http.get(members_url())
    assert page.content.count(b'class="avatar"') >= 31


def test_it_shows_a_night_shift_working_now_and_a_holiday_off(owner, assistant, client_for):
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    import time_machine

    from tandem.accounts import services as account_services
    from tandem.workspaces.selectors import team_clock

    manila = ZoneInfo("Asia/Manila")
    account_services.working_hours_set(
        user=assistant.user, hours={day: [(time(21), time(5))] for day in range(7)}
    )
    # 02:00 on Tuesday: Monday's shift is still going on.
    rows = {
        row.member: row
        for row in team_clock(owner.workspace, datetime(2026, 12, 29, 2, tzinfo=manila))
    }
    assert rows[assistant].working_now
    assert [(h.start, h.end) for h in rows[assistant].hours_today] == [(time(21), time(5))]
    # On Rizal Day the shift that starts on it is off, and the team page names the holiday.
    user = assistant.user
    user.country = "PH"
    user.save(update_fields=["country"])
    with time_machine.travel(datetime(2026, 12, 30, 22, tzinfo=manila), tick=False):
        rows = {row.member: row for row in team_clock(owner.workspace)}
        assert rows[assistant].holiday == "Rizal Day" and not rows[assistant].working_now
        assert "Public holiday: Rizal Day" in client_for(owner).get(members_url()).text
    account_services.holiday_worked_set(user=user, day=date(2026, 12, 30), worked=True)
    rows = {
        row.member: row
        for row in team_clock(owner.workspace, datetime(2026, 12, 30, 22, tzinfo=manila))
    }
    assert rows[assistant].holiday is None and rows[assistant].working_now

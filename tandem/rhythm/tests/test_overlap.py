"""The overlap planner: shared working hours across zones, on real dates, in the viewer's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import add_member, make_user
from tandem.accounts import services as account_services
from tandem.accounts.models import Weekday
from tandem.rhythm.selectors.overlap import overlap_plan
from tandem.workspaces.models import Membership, Role
from tandem.workspaces.selectors import members_of_workspace


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def hours(start: time, end: time, days=range(5)) -> dict[int, list[tuple[time, time]]]:
    return {day: [(start, end)] for day in days}


def loaded(*members: Membership) -> list[Membership]:
    """The members as the planner's view reads them, with their working hours."""
    by_code = {m.code: m for m in members_of_workspace(members[0].workspace)}
    return [by_code[member.code] for member in members]


def spans(day) -> list[tuple[datetime, datetime]]:
    return [(span.start, span.end) for span in day.spans]


def overlap_url(workspace) -> str:
    return reverse("rhythm:overlap", kwargs={"ws": workspace.slug})


# Alice (owner, Europe/Oslo) works 09–17 Monday to Friday; Ana (assistant, Asia/Manila) 08–17
# Monday to Saturday. In October 2026 Oslo is UTC+2 until Sunday the 25th, then UTC+1.


def test_it_finds_the_shared_hours_of_two_members_across_zones(owner, assistant):
    plan = overlap_plan(
        members=loaded(owner, assistant), zone="Europe/Oslo", week_start=date(2026, 10, 19)
    )
    # Oslo 09–17 CEST is 07–15 UTC; Manila 08–17 is 00–09 UTC: together 07–09 UTC.
    for offset, day in enumerate(plan.days[:5]):
        assert day.day == date(2026, 10, 19 + offset)
        assert spans(day) == [(utc(2026, 10, 19 + offset, 7), utc(2026, 10, 19 + offset, 9))]
    assert plan.days[5].spans == [] and plan.days[6].spans == []
    monday = plan.days[0].spans[0]
    alice, ana = monday.local
    assert (alice.start.hour, alice.end.hour) == (9, 11)
    assert (ana.start.hour, ana.end.hour) == (15, 17)
    assert str(ana.start.tzinfo) == "Asia/Manila"
    assert plan.minutes == 5 * 120
    # Saturday: Alice does not work, and the planner says so.
    assert [person.member for person in plan.days[5].off] == [owner]


def test_it_finds_the_hours_all_three_share_with_a_half_hour_zone(workspace, owner, assistant):
    kolkata = make_user("ravi@example.com", "Ravi Kolkata", "Asia/Kolkata")
    account_services.working_hours_set(user=kolkata, hours=hours(time(13), time(18)))
    ravi = add_member(workspace, kolkata, Role.ASSISTANT)

    plan = overlap_plan(
        members=loaded(owner, assistant, ravi), zone="Europe/Oslo", week_start=date(2026, 10, 19)
    )

    # Kolkata 13–18 (UTC+5:30) is 07:30–12:30 UTC: with the others, 07:30–09:00 UTC.
    assert spans(plan.days[2]) == [(utc(2026, 10, 21, 7, 30), utc(2026, 10, 21, 9))]
    local = {span.person.member: span for span in plan.days[2].spans[0].local}
    assert local[ravi].start.time() == time(13) and local[ravi].end.time() == time(14, 30)
    assert local[owner].start.time() == time(9, 30)
    assert local[assistant].start.time() == time(15, 30)


def test_it_explains_when_there_is_no_overlap(workspace, owner, assistant, client_for):
    # Nina in New York (09–17, UTC−4 in October) never meets Ana in Manila (00–09 UTC).
    new_york = make_user("nina@example.com", "Nina New York", "America/New_York")
    nina = add_member(workspace, new_york, Role.MANAGER)

    plan = overlap_plan(
        members=loaded(nina, assistant), zone="America/New_York", week_start=date(2026, 10, 19)
    )
    assert not plan.has_overlap
    assert plan.meeting is None and plan.check_ins == []

    response = client_for(nina).get(
        overlap_url(workspace),
        {"members": [nina.code, assistant.code], "week": "2026-10-19"},
    )
    assert response.status_code == 200
    assert "There is no time in this week when all of them are working." in response.text
    assert "do not meet on any day" in response.text


def test_it_names_who_has_no_working_hours(workspace, owner, assistant, client_for):
    account_services.working_hours_set(user=assistant.user, hours={})

    response = client_for(owner).get(overlap_url(workspace), {"week": "2026-10-19"})

    assert "There is no time in this week when all of them are working." in response.text
    assert "Ana Assistant has not set working hours yet" in response.text


def test_it_follows_a_daylight_saving_change_in_one_zone_only(workspace, owner, assistant):
    account_services.working_hours_set(user=owner.user, hours=hours(time(9), time(17), range(7)))
    account_services.working_hours_set(
        user=assistant.user, hours=hours(time(8), time(17), range(7))
    )

    # A week of Saturday 24 to Friday 30 October: Oslo leaves summer time on Sunday the 25th.
    plan = overlap_plan(
        members=loaded(owner, assistant), zone="Asia/Manila", week_start=date(2026, 10, 24)
    )

    saturday, sunday, monday = plan.days[:3]
    assert spans(saturday) == [(utc(2026, 10, 24, 7), utc(2026, 10, 24, 9))]
    # From Sunday, Oslo's 09:00 is 08:00 UTC: an hour less together, at a later UTC hour.
    assert spans(sunday) == [(utc(2026, 10, 25, 8), utc(2026, 10, 25, 9))]
    assert spans(monday) == [(utc(2026, 10, 26, 8), utc(2026, 10, 26, 9))]
    # Alice's local hours stay 09:00; the shared stretch ends at 11:00, then 10:00 her time.
    assert [span.person.member for span in monday.spans[0].local] == [owner, assistant]
    alice_before = saturday.spans[0].local[0]
    alice_after = monday.spans[0].local[0]
    assert (alice_before.start.time(), alice_before.end.time()) == (time(9), time(11))
    assert (alice_after.start.time(), alice_after.end.time()) == (time(9), time(10))
    # The check-in suggestion follows most days: 16:00 Manila time (six days of seven).
    assert [(s.person.member, s.at, s.days) for s in plan.check_ins] == [(assistant, time(16), 6)]


def test_the_page_shows_the_dst_week_in_the_viewers_zone(workspace, owner, assistant, client_for):
    workspace.week_start = Weekday.SATURDAY
    workspace.save(update_fields=["week_start"])
    account_services.working_hours_set(user=owner.user, hours=hours(time(9), time(17), range(7)))
    account_services.working_hours_set(
        user=assistant.user, hours=hours(time(8), time(17), range(7))
    )

    # Ana reads it in Manila, where nothing changes: 15:00 before the switch, 16:00 after.
    response = client_for(assistant).get(
        overlap_url(workspace), {"members": [owner.code, assistant.code], "week": "2026-10-27"}
    )

    assert response.status_code == 200
    page = response.text
    assert '<time datetime="2026-10-24T15:00:00+08:00">15:00</time>' in page
    assert '<time datetime="2026-10-24T17:00:00+08:00">17:00</time>' in page
    assert '<time datetime="2026-10-26T16:00:00+08:00">16:00</time>' in page
    assert '<time datetime="2026-10-24T16:00:00+08:00">' not in page
    # Alice's own local time for each stretch: 09:00–11:00, then 09:00–10:00.
    assert "Alice Owner: Sat 09:00–11:00" in page
    assert "Alice Owner: Mon 09:00–10:00" in page
    assert "In this week they all work at the same time for: 8 h</strong>" in page
    assert "(2 h)" in page and "(1 h)" in page
    # The week asked for (Tuesday the 27th) is shown from its first day, a Saturday.
    assert "Week of Sat 24 Oct to Fri 30 Oct" in page


@time_machine.travel(datetime(2026, 10, 21, 12, tzinfo=UTC), tick=False)
def test_it_defaults_to_the_viewer_and_the_assistants_this_week(
    workspace, owner, manager, assistant, partner, client_for
):
    response = client_for(owner).get(overlap_url(workspace))

    page = response.text
    assert f'value="{owner.code}" checked' in page
    assert f'value="{assistant.code}" checked' in page
    assert f'value="{manager.code}">' in page
    assert f'value="{partner.code}">' in page
    assert "Week of Mon 19 Oct to Sun 25 Oct" in page
    assert ">This week</a>" not in page  # no link back to the week already shown
    assert f"members={owner.code}&amp;members={assistant.code}&amp;week=2026-10-26" in page
    assert f"members={owner.code}&amp;members={assistant.code}&amp;week=2026-10-12" in page
    assert '<time datetime="2026-10-19T09:00:00+02:00">09:00</time>' in page


def test_it_asks_for_two_people(workspace, owner, client_for):
    response = client_for(owner).get(overlap_url(workspace), {"members": owner.code})

    assert "Choose at least two people" in response.text


def test_a_bad_week_falls_back_to_this_week(workspace, owner, assistant, client_for):
    with time_machine.travel(datetime(2026, 10, 21, 12, tzinfo=UTC), tick=False):
        response = client_for(owner).get(overlap_url(workspace), {"week": "not-a-day"})
    assert "Week of Mon 19 Oct to Sun 25 Oct" in response.text


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31"])
def test_a_week_at_the_end_of_the_calendar_falls_back_to_this_week(
    week, workspace, owner, assistant, client_for
):
    """The page links the week before and after: a week without one is not a server error."""
    with time_machine.travel(datetime(2026, 10, 21, 12, tzinfo=UTC), tick=False):
        response = client_for(owner).get(overlap_url(workspace), {"week": week})
    assert response.status_code == 200
    assert "Week of Mon 19 Oct to Sun 25 Oct" in response.text


def test_it_ignores_members_of_another_workspace(workspace, owner, assistant, outsider, client_for):
    response = client_for(owner).get(
        overlap_url(workspace),
        {"members": [owner.code, assistant.code, outsider.code], "week": "2026-10-19"},
    )

    assert response.status_code == 200
    assert outsider.user.display_name not in response.text
    assert f'value="{outsider.code}"' not in response.text
    assert f"members={outsider.code}&amp;week=2026-10-26" not in response.text
    # The two real members are still planned.
    assert '<time datetime="2026-10-19T09:00:00+02:00">09:00</time>' in response.text


def test_it_ignores_a_removed_member(workspace, owner, assistant, client_for):
    from tandem.workspaces import services

    services.member_remove(actor=owner, member=assistant)
    response = client_for(owner).get(
        overlap_url(workspace), {"members": [owner.code, assistant.code]}
    )

    assert "Ana Assistant" not in response.text
    assert "Choose at least two people" in response.text


def test_it_suggests_a_check_in_and_a_meeting_to_delegators(
    workspace, owner, assistant, client_for
):
    response = client_for(owner).get(overlap_url(workspace), {"week": "2026-10-19"})

    page = response.text
    assert "A check-in for Ana Assistant at 15:00 their time (Asia/Manila)" in page
    # The meeting: the longest stretch is 07–09 UTC on every weekday; the first is Monday's.
    assert "A 30-minute meeting on Mon 19 Oct, 09:00–09:30 your time" in page
    assert "Ana Assistant: Mon 15:00–15:30" in page
    # Each suggestion links to its form, prefilled.
    schedule = reverse(
        "rhythm:checkin_schedule", kwargs={"ws": workspace.slug, "code": assistant.code}
    )
    assert f'href="{schedule}?at=15%3A00"' in page
    create = reverse("rhythm:meeting_create", kwargs={"ws": workspace.slug})
    query = (
        f"attendees={owner.code}&amp;attendees={assistant.code}"
        "&amp;at=09%3A00&amp;zone=Europe%2FOslo&amp;weekday=0"
    )
    assert f'href="{create}?{query}"' in page


@pytest.mark.parametrize("role", ["assistant", "partner"])
def test_it_shows_no_suggestions_to_others(role, workspace, owner, assistant, partner, client_for):
    viewer = {"assistant": assistant, "partner": partner}[role]
    response = client_for(viewer).get(
        overlap_url(workspace), {"members": [owner.code, assistant.code], "week": "2026-10-19"}
    )

    assert response.status_code == 200
    assert "Suggestions" not in response.text
    assert "Set up this check-in" not in response.text
    assert "Plan this meeting" not in response.text
    # A partner sees working hours and zones only, as on the Team page.
    assert "Ana Assistant: Mon 15:00–17:00" in response.text


def test_the_bars_are_drawn_without_inline_styles(workspace, owner, assistant, client_for):
    response = client_for(owner).get(overlap_url(workspace), {"week": "2026-10-19"})

    assert "style=" not in response.text
    # Monday in Oslo is 1440 minutes; Ana works 02:00–11:00 Oslo time, the shared 09:00–11:00.
    assert '<rect class="overlap-hours" x="120" y="0" width="540" height="10"/>' in response.text
    assert '<rect class="overlap-shared" x="540" y="0" width="120" height="10"/>' in response.text


def test_a_dst_day_bar_is_25_hours_long(workspace, owner, assistant, client_for):
    response = client_for(owner).get(overlap_url(workspace), {"week": "2026-10-19"})

    # Sunday 25 October in Oslo has 25 hours; 12:00 is 13 hours after midnight.
    assert 'viewBox="0 0 1500 10"' in response.text
    assert 'x1="780"' in response.text


def _queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, query).status_code == 200
    return len(context.captured_queries)


def test_its_queries_do_not_grow_with_the_team(workspace, owner, assistant, client_for):
    client = client_for(owner)
    url = overlap_url(workspace)
    client.get(url)  # the session settles on this workspace
    few = _queries(client, url, {"week": "2026-10-19"})
    for number in range(8):
        user = make_user(f"va{number}@example.com", f"Assistant {number}", "Asia/Manila")
        add_member(workspace, user, Role.ASSISTANT)
    many = _queries(client, url, {"week": "2026-10-19"})
    assert few == many


def test_its_query_count_is_pinned(
    workspace, owner, assistant, client_for, django_assert_num_queries
):
    client = client_for(owner)
    url = overlap_url(workspace)
    client.get(url)  # the session settles on this workspace
    # Session, user, membership; members with their users, and their working hours; the
    # workspace switcher's memberships.
    with django_assert_num_queries(6):
        client.get(url, {"week": "2026-10-19"})


def test_it_names_the_public_holiday_of_a_member_on_its_day(
    workspace, owner, assistant, client_for
):
    from tandem.accounts.tests.helpers import working_hours_of

    user = assistant.user
    account_services.profile_update(
        user=user,
        display_name=user.display_name,
        time_zone=user.time_zone,
        language=user.language,
        quiet_hours_start=None,
        quiet_hours_end=None,
        working_hours=working_hours_of(user),
        country="PH",
    )
    response = client_for(owner).get(overlap_url(workspace), {"week": "2026-12-28"})
    assert response.status_code == 200
    assert "Ana Assistant: Rizal Day" in response.text
    wednesday = response.text.split("Wed 30 Dec")[1].split("</li>\n  \n")[0]
    assert "No shared hours." in wednesday

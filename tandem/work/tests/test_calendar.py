"""The calendar: a month of deadlines on the viewer's own days, weeks as the workspace starts
them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from conftest import add_member, make_user
from tandem.work.management.commands.bench_data import generate_tasks
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

CALENDAR = reverse("work:calendar", kwargs={"ws": "alice"})
# Session, user, membership, the switcher's workspaces; the month's deadlines; the members with
# a country, for their public holidays (and one more for the holidays they work, when any has).
CALENDAR_QUERIES = 4 + 1 + 1


def day_cell(html: str, day: str) -> str:
    match = re.search(
        rf'<td class="day[^"]*">\s*<div class="day-number"><time datetime="{day}">.*?</td>',
        html,
        re.S,
    )
    assert match, day
    return match[0]


def entries(cell: str) -> list[str]:
    return [
        unescape(title)
        for title in re.findall(
            r'<a href="[^"]+" title="[^"]*">(?:<span class="day-time">[^<]*</span> )?([^<]+)</a>',
            cell,
        )
    ]


def test_it_shows_the_month_with_weeks_from_the_workspaces_week_start(owner, client_for):
    http = client_for(owner)
    html = http.get(CALENDAR, {"month": "2026-12"}).content.decode()
    assert re.findall(r"<abbr[^>]*>(\w+)</abbr>", html)[0] == "Mon"
    assert re.findall(r'<time datetime="([\d-]+)">', html)[0] == "2026-11-30"
    # The year only when it is not this one.
    assert "<h1>December 2026</h1>" in html or "<h1>December</h1>" in html
    assert '?month=2026-11"' in html and '?month=2027-01"' in html

    owner.workspace.week_start = 6
    owner.workspace.save(update_fields=["week_start"])
    html = http.get(CALENDAR, {"month": "2026-12"}).content.decode()
    assert re.findall(r"<abbr[^>]*>(\w+)</abbr>", html)[0] == "Sun"
    assert re.findall(r'<time datetime="([\d-]+)">', html)[0] == "2026-11-29"


def test_it_puts_a_deadline_on_the_viewers_own_day(owner, assistant, client_for):
    # 01:00 on 5 December in Manila (Ana) is 18:00 on 4 December in Oslo (the owner).
    make_task(owner, assistant, title="Early call", due_date=date(2026, 12, 5), due_time=time(1))
    owners = client_for(owner).get(CALENDAR, {"month": "2026-12"}).content.decode()
    assert entries(day_cell(owners, "2026-12-04")) == ["Early call"]
    assert '<span class="day-time">18:00</span>' in day_cell(owners, "2026-12-04")
    assistants = client_for(assistant).get(CALENDAR, {"month": "2026-12"}).content.decode()
    assert entries(day_cell(assistants, "2026-12-05")) == ["Early call"]
    assert entries(day_cell(assistants, "2026-12-04")) == []


def test_it_shows_a_few_tasks_a_day_and_links_to_the_rest(owner, client_for):
    for hour in range(9, 14):
        make_task(owner, title=f"At {hour}", due_date=date(2026, 12, 4), due_time=time(hour))
    html = client_for(owner).get(CALENDAR, {"month": "2026-12"}).content.decode()
    cell = day_cell(html, "2026-12-04")
    assert entries(cell) == ["At 9", "At 10", "At 11"]
    list_url = reverse("work:list", kwargs={"ws": "alice"})
    assert f'href="{list_url}?day=2026-12-04">+2 more</a>' in cell


def test_it_leaves_out_cancelled_work(owner, client_for):
    task = make_task(owner, title="Called off", due_date=date(2026, 12, 4))
    services.task_cancel(actor=owner, task=task)
    html = client_for(owner).get(CALENDAR, {"month": "2026-12"}).content.decode()
    assert "Called off" not in html


def test_it_shows_this_month_without_a_valid_month(owner, client_for):
    with time_machine.travel(datetime(2027, 3, 10, 12, tzinfo=UTC), tick=False):
        http = client_for(owner)
        for month in ("", "2027-13", "nonsense", "0001-01"):
            html = http.get(CALENDAR, {"month": month}).content.decode()
            assert "<h1>March</h1>" in html
            assert '<td class="day today' in html


def test_it_shows_an_assistant_only_their_own_deadlines(owner, assistant, workspace, client_for):
    other = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    make_task(owner, assistant, title="Mine", due_date=date(2026, 12, 4))
    make_task(owner, other, title="Theirs", due_date=date(2026, 12, 4))
    html = client_for(assistant).get(CALENDAR, {"month": "2026-12"}).content.decode()
    assert "Mine" in html
    assert "Theirs" not in html


def test_it_shows_a_partner_no_task_but_says_why(owner, assistant, partner, client_for):
    make_task(owner, assistant, title="Confidential client work", due_date=date(2026, 12, 4))
    response = client_for(partner).get(CALENDAR, {"month": "2026-12"})
    assert b"Confidential client work" not in response.content
    assert b"attendance and health" in response.content


@pytest.mark.parametrize("count", [20, 500])
def test_it_reads_the_month_in_one_query(
    count, owner, manager, assistant, client_for, django_assert_num_queries
):
    generate_tasks(
        owner.workspace, delegators=[owner, manager], assistants=[assistant], count=count
    )
    http = client_for(owner)
    http.get(CALENDAR)  # warm-up: the session learns the workspace
    with django_assert_num_queries(CALENDAR_QUERIES):
        assert http.get(CALENDAR).status_code == 200


def test_it_checks_workspace_isolation(owner, outsider, client_for):
    make_task(owner, title="Alice's secret", due_date=date(2026, 12, 4))
    http = client_for(outsider)
    assert http.get(CALENDAR).status_code == 404
    theirs = http.get(reverse("work:calendar", kwargs={"ws": "olaf"}), {"month": "2026-12"})
    assert b"Alice's secret" not in theirs.content


def _in_the_philippines(member) -> None:
    from tandem.accounts import services as account_services
    from tandem.accounts.tests.helpers import working_hours_of

    user = member.user
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


def test_it_shows_the_members_public_holidays_on_their_day(
    owner, assistant, client_for, django_assert_num_queries
):
    from tandem.accounts import services as account_services

    _in_the_philippines(assistant)
    account_services.holiday_worked_set(user=assistant.user, day=date(2026, 12, 24), worked=True)
    http = client_for(owner)
    http.get(CALENDAR)
    # One more query for the holidays they work.
    with django_assert_num_queries(CALENDAR_QUERIES + 1):
        html = http.get(CALENDAR, {"month": "2026-12"}).text
    assert "Ana Assistant: Rizal Day" in day_cell(html, "2026-12-30")
    christmas_eve = day_cell(html, "2026-12-24")
    assert "Ana Assistant: Christmas Eve" in christmas_eve and "(working)" in christmas_eve
    assert "Rizal Day" not in day_cell(html, "2026-12-29")
    # The assistant sees their own; a member without a country has none.
    assert (
        "Ana Assistant: Rizal Day" in client_for(assistant).get(CALENDAR, {"month": "2026-12"}).text
    )


def test_an_assistant_sees_only_their_own_holidays(owner, assistant, client_for):
    _in_the_philippines(owner)
    html = client_for(assistant).get(CALENDAR, {"month": "2026-12"}).text
    assert "Rizal Day" not in html

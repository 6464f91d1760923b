"""The home page of each role: owners and managers see what waits on them, each assistant now and
the week's delivered work, with the getting-started checklist until it is done; an assistant's
home is My day; a partner sees the assistants they supply, never the content of the work."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import add_member, make_user
from tandem.continuity.services.contingency import PlanSpec, contingency_plan_save
from tandem.continuity.services.silence import activity_record, silence_sweep
from tandem.insights.tests.pages import section
from tandem.planning.models import AuditEntry, Category, Want, Weight
from tandem.planning.readiness import QUESTIONS
from tandem.planning.services.readiness import readiness_take
from tandem.rhythm.services.checkins import ScheduleSpec, checkin_schedule_save
from tandem.work.models import State
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task, task_in_state
from tandem.workspaces import services as workspace_services
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

HOME = reverse("insights:home", kwargs={"ws": "alice"})
# Wednesday 2 December 2026, noon in UTC.
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def home_of(client, *, at: datetime = NOW) -> str:
    with time_machine.travel(at, tick=False):
        response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def supply(owner: Membership, assistant: Membership, partner: Membership) -> None:
    workspace_services.member_update(
        actor=owner, member=assistant, role=Role.ASSISTANT, partner=partner
    )


def accepted(owner: Membership, assistant: Membership, title: str) -> None:
    task = task_in_state(State.IN_REVIEW, owner, assistant)
    task.title = title
    task.save(update_fields=["title"])
    services.task_review(actor=owner, task=task, accept=True)


# Owners and managers


@pytest.mark.parametrize("who", ["owner", "manager"])
def test_a_delegator_sees_todays_triage_with_a_link_to_the_whole_page(
    who, request, owner, assistant, client_for
):
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        stuck = make_task(owner, assistant, title="Cannot log in to the portal")
        services.task_acknowledge(actor=assistant, task=stuck)
        services.task_ask_for_help(actor=assistant, task=stuck, note="No access.")
        make_task(owner, assistant, title="Not acknowledged yet", due_date=date(2026, 12, 20))
    html = home_of(client_for(request.getfixturevalue(who)))
    # Stuck work first, then who is silent in their working hours, then briefs to acknowledge.
    assert section(html, "triage") == [
        "Cannot log in to the portal",
        "Ana Assistant",
        "Not acknowledged yet",
    ]
    assert f'href="{stuck.get_absolute_url()}#answer"' in html
    assert reverse("insights:attention", kwargs={"ws": "alice"}) in html


def test_the_triage_shows_the_top_and_says_how_many_more_wait(owner, assistant, client_for):
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        for number in range(7):
            make_task(owner, assistant, title=f"Brief {number}", due_date=date(2026, 12, 20))
    html = home_of(client_for(owner))
    assert section(html, "triage") == [f"Brief {number}" for number in range(5)]
    assert "and 2 more on Needs attention" in html


def test_a_task_waiting_for_two_reasons_is_one_row_with_both(owner, assistant, client_for):
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        make_task(owner, assistant, title="Late and unread", due_date=date(2026, 11, 30))
    html = home_of(client_for(owner))
    assert section(html, "triage") == ["Late and unread"]
    row = re.search(r'id="triage">.*?</section>', html, re.S)[0]
    assert ">Overdue</span>" in row and ">Not acknowledged</span>" in row


def test_the_triage_says_so_when_nothing_waits(owner, client_for):
    html = home_of(client_for(owner))
    assert section(html, "triage") == []
    assert "Nothing waits on you right now." in html


def test_each_assistant_now_shows_local_time_work_and_health(owner, assistant, client_for):
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        started = make_task(owner, assistant, title="Reconcile November invoices")
        services.task_acknowledge(actor=assistant, task=started)
        services.task_start(actor=assistant, task=started)
        make_task(owner, assistant, title="Only assigned")
    # Wednesday 20:00 in Manila: after the assistant's hours (08:00–17:00).
    html = home_of(client_for(owner))
    assert section(html, "assistants") == ["Ana Assistant"]
    block = re.search(r'id="assistants">.*?</section>', html, re.S)[0]
    assert "20:00 in Asia/Manila" in block
    assert "outside working hours" in block
    assert "Reconcile November invoices" in block
    assert "Only assigned" not in block  # not started: not what they are on
    assert 'class="health-score' in block
    # Wednesday 10:00 in Manila: working.
    morning = home_of(client_for(owner), at=datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    assert "working now" in re.search(r'id="assistants">.*?</section>', morning, re.S)[0]


def test_it_lists_the_work_accepted_this_week_in_the_viewers_week(owner, assistant, client_for):
    # The owner's week starts on Monday 30 November in Oslo (23:00 UTC on the Sunday).
    with time_machine.travel(datetime(2026, 11, 29, 22, 30, tzinfo=UTC), tick=False):
        accepted(owner, assistant, "Accepted last week")
    with time_machine.travel(datetime(2026, 11, 29, 23, 30, tzinfo=UTC), tick=False):
        accepted(owner, assistant, "Accepted on Monday")
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        accepted(owner, assistant, "Accepted today")
        task_in_state(State.IN_REVIEW, owner, assistant)  # handed in, not accepted
    html = home_of(client_for(owner))
    assert section(html, "delivered") == ["Accepted today", "Accepted on Monday"]


def test_the_week_holds_across_a_change_to_summer_time(owner, assistant, client_for):
    # Oslo moves its clocks forward on Sunday 28 March 2027; the week began on Monday 22 March
    # at 00:00 in winter time (23:00 UTC on the Sunday).
    with time_machine.travel(datetime(2027, 3, 21, 22, 30, tzinfo=UTC), tick=False):
        accepted(owner, assistant, "Sunday evening, the week before")
    with time_machine.travel(datetime(2027, 3, 21, 23, 30, tzinfo=UTC), tick=False):
        accepted(owner, assistant, "Just after midnight on Monday")
    with time_machine.travel(datetime(2027, 3, 28, 20, 0, tzinfo=UTC), tick=False):
        accepted(owner, assistant, "Sunday night, summer time")
    with time_machine.travel(datetime(2027, 3, 28, 21, 0, tzinfo=UTC), tick=False):
        html = client_for(owner).get(HOME).content.decode()  # a session of that day
    assert section(html, "delivered") == [
        "Sunday night, summer time",
        "Just after midnight on Monday",
    ]


# The checklist


def test_the_checklist_ticks_each_step_from_the_data_and_goes_away_when_done(
    owner, workspace, client_for
):
    http = client_for(owner)

    def ticked() -> int:
        html = home_of(http)
        card = re.search(r'id="getting-started">.*?</section>', html, re.S)
        return -1 if card is None else card[0].count('<li class="done">')

    assert ticked() == 0
    workspace_services.invitation_create(
        actor=owner, email="new@example.com", role=Role.ASSISTANT, language="en"
    )
    assert ticked() == 1
    newcomer = add_member(workspace, make_user("ned@example.com", "Ned New", "UTC"), Role.ASSISTANT)
    make_task(owner, newcomer)
    assert ticked() == 2
    checkin_schedule_save(actor=owner, member=newcomer, spec=ScheduleSpec(at=time(9)))
    assert ticked() == 3
    contingency_plan_save(actor=newcomer, spec=PlanSpec(backup_power="A power bank"))
    assert ticked() == 4
    accepted(owner, newcomer, "First delivery")
    assert ticked() == 5
    readiness_take(actor=owner, answers=dict.fromkeys((q.key for q in QUESTIONS), 4))
    assert ticked() == 6
    audit_entries(owner, 5)
    assert ticked() == -1  # every step done: the card is gone
    assert "Getting started" not in home_of(http)


def audit_entries(member: Membership, count: int) -> None:
    for number in range(count):
        AuditEntry.objects.create(
            workspace=member.workspace,
            member=member,
            day=date(2026, 11, 2 + number),
            what=f"Invoices, round {number}",
            minutes=30,
            category=Category.ROUTINE,
            want=Want.HAVE,
            weight=Weight.MARGINAL,
        )


def test_the_readiness_and_audit_steps_are_each_delegators_own(owner, manager, client_for):
    def card(member: Membership) -> str:
        html = home_of(client_for(member))
        return re.search(r'id="getting-started">.*?</section>', html, re.S)[0]

    readiness_take(actor=manager, answers=dict.fromkeys((q.key for q in QUESTIONS), 3))
    audit_entries(manager, 5)
    audit_entries(owner, 4)  # four things done are not a week yet
    assert card(owner).count('<li class="done">') == 0
    assert reverse("planning:readiness", kwargs={"ws": "alice"}) in card(owner)
    assert card(manager).count('<li class="done">') == 2
    audit_entries(owner, 1)
    assert card(owner).count('<li class="done">') == 1


def test_the_checklist_counts_a_plan_or_schedule_of_a_removed_assistant_for_nothing(
    owner, assistant, client_for
):
    checkin_schedule_save(actor=owner, member=assistant, spec=ScheduleSpec(at=time(9)))
    workspace_services.member_remove(actor=owner, member=assistant)
    html = home_of(client_for(owner))
    card = re.search(r'id="getting-started">.*?</section>', html, re.S)[0]
    assert card.count('<li class="done">') == 0  # the invitation was not through the app


# Assistants


def test_an_assistants_home_is_my_day_and_the_navigation_names_it_once(assistant, client_for):
    http = client_for(assistant)
    response = http.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:my_day", kwargs={"ws": "alice"})
    html = http.get(response["Location"]).content.decode()
    nav = re.search(r'<nav class="workspace-nav".*?</nav>', html, re.S)[0]
    assert nav.count(">My day<") == 1
    assert "Overview" not in nav
    assert "Welcome aboard" not in html


def test_the_navigation_of_owners_and_partners_keeps_the_overview(owner, partner, client_for):
    for who in (owner, partner):
        html = home_of(client_for(who))
        nav = re.search(r'<nav class="workspace-nav".*?</nav>', html, re.S)[0]
        assert 'aria-current="page">Overview<' in nav
        assert ">My day<" not in nav


# Partners


def test_a_partner_sees_the_assistants_they_supply_and_no_task_contents(
    owner, assistant, partner, workspace, client_for
):
    other = add_member(
        workspace, make_user("carl@example.com", "Carl Colleague", "Europe/Berlin"), Role.ASSISTANT
    )
    make_task(owner, assistant, title="Confidential client list")
    make_task(owner, other, title="Another brief")
    http = client_for(partner)
    # Nobody linked to the partner yet: the card says how that happens.
    html = home_of(http)
    assert section(html, "supplied") == []
    assert "You do not supply any assistant in this workspace yet." in html
    supply(owner, assistant, partner)
    html = home_of(http)
    assert section(html, "supplied") == ["Ana Assistant"]
    assert "Carl Colleague" not in html
    assert "Confidential client list" not in html and "Another brief" not in html
    assert 'class="health-score' in html
    assert "in Asia/Manila" in html
    assert 'id="triage"' not in html and 'id="delivered"' not in html


def test_a_partner_sees_the_open_escalations_of_their_assistants(
    owner, assistant, partner, client_for
):
    # Monday 7 December, 09:00 in Manila; silent through the working day.
    active_at = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
    with time_machine.travel(active_at, tick=False):
        supply(owner, assistant, partner)
        activity_record(assistant, at=active_at)
    silence_sweep(active_at + timedelta(hours=7))
    html = home_of(client_for(partner), at=active_at + timedelta(hours=7))
    assert section(html, "escalations") == ["Ana Assistant: Nudged"]
    # Activity resolves it: no longer open.
    activity_record(assistant, at=active_at + timedelta(hours=8))
    html = home_of(client_for(partner), at=active_at + timedelta(hours=8))
    assert section(html, "escalations") == []
    assert "No open escalations." in html


# Isolation


def test_it_checks_workspace_isolation(owner, assistant, outsider, client_for):
    make_task(owner, assistant, title="Alice's secret")
    http = client_for(outsider)
    assert http.get(HOME).status_code == 404
    theirs = http.get(reverse("insights:home", kwargs={"ws": "olaf"})).content.decode()
    assert "Alice's secret" not in theirs and "Ana Assistant" not in theirs


# Query counts


def _count(client) -> int:
    client.get(HOME)  # warm-up: the session learns the workspace
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code in (200, 302)
    return len(queries)


def _more_assistants(owner: Membership, partner: Membership, count: int) -> None:
    for number in range(count):
        member = add_member(
            owner.workspace,
            make_user(f"va{number}@example.com", f"Assistant {number}", "Asia/Manila"),
            Role.ASSISTANT,
        )
        supply(owner, member, partner)
        started = make_task(owner, member, title=f"Task {number}")
        services.task_acknowledge(actor=member, task=started)
        services.task_start(actor=member, task=started)
        accepted(owner, member, f"Done {number}")
        activity_record(member)


# Owners and managers: the session, user, membership and the switcher's workspaces; the
# checklist (one query); the selectors of Needs attention (tasks, rhythm, continuity); the
# assistants with their working hours, health and the task they are on; the week's delivered
# work. Partners: continuity's team page for partners. Assistants: the redirect to My day.
# The same with one assistant and with five.
@pytest.mark.parametrize(
    ("who", "expected"), [("owner", 36), ("manager", 36), ("partner", 23), ("assistant", 3)]
)
def test_it_reads_each_roles_home_in_a_fixed_number_of_queries(
    who, expected, request, owner, assistant, partner, client_for
):
    supply(owner, assistant, partner)
    activity_record(assistant)
    client = client_for(request.getfixturevalue(who))
    one = _count(client)
    _more_assistants(owner, partner, 4)  # five assistants in all
    assert _count(client) == one == expected

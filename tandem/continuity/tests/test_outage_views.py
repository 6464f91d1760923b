"""Outage pages: one click from My day, "I'm back", planning on one's own clock, validation that
keeps the input, idempotent forms, the outage page with the deadlines inside, and query counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from conftest import add_member, make_user
from tandem.continuity.models import Outage, OutageKind
from tandem.continuity.services import outages as services
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

# Tuesday 20 October 2026, 10:00 in Manila.
NOW = datetime(2026, 10, 20, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def page(name: str, **kwargs: str) -> str:
    return reverse(f"continuity:{name}", kwargs={"ws": "alice", **kwargs})


def test_one_click_reports_a_power_cut_with_no_other_input(
    assistant, owner, client_for, django_capture_on_commit_callbacks
):
    http = client_for(assistant)
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(page("outage_now"), {"form_key": "k1"})
    outage = Outage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page("outage", code=outage.code)
    assert (outage.member, outage.kind, outage.starts_at, outage.ends_at) == (
        assistant,
        OutageKind.POWER,
        NOW,
        None,
    )
    # The same form sent twice, and another click: still one outage, told once.
    assert http.post(page("outage_now"), {"form_key": "k1"}).status_code == 302
    assert http.post(page("outage_now"), {"form_key": "k2"}).status_code == 302
    assert Outage.objects.count() == 1
    assert Notification.objects.filter(kind=kinds.OUTAGE_REPORTED).count() == 1

    shown = http.get(response["Location"])
    assert b"I&#x27;m back" in shown.content or b"I'm back" in shown.content


def test_the_nudge_link_opens_the_one_click_form_with_power_chosen(assistant, client_for):
    http = client_for(assistant)
    response = http.get(page("outage_now"))
    assert response.status_code == 200
    assert b'value="power" id="id_kind_0" checked' in response.content or (
        response.context["form"]["kind"].value() == "power"
    )
    chosen = http.get(page("outage_now") + "?kind=internet")
    assert chosen.context["form"]["kind"].value() == "internet"
    unknown = http.get(page("outage_now") + "?kind=holiday")
    assert unknown.context["form"]["kind"].value() == "power"


def test_an_unknown_kind_is_a_400_and_nothing_is_sent(assistant, client_for):
    response = client_for(assistant).post(page("outage_now"), {"kind": "holiday", "note": "x"})
    assert response.status_code == 400
    assert response.context["form"]["note"].value() == "x"
    assert not Outage.objects.exists()


def test_my_day_has_the_card_and_it_turns_into_im_back(assistant, client_for):
    http = client_for(assistant)
    my_day = http.get(reverse("insights:my_day", kwargs={"ws": "alice"}))
    assert b"Can't work right now?" in my_day.content
    assert page("outage_now").encode() in my_day.content
    assert page("outages").encode() in my_day.content
    assert page("contingency").encode() in my_day.content
    assert page("outage_card").encode() in my_day.content  # refreshed by htmx

    outage = services.outage_report_now(actor=assistant)
    card = http.get(page("outage_card"), headers={"HX-Request": "true"})
    assert page("outage_end", code=outage.code).encode() in card.content
    assert b"You are away: Power cut" in card.content


def test_im_back_ends_it_and_returns_to_my_day(assistant, owner, client_for):
    outage = services.outage_report_now(actor=assistant, at=NOW - timedelta(hours=1))
    my_day = reverse("insights:my_day", kwargs={"ws": "alice"})
    response = client_for(assistant).post(
        page("outage_end", code=outage.code), {"form_key": "k", "next": my_day}
    )
    assert response.status_code == 302
    assert response["Location"] == my_day
    outage.refresh_from_db()
    assert outage.ends_at == NOW
    assert Notification.objects.filter(kind=kinds.OUTAGE_ENDED, recipient=owner).count() == 1


def test_it_plans_in_the_assistants_own_zone_across_a_dst_change(workspace, owner, client_for):
    """Ola in Oslo: from Saturday 24 October 22:00 to Sunday 25 October 06:00; the clocks go
    back at 03:00 that night, so it lasts nine hours."""
    ola = add_member(workspace, make_user("ola@example.com", "Ola", "Europe/Oslo"), Role.ASSISTANT)
    response = client_for(ola).post(
        page("outages"),
        {
            "kind": "time_off",
            "starts_on": "2026-10-24",
            "starts_time": "22:00",
            "ends_on": "2026-10-25",
            "ends_time": "06:00",
            "note": "Night off",
            "form_key": "plan-1",
        },
    )
    assert response.status_code == 302
    outage = Outage.objects.get()
    assert outage.starts_at == datetime(2026, 10, 24, 20, tzinfo=UTC)
    assert outage.ends_at == datetime(2026, 10, 25, 5, tzinfo=UTC)
    assert outage.member == ola
    assert outage.kind == OutageKind.TIME_OFF


def test_whole_days_without_times(assistant, client_for):
    client_for(assistant).post(
        page("outages"),
        {"kind": "time_off", "starts_on": "2026-10-26", "ends_on": "2026-10-27"},
    )
    outage = Outage.objects.get()
    # Manila is UTC+8: from midnight on the 26th to midnight after the 27th.
    assert outage.starts_at == datetime(2026, 10, 25, 16, tzinfo=UTC)
    assert outage.ends_at == datetime(2026, 10, 27, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {
                "starts_on": "2026-10-22",
                "starts_time": "12:00",
                "ends_on": "2026-10-22",
                "ends_time": "09:00",
            },
            "ends_on",
            "The end must be after the start.",
        ),
        ({"starts_on": "", "ends_on": "2026-10-22"}, "starts_on", "Enter the first day."),
        (
            {"starts_on": "2026-10-01", "ends_on": "2026-10-02"},
            "ends_on",
            "This is over already",
        ),
    ],
)
def test_a_wrong_plan_is_a_400_that_keeps_the_input(assistant, client_for, data, field, message):
    sent = {"kind": "internet", "note": "Fibre works", "form_key": "bad"} | data
    http = client_for(assistant)
    response = http.post(page("outages"), sent)
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["note"].value() == "Fibre works"
    assert form["kind"].value() == "internet"
    assert not Outage.objects.exists()
    # The key was not used up: the corrected form goes through.
    fixed = sent | {
        "starts_on": "2026-10-22",
        "starts_time": "09:00",
        "ends_on": "2026-10-22",
        "ends_time": "12:00",
    }
    assert http.post(page("outages"), fixed).status_code == 302
    assert Outage.objects.count() == 1


def test_an_owner_records_an_outage_for_an_assistant(assistant, owner, manager, client_for):
    http = client_for(owner)
    listing = http.get(page("outages"))
    assert b"Record an outage for an assistant" in listing.content
    response = http.post(
        page("outages"),
        {
            "member": assistant.code,
            "kind": "device",
            "starts_on": "2026-10-21",
            "starts_time": "08:00",
            "ends_on": "2026-10-21",
            "ends_time": "12:00",
            "form_key": "o1",
        },
    )
    assert response.status_code == 302
    outage = Outage.objects.get()
    assert outage.member == assistant
    assert outage.reported_by == owner
    assert outage.starts_at == datetime(2026, 10, 21, 0, tzinfo=UTC)  # 08:00 in Manila
    assert list(
        Notification.objects.filter(kind=kinds.OUTAGE_PLANNED).values_list("recipient", flat=True)
    ) == [manager.pk]
    # Not an assistant: refused with 400.
    bad = http.post(
        page("outages"),
        {
            "member": manager.code,
            "kind": "power",
            "starts_on": "2026-10-22",
            "ends_on": "2026-10-22",
        },
    )
    assert bad.status_code == 400


def test_the_outage_page_shows_owners_the_deadlines_inside(assistant, owner, partner, client_for):
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    inside = make_task(
        owner, assistant, title="Pay the suppliers", due_date=date(2026, 10, 20), due_time=time(15)
    )
    make_task(owner, assistant, title="Earlier work", due_date=date(2026, 10, 19), due_time=time(9))
    outage = services.outage_plan(
        actor=assistant,
        member=assistant,
        kind=OutageKind.POWER,
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=6),
    )
    shown = client_for(owner).get(page("outage", code=outage.code))
    assert shown.status_code == 200
    assert [task.pk for task in shown.context["deadlines"]] == [inside.pk]
    assert b"These deadlines fall inside the outage" in shown.content
    task_url = reverse("work:task", kwargs={"ws": "alice", "code": inside.code})
    assert task_url.encode() in shown.content
    assert b"Earlier work" not in shown.content

    # The partner sees the outage, never the tasks.
    seen = client_for(partner).get(page("outage", code=outage.code))
    assert seen.status_code == 200
    assert b"Pay the suppliers" not in seen.content


def test_the_team_list_has_a_fixed_number_of_queries(
    workspace, owner, assistant, client_for, django_assert_max_num_queries
):
    http = client_for(owner)
    services.outage_report_now(actor=assistant)
    make_task(owner, assistant, due_date=date(2026, 10, 20), due_time=time(15))
    http.get(page("outages"))
    with django_assert_max_num_queries(40) as few:
        assert http.get(page("outages")).status_code == 200
    for number in range(15):
        person = add_member(
            workspace, make_user(f"a{number}@example.com", f"A{number}", "Asia/Manila"), "assistant"
        )
        services.outage_report_now(actor=person)
        services.outage_plan(
            actor=person,
            member=person,
            kind=OutageKind.TIME_OFF,
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=4),
        )
        make_task(owner, person, due_date=date(2026, 10, 20), due_time=time(15))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = http.get(page("outages"))
    assert len(response.context["outages"]) == 31


def test_an_assistant_sees_their_own_list_only(assistant, client_for):
    mine = services.outage_report_now(actor=assistant)
    other = add_member(
        assistant.workspace, make_user("bo@example.com", "Bo", "Asia/Manila"), Role.ASSISTANT
    )
    services.outage_report_now(actor=other)
    response = client_for(assistant).get(page("outages"))
    assert [row.outage.pk for row in response.context["outages"]] == [mine.pk]
    assert response.context["current"] == mine

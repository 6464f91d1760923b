"""Outage services: reporting now (once), planning on the assistant's own clock across a DST
change, ending, cancelling, validation, who is told, the deadlines inside, and silence."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import add_member, make_user
from tandem.continuity.models import Escalation, Outage, OutageKind, Presence
from tandem.continuity.selectors.outages import (
    current_outage_of,
    deadlines_during,
    outages_now_and_planned,
    outages_of_member,
)
from tandem.continuity.services import outages as services
from tandem.continuity.services.silence import activity_record, silence_sweep
from tandem.lib.timezones import local_instant
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.work.services import tasks as task_services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

# Monday 20 October 2026, 10:00 in Manila (UTC+8).
NOW = datetime(2026, 10, 20, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana(assistant, partner) -> Membership:
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    assistant.partner = partner
    return assistant


def told(kind: str) -> list[str]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__user__email", flat=True)
    )


def test_it_reports_an_outage_now_and_tells_owners_managers_and_the_partner_once(
    ana, owner, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outage = services.outage_report_now(actor=ana)
        again = services.outage_report_now(actor=ana, kind=OutageKind.INTERNET)

    assert again.pk == outage.pk
    assert Outage.objects.count() == 1
    assert outage.kind == OutageKind.POWER
    assert outage.starts_at == NOW
    assert outage.ends_at is None
    assert outage.reported_by == ana
    assert told(kinds.OUTAGE_REPORTED) == [
        "alice@example.com",
        "mona@example.com",
        "pia@example.com",
    ]
    notification = Notification.objects.filter(kind=kinds.OUTAGE_REPORTED).first()
    assert notification.actor == ana
    assert notification.url == f"/w/alice/outages/{outage.code}/"
    assert current_outage_of(ana, NOW) == outage


def test_an_owner_recording_one_is_not_told_of_their_own_action(ana, owner, manager):
    outage = services.outage_report_now(actor=owner, member=ana, kind=OutageKind.DEVICE)

    assert outage.member == ana
    assert outage.reported_by == owner
    assert told(kinds.OUTAGE_REPORTED) == ["mona@example.com", "pia@example.com"]


def test_only_the_assistant_or_a_delegator_may_report(ana, partner, manager, outsider):
    other = add_member(ana.workspace, make_user("bo@example.com", "Bo", "Asia/Manila"), "assistant")
    for actor in (partner, other, outsider):
        with pytest.raises(PermissionDenied):
            services.outage_report_now(actor=actor, member=ana)
    with pytest.raises(ValidationError):
        services.outage_report_now(actor=manager)  # a manager is not an assistant
    assert not Outage.objects.exists()


def test_im_back_ends_it_once(ana, owner):
    outage = services.outage_report_now(actor=ana)
    later = NOW + timedelta(hours=3)

    assert services.outage_end(actor=ana, outage=outage, at=later)
    assert not services.outage_end(actor=ana, outage=outage, at=later + timedelta(hours=1))

    outage.refresh_from_db()
    assert outage.ends_at == later
    assert told(kinds.OUTAGE_ENDED) == ["alice@example.com", "pia@example.com"]
    assert current_outage_of(ana, later) is None
    # Reporting again later opens a new one.
    assert services.outage_report_now(actor=ana, at=later).pk != outage.pk


def test_it_plans_on_the_assistants_clock_across_a_dst_change(workspace, owner):
    """Oslo leaves summer time on Sunday 25 October 2026 at 03:00 (back to 02:00)."""
    user = make_user("ola@example.com", "Ola", "Europe/Oslo")
    ola = add_member(workspace, user, Role.ASSISTANT)
    starts_at = local_instant(date(2026, 10, 24), time(22), "Europe/Oslo")
    ends_at = local_instant(date(2026, 10, 25), time(6), "Europe/Oslo")

    outage = services.outage_plan(
        actor=ola,
        member=ola,
        kind=OutageKind.TIME_OFF,
        starts_at=starts_at,
        ends_at=ends_at,
        note="Night off",
    )

    outage.refresh_from_db()
    assert outage.starts_at == datetime(2026, 10, 24, 20, tzinfo=UTC)  # 22:00 CEST
    assert outage.ends_at == datetime(2026, 10, 25, 5, tzinfo=UTC)  # 06:00 CET
    assert outage.ends_at - outage.starts_at == timedelta(hours=9)
    assert told(kinds.OUTAGE_PLANNED) == ["alice@example.com"]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (NOW + timedelta(days=2), NOW + timedelta(days=1), "ends_at"),
        (NOW + timedelta(days=2), NOW + timedelta(days=2), "ends_at"),
        (NOW - timedelta(days=3), NOW - timedelta(days=2), "ends_at"),
        (NOW, NOW + timedelta(days=120), "ends_at"),
        (NOW + timedelta(days=400), NOW + timedelta(days=401), "starts_at"),
    ],
)
def test_it_refuses_a_plan_that_makes_no_sense(ana, owner, start, end, field):
    with pytest.raises(ValidationError) as caught:
        services.outage_plan(
            actor=ana, member=ana, kind=OutageKind.POWER, starts_at=start, ends_at=end
        )
    assert field in caught.value.message_dict
    assert not Outage.objects.exists()
    assert not Notification.objects.exists()


def test_it_refuses_an_overlapping_plan_and_an_unknown_kind(ana):
    services.outage_plan(
        actor=ana,
        member=ana,
        kind=OutageKind.POWER,
        starts_at=NOW + timedelta(days=1),
        ends_at=NOW + timedelta(days=1, hours=4),
    )
    with pytest.raises(ValidationError, match="overlaps"):
        services.outage_plan(
            actor=ana,
            member=ana,
            kind=OutageKind.TIME_OFF,
            starts_at=NOW + timedelta(days=1, hours=3),
            ends_at=NOW + timedelta(days=2),
        )
    with pytest.raises(ValidationError):
        services.outage_report_now(actor=ana, kind="holiday")
    assert Outage.objects.count() == 1


def test_a_planned_outage_is_cancelled_before_it_begins_only(ana):
    ahead = services.outage_plan(
        actor=ana,
        member=ana,
        kind=OutageKind.POWER,
        starts_at=NOW + timedelta(days=1),
        ends_at=NOW + timedelta(days=1, hours=4),
    )
    begun = services.outage_plan(
        actor=ana,
        member=ana,
        kind=OutageKind.POWER,
        starts_at=NOW - timedelta(hours=1),
        ends_at=NOW + timedelta(hours=1),
    )

    assert services.outage_cancel(actor=ana, outage=ahead)
    assert not services.outage_cancel(actor=ana, outage=ahead)
    assert not services.outage_cancel(actor=ana, outage=begun)
    # Those told of the plan are told it is off, once.
    assert Notification.objects.filter(kind=kinds.OUTAGE_CANCELLED).count() == (
        Notification.objects.filter(
            kind=kinds.OUTAGE_PLANNED, event_key=f"outage:{ahead.code}:planned"
        ).count()
    )
    assert Notification.objects.filter(kind=kinds.OUTAGE_CANCELLED).exists()
    # A planned one under way ends early with "I'm back".
    assert services.outage_end(actor=ana, outage=begun)
    begun.refresh_from_db()
    assert begun.ends_at == NOW
    assert [row.outage.pk for row in outages_now_and_planned(ana.workspace, NOW)] == []


def test_it_finds_the_deadlines_inside_the_outage(ana, owner):
    # Ana's clock: Manila. The outage: today 10:00–14:00 there.
    def due(hour: int, day: date = date(2026, 10, 20), **fields):
        return make_task(
            owner, ana, title=f"Due {day} {hour}:00", due_date=day, due_time=time(hour), **fields
        )

    before = due(9)
    inside = due(12)
    edge = due(14)
    after = due(15)
    tomorrow = due(12, date(2026, 10, 21))
    done = due(13)
    task_services.task_cancel(actor=owner, task=done)
    make_task(owner, owner, title="Alice's own", due_date=date(2026, 10, 20), due_time=time(12))

    planned = services.outage_plan(
        actor=ana,
        member=ana,
        kind=OutageKind.POWER,
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=4),
    )
    assert [task.pk for task in deadlines_during(planned)] == [inside.pk, edge.pk]

    services.outage_end(actor=ana, outage=planned)
    planned.ends_at = None
    Outage.objects.filter(pk=planned.pk).update(ends_at=None)
    # While it is open, the deadlines after its start until a day from now.
    assert [task.pk for task in deadlines_during(planned, now=NOW)] == [
        inside.pk,
        edge.pk,
        after.pk,
    ]
    a_day_later = NOW + timedelta(days=1)
    assert tomorrow.pk in [task.pk for task in deadlines_during(planned, now=a_day_later)]
    assert before.pk not in [task.pk for task in deadlines_during(planned, now=a_day_later)]
    (row,) = outages_of_member(ana, now=NOW)
    assert row.outage.deadline_count == 3
    assert row.is_now


def test_now_and_planned_lists_current_and_the_next_fourteen_days(
    ana, owner, django_assert_num_queries
):
    lukas = add_member(
        ana.workspace, make_user("lukas@example.com", "Lukas", "Europe/Vilnius"), "assistant"
    )
    now_outage = services.outage_report_now(actor=ana, at=NOW - timedelta(hours=2))
    make_task(owner, ana, due_date=date(2026, 10, 20), due_time=time(17))
    soon = services.outage_plan(
        actor=lukas,
        member=lukas,
        kind=OutageKind.INTERNET,
        starts_at=NOW + timedelta(days=6),
        ends_at=NOW + timedelta(days=6, hours=4),
    )
    services.outage_plan(
        actor=lukas,
        member=lukas,
        kind=OutageKind.TIME_OFF,
        starts_at=NOW + timedelta(days=20),
        ends_at=NOW + timedelta(days=22),
    )
    over = services.outage_plan(
        actor=lukas,
        member=lukas,
        kind=OutageKind.POWER,
        starts_at=NOW - timedelta(days=1),
        ends_at=NOW + timedelta(minutes=1),
    )
    services.outage_end(actor=lukas, outage=over, at=NOW - timedelta(hours=1))

    with django_assert_num_queries(1):
        rows = outages_now_and_planned(ana.workspace, NOW)
        names = [
            (row.outage.member.user.display_name, row.outage.deadline_count, row.is_now)
            for row in rows
        ]
    assert [row.outage.pk for row in rows] == [now_outage.pk, soon.pk]
    assert names == [("Ana Assistant", 1, True), ("Lukas", 0, False)]
    assert [
        row.outage.pk for row in outages_now_and_planned(ana.workspace, NOW, members=[lukas.pk])
    ] == [soon.pk]


def test_no_escalation_fires_during_an_outage_and_silence_resumes_after(
    ana, owner, django_capture_on_commit_callbacks
):
    """Ana works 08:00–17:00 in Manila, Monday to Saturday; the nudge comes after 4 working
    hours of silence. Active at 10:00, a power cut at 10:30 that lasts the day: no nudge."""
    Membership.objects.filter(pk=ana.pk).update(joined_at=datetime(2020, 1, 1, tzinfo=UTC))
    ana.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        activity_record(ana, at=NOW)
    with (
        time_machine.travel(NOW + timedelta(minutes=30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outage = services.outage_report_now(actor=ana)
    due_before = Presence.objects.get(member=ana).next_step_at

    evening = NOW + timedelta(hours=6, minutes=59)  # 16:59 in Manila
    with (
        time_machine.travel(evening, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        silence_sweep(evening)
    assert not Escalation.objects.exists()
    assert Presence.objects.get(member=ana).next_step_at > evening
    assert due_before is not None

    # Back at 09:00 the next morning (without any other activity): silence counts again.
    back = NOW + timedelta(hours=23)
    with time_machine.travel(back, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.outage_end(actor=owner, outage=outage)
    late = back + timedelta(hours=5)
    with time_machine.travel(late, tick=False), django_capture_on_commit_callbacks(execute=True):
        silence_sweep(late)
    assert Escalation.objects.filter(member=ana).exists()

"""Importing into the audit from Tandem's own data: the viewer's time entries and the tasks
they do themselves, previewed with judgements, and never twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from tandem.planning.models import AuditEntry
from tandem.planning.selectors import audit as selectors
from tandem.planning.services import audit as services
from tandem.work.models import TimeEntry
from tandem.work.services import tasks as task_services
from tandem.work.tests.factories import brief

NOW = datetime.fromisoformat("2026-11-25T10:00:00+00:00")
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def period(owner):
    return services.audit_period_set(
        actor=owner, starts_on=TODAY - timedelta(days=6), ends_on=TODAY + timedelta(days=7)
    )


@pytest.fixture
def world(owner, manager, assistant, period):
    # The owner briefed a task for Ana for 20 minutes (measured from when the form opened).
    briefed = task_services.task_create(
        actor=owner,
        brief=brief(title="Update the client list"),
        assignee=assistant,
        opened_at=NOW - timedelta(minutes=20),
    )
    # A draft with an estimate that nobody else does: the owner's own work, at the estimate.
    own = task_services.task_create(
        actor=owner, brief=brief(title="Quarterly VAT return", estimate_minutes=120), assignee=None
    )
    # Handed to Ana with no time measured: nothing of the owner's.
    task_services.task_create(actor=owner, brief=brief(title="Book flights"), assignee=assistant)
    # The manager's briefing is the manager's.
    task_services.task_create(
        actor=manager,
        brief=brief(title="Newsletter"),
        assignee=assistant,
        opened_at=NOW - timedelta(minutes=15),
    )
    # The owner's time before the period is not in it.
    old = TimeEntry.objects.create(
        workspace=owner.workspace,
        task=briefed,
        member=owner,
        kind=TimeEntry.Kind.REVIEWING,
        minutes=10,
        created_at=NOW - timedelta(days=30),
    )
    return {"briefed": briefed, "own": own, "old": old}


def url(query: str = "") -> str:
    return reverse("planning:audit_import", kwargs={"ws": "alice"}) + query


def test_it_previews_the_viewers_own_time_and_tasks(owner, world, period):
    lines = selectors.import_lines(owner, period)
    assert sorted((line.what, line.minutes, line.day, str(line.kind)) for line in lines) == [
        ("Briefing: Update the client list", 20, TODAY, "Briefing"),
        ("Quarterly VAT return", 120, TODAY, "Estimate"),
    ]
    assert {line.judgements for line in lines} == {selectors.DEFAULT_JUDGEMENTS}


def test_judgements_come_from_the_latest_typed_entry_with_the_same_name(
    owner, world, period, time_machine
):
    for minute, (category, weight) in enumerate((("routine", "marginal"), ("key", "strategic"))):
        time_machine.move_to(NOW + timedelta(minutes=minute), tick=False)
        services.audit_entry_add(
            actor=owner,
            day=TODAY,
            what="quarterly VAT returns!",
            minutes=30,
            category=category,
            want="have",
            weight=weight,
        )
    lines = {line.what: line for line in selectors.import_lines(owner, period)}
    assert lines["Quarterly VAT return"].judgements == selectors.Judgements(
        category="key", want="have", weight="strategic"
    )


def test_importing_twice_adds_nothing_twice(owner, world, period, client_for):
    http = client_for(owner)
    response = http.get(url(f"?period={period.starts_on.isoformat()}"))
    assert response.status_code == 200
    rows = response.context["rows"]
    data = {"period": period.starts_on.isoformat(), "form_key": "i1"}
    for row in rows:
        key = row["line"].key
        data |= {
            f"pick_{key}": "on",
            f"category_{key}": "routine",
            f"want_{key}": "have",
            f"weight_{key}": "marginal",
        }
    own = next(row for row in rows if row["line"].what == "Quarterly VAT return")
    data["category_" + own["line"].key] = "key"
    response = http.post(url(), data, follow=True)
    assert "2 entries imported." in response.content.decode()
    entries = AuditEntry.objects.order_by("what")
    assert [(e.what, e.source, e.category, e.period_id) for e in entries] == [
        ("Briefing: Update the client list", "time_entry", "routine", period.pk),
        ("Quarterly VAT return", "task", "key", period.pk),
    ]
    # The same form again (another key: a second tab) adds nothing.
    response = http.post(url(), data | {"form_key": "i2"}, follow=True)
    assert "Nothing was imported." in response.content.decode()
    assert AuditEntry.objects.count() == 2
    assert selectors.import_lines(owner, period) == []
    assert "Nothing to import" in http.get(url()).content.decode()


def test_unticked_lines_are_left_out(owner, world, period, client_for):
    lines = selectors.import_lines(owner, period)
    data = {"period": period.starts_on.isoformat(), "form_key": "i1"}
    for line in lines:
        data |= {f"category_{line.key}": "routine", f"want_{line.key}": "have"}
        data |= {f"weight_{line.key}": "marginal"}
    data[f"pick_{lines[0].key}"] = "on"
    client_for(owner).post(url(), data)
    assert list(AuditEntry.objects.values_list("what", flat=True)) == [lines[0].what]


def test_a_task_the_owner_worked_on_counts_by_its_time_not_its_estimate(owner, assistant, period):
    task = task_services.task_create(
        actor=owner, brief=brief(title="Board pack", estimate_minutes=60), assignee=owner
    )
    from tandem.work.services import time as time_services

    time_services.time_entry_add(actor=owner, task=task, minutes=75, day=TODAY)
    lines = selectors.import_lines(owner, period)
    assert [(line.what, line.minutes) for line in lines] == [("Board pack", 75)]


def test_without_a_period_it_asks_for_one(owner, client_for):
    response = client_for(owner).get(url())
    assert response.status_code == 302
    assert response["Location"].endswith("#period")


def test_the_periods_days_are_the_members_own_across_a_dst_change(owner, assistant):
    """Oslo leaves summer time on 25 October 2026: the period's last day ends at midnight
    there, an hour later in UTC than the day before it."""
    period = services.audit_period_set(
        actor=owner, starts_on=date(2026, 10, 19), ends_on=date(2026, 10, 25)
    )
    task = task_services.task_create(actor=owner, brief=brief(title="Board pack"), assignee=None)
    for at in ("2026-10-18T21:59:00+00:00", "2026-10-18T22:00:00+00:00"):  # 23:59, 00:00 CEST
        TimeEntry.objects.create(
            workspace=owner.workspace,
            task=task,
            member=owner,
            kind=TimeEntry.Kind.BRIEFING,
            minutes=10,
            created_at=datetime.fromisoformat(at),
        )
    for at in ("2026-10-25T22:59:00+00:00", "2026-10-25T23:00:00+00:00"):  # 23:59, 00:00 CET
        TimeEntry.objects.create(
            workspace=owner.workspace,
            task=task,
            member=owner,
            kind=TimeEntry.Kind.REVIEWING,
            minutes=20,
            created_at=datetime.fromisoformat(at),
        )
    lines = selectors.import_lines(owner, period)
    assert [(line.day, line.minutes) for line in lines if line.key.startswith("time")] == [
        (date(2026, 10, 19), 10),
        (date(2026, 10, 25), 20),
    ]

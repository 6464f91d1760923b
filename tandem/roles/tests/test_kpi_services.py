"""KPI writes: definitions with their target history, values entered by hand (replaced when
entered again, never by an assistant), and the daily job that records computed values once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tandem.roles.jobs import record_kpi_values
from tandem.roles.models import KpiTarget, KpiValue
from tandem.roles.services import kpis as services
from tandem.roles.tests.kpi_helpers import assign, fresh, make_kpi, make_role
from tandem.work.services import tasks as task_services

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 6, 15, 12, tzinfo=UTC)


@pytest.fixture
def role(owner):
    return make_role(owner)


def test_creating_a_kpi_starts_its_target_history(owner, role):
    kpi = make_kpi(owner, role)
    assert [(t.target, t.direction, t.set_by_id) for t in kpi.targets.all()] == [
        (Decimal(95), "higher", owner.pk)
    ]


def test_assistants_and_partners_cannot_define_or_enter(owner, assistant, partner, role):
    kpi = make_kpi(owner, role)
    assign(role, assistant)
    for who in (assistant, partner):
        with pytest.raises(PermissionDenied):
            services.kpi_create(
                actor=who,
                role=role,
                name="x",
                unit="",
                target=Decimal(1),
                direction="higher",
                cadence="monthly",
                source="manual",
            )
        with pytest.raises(PermissionDenied):
            services.kpi_value_enter(
                actor=who,
                kpi=kpi,
                member=assistant,
                period_start=date(2030, 5, 1),
                value=Decimal(90),
            )
    assert not KpiValue.objects.exists()


def test_changing_the_target_keeps_the_history_and_the_values_their_target(
    owner, manager, assistant, role
):
    assign(role, assistant, at=NOW - timedelta(days=200))
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=UTC), tick=False):
        kpi = make_kpi(owner, role)
    services.kpi_value_enter(
        actor=owner, kpi=kpi, member=assistant, period_start=date(2030, 3, 10), value=Decimal(96)
    )
    with time_machine.travel(datetime(2030, 4, 10, tzinfo=UTC), tick=False):
        services.kpi_target_change(
            actor=manager, kpi=kpi, target=Decimal(98), reason="The new invoicing tool"
        )
    services.kpi_value_enter(
        actor=owner, kpi=kpi, member=assistant, period_start=date(2030, 4, 1), value=Decimal(97)
    )
    kpi.refresh_from_db()
    assert kpi.target == Decimal(98)
    history = list(KpiTarget.objects.filter(kpi=kpi).values_list("target", "reason"))
    assert history == [(Decimal(95), ""), (Decimal(98), "The new invoicing tool")]
    values = {v.period_start: (v.value, v.target) for v in KpiValue.objects.filter(kpi=kpi)}
    # March ended under the old target, April under the new one.
    assert values == {
        date(2030, 3, 1): (Decimal(96), Decimal(95)),
        date(2030, 4, 1): (Decimal(97), Decimal(98)),
    }


def test_entering_a_value_again_replaces_it(owner, assistant, role):
    assign(role, assistant)
    kpi = make_kpi(owner, role)
    for value, note in [(Decimal(80), "First count"), (Decimal(90), "Recounted")]:
        services.kpi_value_enter(
            actor=owner,
            kpi=kpi,
            member=assistant,
            period_start=date(2030, 5, 1),
            value=value,
            note=note,
        )
    assert list(KpiValue.objects.values_list("value", "note")) == [(Decimal(90), "Recounted")]


def test_values_are_entered_only_for_holders_and_only_for_manual_kpis(owner, assistant, role):
    kpi = make_kpi(owner, role)
    with pytest.raises(ValidationError):
        services.kpi_value_enter(
            actor=owner, kpi=kpi, member=assistant, period_start=date(2030, 5, 1), value=Decimal(1)
        )
    assign(role, assistant)
    computed = make_kpi(owner, role, name="On time", source="on_time")
    with pytest.raises(ValidationError):
        services.kpi_value_enter(
            actor=owner,
            kpi=computed,
            member=assistant,
            period_start=date(2030, 5, 1),
            value=Decimal(1),
        )


def test_archiving_is_once(owner, role):
    kpi = make_kpi(owner, role)
    assert services.kpi_archive(actor=owner, kpi=kpi)
    assert not services.kpi_archive(actor=owner, kpi=kpi)


def test_the_job_records_ended_periods_since_the_assignment_once(owner, assistant, role):
    holder = fresh(assistant)
    assign(role, holder, at=datetime(2030, 3, 20, tzinfo=UTC))
    kpi = make_kpi(owner, role, name="On time", source="on_time", target=Decimal(90))
    with time_machine.travel(datetime(2030, 4, 1, tzinfo=UTC), tick=False):
        task = task_services.task_create(
            actor=owner,
            brief=task_services.Brief(
                title="Report", due_date=date(2030, 4, 10), due_time=time(12)
            ),
            assignee=holder,
        )
        task_services.task_acknowledge(actor=holder, task=task)
        task_services.task_submit(actor=holder, task=task)
    with time_machine.travel(NOW, tick=False):
        assert record_kpi_values.call_local() == 3  # March, April, May
        assert record_kpi_values.call_local() == 0
    values = {v.period_start: v for v in KpiValue.objects.filter(kpi=kpi)}
    assert sorted(values) == [date(2030, 3, 1), date(2030, 4, 1), date(2030, 5, 1)]
    assert values[date(2030, 4, 1)].value == Decimal(100)
    assert values[date(2030, 4, 1)].target == Decimal(90)
    assert values[date(2030, 4, 1)].figure == "1 of 1 tasks handed in on time."
    assert values[date(2030, 3, 1)].value is None  # nothing was due


def test_the_job_keeps_to_the_last_twelve_periods(owner, assistant, role):
    assign(role, assistant, at=NOW - timedelta(days=1000))
    kpi = make_kpi(
        owner,
        role,
        name="Answers",
        source="response_time",
        cadence="weekly",
        unit="h",
        target=Decimal(4),
        direction="lower",
    )
    assert services.kpi_values_record(kpi, now=NOW) == 12
    assert services.kpi_values_record(kpi, now=NOW + timedelta(days=7)) == 1
    assert KpiValue.objects.filter(kpi=kpi).count() == 13


def test_the_job_skips_manual_archived_kpis_and_past_holders(owner, assistant, role):
    assignment = assign(role, assistant, at=NOW - timedelta(days=100))
    make_kpi(owner, role)
    archived = make_kpi(owner, role, name="Old", source="on_time")
    services.kpi_archive(actor=owner, kpi=archived)
    assert services.kpi_values_record_all(NOW) == 0
    make_kpi(owner, role, name="On time", source="on_time")
    assignment.ended_at = NOW - timedelta(days=1)
    assignment.save(update_fields=["ended_at"])
    assert services.kpi_values_record_all(NOW) == 0

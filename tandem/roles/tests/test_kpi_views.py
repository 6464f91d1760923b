"""The KPI pages: what each viewer sees, the chart with the target as steps and the same numbers
in a table, the forms (errors back on the page), and the query counts, pinned with few holders
and values and with many."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import add_member, make_user
from tandem.lib.charts.lines import line_chart, nice_step
from tandem.roles.models import KpiValue
from tandem.roles.selectors.kpis import kpi_section
from tandem.roles.services import kpis as services
from tandem.roles.tests.kpi_helpers import assign, fresh, make_kpi, make_role
from tandem.workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 6, 15, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def role(owner):
    return make_role(owner)


def _kpi_url(kpi, name="kpi"):
    return reverse(f"roles:{name}", kwargs={"ws": "alice", "role": kpi.role.code, "code": kpi.code})


def _enter(owner, kpi, member, months: int, start: date = date(2030, 5, 1)) -> None:
    day = start
    for n in range(months):
        services.kpi_value_enter(
            actor=owner, kpi=kpi, member=member, period_start=day, value=Decimal(90 + n % 10)
        )
        day = (day - timedelta(days=1)).replace(day=1)


def test_the_kpi_page_shows_the_chart_the_table_and_the_target_history(
    owner, manager, assistant, role, client_for
):
    assign(role, assistant, at=NOW - timedelta(days=400))
    with time_machine.travel(NOW - timedelta(days=300), tick=False):
        kpi = make_kpi(owner, role)
    _enter(owner, kpi, assistant, 3, start=date(2030, 3, 1))
    services.kpi_value_enter(
        actor=owner, kpi=kpi, member=assistant, period_start=date(2030, 4, 1), value=Decimal(97)
    )
    services.kpi_target_change(actor=manager, kpi=kpi, target=Decimal(91), reason="New tool")
    services.kpi_value_enter(
        actor=owner,
        kpi=kpi,
        member=assistant,
        period_start=date(2030, 5, 1),
        value=Decimal("92.5"),
        note="From the ledger",
    )
    html = client_for(owner).get(_kpi_url(kpi)).content.decode()
    assert "<svg" in html and 'class="kpi-target"' in html
    # Met and missed are told by shape and in words, not by colour alone.
    assert "kpi-dot-met" in html and "kpi-dot-missed" in html
    assert "not met" in html
    assert "92.5" in html and "From the ledger" in html
    assert "New tool" in html and "Mona Manager" in html
    assert "Enter a value" in html and "Change the target" in html
    assert "March" in html  # the period of a monthly KPI is its month


def test_an_assistant_sees_only_their_own_values_and_no_forms(
    owner, assistant, partner, role, workspace, client_for
):
    other = add_member(workspace, make_user("bo@example.com", "Bo Other", "UTC"), Role.ASSISTANT)
    Membership.objects.filter(pk=assistant.pk).update(partner=partner)
    for member in (assistant, other):
        assign(role, member, at=NOW - timedelta(days=100))
    kpi = make_kpi(owner, role)
    _enter(owner, kpi, assistant, 1)
    _enter(owner, kpi, other, 1)
    for viewer in (assistant, partner):
        html = client_for(viewer).get(_kpi_url(kpi)).content.decode()
        assert "Ana Assistant" in html
        assert "Bo Other" not in html
        assert "Enter a value" not in html and "Change the target" not in html
        section = kpi_section(role, fresh(viewer), now=NOW)
        assert [h.member.pk for h in section["kpis"][0].holders] == [assistant.pk]
        assert not section["can_edit"]


def test_a_computed_kpi_shows_the_current_period_so_far(owner, assistant, role, client_for):
    assign(role, assistant, at=NOW - timedelta(days=100))
    kpi = make_kpi(owner, role, name="On time", source="on_time", target=Decimal(90))
    services.kpi_values_record(kpi, now=NOW)
    html = client_for(owner).get(_kpi_url(kpi)).content.decode()
    assert "so far" in html
    assert "Enter a value" not in html  # Tandem computes it
    assert KpiValue.objects.filter(kpi=kpi).count() == 3  # March to May; June is not stored


def test_a_value_with_errors_goes_back_to_the_page(owner, assistant, role, client_for):
    assign(role, assistant)
    kpi = make_kpi(owner, role)
    http = client_for(owner)
    response = http.post(
        _kpi_url(kpi, "kpi_value"),
        {"member": assistant.code, "period": "2030-05-01", "value": "", "form_key": "v1"},
    )
    assert response.status_code == 303
    assert response["Location"] == _kpi_url(kpi)
    html = http.get(_kpi_url(kpi)).content.decode()
    assert "Nothing is saved yet" in html
    response = http.post(
        _kpi_url(kpi, "kpi_value"),
        {"member": assistant.code, "period": "2030-05-01", "value": "96", "form_key": "v1"},
    )
    assert response.status_code == 302
    assert KpiValue.objects.get().value == Decimal(96)


def test_creating_and_editing_a_kpi(owner, role, client_for):
    http = client_for(owner)
    new = reverse("roles:kpi_new", kwargs={"ws": "alice", "role": role.code})
    assert http.post(new, {"name": ""}).status_code == 400
    response = http.post(
        new,
        {
            "name": "On time",
            "source": "on_time",
            "unit": "",
            "target": "90",
            "direction": "higher",
            "cadence": "monthly",
        },
    )
    kpi = role.kpis.get()
    assert response["Location"] == _kpi_url(kpi)
    assert kpi.unit == "%"  # a computed KPI has its own unit
    response = http.post(
        _kpi_url(kpi, "kpi_edit"),
        {
            "name": "Delivered on time",
            "source": "on_time",
            "unit": "",
            "direction": "higher",
            "cadence": "weekly",
        },
    )
    kpi.refresh_from_db()
    assert (kpi.name, kpi.cadence, kpi.target) == ("Delivered on time", "weekly", Decimal(90))


def test_archiving_asks_first_and_hides_the_kpi_from_the_role(owner, role, client_for):
    kpi = make_kpi(owner, role)
    http = client_for(owner)
    asked = http.post(_kpi_url(kpi, "kpi_archive"), {"form_key": "a1"})
    assert asked.status_code == 200 and b"Its values are kept" in asked.content
    kpi.refresh_from_db()
    assert kpi.archived_at is None
    done = http.post(_kpi_url(kpi, "kpi_archive"), {"form_key": "a2", "confirmed": "1"})
    assert done["Location"] == role.get_absolute_url()
    assert kpi_section(role, fresh(owner), now=NOW)["kpis"] == []


def _holders(owner, role, count: int, first: int = 0) -> list[Membership]:
    found = []
    for n in range(first, first + count):
        user = make_user(f"h{n}@example.com", f"Holder {n}", ("UTC", "Asia/Manila")[n % 2])
        member = add_member(owner.workspace, user, Role.ASSISTANT)
        assign(role, member, at=NOW - timedelta(days=500))
        found.append(member)
    return found


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


@pytest.mark.parametrize("source", ["manual", "on_time"])
def test_the_kpi_page_reads_in_the_same_number_of_queries_for_few_and_many(
    owner, role, client_for, source, django_assert_num_queries
):
    kpi = make_kpi(owner, role, source=source)
    http = client_for(owner)
    url = _kpi_url(kpi)
    http.get(url)  # the session and the workspace settle
    first = _holders(owner, role, 1)
    _enter_or_record(owner, kpi, first, 3)
    few = _queries(lambda: http.get(url))
    more = _holders(owner, role, 9, first=1)
    _enter_or_record(owner, kpi, more, 12)
    pinned = {"manual": 8, "on_time": 9}[source]
    assert few == pinned
    with django_assert_num_queries(pinned):
        assert http.get(url).status_code == 200


def _enter_or_record(owner, kpi, members, months: int) -> None:
    if kpi.source == "manual":
        for member in members:
            _enter(owner, kpi, member, months)
    else:
        services.kpi_values_record(kpi, now=NOW)


def test_the_section_reads_in_three_queries_for_few_and_many(
    owner, role, django_assert_num_queries
):
    kpis = [make_kpi(owner, role, name=f"KPI {n}") for n in range(2)]
    viewer = fresh(owner)
    request = SimpleNamespace(workspace=owner.workspace)

    def render() -> str:
        section = kpi_section(role, viewer, now=NOW)
        return render_to_string("roles/_kpis.html", {"kpi_section": section, "request": request})

    first = _holders(owner, role, 1)
    for kpi in kpis:
        _enter(owner, kpi, first[0], 3)
    with django_assert_num_queries(3):
        render()
    more = _holders(owner, role, 9, first=1)
    for kpi in kpis:
        for member in more:
            _enter(owner, kpi, member, 4)
    with django_assert_num_queries(3):
        html = render()
    assert html.count("kpi-summary") == 2 and "Holder 9" in html


def test_the_chart_scales_to_round_numbers_with_the_target_as_steps():
    chart = line_chart([80, None, 100], [90, 95, 95])
    assert chart.ticks[0].value == 0
    assert chart.ticks[-1].value >= 100
    assert [point.met for point in chart.points] == [False, None, True]
    # Steps: across the first column at 90, up to 95 at its edge, across the next two.
    assert chart.target_path.count("H") == 3 and chart.target_path.count("V") == 2
    assert len(chart.valued) == 2
    lower = line_chart([3.5], [4], higher_is_better=False)
    assert lower.points[0].met is True
    assert nice_step(100) == 25 and nice_step(7) == 2


@pytest.mark.parametrize(
    ("periods", "named"),
    [(3, {0, 1, 2}), (7, set(range(7))), (13, {0, 2, 4, 6, 8, 10, 12}), (12, {1, 3, 5, 7, 9, 11})],
)
def test_the_chart_names_as_many_periods_as_fit_always_the_latest(periods, named):
    from tandem.lib.charts.lines import line_chart

    chart = line_chart([1] * periods, [2] * periods)
    assert chart.labelled == named

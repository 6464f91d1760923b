"""The analysis page: the week at a glance, the delegation candidates and their arithmetic,
the hourly value, and the link to plan each one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.lib.charts.bars import nice_ticks, stacked_bars
from tandem.planning.models import AuditEntry, Responsibility
from tandem.planning.selectors import analysis
from tandem.planning.services import audit as services
from tandem.workspaces.models import Membership

NOW = datetime.fromisoformat("2026-11-25T10:00:00+00:00")
TODAY = date(2026, 11, 25)
FIRST = TODAY - timedelta(days=13)  # a period of exactly two weeks, ending today


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def page(query: str = "") -> str:
    return reverse("planning:analysis", kwargs={"ws": "alice"}) + query


def log(member, what, minutes, day, category, want, weight):
    return services.audit_entry_add(
        actor=member,
        day=day,
        what=what,
        minutes=minutes,
        category=category,
        want=want,
        weight=weight,
    )


@pytest.fixture
def audited(owner):
    """Two weeks: emails (3 × 60 min) and "email inbox" (120) are routine or useful have-to
    work; invoices (90) are key but marginal; strategy (200) is key and strategic; coaching
    (60) is loved. Only the first two groups are candidates."""
    period = services.audit_period_set(actor=owner, starts_on=FIRST, ends_on=TODAY)
    for offset in (0, 1, 8):
        log(owner, "Emails", 60, FIRST + timedelta(days=offset), "routine", "have", "marginal")
    log(owner, "email inbox", 120, FIRST + timedelta(days=9), "useful", "have", "marginal")
    log(owner, "Invoices", 90, FIRST + timedelta(days=2), "key", "have", "marginal")
    log(owner, "Strategy", 200, FIRST + timedelta(days=3), "key", "have", "strategic")
    log(owner, "Coaching", 60, FIRST + timedelta(days=10), "routine", "love", "marginal")
    return period


def test_the_arithmetic_of_each_candidate(owner, audited):
    Membership.objects.filter(pk=owner.pk).update(hourly_value=Decimal("120"))
    owner.refresh_from_db()
    candidates = analysis.candidates(owner, audited)
    assert [(c.key, c.name, c.minutes, c.entries) for c in candidates] == [
        ("email", "Emails", 300, 4),
        ("invoice", "Invoices", 90, 1),
    ]
    emails, invoices = candidates
    # 300 minutes over 2 weeks: 150 minutes, 2.5 hours a week.
    assert (emails.hours_per_week, emails.minutes_per_week) == (Decimal("2.5"), 150)
    # 80 %: 2 hours a week, 120 × 2 × 52 / 12 = 1,040 a month; 100 %: 2.5 h, 1,300.
    assert [(f.share, f.hours_per_week, f.value_per_month) for f in emails.freed] == [
        (80, Decimal("2.0"), Decimal("1040.00")),
        (100, Decimal("2.5"), Decimal("1300.00")),
    ]
    # 90 minutes over 2 weeks: 0.75 h a week; 80 % is 0.6 h, 120 × 0.6 × 52 / 12 = 312.
    assert invoices.minutes_per_week == 45
    assert [(f.hours_per_week, f.value_per_month) for f in invoices.freed] == [
        (Decimal("0.6"), Decimal("312.00")),
        (Decimal("0.8"), Decimal("390.00")),
    ]


def test_weeks_are_days_over_seven():
    period = type("P", (), {"starts_on": date(2026, 11, 1), "ends_on": date(2026, 11, 10)})()
    assert analysis.weeks_in(period) == Decimal(10) / Decimal(7)
    _per_week, freed = analysis.freed_by(600, analysis.weeks_in(period), None)
    # 600 minutes over 10/7 weeks: 7 hours a week.
    assert freed[1].hours_per_week == Decimal("7.0")
    assert freed[1].value_per_month is None


def test_the_week_at_a_glance_sums_by_week_and_judgement(owner, audited):
    glance = analysis.glance(owner, audited, {"category": "C", "want": "W", "weight": "S"})
    assert [(week.first, week.last, week.minutes) for week in glance.weeks] == [
        (FIRST, FIRST + timedelta(days=6), {"key": 290, "routine": 120, "useful": 0}),
        (FIRST + timedelta(days=7), TODAY, {"key": 0, "routine": 120, "useful": 120}),
    ]
    # 650 minutes over two weeks: 325 a week, 5.4 hours.
    assert glance.total_minutes == 650
    assert glance.hours_per_week == Decimal("5.4")
    shares = {
        dimension: {share.key: share.hours_per_week for share in shares}
        for dimension, shares in glance.average.items()
    }
    assert shares == {
        "category": {"key": Decimal("2.4"), "routine": Decimal("2.0"), "useful": Decimal("1.0")},
        "want": {"love": Decimal("0.5"), "have": Decimal("4.9")},
        "weight": {"strategic": Decimal("1.7"), "marginal": Decimal("3.8")},
    }
    assert [bar.label for bar in glance.average_chart.bars] == ["C", "W", "S"]


def test_the_bars_are_laid_out_on_a_shared_scale():
    assert nice_ticks(9) == [0, 2.5, 5, 7.5, 10]
    assert nice_ticks(0) == [0.0, 1.0]
    chart = stacked_bars([("a", [("x", 2), ("y", 3)]), ("b", [("x", 0), ("y", 10)])], width=456)
    room = 456 - 56
    first, second = chart.bars
    assert [(s.key, s.x, s.width) for s in first.segments] == [
        ("x", 0, room * 2 / 10),
        ("y", room * 2 / 10, room * 3 / 10),
    ]
    assert [s.key for s in second.segments] == ["y"]  # a zero part draws nothing
    assert second.end_x == room and second.total == 10
    assert second.y > first.y + chart.bar_height
    assert chart.ticks[-1].x == room and chart.height > second.y + chart.bar_height


def test_the_page_shows_the_chart_the_table_and_the_candidates(owner, audited, client_for):
    Membership.objects.filter(pk=owner.pk).update(hourly_value=Decimal("120"))
    response = client_for(owner).get(page())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 2 and '<title id="chart-weeks-title">' in html
    assert "A candidate is work you have to do rather than love to do" in html
    assert "How similar names are grouped" in html
    assert "1,040 EUR a month" in html or "1,040 USD a month" in html
    new = reverse("planning:responsibility_new", kwargs={"ws": "alice"})
    assert f"{new}?title=Emails&amp;candidate=email&amp;minutes=150" in html
    assert "Strategy" not in html.split('id="candidates"')[1]


def test_money_is_written_in_the_viewers_language(owner, audited, client_for):
    Membership.objects.filter(pk=owner.pk).update(hourly_value=Decimal("120"))
    owner.user.language = "nb"
    owner.user.save(update_fields=["language"])
    http = client_for(owner)
    http.cookies["django_language"] = "nb"
    html = http.get(page(), HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "1\xa0040" in html or "1 040" in html
    assert "2,5" in html


def test_a_candidate_already_planned_says_so(owner, audited, client_for):
    Responsibility.objects.create(workspace=owner.workspace, title="Inbox", candidate_key="email")
    html = client_for(owner).get(page()).content.decode()
    assert "In the plan" in html
    assert "candidate=email&" not in html
    assert "candidate=invoice&" in html


def test_the_hourly_value_is_asked_for_and_saved(owner, audited, client_for):
    http = client_for(owner)
    response = http.get(page())
    assert response.context["value_open"]
    assert "a month" not in response.content.decode().split('id="candidates"')[1].split("<table")[1]
    url = reverse("planning:hourly_value_set", kwargs={"ws": "alice"})
    response = http.post(url, {"hourly_value": "-3", "form_key": "v1"})
    assert response.status_code == 303
    assert http.get(response["Location"]).context["value_form"].errors
    response = http.post(url, {"hourly_value": "95.50", "form_key": "v2"})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.hourly_value == Decimal("95.50")
    assert not http.get(page()).context["value_open"]


def test_it_shows_only_the_viewers_own_audit(owner, manager, audited, client_for):
    response = client_for(manager).get(page())
    assert response.context["period"] is None
    assert "No audit yet" in response.content.decode()
    assert client_for(manager).get(page(f"?period={FIRST.isoformat()}")).status_code == 404


@pytest.mark.parametrize("count", [100, 2000])
def test_the_page_makes_the_same_queries_whatever_the_entries(
    count, owner, client_for, django_assert_num_queries
):
    period = services.audit_period_set(actor=owner, starts_on=FIRST, ends_on=TODAY)
    judgements = [
        ("routine", "have", "marginal"),
        ("key", "have", "strategic"),
        ("useful", "love", "marginal"),
    ]
    AuditEntry.objects.bulk_create(
        AuditEntry(
            workspace=owner.workspace,
            member=owner,
            period=period,
            day=FIRST + timedelta(days=n % 14),
            what=f"Thing {n % 30}",
            minutes=10 + n % 50,
            category=judgements[n % 3][0],
            want=judgements[n % 3][1],
            weight=judgements[n % 3][2],
        )
        for n in range(count)
    )
    Responsibility.objects.create(workspace=owner.workspace, title="T", candidate_key="0 thing")
    http = client_for(owner)
    http.get(page())
    with django_assert_num_queries(8):
        response = http.get(page())
    assert response.status_code == 200
    assert response.context["candidates"]

"""The task audit page: logging (plain form and htmx), days and totals, editing, deleting,
periods, and each delegator seeing only their own entries."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.planning.forms.audit import EntryForm
from tandem.planning.models import AuditEntry, AuditPeriod
from tandem.planning.services import audit as services

NOW = datetime.fromisoformat("2026-11-25T10:00:00+00:00")  # a Wednesday
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def page(ws: str = "alice") -> str:
    return reverse("planning:audit", kwargs={"ws": ws})


def add_url(ws: str = "alice") -> str:
    return reverse("planning:audit_entry_add", kwargs={"ws": ws})


def entry_data(**fields: str) -> dict[str, str]:
    return {
        "what": "Emails",
        "minutes": "45",
        "day": TODAY.isoformat(),
        "category": "routine",
        "want": "have",
        "weight": "marginal",
        "form_key": uuid.uuid4().hex,
    } | fields


def log(member, what: str, minutes: int, day: date = TODAY, **judgements: str) -> AuditEntry:
    return services.audit_entry_add(
        actor=member,
        day=day,
        what=what,
        minutes=minutes,
        category=judgements.get("category", "routine"),
        want=judgements.get("want", "have"),
        weight=judgements.get("weight", "marginal"),
    )


def period(member, first: date, last: date) -> AuditPeriod:
    return services.audit_period_set(actor=member, starts_on=first, ends_on=last)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("45", 45), ("1h30", 90), ("1:30", 90), ("1.5h", 90), ("2h", 120), ("1,5 t", 90)],
)
def test_it_reads_minutes_as_people_type_them(typed, minutes):
    form = EntryForm(entry_data(minutes=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["minutes"] == minutes


@pytest.mark.parametrize("typed", ["", "soon", "0", "-5", "1:75"])
def test_it_refuses_minutes_it_cannot_read(typed):
    form = EntryForm(entry_data(minutes=typed))
    assert not form.is_valid()
    assert "minutes" in form.errors


def test_it_logs_an_entry_without_javascript_and_keeps_the_judgements(owner, client_for):
    http = client_for(owner)
    period(owner, TODAY - timedelta(days=2), TODAY + timedelta(days=11))
    response = http.post(add_url(), entry_data(category="useful", want="love", weight="strategic"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.what, entry.minutes, entry.member, entry.period.starts_on) == (
        "Emails",
        45,
        owner,
        TODAY - timedelta(days=2),
    )
    assert response["Location"].endswith(f"#day-{TODAY.isoformat()}")
    form = http.get(response["Location"]).context["form"]
    # Sticky: the next entry starts with the judgements just used, on today.
    assert form.initial == {
        "day": TODAY,
        "category": "useful",
        "want": "love",
        "weight": "strategic",
    }


def test_an_htmx_entry_comes_back_with_a_fresh_form_and_the_days(owner, client_for):
    http = client_for(owner)
    log(owner, "Invoices", 30)
    response = http.post(
        add_url(),
        entry_data(what="Client call", minutes="1h", day=(TODAY - timedelta(days=1)).isoformat()),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="audit-fields"' in html
    assert 'id="audit-days" hx-swap-oob="true"' in html
    assert "Client call" in html and "Invoices" in html
    form = response.context["form"]
    assert not form.is_bound
    # The day and the judgements stay for the next entry; "what" and the time are empty.
    assert form.initial["day"] == TODAY - timedelta(days=1)
    assert form.initial["category"] == "routine"
    # The earlier "what"s are suggested.
    assert '<option value="Client call">' in html


def test_bad_input_says_what_is_wrong_and_loses_nothing(owner, client_for):
    http = client_for(owner)
    data = entry_data(what="Bookkeeping", minutes="a while")
    response = http.post(add_url(), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert AuditEntry.objects.count() == 0
    form = response.context["form"]
    assert form.errors["minutes"]
    assert form["what"].value() == "Bookkeeping"
    # Without JavaScript the page shows the same form once, with what was typed.
    response = http.post(add_url(), data)
    assert response.status_code == 303
    form = http.get(response["Location"]).context["form"]
    assert form["what"].value() == "Bookkeeping" and form.errors["minutes"]
    # A day in the future is refused by the service, and said on the field.
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    response = http.post(add_url(), entry_data(day=tomorrow), HTTP_HX_REQUEST="true")
    assert response.context["form"].errors["day"]
    assert AuditEntry.objects.count() == 0


def test_it_lists_entries_by_day_with_a_total_per_day_and_for_the_period(owner, client_for):
    period(owner, TODAY - timedelta(days=6), TODAY + timedelta(days=7))
    log(owner, "Emails", 45)
    log(owner, "Invoices", 30)
    log(owner, "Emails", 20, TODAY - timedelta(days=1))
    log(owner, "Proposal", 100, TODAY - timedelta(days=3))
    log(owner, "Before the audit", 60, TODAY - timedelta(days=10))
    response = client_for(owner).get(page())
    days = response.context["days"]
    assert [(day.day, day.minutes) for day in days] == [
        (TODAY, 75),
        (TODAY - timedelta(days=1), 20),
        (TODAY - timedelta(days=3), 100),
    ]
    html = response.content.decode()
    assert "1h 15m" in html  # today
    assert "3h 15m in all" in html  # the period: 195 minutes
    assert "Before the audit" not in html.split('id="audit-days"')[1]


def test_it_edits_an_entry_on_its_own_page(owner, client_for):
    entry = log(owner, "Emails", 45)
    http = client_for(owner)
    url = reverse("planning:audit_entry", kwargs={"ws": "alice", "pk": entry.pk})
    response = http.get(url)
    assert response.context["form"]["minutes"].value() == "45m"
    response = http.post(url, entry_data(what="Email inbox", minutes="1h"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.what, entry.minutes) == ("Email inbox", 60)
    response = http.post(url, entry_data(what=""))
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.what == "Email inbox"


def test_it_deletes_an_entry_after_asking(owner, client_for):
    entry = log(owner, "Emails", 45)
    http = client_for(owner)
    url = reverse("planning:audit_entry_delete", kwargs={"ws": "alice", "pk": entry.pk})
    # Without the confirmation the question is asked and nothing changes.
    response = http.post(url, {"form_key": "a"})
    assert response.status_code == 200 and b"Delete this entry?" in response.content
    assert AuditEntry.objects.count() == 1
    response = http.post(url, {"form_key": "b", "confirmed": "1"}, follow=True)
    assert AuditEntry.objects.count() == 0
    html = response.content.decode()
    assert "“Emails” is deleted." in html
    # The message offers the undo: the entry comes back under its own id, once.
    undo = re.search(r'action="(/w/alice/planning/audit/entries/restore/[^"]+/)"', html)[1]
    response = http.post(undo, {"form_key": "c"}, follow=True)
    assert "The entry is back." in response.content.decode()
    back = AuditEntry.objects.get()
    assert (back.pk, back.what, back.minutes, back.category) == (entry.pk, "Emails", 45, "routine")
    response = http.post(undo, {"form_key": "d"}, follow=True)
    assert "This entry is back already." in response.content.decode()
    assert AuditEntry.objects.count() == 1


def test_an_undo_is_only_the_deleters_and_only_for_an_hour(owner, manager, time_machine):
    entry = log(owner, "Emails", 45)
    token = services.audit_entry_delete(actor=owner, entry=entry)
    with pytest.raises(ValidationError):
        services.audit_entry_restore(actor=manager, token=token)
    with pytest.raises(ValidationError):
        services.audit_entry_restore(actor=owner, token=token + "x")
    time_machine.move_to(NOW + timedelta(hours=1, minutes=1), tick=False)
    with pytest.raises(ValidationError):
        services.audit_entry_restore(actor=owner, token=token)
    assert AuditEntry.objects.count() == 0


def test_a_period_frames_its_entries_and_moves_with_them(owner, client_for):
    early = log(owner, "Emails", 45, TODAY - timedelta(days=5))
    late = log(owner, "Invoices", 30, TODAY)
    assert early.period is None
    http = client_for(owner)
    url = reverse("planning:audit_period_set", kwargs={"ws": "alice"})
    first = TODAY - timedelta(days=3)
    response = http.post(
        url,
        {
            "starts_on": first.isoformat(),
            "ends_on": (first + timedelta(days=13)).isoformat(),
            "form_key": "p1",
        },
    )
    assert response.status_code == 302
    the_period = AuditPeriod.objects.get()
    late.refresh_from_db()
    early.refresh_from_db()
    assert late.period == the_period and early.period is None
    # Changed to start earlier: the early entry joins it.
    response = http.post(
        url,
        {
            "starts_on": (TODAY - timedelta(days=6)).isoformat(),
            "ends_on": (TODAY + timedelta(days=7)).isoformat(),
            "change": first.isoformat(),
            "form_key": "p2",
        },
    )
    early.refresh_from_db()
    assert early.period == the_period and AuditPeriod.objects.count() == 1
    # Another that overlaps it is refused, and the form comes back.
    response = http.post(
        url,
        {
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + timedelta(days=20)).isoformat(),
            "form_key": "p3",
        },
    )
    assert response.status_code == 303
    page_response = http.get(response["Location"])
    assert "overlap" in str(page_response.context["period_form"].errors)
    assert AuditPeriod.objects.count() == 1


def test_it_suggests_two_weeks_from_today(owner, client_for):
    response = client_for(owner).get(page())
    form = response.context["period_form"]
    assert form.initial == {"starts_on": TODAY, "ends_on": TODAY + timedelta(days=13)}
    assert response.context["period_open"]


def test_a_manager_sees_and_changes_only_their_own_entries(owner, manager, client_for):
    mine = log(manager, "Reports", 30)
    theirs = log(owner, "Emails", 45)
    http = client_for(manager)
    html = http.get(page()).content.decode()
    assert "Reports" in html and "Emails" not in html
    assert http.get(page()).context["whats"] == ["Reports"]
    for name in ("planning:audit_entry", "planning:audit_entry_delete"):
        url = reverse(name, kwargs={"ws": "alice", "pk": theirs.pk})
        assert http.post(url, entry_data() | {"confirmed": "1"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.what == "Emails"
    assert mine.member == manager


def test_another_members_period_is_not_found(owner, manager, client_for):
    period(owner, TODAY, TODAY + timedelta(days=6))
    http = client_for(manager)
    assert http.get(page() + f"?period={TODAY.isoformat()}").status_code == 404
    assert http.get(page() + "?period=nonsense").status_code == 404


@pytest.mark.parametrize("count", [100, 2000])
def test_the_page_makes_the_same_queries_whatever_the_entries(
    count, owner, client_for, django_assert_num_queries
):
    the_period = period(owner, TODAY - timedelta(days=13), TODAY)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            workspace=owner.workspace,
            member=owner,
            period=the_period,
            day=TODAY - timedelta(days=n % 14),
            what=f"Thing {n % 40}",
            minutes=10 + n % 50,
            category="routine",
            want="have",
            weight="marginal",
        )
        for n in range(count)
    )
    http = client_for(owner)
    http.get(page())
    with django_assert_num_queries(8):
        response = http.get(page())
    assert response.status_code == 200
    assert response.context["entry_count"] == count

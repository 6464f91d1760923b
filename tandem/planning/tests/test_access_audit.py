"""Every URL of the task audit and its analysis, for every kind of visitor: owners and
managers, each on their own audit only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from tandem.planning.models import AuditEntry, AuditPeriod
from tandem.planning.services import audit as services
from tandem.testing import VISITORS, Case, Team, check_access, only, url
from tandem.workspaces.models import Membership

NOW = datetime.fromisoformat("2026-11-25T10:00:00+00:00")
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@dataclass
class World(Team):
    period: AuditPeriod
    entry: AuditEntry
    undo: str  # the token that puts back an entry the owner deleted


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    period = services.audit_period_set(
        actor=owner, starts_on=TODAY - timedelta(days=3), ends_on=TODAY + timedelta(days=10)
    )
    entry = services.audit_entry_add(
        actor=owner,
        day=TODAY - timedelta(days=1),
        what="Emails",
        minutes=30,
        category="routine",
        want="have",
        weight="marginal",
    )
    deleted = services.audit_entry_add(
        actor=owner,
        day=TODAY,
        what="Invoices",
        minutes=20,
        category="routine",
        want="have",
        weight="marginal",
    )
    undo = services.audit_entry_delete(actor=owner, entry=deleted)
    return World(owner, manager, assistant, partner, outsider, period, entry, undo)


def entry_url(name: str):
    return url(f"planning:{name}", pk=lambda w: str(w.entry.pk))


def with_period(name: str):
    return lambda w: url(f"planning:{name}")(w) + f"?period={w.period.starts_on.isoformat()}"


def entry_form(world: World) -> dict[str, str]:
    return {
        "what": "Invoices",
        "minutes": "1h",
        "day": (TODAY - timedelta(days=1)).isoformat(),
        "category": "key",
        "want": "have",
        "weight": "marginal",
    }


def period_form(world: World) -> dict[str, str]:
    first = TODAY + timedelta(days=30)
    return {"starts_on": first.isoformat(), "ends_on": (first + timedelta(days=6)).isoformat()}


def import_form(world: World) -> dict[str, str]:
    return {"period": world.period.starts_on.isoformat()}


DELEGATORS_ONLY = only(200, "owner", "manager")
REDIRECTS = only(302, "owner", "manager")
SEE_OTHER = only(303, "owner", "manager")
# The owner's own entry and period: the manager, a delegator too, finds nothing there.
OWNERS_OWN = {"owner": 200, "manager": 404, "assistant": 403, "partner": 403}
OWNERS_OWN_REDIRECT = {"owner": 302, "manager": 404, "assistant": 403, "partner": 403}

MATRIX = [
    Case("audit", "get", url("planning:audit"), DELEGATORS_ONLY),
    Case("audit_period", "get", with_period("audit"), OWNERS_OWN),
    Case("audit_entry_add", "post", url("planning:audit_entry_add"), REDIRECTS, entry_form),
    Case("audit_entry_add_get", "get", url("planning:audit_entry_add"), SEE_OTHER),
    Case("audit_entry", "get", entry_url("audit_entry"), OWNERS_OWN),
    Case("audit_entry_post", "post", entry_url("audit_entry"), OWNERS_OWN_REDIRECT, entry_form),
    Case(
        "audit_entry_delete",
        "post",
        entry_url("audit_entry_delete"),
        OWNERS_OWN_REDIRECT,
        {"confirmed": "1"},
    ),
    Case("audit_entry_delete_get", "get", entry_url("audit_entry_delete"), SEE_OTHER),
    # The undo of a deletion: the owner's entry comes back; anyone else's undo is refused with
    # a message, and changes nothing.
    Case(
        "audit_entry_restore",
        "post",
        url("planning:audit_entry_restore", token=lambda w: w.undo),
        REDIRECTS,
    ),
    Case(
        "audit_entry_restore_get",
        "get",
        url("planning:audit_entry_restore", token=lambda w: w.undo),
        SEE_OTHER,
    ),
    Case("audit_period_set", "post", url("planning:audit_period_set"), REDIRECTS, period_form),
    Case("audit_period_set_get", "get", url("planning:audit_period_set"), SEE_OTHER),
    # The owner's current period, by default; the manager has none and is sent to set one.
    Case(
        "audit_import_current",
        "get",
        url("planning:audit_import"),
        {"owner": 200, "manager": 302, "assistant": 403, "partner": 403},
    ),
    Case("audit_import", "get", with_period("audit_import"), OWNERS_OWN),
    Case(
        "audit_import_post",
        "post",
        url("planning:audit_import"),
        OWNERS_OWN_REDIRECT,
        import_form,
    ),
    Case("analysis", "get", url("planning:analysis"), DELEGATORS_ONLY),
    Case("analysis_period", "get", with_period("analysis"), OWNERS_OWN),
    Case(
        "hourly_value_set",
        "post",
        url("planning:hourly_value_set"),
        REDIRECTS,
        {"hourly_value": "100"},
    ),
    Case("hourly_value_set_get", "get", url("planning:hourly_value_set"), SEE_OTHER),
]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)
    if case.name == "audit_entry_restore" and visitor != "owner":
        assert AuditEntry.objects.count() == 1
    if case.method == "post" and case.expected.get(visitor) != 302:
        # Refused visitors changed nothing.
        world.entry.refresh_from_db()
        assert (world.entry.what, world.entry.minutes) == ("Emails", 30)
        assert AuditEntry.objects.count() == 1
        assert AuditPeriod.objects.count() == 1
        assert not Membership.objects.filter(hourly_value__isnull=False).exists()


def test_the_matrix_covers_every_url_of_the_audit_and_the_analysis():
    from tandem.planning.views import analysis, audit

    names = {pattern.name for pattern in analysis.urlpatterns + audit.urlpatterns}
    covered = {case.name.removesuffix("_get").removesuffix("_post") for case in MATRIX}
    assert names <= covered


def test_it_checks_workspace_isolation(owner, outsider, client_for):
    """An entry of another workspace answers exactly like one that does not exist."""
    theirs = services.audit_entry_add(
        actor=outsider,
        day=TODAY,
        what="Their emails",
        minutes=30,
        category="routine",
        want="have",
        weight="marginal",
    )
    http = client_for(owner)
    for name, method in [
        ("audit_entry", "get"),
        ("audit_entry", "post"),
        ("audit_entry_delete", "post"),
    ]:
        for pk in (theirs.pk, 999999):
            path = reverse(f"planning:{name}", kwargs={"ws": "alice", "pk": pk})
            response = getattr(http, method)(path, {"form_key": f"{name}{pk}", "confirmed": "1"})
            assert response.status_code == 404
    assert http.get(reverse("planning:audit", kwargs={"ws": "olaf"})).status_code == 404
    assert http.get(reverse("planning:analysis", kwargs={"ws": "olaf"})).status_code == 404
    theirs.refresh_from_db()
    assert theirs.what == "Their emails"

"""The demo's task audit: about sixty entries over two weeks that make a handful of clear
delegation candidates, made once however often the demo runs."""

from __future__ import annotations

from decimal import Decimal

from conftest import make_user
from tandem.planning.demo.audit import create_audit_demo
from tandem.planning.models import AuditEntry, AuditPeriod
from tandem.planning.selectors import analysis
from tandem.planning.selectors.audit import today_of
from tandem.workspaces import services
from tandem.workspaces.models import Membership


def test_the_demo_audit_makes_clear_candidates_once(db):
    user = make_user("owner@demo.test", "Olivia Hansen")
    workspace = services.workspace_create(actor=user, name="Northwind", slug="northwind")
    owner = Membership.objects.select_related("user", "workspace").get(user=user)
    create_audit_demo(workspace, {"owner@demo.test": owner})
    owner.refresh_from_db()
    period = AuditPeriod.objects.get()
    assert (period.ends_on - period.starts_on).days == 13
    assert period.ends_on < today_of(owner)
    assert 55 <= AuditEntry.objects.filter(period=period).count() <= 65
    assert owner.hourly_value == Decimal("120")
    candidates = analysis.candidates(owner, period)
    assert 5 <= len(candidates) <= 8
    emails = next(c for c in candidates if c.key == "email")
    assert emails.name == "Emails"
    assert {name.what for name in emails.names} >= {"Emails", "Email inbox", "emails"}
    assert candidates[0] is emails  # the most hours
    assert all(c.freed[0].value_per_month for c in candidates)

    before = list(AuditEntry.objects.values_list("pk", "what", "minutes", "day"))
    create_audit_demo(workspace, {"owner@demo.test": owner})
    assert list(AuditEntry.objects.values_list("pk", "what", "minutes", "day")) == before
    assert AuditPeriod.objects.count() == 1

"""The demo's task audit: Olivia, who runs a small consultancy, logged two weeks of her work,
ending a few days ago; the analysis shows what she should hand to an assistant first."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tandem.planning.models import AuditPeriod
from tandem.planning.selectors.audit import today_of
from tandem.planning.services import audit as services
from tandem.workspaces.models import Membership, Workspace

OWNER = "owner@demo.test"
HOURLY_VALUE = Decimal("120")

# The judgements, by a short name: (category, want, weight).
J = {
    "chore": ("routine", "have", "marginal"),
    "extra": ("useful", "have", "marginal"),
    "core": ("key", "have", "strategic"),
    "joy": ("key", "love", "strategic"),
    "team": ("routine", "love", "strategic"),
    "read": ("useful", "love", "marginal"),
}

# Ten working days: what, minutes, judgements. Emails are written three ways, as people do.
DAYS: list[list[tuple[str, int, str]]] = [
    [
        ("Emails", 55, "chore"),
        ("Client call with Fjord Energy", 60, "joy"),
        ("Invoices", 40, "chore"),
        ("Proposal for Nordlys Bank", 90, "core"),
        ("Scheduling meetings", 25, "extra"),
        ("Social media post on LinkedIn", 30, "extra"),
    ],
    [
        ("Email inbox", 70, "chore"),
        ("Workshop preparation", 120, "joy"),
        ("Booking travel to Bergen", 35, "extra"),
        ("Bookkeeping", 45, "chore"),
        ("Updating the CRM", 20, "chore"),
        ("Emails", 40, "chore"),
    ],
    [
        ("Emails", 50, "chore"),
        ("Client workshop", 180, "joy"),
        ("Bookkeeping: expense receipts", 25, "chore"),
        ("Scheduling meetings", 20, "extra"),
        ("Coaching Marco", 45, "team"),
    ],
    [
        ("Emails", 65, "chore"),
        ("Proposal for Nordlys Bank", 120, "core"),
        ("Invoices", 30, "chore"),
        ("Social media posts", 40, "extra"),
        ("Client call with Hav Logistics", 45, "joy"),
        ("Updating the CRM", 25, "chore"),
    ],
    [
        ("Email inbox", 60, "chore"),
        ("Bookkeeping", 60, "chore"),
        ("Strategy for next quarter", 90, "joy"),
        ("Booking travel", 30, "extra"),
        ("Weekly planning", 30, "core"),
        ("Client call with Nordlys Bank", 45, "joy"),
    ],
    [
        ("emails", 45, "chore"),
        ("Client call with Fjord Energy", 60, "joy"),
        ("Scheduling meetings", 30, "extra"),
        ("Invoices", 35, "chore"),
        ("Social media posts", 35, "extra"),
        ("Reading industry news", 30, "read"),
    ],
    [
        ("Emails", 60, "chore"),
        ("Report for Hav Logistics", 150, "core"),
        ("Updating the CRM", 20, "chore"),
        ("Booking travel to Oslo", 25, "extra"),
        ("Coaching Marco", 40, "team"),
        ("Bookkeeping: expense receipts", 20, "chore"),
    ],
    [
        ("Email inbox", 55, "chore"),
        ("Client workshop", 180, "joy"),
        ("Bookkeeping", 50, "chore"),
        ("Scheduling meetings", 25, "extra"),
        ("Social media posts", 30, "extra"),
        ("Invoices", 25, "chore"),
    ],
    [
        ("Emails", 70, "chore"),
        ("Proposal for Skog Retail", 100, "core"),
        ("Updating the CRM", 30, "chore"),
        ("Client call with Skog Retail", 50, "joy"),
        ("Booking travel", 20, "extra"),
        ("Bookkeeping: expense receipts", 20, "chore"),
    ],
    [
        ("Emails", 50, "chore"),
        ("Strategy for next quarter", 75, "joy"),
        ("Invoices", 45, "chore"),
        ("Bookkeeping", 40, "chore"),
        ("Scheduling meetings", 20, "extra"),
        ("Weekly planning", 30, "core"),
        ("Social media post on LinkedIn", 25, "extra"),
    ],
]


def _workdays(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def create_audit_demo(workspace: Workspace, members: dict[str, Membership]) -> None:
    """Olivia's two-week audit, ending four days ago, and her hourly value. Once: a member who
    has an audit already keeps it as it is."""
    owner = members[OWNER]
    if owner.hourly_value is None:
        services.hourly_value_set(actor=owner, value=HOURLY_VALUE)
    if AuditPeriod.objects.filter(workspace=workspace, member=owner).exists():
        return
    last = today_of(owner) - timedelta(days=4)
    first = last - timedelta(days=13)
    services.audit_period_set(actor=owner, starts_on=first, ends_on=last)
    for day, entries in zip(_workdays(first, last), DAYS, strict=False):
        for what, minutes, judgement in entries:
            category, want, weight = J[judgement]
            services.audit_entry_add(
                actor=owner,
                day=day,
                what=what,
                minutes=minutes,
                category=category,
                want=want,
                weight=weight,
            )

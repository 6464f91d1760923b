"""Demo data of continuity: outages and contingency plans.

Ana (Asia/Manila) reported a power cut two hours ago and is not back yet; a deadline of hers
falls inside it. Lukas planned an internet outage next week. Ana's contingency plan is complete
and tested; Lukas has none. Made through the real services, relative to now; safe to run twice.
"""

from __future__ import annotations

import zoneinfo
from datetime import time, timedelta

from django.utils import timezone

from tandem.continuity.models import ContingencyPlan, Outage, OutageKind
from tandem.continuity.services import contingency as contingency_services
from tandem.continuity.services import outages as services
from tandem.lib.timezones import local_instant
from tandem.work.models import Task
from tandem.work.services.tasks import Brief, task_create
from tandem.workspaces.models import Membership, Workspace

DEADLINE_TITLE = "Send the supplier payment list"


def create_outages_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    """People are keyed by email: owner@, manager@, ana@, lukas@, partner@demo.test."""
    owner, ana, lukas = (
        people[email] for email in ("owner@demo.test", "ana@demo.test", "lukas@demo.test")
    )
    now = timezone.now()

    if not Outage.objects.filter(member=ana).exists():
        services.outage_report_now(
            actor=ana,
            kind=OutageKind.POWER,
            note="Brownout in our area; the utility says about four hours.",
            at=now - timedelta(hours=2),
        )
    if not Task.objects.filter(workspace=workspace, title=DEADLINE_TITLE).exists():
        there = (now + timedelta(hours=3)).astimezone(zoneinfo.ZoneInfo(ana.user.time_zone))
        task_create(
            actor=owner,
            brief=Brief(
                title=DEADLINE_TITLE,
                outcome="Suppliers are paid on time this week.",
                deliverable="The list of this week's supplier payments, in the shared sheet.",
                acceptance_criteria="Every unpaid invoice due this week is on it, with its amount.",
                due_date=there.date(),
                due_time=time(there.hour),
                estimate_minutes=45,
                area="Bookkeeping",
            ),
            assignee=ana,
        )

    if not Outage.objects.filter(member=lukas).exists():
        zone = lukas.user.time_zone
        today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
        next_monday = today + timedelta(days=7 - today.weekday())
        day = next_monday + timedelta(days=1)  # Tuesday next week
        services.outage_plan(
            actor=lukas,
            member=lukas,
            kind=OutageKind.INTERNET,
            starts_at=local_instant(day, time(9), zone),
            ends_at=local_instant(day, time(13), zone),
            note="The provider replaces the fibre box in our street.",
            now=now,
        )

    if ContingencyPlan.objects.filter(member=ana).exists():
        return
    today_there = ana.local_today(now)
    contingency_services.contingency_plan_save(
        actor=ana,
        spec=contingency_services.PlanSpec(
            backup_power="A 20,000 mAh power bank keeps the router and laptop going for 4 hours.",
            backup_internet="Mobile data (Globe, 50 GB a month) shared from my phone.",
            backup_device="My own second laptop, with the password manager and browser set up.",
            backup_place="The co-working space on Katipunan Avenue, 10 minutes away.",
            emergency_contact="My brother Marco, +63 917 555 0142, can message the owner.",
            last_tested_on=today_there - timedelta(days=20),
        ),
        now=now,
    )

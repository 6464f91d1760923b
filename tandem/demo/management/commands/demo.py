"""Create the demo workspace "Northwind Consulting"; running it again changes nothing."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tandem.accounts import services as account_services
from tandem.accounts.models import User
from tandem.continuity.demo import create_continuity_demo
from tandem.planning.demo.audit import create_audit_demo
from tandem.planning.demo.plan import create_plan_demo
from tandem.planning.demo.readiness import create_readiness_demo
from tandem.rhythm.demo import create_rhythm_demo
from tandem.roles.demo.kpis import create_kpi_demo
from tandem.roles.demo.roles import create_roles_demo
from tandem.work.demo import create_rhythm_of_work_demo, create_work_demo, spread_work_history
from tandem.work.models import Task
from tandem.workspaces import services
from tandem.workspaces.models import Invitation, Membership, Role, Workspace

PASSWORD = "tandem-demo"  # noqa: S105 - the README publishes it


def _week(days: range, *spans: tuple[time, time]) -> dict[int, list[tuple[time, time]]]:
    return {day: list(spans) for day in days}


PEOPLE = [
    # email, name, zone, role, country (public holidays), working hours (weekday → intervals)
    (
        "owner@demo.test",
        "Olivia Hansen",
        "Europe/Oslo",
        Role.OWNER,
        "NO",
        _week(range(5), (time(8), time(16))),
    ),
    (
        "manager@demo.test",
        "Marco Bianchi",
        "Europe/Rome",
        Role.MANAGER,
        "IT",
        _week(range(5), (time(9), time(18))),
    ),
    # A split shift, as many assistants in Manila work for European clients: the morning for
    # their own errands' hours, the afternoon and evening with Oslo's working morning; and
    # Saturday mornings.
    (
        "ana@demo.test",
        "Ana Santos",
        "Asia/Manila",
        Role.ASSISTANT,
        "PH",
        {
            **_week(range(5), (time(8), time(12)), (time(15), time(19))),
            5: [(time(8), time(12))],
        },
    ),
    (
        "lukas@demo.test",
        "Lukas Petrauskas",
        "Europe/Vilnius",
        Role.ASSISTANT,
        "LT",
        _week(range(5), (time(9), time(17))),
    ),
    # The agency's coordinator works the night in Manila, through the working day of the
    # agency's clients in the Americas.
    (
        "partner@demo.test",
        "Grace Villanueva",
        "Asia/Manila",
        Role.PARTNER,
        "PH",
        _week(range(5), (time(21), time(5))),
    ),
]


# How long each has worked with Northwind: Lukas is still in his first 60 days.
DAYS_IN_WORKSPACE = {"ana@demo.test": 240, "lukas@demo.test": 45}


class Command(BaseCommand):
    help = "Create the demo workspace Northwind Consulting with five people to log in as."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Only when the database has no workspace yet."
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        if if_empty and Workspace.objects.exists():
            self.stdout.write("The database has data already; demo not loaded.")
        else:
            with transaction.atomic():
                create_demo()
            self.stdout.write(self.style.SUCCESS("Demo workspace ready: /w/northwind/"))
        self.stdout.write(f"Demo logins (password {PASSWORD}):")
        for email, name, _zone, role, *_ in PEOPLE:
            self.stdout.write(f"  {email:<20} {name} ({role.label})")


def create_demo() -> Workspace:
    users: dict[str, User] = {}
    for email, name, zone, _role, country, hours in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = account_services.user_signup(
                email=email, password=PASSWORD, display_name=name, time_zone=zone, language="en"
            )
            account_services.profile_update(
                user=user,
                display_name=name,
                time_zone=zone,
                language="en",
                quiet_hours_start=None,
                quiet_hours_end=None,
                working_hours=hours,
                country=country,
            )
        users[email] = user

    owner = users["owner@demo.test"]
    workspace = Workspace.objects.filter(slug="northwind").first()
    if workspace is None:
        workspace = services.workspace_create(
            actor=owner,
            name="Northwind Consulting",
            slug="northwind",
            currency="EUR",
            response_time_hours=8,
        )
    members = {}
    for email, _name, _zone, role, *_ in PEOPLE:
        member = Membership.objects.active().filter(workspace=workspace, user=users[email]).first()
        if member is None:
            member = Membership.objects.create(
                workspace=workspace,
                user=users[email],
                role=role,
                joined_at=timezone.now() - timedelta(days=DAYS_IN_WORKSPACE.get(email, 365)),
            )
        members[email] = member
    partner = members["partner@demo.test"]
    Membership.objects.filter(
        pk__in=[members["ana@demo.test"].pk, members["lukas@demo.test"].pk], partner__isnull=True
    ).update(partner=partner)

    if not Invitation.objects.filter(workspace=workspace, email="sofia@demo.test").exists():
        owner_member = members["owner@demo.test"]
        owner_member.user = owner
        services.invitation_create(
            actor=owner_member, email="sofia@demo.test", role=Role.ASSISTANT, language="en"
        )
    fresh = not Task.objects.filter(workspace=workspace).exists()
    create_work_demo(workspace, members)
    create_rhythm_of_work_demo(workspace, members)
    create_rhythm_demo(workspace, members)
    create_continuity_demo(workspace, members)
    create_roles_demo(workspace, members)
    # The plan's invoicing tasks get their past with the rest of the work.
    create_plan_demo(workspace, members)
    if fresh:
        # Everything above happened just now: give the work its past weeks, once.
        spread_work_history(workspace, members)
    # After the roles and the work's history: computed values are read from that history.
    create_kpi_demo(workspace, members)
    create_audit_demo(workspace, members)
    create_readiness_demo(workspace, members)
    return workspace

"""The demo's roles: bookkeeping for Ana and social media for Lukas, each with its duties by
cadence. Running it again changes nothing."""

from __future__ import annotations

from datetime import time
from typing import Any

from tandem.roles.models import AssistantRole
from tandem.roles.services.duties import duty_create
from tandem.roles.services.roles import role_assign, role_create
from tandem.workspaces.models import Membership, Workspace

ROLES: list[dict[str, Any]] = [
    {
        "title": "Bookkeeping",
        "area": "Finance",
        "holder": "ana@demo.test",
        "summary": (
            "Keeps Northwind's books current and its cash coming in: every transaction matched, "
            "every invoice followed up, and a month-end report the owner can read in five minutes."
        ),
        "priorities": (
            "Bank reconciled by noon every working day\n"
            "Overdue invoices chased before they pass 30 days\n"
            "Month-end report ready by the 3rd\n"
            "Anything unusual flagged the same day, not fixed quietly"
        ),
        "skills": ["bookkeeping", "xero", "invoicing"],
        "duties": [
            {
                "title": "Reconcile yesterday's bank transactions",
                "cadence": "daily",
                "due_time": time(12),
                "estimate_minutes": 20,
                "instructions": (
                    "Match each bank line in Xero to its invoice or bill. Leave a comment on "
                    "anything you cannot match instead of guessing."
                ),
                "sop_url": "https://docs.example.com/northwind/bank-reconciliation",
            },
            {
                "title": "Send open-invoice reminders",
                "cadence": "weekly",
                "weekdays": (4,),
                "due_time": time(15),
                "estimate_minutes": 45,
                "instructions": (
                    "Send the friendly reminder to invoices 7 days overdue and the firm one at 21 "
                    "days. List anything past 30 days for the owner."
                ),
            },
            {
                "title": "Prepare the month-end report",
                "cadence": "monthly",
                "day_of_month": 3,
                "due_time": time(17),
                "estimate_minutes": 120,
                "instructions": (
                    "Profit and loss, cash position and the ten largest open invoices, with three "
                    "sentences on what changed since last month."
                ),
                "sop_url": "https://docs.example.com/northwind/month-end",
            },
        ],
    },
    {
        "title": "Social media",
        "area": "Marketing",
        "holder": "lukas@demo.test",
        "summary": (
            "Keeps Northwind visible and responsive where its clients are: a steady rhythm of "
            "useful posts, and no comment or message left waiting."
        ),
        "priorities": (
            "Every comment and message answered within a working day\n"
            "Posts scheduled a week ahead, never on the day\n"
            "A monthly look at what worked, with one thing to try next"
        ),
        "skills": ["social media", "canva", "copywriting"],
        "duties": [
            {
                "title": "Answer comments and messages",
                "cadence": "daily",
                "due_time": time(16),
                "estimate_minutes": 30,
                "instructions": (
                    "LinkedIn, Instagram and Facebook. Questions about prices or contracts go to "
                    "the owner: thank them and say when they will hear back."
                ),
            },
            {
                "title": "Schedule posts",
                "cadence": "weekly",
                "weekdays": (0, 3),
                "due_time": time(14),
                "estimate_minutes": 60,
                "instructions": (
                    "Two posts for the days ahead in the scheduler, with images made in Canva "
                    "from the brand template."
                ),
                "sop_url": "https://docs.example.com/northwind/posting-guide",
            },
            {
                "title": "Monthly engagement report",
                "cadence": "monthly",
                "day_of_month": 1,
                "due_time": time(17),
                "estimate_minutes": 90,
                "instructions": (
                    "Followers, reach and the three best posts of the month, and one idea for the "
                    "next."
                ),
            },
        ],
    },
]


def create_roles_demo(workspace: Workspace, members: dict[str, Membership]) -> None:
    """The two roles, their duties and their holders; a role that exists already is left as
    it is."""
    owner = members["owner@demo.test"]
    have = set(AssistantRole.objects.filter(workspace=workspace).values_list("title", flat=True))
    for spec in ROLES:
        if spec["title"] in have:
            continue
        role = role_create(
            actor=owner,
            title=spec["title"],
            summary=spec["summary"],
            priorities=spec["priorities"],
            skills=spec["skills"],
            area=spec["area"],
        )
        for duty in spec["duties"]:
            duty_create(actor=owner, role=role, **duty)
        role_assign(actor=owner, role=role, member=members[spec["holder"]])

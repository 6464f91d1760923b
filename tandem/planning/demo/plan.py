"""The demo workspace's delegation plan: a responsibility in every status, one that is not ready
(no instructions yet), one that needs a skill nobody has, and one the owner still does
themselves (80 % delegated, yet their briefing and reviewing minutes stay high)."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from tandem.lib.timezones import local_instant
from tandem.planning.models import Responsibility, ResponsibilityStatus
from tandem.planning.selectors.names import normalised
from tandem.planning.services import plan as services
from tandem.roles.models import Duty
from tandem.work.models import RecurringTask, Task, TimeEntry
from tandem.work.services import tasks as task_services
from tandem.workspaces.models import Membership, Workspace

INVOICING_TASKS = (
    "Send the monthly client invoices",
    "Chase the overdue invoices",
    "Reconcile the invoice payments",
)
# Per week back (0 = this week): the owner's minutes briefing and reviewing invoicing, and
# Ana's minutes doing it. The owner's share stays above a fifth: "still doing it yourself".
INVOICING_MINUTES = ((55, 90), (70, 120), (65, 150), (80, 140), (90, 120))


def _brief(title: str, due: date, outcome: str) -> task_services.Brief:
    return task_services.Brief(
        title=title,
        outcome=outcome,
        deliverable="",
        acceptance_criteria="",
        due_date=due,
        due_time=None,
        estimate_minutes=60,
        resources="",
        priority=2,
    )


def _invoicing_work(owner: Membership, ana: Membership) -> list[Task]:
    """Invoicing tasks for Ana with the weeks of time logged on them."""
    today = timezone.localdate()
    tasks = [
        task_services.task_create(
            actor=owner,
            brief=_brief(title, today + timedelta(days=3 + n), "Clients pay on time."),
            assignee=ana,
        )
        for n, title in enumerate(INVOICING_TASKS)
    ]
    # The weeks behind us are history: written as they would have been logged then.
    entries = []
    for weeks_back, (owner_minutes, work_minutes) in enumerate(INVOICING_MINUTES):
        day = today - timedelta(days=7 * weeks_back + 1)
        task = tasks[weeks_back % len(tasks)]
        for who, kind, minutes, zone in (
            (owner, TimeEntry.Kind.BRIEFING, owner_minutes // 2, owner.user.time_zone),
            (
                owner,
                TimeEntry.Kind.REVIEWING,
                owner_minutes - owner_minutes // 2,
                owner.user.time_zone,
            ),
            (ana, TimeEntry.Kind.WORK, work_minutes, ana.user.time_zone),
        ):
            entries.append(
                TimeEntry(
                    workspace_id=owner.workspace_id,
                    task=task,
                    member=who,
                    kind=kind,
                    minutes=minutes,
                    created_at=local_instant(day, time(12), zone),
                )
            )
    TimeEntry.objects.bulk_create(entries)
    return tasks


def create_plan_demo(workspace: Workspace, members: dict[str, Membership]) -> None:
    if Responsibility.objects.filter(workspace=workspace).exists():
        return
    owner = members["owner@demo.test"]
    ana, lukas = members["ana@demo.test"], members["lukas@demo.test"]
    today = timezone.localdate()

    def add(
        title: str,
        status: str,
        assistant: Membership | None,
        days: int,
        since: int = 0,
        audit_minutes: int | None = None,
        candidate: str = "",
        **fields: str,
    ) -> Responsibility:
        responsibility = services.responsibility_create(
            actor=owner,
            fields=services.Fields(
                title=title,
                assistant=assistant,
                target_start=today + timedelta(days=days),
                **fields,
            ),
            # The audit's wording, so its candidate shows "In the plan".
            candidate_key=normalised(candidate) if candidate else "",
            audit_minutes_per_week=audit_minutes,
        )
        Responsibility.objects.filter(pk=responsibility.pk).update(
            status=status, status_changed_at=timezone.now() - timedelta(days=since)
        )
        return responsibility

    inbox = add(
        "Inbox triage",
        ResponsibilityStatus.DELEGATED,
        ana,
        -60,
        candidate="Emails",
        since=20,
        audit_minutes=300,
        description="The support inbox: answered, forwarded or filed every working day.",
        sop_url="https://example.com/sop/inbox-triage",
    )
    inbox.recurring.add(
        *RecurringTask.objects.filter(workspace=workspace, assignee=ana, title__icontains="inbox")
    )
    invoicing = add(
        "Client invoicing",
        ResponsibilityStatus.DELEGATED_80,
        ana,
        -35,
        candidate="Invoices",
        since=18,
        audit_minutes=240,
        description="Invoices out on the first working day, payments matched, late payers chased.",
        instructions="1. Export the hours from the time sheet.\n2. Draft the invoices.\n"
        "3. Send them from the finance mailbox.\n4. Chase anything 14 days overdue.",
    )
    invoicing.tasks.add(*_invoicing_work(owner, ana))
    social = add(
        "Social media scheduling",
        ResponsibilityStatus.BRIEFED,
        lukas,
        -7,
        candidate="Social media posts",
        since=5,
        description="A week of posts planned and scheduled every Friday.",
        sop_url="https://example.com/sop/social-media",
    )
    # Already a duty of the Social media role: Lukas gets it as a recurring task.
    duty = Duty.objects.filter(workspace=workspace, title="Schedule posts").first()
    if duty is not None:
        Responsibility.objects.filter(pk=social.pk).update(duty=duty)
        social.recurring.add(*RecurringTask.objects.filter(duty_link__duty=duty))
    add(
        "Travel booking",
        ResponsibilityStatus.PLANNED,
        ana,
        14,
        candidate="Booking travel",
        audit_minutes=150,
        description="Flights, hotels and trains for client visits, within the travel policy.",
    )
    add(
        "Podcast editing",
        ResponsibilityStatus.PLANNED,
        None,
        45,
        description="Each episode cut, levelled and published with its show notes.",
        instructions="Follow the editing checklist in the shared drive.",
        skill="audio editing",
    )

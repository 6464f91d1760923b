"""The demo workspace's work: tasks in every state, made through the real services."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from tandem.work.models import RecurringTask, Task
from tandem.work.services import comments, recurring
from tandem.work.services import tasks as services
from tandem.work.services import time as time_services
from tandem.workspaces.models import Membership, Workspace


def _brief(title: str, due: date | None, **fields: object) -> services.Brief:
    defaults: dict[str, object] = {
        "outcome": "",
        "deliverable": "",
        "acceptance_criteria": "",
        "estimate_minutes": None,
        "resources": "",
        "priority": 2,
        "due_time": None,
    }
    return services.Brief(title=title, due_date=due, **(defaults | fields))  # type: ignore[arg-type]


def create_work_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    if Task.objects.filter(workspace=workspace).exists():
        return
    owner, manager = people["owner@demo.test"], people["manager@demo.test"]
    ana, lukas = people["ana@demo.test"], people["lukas@demo.test"]
    today = timezone.localdate()

    def task(
        title: str,
        assignee: Membership | None,
        due_in: int | None,
        by: Membership = owner,
        **fields: object,
    ) -> Task:
        due = today + timedelta(days=due_in) if due_in is not None else None
        return services.task_create(actor=by, brief=_brief(title, due, **fields), assignee=assignee)

    task(
        "Plan the Q1 newsletter calendar",
        None,
        21,
        outcome="One newsletter a month keeps past clients coming back.",
        deliverable="A calendar with a topic per month.",
    )

    task(
        "Reconcile November invoices",
        lukas,
        3,
        by=manager,
        priority=3,
        outcome="Close the month on time for the accountant.",
        deliverable="The reconciliation sheet, every invoice matched to a payment.",
        acceptance_criteria="No unmatched rows.\nDifferences explained in a note.",
        estimate_minutes=120,
        resources="https://example.com/finance/november",
    )

    crm = task(
        "Update the CRM contact list",
        ana,
        2,
        outcome="Sales calls reach the right people.",
        deliverable="Every contact checked against LinkedIn, titles updated.",
        acceptance_criteria="All 140 contacts have a current title and company.",
        estimate_minutes=180,
        resources="https://example.com/crm",
    )
    services.task_acknowledge(
        actor=ana,
        task=crm,
        questions="Should I remove people who left?",
        proposed_due_date=today + timedelta(days=5),
        reason="140 contacts take about three working days.",
    )

    research = task(
        "Research three booking tools",
        ana,
        6,
        priority=2,
        outcome="Clients book calls without email back-and-forth.",
        deliverable="A one-page comparison with prices and a recommendation.",
        acceptance_criteria="Three tools, each with price, calendar sync, languages.",
        estimate_minutes=150,
        resources="https://example.com/booking-notes",
    )
    services.task_acknowledge(actor=ana, task=research)
    services.task_start(actor=ana, task=research)

    inbox = task(
        "Set up the shared support inbox",
        lukas,
        1,
        priority=4,
        outcome="No client email waits more than a working day.",
        deliverable="support@ forwarding to both assistants, with labels.",
        acceptance_criteria="A test email arrives in both inboxes.",
        estimate_minutes=60,
    )
    services.task_acknowledge(actor=lukas, task=inbox)
    services.task_ask_for_help(
        actor=lukas,
        task=inbox,
        note="I don't have admin access to the mail server, so I cannot add the forwarding.",
    )

    newsletter = task(
        "Draft the December newsletter",
        ana,
        1,
        priority=3,
        outcome="Customers hear about the winter offer before the holidays.",
        deliverable="A draft in the newsletter tool, not sent.",
        acceptance_criteria="Under 300 words.\nOne clear call to action.",
        estimate_minutes=90,
        resources="https://example.com/brand-guide",
        due_time=time(15),
    )
    services.task_acknowledge(actor=ana, task=newsletter)
    services.task_start(actor=ana, task=newsletter)
    services.task_submit(
        actor=ana,
        task=newsletter,
        note="Draft is in the tool, titled December.",
        links="https://example.com/newsletter/december-preview",
    )

    slides = task(
        "Prepare the board meeting slides",
        lukas,
        4,
        by=manager,
        outcome="The board decides on the new office quickly.",
        deliverable="10 slides in the company template.",
        acceptance_criteria="Costs of both options side by side.",
        estimate_minutes=240,
    )
    services.task_acknowledge(actor=lukas, task=slides)
    services.task_submit(actor=lukas, task=slides)
    services.task_review(
        actor=manager,
        task=slides,
        accept=False,
        feedback="Good start. Please put both options' yearly costs on one "
        "slide, and move the photos to an appendix.",
    )

    drive = task(
        "Clean up the shared drive",
        ana,
        -2,
        outcome="Everyone finds documents in seconds.",
        deliverable="Folders by client and year; old drafts archived.",
        acceptance_criteria="No loose files at the top level.",
        estimate_minutes=120,
    )
    services.task_acknowledge(actor=ana, task=drive)
    services.task_submit(actor=ana, task=drive)
    services.task_review(
        actor=owner,
        task=drive,
        accept=True,
        rating=5,
        feedback="Beautifully organised, and the naming guide is a great idea. Thank you, Ana!",
    )

    cards = task("Order new business cards", lukas, 10)
    services.task_cancel(actor=owner, task=cards, reason="We go digital instead.")

    late = task(
        "Send the October client report",
        lukas,
        -1,
        priority=3,
        outcome="The client renews in January; the report shows our value.",
        deliverable="The PDF report, emailed to the client.",
        acceptance_criteria="All KPIs from the template filled in.",
        estimate_minutes=90,
    )
    services.task_acknowledge(actor=lukas, task=late)
    services.task_start(actor=lukas, task=late)


def create_rhythm_of_work_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    """Time logged, a thread on a task, and a recurring duty with today's occurrence."""
    if RecurringTask.objects.filter(workspace=workspace).exists():
        return
    owner, ana, lukas = (people[e] for e in ("owner@demo.test", "ana@demo.test", "lukas@demo.test"))
    tasks = {t.title: t for t in Task.objects.filter(workspace=workspace)}
    today = timezone.localdate()
    for who, title, minutes, days_ago in [
        (ana, "Research three booking tools", 75, 1),
        (ana, "Research three booking tools", 40, 0),
        (ana, "Draft the December newsletter", 85, 1),
        (ana, "Clean up the shared drive", 130, 3),
        (lukas, "Send the October client report", 50, 1),
        (lukas, "Prepare the board meeting slides", 200, 2),
    ]:
        time_services.time_entry_add(
            actor=who, task=tasks[title], minutes=minutes, day=today - timedelta(days=days_ago)
        )

    newsletter = tasks["Draft the December newsletter"]
    comments.comment_add(
        actor=ana,
        task=newsletter,
        body="I used the **winter offer** as the headline. Should the "
        "opening hours go at the top or the bottom?",
    )
    comments.comment_add(
        actor=owner, task=newsletter, body="@Ana at the bottom, please: the offer comes first."
    )

    recurring.recurring_create(
        actor=owner,
        spec=recurring.RecurringSpec(
            title="Check the support inbox and answer what you can",
            # Every day of the week, so that the demo shows today's occurrence on any day.
            cadence="weekly",
            weekdays=tuple(range(7)),
            due_time=time(17),
            outcome="No client waits more than a working day for an answer.",
            deliverable="Every email answered or forwarded to the right person.",
            acceptance_criteria="Inbox zero by the end of your day.",
            estimate_minutes=45,
        ),
        assignee=ana,
        now=timezone.now() - timedelta(days=1),
    )
    recurring.recurring_run_due(timezone.now())

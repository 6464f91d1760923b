"""The demo workspace's work: tasks in every state, made through the real services."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tandem.accounts.selectors import working_time_of
from tandem.acks.models import Acknowledgement
from tandem.lib.timezones import local_instant
from tandem.lib.working_time import working_seconds
from tandem.notify.models import Notification
from tandem.work.models import Comment, HelpRequest, RecurringTask, Review, Task, TaskEvent
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


# The demo's history, spread over the past weeks: each task's story from its first to its last
# step, counted in working days back from today (a weekend is skipped).
HISTORY = {
    "Plan the Q1 newsletter calendar": (9, 9),
    "Reconcile November invoices": (1, 1),
    "Update the CRM contact list": (4, 3),
    "Research three booking tools": (6, 2),
    "Set up the shared support inbox": (3, 1),
    "Draft the December newsletter": (5, 0),
    "Prepare the board meeting slides": (7, 1),
    "Clean up the shared drive": (12, 2),
    "Order new business cards": (8, 6),
    "Send the October client report": (10, 2),
}
# When in their own working day each person usually acts.
HOUR_OF = {
    "owner@demo.test": time(10, 15),
    "manager@demo.test": time(11, 0),
    "ana@demo.test": time(15, 40),
    "lukas@demo.test": time(10, 30),
}


def _workdays_back(today: date, count: int) -> date:
    day = today
    while count > 0 or day.weekday() >= 5:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _at(member: Membership | None, day: date, fallback: Membership | None) -> datetime:
    who = member or fallback
    if who is None:
        return local_instant(day, time(10), "UTC")
    return local_instant(day, HOUR_OF.get(who.user.email, time(10)), who.user.time_zone)


def _steps(events: list[TaskEvent]) -> list[list[TaskEvent]]:
    """The events in steps: what one person did at once (created and assigned, acknowledged
    and proposed another date) is one step."""
    steps: list[list[TaskEvent]] = []
    for event in events:
        last = steps[-1][-1] if steps else None
        if (
            last is not None
            and last.actor_id == event.actor_id
            and event.created_at - last.created_at < timedelta(seconds=2)
        ):
            steps[-1].append(event)
        else:
            steps.append([event])
    return steps


def _story(task: Task, first: int, last: int, today: date, now: datetime) -> list[datetime]:
    """A moment for each of the task's events, in order: each step at its actor's usual hour,
    on working days from `first` back to `last` back, after the step before, none in the
    future."""
    events = list(task.events.select_related("actor__user").order_by("created_at", "id"))
    steps = _steps(events)
    fallback = task.created_by or task.assignee
    moments: list[datetime] = []
    for index, step in enumerate(steps):
        back = first - round(index * (first - last) / max(len(steps) - 1, 1))
        moment = _at(step[0].actor, _workdays_back(today, back), fallback)
        while moment > now - timedelta(minutes=30):  # not yet today: the working day before
            back += 1
            moment = _at(step[0].actor, _workdays_back(today, back), fallback)
        if moments and moment <= moments[-1]:
            moment = moments[-1] + timedelta(minutes=25)
        moments.extend(moment + timedelta(minutes=2 * n) for n in range(len(step)))
    # Whatever would lie ahead of now moves back to just before it, keeping the order.
    for index in range(len(moments)):
        ceiling = now - timedelta(minutes=20 * (len(moments) - index))
        if moments[index] > ceiling:
            moments[index] = ceiling
    return moments


class _Shift:
    """Moves the timestamps of one task's rows: a row made with the i-th event moves with it."""

    def __init__(self, was: list[datetime], moved: list[datetime]) -> None:
        self.was, self.moved = was, moved

    def __call__(self, moment: datetime | None) -> datetime | None:
        if moment is None or not self.was:
            return moment
        # The event nearest in time: a task's own field is set a moment before its event.
        after = bisect_right(self.was, moment)
        index = min(
            (i for i in (after - 1, after) if 0 <= i < len(self.was)),
            key=lambda i: abs(moment - self.was[i]),
        )
        return self.moved[index] + (moment - self.was[index])


def _move_task_history(task: Task, moments: list[datetime]) -> None:
    """Put the task's events on `moments`, and what each event made (the task's own times, a
    review, a request for help, an acknowledgement asked or given) with it; the rest of the
    task's rows (comments, notifications) move with the event nearest in time."""
    events = list(task.events.order_by("created_at", "id"))
    shift = _Shift([event.created_at for event in events], moments)
    at: dict[str, list[datetime]] = {}
    for event, moment in zip(events, moments, strict=True):
        TaskEvent.objects.filter(pk=event.pk).update(created_at=moment)
        at.setdefault(event.kind, []).append(moment)
    Kind = TaskEvent.Kind
    states = [m for e, m in zip(events, moments, strict=True) if e.to_state] or moments[:1]
    assigned = at.get(Kind.ASSIGNED, [None])[-1] if task.assigned_at else None
    acknowledged = at.get(Kind.ACKNOWLEDGED, [None])[-1] if task.acknowledged_at else None
    Task.objects.filter(pk=task.pk).update(
        created_at=at.get(Kind.CREATED, moments)[0],
        updated_at=moments[-1],
        state_changed_at=states[-1],
        assigned_at=assigned or shift(task.assigned_at),
        acknowledged_at=acknowledged or shift(task.acknowledged_at),
    )
    reviews = list(Review.objects.filter(task=task).order_by("id"))
    for review, moment in zip(reviews, at.get(Kind.REVIEW, []), strict=False):
        Review.objects.filter(pk=review.pk).update(created_at=moment)
    helps = list(HelpRequest.objects.filter(task=task).order_by("id"))
    for help_request, moment in zip(helps, at.get(Kind.HELP, []), strict=False):
        answered = help_request.answered_at and shift(help_request.answered_at)
        HelpRequest.objects.filter(pk=help_request.pk).update(
            created_at=moment, answered_at=answered
        )
    for comment in Comment.objects.filter(task=task):
        Comment.objects.filter(pk=comment.pk).update(created_at=shift(comment.created_at))
    for note in Notification.objects.filter(thread_key=f"task:{task.code}"):
        Notification.objects.filter(pk=note.pk).update(created_at=shift(note.created_at))
    review_moments = zip(reviews, at.get(Kind.REVIEW, []), strict=False)
    review_at = {review.pk: moment for review, moment in review_moments}
    acks = Acknowledgement.objects.filter(task=task) | Acknowledgement.objects.filter(
        review__task=task
    )
    for ack in acks.select_related("member__user"):
        if ack.task_id:
            requested = assigned or shift(ack.requested_at)
            done = acknowledged if ack.acknowledged_at else None
        else:
            requested = review_at.get(ack.review_id or 0) or shift(ack.requested_at)
            done = shift(ack.acknowledged_at)
        seconds = ack.response_seconds
        if requested is not None and done is not None:
            seconds = working_seconds(working_time_of(ack.member.user), requested, done)
        Acknowledgement.objects.filter(pk=ack.pk).update(
            requested_at=requested, acknowledged_at=done, response_seconds=seconds
        )


def spread_work_history(workspace: Workspace, people: dict[str, Membership]) -> None:
    """Give the demo's work a past: briefs written and acknowledged days ago, work done and
    reviewed in the working hours of whoever did it (time entries are on their own days).
    A task the other demos added (and a recurring task's occurrence) is from this week."""
    owner = people["owner@demo.test"]
    now = timezone.now()
    today = owner.local_today(now)
    tasks = (
        Task.objects.filter(workspace=workspace)
        .select_related("created_by__user", "assignee__user")
        .order_by("created_at", "id")
    )
    told = set()
    for index, task in enumerate(tasks):
        # Another demo's task (a title told already is a meeting's action item) is from this
        # week, not before its Monday: this week's workload stays this week's.
        first, last = HISTORY.get(task.title, (0, 0)) if task.title not in told else (0, 0)
        if task.title not in HISTORY or task.title in told:
            first = last = min(index % 3, today.weekday())
        told.add(task.title)
        _move_task_history(task, _story(task, first, last, today, now))

"""Create, or top up, the benchmark workspace "Bench Ltd" (slug bench) with N tasks and M
comments (the search page's volume).

Fast on purpose: the seven people go through the real services, then tasks with their history
(events, reviews, requests for help), comments and time entries are written with bulk_create in
batches, never a service per row. Running it again with the same N changes nothing; a larger N
adds the difference. `generate_tasks` also gives the tests their volume.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tandem.accounts import services as account_services
from tandem.accounts.models import User
from tandem.lib.timezones import local_instant
from tandem.work.models import (
    Comment,
    HelpRequest,
    Review,
    State,
    Task,
    TaskEvent,
    TimeEntry,
)
from tandem.workspaces import services as workspace_services
from tandem.workspaces.models import Membership, Role, Workspace

PASSWORD = "bench"  # noqa: S105 - published in the README of the benchmark
SLUG = "bench"
BATCH = 500

PEOPLE = [
    ("bench-owner@bench.test", "Beatrice Owner", "Europe/London", Role.OWNER),
    ("bench-manager@bench.test", "Max Manager", "America/New_York", Role.MANAGER),
    ("bench-assistant-1@bench.test", "Ana Reyes", "Asia/Manila", Role.ASSISTANT),
    ("bench-assistant-2@bench.test", "Ravi Kumar", "Asia/Kolkata", Role.ASSISTANT),
    ("bench-assistant-3@bench.test", "Lina Petrova", "Europe/Sofia", Role.ASSISTANT),
    ("bench-assistant-4@bench.test", "Diego Alvarez", "America/Bogota", Role.ASSISTANT),
    ("bench-assistant-5@bench.test", "Chloe Martin", "Australia/Sydney", Role.ASSISTANT),
]

# How the work is spread: mostly finished, a good part in flight, a little stuck.
STATE_WEIGHTS = {
    State.DONE: 34,
    State.CANCELLED: 6,
    State.DRAFT: 5,
    State.ASSIGNED: 9,
    State.ACKNOWLEDGED: 9,
    State.IN_PROGRESS: 15,
    State.IN_REVIEW: 9,
    State.CHANGES_REQUESTED: 5,
    State.BLOCKED: 4,
}
PRIORITY_WEIGHTS = {1: 15, 2: 50, 3: 25, 4: 10}

# The states a task went through to reach its state (after "created").
PATHS: dict[str, list[str]] = {
    State.DRAFT: [],
    State.ASSIGNED: [State.ASSIGNED],
    State.ACKNOWLEDGED: [State.ASSIGNED, State.ACKNOWLEDGED],
    State.IN_PROGRESS: [State.ASSIGNED, State.ACKNOWLEDGED, State.IN_PROGRESS],
    State.IN_REVIEW: [State.ASSIGNED, State.ACKNOWLEDGED, State.IN_PROGRESS, State.IN_REVIEW],
    State.CHANGES_REQUESTED: [
        State.ASSIGNED,
        State.ACKNOWLEDGED,
        State.IN_PROGRESS,
        State.IN_REVIEW,
        State.CHANGES_REQUESTED,
    ],
    State.BLOCKED: [State.ASSIGNED, State.ACKNOWLEDGED, State.IN_PROGRESS, State.BLOCKED],
    State.DONE: [
        State.ASSIGNED,
        State.ACKNOWLEDGED,
        State.IN_PROGRESS,
        State.IN_REVIEW,
        State.DONE,
    ],
    State.CANCELLED: [State.ASSIGNED, State.CANCELLED],
}
EVENT_KIND: dict[str, str] = {
    State.ASSIGNED: TaskEvent.Kind.ASSIGNED,
    State.ACKNOWLEDGED: TaskEvent.Kind.ACKNOWLEDGED,
    State.IN_PROGRESS: TaskEvent.Kind.STATE,
    State.IN_REVIEW: TaskEvent.Kind.STATE,
    State.CHANGES_REQUESTED: TaskEvent.Kind.REVIEW,
    State.DONE: TaskEvent.Kind.REVIEW,
    State.BLOCKED: TaskEvent.Kind.HELP,
    State.CANCELLED: TaskEvent.Kind.STATE,
}

VERBS = [
    "Reconcile",
    "Update",
    "Draft",
    "Research",
    "Schedule",
    "Prepare",
    "Review",
    "Clean up",
    "Book",
    "Follow up on",
    "Summarise",
    "Archive",
]
OBJECTS = [
    "the November invoices",
    "the client contact list",
    "the newsletter for past clients",
    "three venues for the offsite",
    "the onboarding call with Acme",
    "the quarterly board pack",
    "supplier quotes for printing",
    "the shared drive folders",
    "flights for the Berlin trip",
    "unpaid invoices over 30 days",
    "the LinkedIn posts for next week",
    "expense receipts",
    "the CRM duplicates",
    "the webinar sign-up page",
    "the meeting notes from Monday",
]
COMMENTS = [
    "Started on this; the first half is in the shared folder.",
    "Quick question: should I include last year's numbers too?",
    "Yes, please include them, in a separate tab.",
    "Done with the draft, have a look when you can.",
    "I could not find the login for the portal; is it in the vault?",
    "Thanks, that is exactly what I needed.",
]
# What the extra comments of `generate_comments` say: an opener and one of the OBJECTS, so a
# word such as "invoices" is in thousands of them, as in a real thread-heavy workspace.
OPENERS = [
    "Picked up",
    "Still waiting on the numbers for",
    "Found two mistakes in",
    "Shared a first version of",
    "The client asked again about",
    "Moved the deadline for",
    "Can you check",
    "Finished",
]
FEEDBACK = [
    "Clear and on time. Thank you!",
    "Good work; next time add the sources at the bottom.",
    "Please double-check the totals in the last table.",
    "Great structure. The summary could be shorter.",
]


@dataclass
class _Rows:
    events: list[TaskEvent] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    help_requests: list[HelpRequest] = field(default_factory=list)
    time_entries: list[TimeEntry] = field(default_factory=list)


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate_tasks(
    workspace: Workspace,
    *,
    delegators: Sequence[Membership],
    assistants: Sequence[Membership],
    count: int,
    seed: int = 0,
    now: datetime | None = None,
) -> int:
    """Write `count` tasks with realistic history in a few batched inserts; return the count.

    The members need their `user` loaded (for time zones)."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    now = now or timezone.now()
    today = now.date()
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        plans = [_plan(rng, workspace, delegators, assistants, now, today) for _ in range(size)]
        with transaction.atomic():
            tasks = Task.objects.bulk_create([task for task, _steps in plans], batch_size=BATCH)
            rows = _Rows()
            for task, (_task, steps) in zip(tasks, plans, strict=True):
                _history(rng, task, steps, rows)
            TaskEvent.objects.bulk_create(rows.events, batch_size=BATCH)
            Comment.objects.bulk_create(rows.comments, batch_size=BATCH)
            Review.objects.bulk_create(rows.reviews, batch_size=BATCH)
            HelpRequest.objects.bulk_create(rows.help_requests, batch_size=BATCH)
            TimeEntry.objects.bulk_create(rows.time_entries, batch_size=BATCH)
        created += size
    return created


def generate_comments(workspace: Workspace, *, count: int, seed: int = 0) -> int:
    """Write `count` comments on the workspace's assigned tasks in batched inserts, each after
    its task was created (the search index fills itself: its triggers see every row)."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    tasks = list(
        Task.objects.filter(workspace=workspace, assignee__isnull=False).values_list(
            "id", "assignee_id", "created_by_id", "created_at"
        )
    )
    if not tasks:
        return 0
    now = timezone.now()
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        comments = []
        for _ in range(size):
            task_id, assignee_id, creator_id, created_at = rng.choice(tasks)
            comments.append(
                Comment(
                    workspace_id=workspace.pk,
                    task_id=task_id,
                    author_id=rng.choice((assignee_id, creator_id)),
                    body=f"{rng.choice(OPENERS)} {rng.choice(OBJECTS)}. {rng.choice(COMMENTS)}",
                    created_at=created_at + (now - created_at) * rng.random(),
                )
            )
        with transaction.atomic():
            Comment.objects.bulk_create(comments, batch_size=BATCH)
        created += size
    return created


def _plan(
    rng: random.Random,
    workspace: Workspace,
    delegators: Sequence[Membership],
    assistants: Sequence[Membership],
    now: datetime,
    today: date,
) -> tuple[Task, list[tuple[str, datetime, Membership | None]]]:
    state = _pick(rng, STATE_WEIGHTS)
    creator = rng.choice(delegators)
    assignee = rng.choice(assistants) if state != State.DRAFT and assistants else None
    if assignee is None and state != State.DRAFT:
        state = State.DRAFT
    path = PATHS[state]
    created_at = now - timedelta(days=rng.uniform(0.5, 100))
    # Each step a little after the one before it, never in the future.
    moments, moment = [], created_at
    for _step in path:
        moment = min(now, moment + timedelta(hours=rng.uniform(0.2, 30)))
        moments.append(moment)
    due_date: date | None = None
    due_time: time | None = None
    if rng.random() < 0.85:
        offset = (
            rng.randint(-40, 5) if state in (State.DONE, State.CANCELLED) else rng.randint(-10, 45)
        )
        due_date = today + timedelta(days=offset)
        if rng.random() < 0.4:
            due_time = time(rng.randint(8, 18), rng.choice((0, 30)))
    zone = (assignee or creator).user.time_zone
    steps: list[tuple[str, datetime, Membership | None]] = []
    for target, when in zip(path, moments, strict=True):
        actor = (
            creator
            if target in (State.ASSIGNED, State.DONE, State.CHANGES_REQUESTED, State.CANCELLED)
            else assignee
        )
        steps.append((target, when, actor))
    acknowledged_at = next((when for s, when, _a in steps if s == State.ACKNOWLEDGED), None)
    proposed: date | None = None
    if state in (State.ACKNOWLEDGED, State.IN_PROGRESS) and due_date and rng.random() < 0.12:
        proposed = due_date + timedelta(days=rng.randint(2, 6))
    task = Task(
        workspace=workspace,
        title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
        outcome="So the owner can decide with the facts in front of them.",
        deliverable="A short document in the shared folder.",
        acceptance_criteria="Sources listed.\nNumbers checked twice.",
        due_date=due_date,
        due_time=due_time,
        due_zone=zone,
        due_at=local_instant(due_date, due_time, zone) if due_date else None,
        priority=_pick(rng, PRIORITY_WEIGHTS),
        estimate_minutes=rng.choice((None, 30, 45, 60, 90, 120, 240)),
        resources="https://example.com/shared-folder",
        assignee=assignee,
        created_by=creator,
        state=state,
        state_changed_at=moments[-1] if moments else created_at,
        resume_state=State.IN_PROGRESS if state == State.BLOCKED else "",
        assigned_at=moments[0] if assignee and moments else None,
        acknowledged_at=acknowledged_at,
        proposed_due_date=proposed,
        proposal_reason="Two other deadlines fall on the same day." if proposed else "",
        created_at=created_at,
        updated_at=moments[-1] if moments else created_at,
    )
    return task, steps


def _history(
    rng: random.Random,
    task: Task,
    steps: list[tuple[str, datetime, Membership | None]],
    rows: _Rows,
) -> None:
    ws = task.workspace_id
    rows.events.append(
        TaskEvent(
            workspace_id=ws,
            task=task,
            actor=task.created_by,
            kind=TaskEvent.Kind.CREATED,
            to_state=State.DRAFT,
            created_at=task.created_at,
        )
    )
    rows.time_entries.append(
        TimeEntry(
            workspace_id=ws,
            task=task,
            member=task.created_by,
            kind=TimeEntry.Kind.BRIEFING,
            minutes=rng.randint(3, 25),
            created_at=task.created_at,
        )
    )
    previous: str = State.DRAFT
    for target, when, actor in steps:
        note = ""
        if target == State.BLOCKED:
            note = "The portal rejects my login; I cannot export the report."
            rows.help_requests.append(
                HelpRequest(
                    workspace_id=ws, task=task, requested_by=actor, note=note, created_at=when
                )
            )
        if target in (State.DONE, State.CHANGES_REQUESTED):
            note = rng.choice(FEEDBACK)
            rows.reviews.append(
                Review(
                    workspace_id=ws,
                    task=task,
                    reviewer=actor,
                    assignee=task.assignee,
                    outcome=Review.Outcome.ACCEPTED
                    if target == State.DONE
                    else Review.Outcome.CHANGES,
                    feedback=note,
                    rating=rng.randint(3, 5) if target == State.DONE else None,
                    created_at=when,
                )
            )
        if target == State.IN_REVIEW and task.assignee:
            rows.time_entries.extend(
                TimeEntry(
                    workspace_id=ws,
                    task=task,
                    member=task.assignee,
                    kind=TimeEntry.Kind.WORK,
                    minutes=rng.randint(15, 120),
                    note="Work session",
                    created_at=when - timedelta(hours=hours),
                )
                for hours in range(rng.randint(1, 3))
            )
        rows.events.append(
            TaskEvent(
                workspace_id=ws,
                task=task,
                actor=actor,
                kind=EVENT_KIND[target],
                from_state=previous,
                to_state=target,
                note=note,
                created_at=when,
            )
        )
        previous = target
    if task.assignee and steps:
        people = [task.assignee, task.created_by]
        for index in range(rng.randint(0, 3)):
            rows.comments.append(
                Comment(
                    workspace_id=ws,
                    task=task,
                    author=people[index % 2],
                    body=COMMENTS[(index + task.priority) % len(COMMENTS)],
                    created_at=steps[0][1] + timedelta(minutes=10 * (index + 1)),
                )
            )


def bench_people() -> tuple[Workspace, list[Membership], list[Membership]]:
    """The workspace and its people, created through the services the first time."""
    users: dict[str, User] = {}
    for email, name, zone, _role in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = account_services.user_signup(
                email=email, password=PASSWORD, display_name=name, time_zone=zone, language="en"
            )
        users[email] = user
    owner_email = PEOPLE[0][0]
    workspace = Workspace.objects.filter(slug=SLUG).first()
    if workspace is None:
        workspace = workspace_services.workspace_create(
            actor=users[owner_email], name="Bench Ltd", slug=SLUG
        )
    delegators: list[Membership] = []
    assistants: list[Membership] = []
    for email, _name, _zone, role in PEOPLE:
        member = (
            Membership.objects.active()
            .select_related("user")
            .filter(workspace=workspace, user=users[email])
            .first()
        )
        if member is None:
            member = Membership.objects.create(workspace=workspace, user=users[email], role=role)
            member.user = users[email]
        (assistants if role == Role.ASSISTANT else delegators).append(member)
    return workspace, delegators, assistants


class Command(BaseCommand):
    help = 'Create or top up the benchmark workspace "Bench Ltd" (slug bench) with N tasks.'

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--tasks", type=int, default=5000, help="How many tasks in all.")
        parser.add_argument(
            "--comments",
            type=int,
            default=0,
            help="How many comments in all, at least (tasks come with a few of their own).",
        )

    def handle(self, *args: Any, tasks: int, comments: int, **options: Any) -> None:
        workspace, delegators, assistants = bench_people()
        existing = Task.objects.filter(workspace=workspace).count()
        missing = max(0, tasks - existing)
        if missing:
            generate_tasks(
                workspace,
                delegators=delegators,
                assistants=assistants,
                count=missing,
                seed=existing,
            )
        existing_comments = Comment.objects.filter(workspace=workspace).count()
        more_comments = max(0, comments - existing_comments)
        if more_comments:
            generate_comments(workspace, count=more_comments, seed=existing_comments)
        self.stdout.write(
            self.style.SUCCESS(
                f"Bench Ltd (/w/{SLUG}/): {existing + missing} tasks ({missing} new), "
                f"{existing_comments + more_comments} comments ({more_comments} new). "
                f"Log in as {PEOPLE[0][0]} or bench-assistant-1@bench.test, password {PASSWORD}."
            )
        )

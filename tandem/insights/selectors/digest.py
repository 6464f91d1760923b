"""What waits for a member, for the daily digest and the pages that show the same groups.

Read in a fixed number of queries (one for tasks, one for acknowledgements, one for check-ins,
one for meetings), each group capped in SQL with a window, so a member with a thousand overdue
tasks costs what a member with one does. Notify sends it (`tandem/notify/deliveries.py` asks
through the `digest_waiting` hook, answered here).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tandem.accounts.selectors import working_time_of
from tandem.acks.models import AckKind, Acknowledgement
from tandem.lib.working_time import working_day
from tandem.notify.digest import Group, Item, Waiting
from tandem.rhythm.models import CheckIn, CheckInState, Meeting, MeetingSeries
from tandem.work.models import OPEN_STATES, HelpRequest, State, Task, task_path
from tandem.workspaces.models import DELEGATOR_ROLES, Membership, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Each group shows at most this many items, then "and N more".
PER_GROUP = 10


# The groups in the order the email shows them: first what the member must do, then what waits
# on them as an owner or manager, then their day.
GROUPS: dict[str, StrOrPromise] = {
    "acknowledge": _("Tasks to acknowledge"),
    "changes": _("Changes requested on your work"),
    "overdue": _("Your overdue tasks"),
    "due_today": _("Your tasks due today"),
    "checkin": _("Today’s check-in to answer"),
    "summaries": _("Meeting summaries you owe"),
    "acks": _("Waiting for your acknowledgement"),
    "stuck": _("Assistants asking for help"),
    "reviews": _("Work waiting for your review"),
    "meetings": _("Your meetings today"),
}
TASK_GROUPS = ("acknowledge", "changes", "overdue", "due_today", "stuck", "reviews")
MEETING_GROUPS = ("summaries", "meetings")
ACK_LABELS: dict[str, StrOrPromise] = {
    AckKind.ANNOUNCEMENT: _("Announcement"),
    AckKind.SUMMARY: _("Meeting summary"),
    AckKind.FEEDBACK: _("Feedback"),
}


def _link(site: str, name: str, **kwargs: str) -> str:
    """A link on `site`: absolute (the site's address) in email, "" within the app."""
    return site + reverse(name, kwargs=kwargs)


def _ranked(rows: QuerySet[Any], section: Case | None, order: tuple[Any, ...]) -> QuerySet[Any]:
    """Rows ranked within their section (all in one when None), each with its section's
    total, cut to PER_GROUP per section."""
    partition = [section] if section is not None else None
    if section is not None:
        rows = rows.annotate(section=section)
    return (
        rows.annotate(
            rank=Window(RowNumber(), partition_by=partition, order_by=order),
            section_total=Window(Count("id"), partition_by=partition),
        )
        .filter(rank__lte=PER_GROUP)
        .order_by(*(["section"] if section is not None else []), "rank")
    )


def _waits_on(member: Membership) -> Q:
    """Tasks whose assistant's moves wait on this member, as the work services tell them: the
    task's author, or every owner and manager when the author is gone or no longer delegates."""
    if not member.can_delegate:
        return Q(pk__in=[])
    return (
        Q(created_by=member)
        | Q(created_by__isnull=True)
        | Q(created_by__removed_at__isnull=False)
        | ~Q(created_by__role__in=DELEGATOR_ROLES)
    )


def _task_groups(
    member: Membership, *, now: datetime, end_of_today: datetime, site: str
) -> dict[str, Group]:
    mine = Q(assignee=member)
    mine_open = mine & Q(state__in=OPEN_STATES - {State.DRAFT, State.IN_REVIEW})
    theirs = _waits_on(member)
    wanted = (
        (mine & Q(state__in=[State.ASSIGNED, State.CHANGES_REQUESTED]))
        | (mine_open & Q(due_at__lt=end_of_today))
        | (theirs & Q(state__in=[State.BLOCKED, State.IN_REVIEW]))
    )
    section = Case(
        When(mine & Q(state=State.ASSIGNED), then=Value(0)),
        When(mine & Q(state=State.CHANGES_REQUESTED), then=Value(1)),
        When(mine_open & Q(due_at__lt=now), then=Value(2)),
        When(mine_open & Q(due_at__lt=end_of_today), then=Value(3)),
        When(theirs & Q(state=State.BLOCKED), then=Value(4)),
        When(theirs & Q(state=State.IN_REVIEW), then=Value(5)),
        output_field=IntegerField(),
    )
    help_note = Subquery(
        HelpRequest.objects.filter(task=OuterRef("pk"), answered_at__isnull=True)
        .order_by("-created_at")
        .values("note")[:1]
    )
    rows = _ranked(
        Task.objects.filter(workspace_id=member.workspace_id).filter(wanted),
        section,
        (F("due_at").asc(nulls_last=True), F("state_changed_at").asc(), F("id").asc()),
    ).values(
        "code",
        "title",
        "due_at",
        "section",
        "section_total",
        assignee_name=F("assignee__user__display_name"),
        help_note=help_note,
    )
    groups = {key: Group(key, GROUPS[key]) for key in TASK_GROUPS}
    ws = member.workspace.slug
    for row in rows:
        key = TASK_GROUPS[row["section"]]
        group = groups[key]
        group.total = row["section_total"]
        group.items.append(
            Item(
                title=row["title"],
                url=site + task_path(ws, row["code"]),
                when=row["due_at"] if key in ("acknowledge", "overdue", "due_today") else None,
                who=(row["assignee_name"] or "") if key in ("stuck", "reviews") else "",
                note=(row["help_note"] or "")[:200] if key == "stuck" else "",
            )
        )
    return groups


def _ack_group(member: Membership, *, site: str) -> Group:
    """Announcements, meeting summaries and feedback the member is asked to acknowledge.

    Briefs are left out: a brief to acknowledge is the "Tasks to acknowledge" group already.
    Titles and codes of the subjects come from their joined rows, one query in all.
    """
    title = Case(
        When(kind=AckKind.ANNOUNCEMENT, then=F("announcement__title")),
        When(kind=AckKind.SUMMARY, then=F("summary__meeting__series__title")),
        When(kind=AckKind.FEEDBACK, then=F("review__task__title")),
        output_field=CharField(),
    )
    code = Case(
        When(kind=AckKind.ANNOUNCEMENT, then=F("announcement__code")),
        When(kind=AckKind.SUMMARY, then=F("summary__meeting__code")),
        When(kind=AckKind.FEEDBACK, then=F("review__task__code")),
        output_field=CharField(),
    )
    pending = (
        Acknowledgement.objects.filter(
            workspace_id=member.workspace_id,
            member=member,
            acknowledged_at__isnull=True,
            # A partner (perhaps an assistant before) is never shown feedback on a task.
            kind__in=[AckKind.ANNOUNCEMENT] if member.role == Role.PARTNER else list(ACK_LABELS),
        )
        .annotate(subject_title=title, subject_code=code)
        .filter(subject_code__isnull=False)  # a kind without a page here
    )
    rows = _ranked(pending, None, (F("requested_at").asc(), F("id").asc())).values(
        "kind", "subject_title", "subject_code", "requested_at", "section_total"
    )
    group = Group("acks", GROUPS["acks"])
    ws = member.workspace.slug
    pages = {
        AckKind.ANNOUNCEMENT: "rhythm:announcement",
        AckKind.SUMMARY: "rhythm:meeting",
        AckKind.FEEDBACK: "work:task",
    }
    for row in rows:
        group.total = row["section_total"]
        group.items.append(
            Item(
                title=row["subject_title"],
                url=_link(site, pages[row["kind"]], ws=ws, code=row["subject_code"]),
                label=ACK_LABELS[row["kind"]],
            )
        )
    return group


def _checkin_group(member: Membership, today: date, *, site: str) -> Group:
    group = Group("checkin", GROUPS["checkin"])
    pending = CheckIn.objects.filter(
        workspace_id=member.workspace_id,
        member=member,
        local_date=today,
        state=CheckInState.PENDING,
    ).values("code", "due_at")[:1]
    ws = member.workspace.slug
    for row in pending:
        group.total = 1
        group.items.append(
            Item(
                title=_("Your check-in for today"),
                url=_link(site, "rhythm:checkin", ws=ws, code=row["code"]),
                when=row["due_at"],
            )
        )
    return group


def _meeting_groups(
    member: Membership, *, now: datetime, end_of_today: datetime, site: str
) -> dict[str, Group]:
    attends = Exists(
        MeetingSeries.attendees.through.objects.filter(
            meetingseries_id=OuterRef("series_id"), membership_id=member.pk
        )
    )
    owes = Q(series__summary_by=member, ends_at__lte=now, summary__isnull=True)
    today = Q(attends, starts_at__lt=end_of_today, ends_at__gt=now)
    section = Case(When(owes, then=Value(0)), default=Value(1), output_field=IntegerField())
    rows = _ranked(
        Meeting.objects.filter(workspace_id=member.workspace_id, cancelled_at__isnull=True).filter(
            owes | today
        ),
        section,
        (F("starts_at").asc(), F("id").asc()),
    ).values("code", "starts_at", "section", "section_total", title=F("series__title"))
    groups = {key: Group(key, GROUPS[key]) for key in MEETING_GROUPS}
    ws = member.workspace.slug
    for row in rows:
        group = groups[MEETING_GROUPS[row["section"]]]
        group.total = row["section_total"]
        group.items.append(
            Item(
                title=row["title"],
                url=_link(site, "rhythm:meeting", ws=ws, code=row["code"]),
                when=row["starts_at"],
            )
        )
    return groups


def waiting_for(
    member: Membership, *, now: datetime, site: str | None = None, tasks: bool = True
) -> Waiting:
    """What waits on `member` at `now`, grouped; "today" is their own working day: the local
    day, or, inside a night shift begun the evening before, that shift's day; and it ends when
    its last shift does (deadlines at 02:00 of a 21:00–05:00 shift are due "today").

    Links are absolute on `site` (the site's address by default, as email needs; "" for pages
    of the app). Without `tasks`, only the rhythm's groups (acknowledgements, the check-in,
    meetings), for pages that list tasks themselves. `member` needs `user` and `workspace`
    loaded (select_related). Five queries, four without tasks (one more when the member has a
    country: the holidays they work).
    """
    site = settings.SITE_URL if site is None else site
    working = working_time_of(member.user)
    today, end_of_today = working_day(working, now)
    groups = {
        **(_task_groups(member, now=now, end_of_today=end_of_today, site=site) if tasks else {}),
        "acks": _ack_group(member, site=site),
        "checkin": _checkin_group(member, today, site=site),
        **_meeting_groups(member, now=now, end_of_today=end_of_today, site=site),
    }
    return Waiting(
        member=member,
        today=today,
        groups=[groups[key] for key in GROUPS if key in groups and groups[key].total],
        holiday=working.day_off(today),
    )

"""Demo data of the rhythm: meetings.

A weekly planning meeting of the owner and Ana, on the weekday and at the time the overlap
planner suggests for the two of them, with a video-call link; it met last on that weekday, Ana
wrote its summary, one action item is already a task, and the owner has still to acknowledge it.
A kickoff with Lukas is planned on a working day later this week.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, time, timedelta

from django.utils import timezone, translation

from tandem.lib.timezones import local_instant, now_in
from tandem.rhythm.forms.meetings import kickoff_agenda
from tandem.rhythm.models import Cadence, Meeting, MeetingKind, MeetingSeries
from tandem.rhythm.selectors.overlap import overlap_candidates, overlap_plan
from tandem.rhythm.services import meetings as services
from tandem.rhythm.services.meeting_plans import meetings_plan
from tandem.workspaces.models import Membership, Workspace

WEEKLY = "Weekly planning"
CALL = "https://meet.jit.si/northwind-weekly-planning"


def _weekly_slot(
    workspace: Workspace, people: list[Membership], zone: str, today: date
) -> tuple[int, time]:
    """The overlap planner's meeting for `people`, as a weekday and a time in `zone`, read in a
    whole week two weeks back; Monday at 09:00 when they share no hours."""
    wanted = {person.pk for person in people}
    members = [member for member in overlap_candidates(workspace) if member.pk in wanted]
    week_start = today - timedelta(days=today.weekday() + 14)
    suggestion = overlap_plan(members=members, zone=zone, week_start=week_start).meeting
    if suggestion is None:
        return 0, time(9)
    local = suggestion.start.astimezone(zoneinfo.ZoneInfo(zone))
    return local.weekday(), local.time().replace(second=0, microsecond=0)


def create_meetings_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    """People are keyed by email: owner@, manager@, ana@, lukas@, partner@demo.test."""
    if MeetingSeries.objects.filter(workspace=workspace, title=WEEKLY).exists():
        return
    owner, ana, lukas = (
        people["owner@demo.test"],
        people["ana@demo.test"],
        people["lukas@demo.test"],
    )
    zone = owner.user.time_zone
    today = now_in(zone).date()
    weekday, at = _weekly_slot(workspace, [owner, ana], zone, today)
    # It met last on its weekday: today when today's has ended, else the one before.
    met_on = today - timedelta(days=(today.weekday() - weekday) % 7)
    if local_instant(met_on, at, zone) + timedelta(minutes=30) > timezone.now():
        met_on -= timedelta(days=7)
    # Planned as of the start of that day, so that its meeting exists and has taken place.
    began = local_instant(met_on, time(0), zone)
    series = services.meeting_series_create(
        actor=owner,
        spec=services.SeriesSpec(
            title=WEEKLY,
            purpose="Agree on Ana's priorities for the week and clear anything that blocks her.",
            agenda=(
                "## Last week\nWhat got done, what slipped and why.\n\n"
                "## This week\nThe three most important tasks, in order.\n\n"
                "## Blockers\nAccess, answers or decisions Ana is waiting for."
            ),
            call_url=CALL,
            cadence=Cadence.WEEKLY,
            weekdays=(weekday,),
            starts_on=met_on,
            at=at,
            zone=zone,
            duration_minutes=30,
            attendees=[owner, ana],
            summary_by=ana,
            summary_due_hours=24,
        ),
        now=began,
    )
    # The rest of the weeks ahead, from today.
    meetings_plan(series=series)
    met = Meeting.objects.select_related("series", "workspace").get(
        series=series, starts_at=local_instant(met_on, at, zone)
    )
    summary = services.meeting_summary_submit(
        actor=ana,
        meeting=met,
        decisions=(
            "The December newsletter goes out on the 4th.\n"
            "Invoices are reconciled before anything new is started."
        ),
        notes="Olivia sends the winter offer prices by Wednesday.",
        items=[
            services.ItemSpec("Draft the December newsletter", ana, today + timedelta(days=3)),
            services.ItemSpec("Send Ana the winter offer prices", owner, today + timedelta(days=1)),
            services.ItemSpec("Clean up duplicate CRM contacts", ana, today + timedelta(days=7)),
        ],
        now=min(met.ends_at + timedelta(hours=3), timezone.now()),
    )
    first = summary.action_items.order_by("position").first()
    if first is not None:
        services.action_item_make_task(actor=owner, item=first)

    kickoff_on = today + timedelta(days=2)
    while kickoff_on.weekday() >= 5:
        kickoff_on += timedelta(days=1)
    with translation.override(owner.user.language):
        name = lukas.user.display_name
        services.meeting_series_create(
            actor=owner,
            spec=services.SeriesSpec(
                kind=MeetingKind.KICKOFF,
                title=f"Kickoff with {name}",
                purpose=(
                    f"Give {name} the whole picture of the business, agree on the first urgent "
                    "tasks and on his role, so he can start with confidence."
                ),
                agenda=kickoff_agenda(),
                cadence=Cadence.ONCE,
                starts_on=kickoff_on,
                at=time(10, 0),
                zone=zone,
                duration_minutes=60,
                attendees=[owner, lukas],
                summary_by=lukas,
            ),
        )
    # Nothing in the demo should look late on the day it is loaded.
    Meeting.objects.filter(series=series, ends_at__lte=timezone.now()).update(
        summary_prompted_at=timezone.now()
    )

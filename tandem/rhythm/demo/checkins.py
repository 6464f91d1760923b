"""Demo data of the rhythm: check-ins.

Ana (Asia/Manila) has answered most of the past week's check-ins: one reports a blocker, one day
was missed, and today's is waiting if her check-in time has passed. Lukas has a schedule. Made
through the real services, relative to now in each member's own zone, so the demo works on any
date; it does nothing when the workspace has check-ins already.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from tandem.lib.schedule import local_instants
from tandem.rhythm.models import CheckIn
from tandem.rhythm.services import checkins as services
from tandem.workspaces.models import Membership, Workspace

WORKDAYS = (0, 1, 2, 3, 4)

ANSWERS = [
    ("Sorted the support inbox and answered 14 tickets.", "Draft the weekly newsletter."),
    ("Sent the newsletter draft for review.", "Update the price list in the shop."),
    ("Price list updated; checked every product page.", "Book the venue for the team day."),
    ("Venue shortlist of three, with prices.", "Reconcile last month's invoices."),
    ("Reconciled invoices up to the 20th.", "Finish the invoices and file the receipts."),
    ("Filed the receipts.", "Prepare the slides for Monday's call."),
]
MOODS = [4, 4, 3, 5, 3, 4]


def create_checkins_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    """People are keyed by email: owner@, manager@, ana@, lukas@, partner@demo.test."""
    if CheckIn.objects.filter(workspace=workspace).exists():
        return
    owner, ana, lukas = (
        people[email] for email in ("owner@demo.test", "ana@demo.test", "lukas@demo.test")
    )
    now = timezone.now()
    schedule = services.checkin_schedule_save(
        actor=owner, member=ana, spec=services.ScheduleSpec(at=time(9), weekdays=WORKDAYS), now=now
    )
    services.checkin_schedule_save(
        actor=owner,
        member=lukas,
        spec=services.ScheduleSpec(at=time(16, 30), weekdays=WORKDAYS),
        now=now,
    )

    zone = ana.user.time_zone
    today = ana.local_today(now)
    week = local_instants(zone, schedule.at, today - timedelta(days=7), WORKDAYS, last_day=today)
    # Today's is asked only once Ana's check-in time has come; it stays for her to answer.
    asked_on = {day: asked for day, asked in week if asked <= now}
    days = list(asked_on)
    past = [day for day in days if day < today]
    missed_day = past[1] if len(past) > 2 else None
    blocker_day = past[-1] if past else None
    for index, day in enumerate(days):
        asked = asked_on[day]
        check_in = services.checkin_prompt_create(
            member=ana, day=day, schedule=schedule, prompted_at=asked
        )
        if check_in is None or day in (today, missed_day):
            continue
        finished, next_up = ANSWERS[index % len(ANSWERS)]
        services.checkin_answer(
            actor=ana,
            check_in=check_in,
            answers=[
                (str(services.DEFAULT_QUESTIONS[0]), finished),
                (str(services.DEFAULT_QUESTIONS[1]), next_up),
            ],
            blockers=(
                "I still have no login for the accounting tool, so the invoices wait."
                if day == blocker_day
                else ""
            ),
            mood=MOODS[index % len(MOODS)],
            now=min(asked + timedelta(hours=1, minutes=10 * index), now),
        )
        if index == 0:
            services.checkin_reply(
                actor=owner, check_in=check_in, body="Great start to the week, thank you!"
            )
    services.checkins_mark_missed(now)

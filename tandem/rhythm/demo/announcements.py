"""Demo data of the rhythm: announcements."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.acks.services import ack_record
from tandem.rhythm.models import Announcement, Audience
from tandem.rhythm.services.announcements import (
    announcement_mark_read,
    announcement_post,
    announcement_reply,
)
from tandem.workspaces.models import Membership, Workspace


def create_announcements_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    """People are keyed by email: owner@, manager@, ana@, lukas@, partner@demo.test.

    An important announcement from the owner that Ana has acknowledged and Lukas has not even
    opened, and an ordinary one with a reply. Does nothing when the town hall has posts already.
    """
    if Announcement.objects.filter(workspace=workspace).exists():
        return
    owner = people["owner@demo.test"]
    manager = people["manager@demo.test"]
    ana = people["ana@demo.test"]
    now = timezone.now()

    important = announcement_post(
        actor=owner,
        title="New client onboarding process from Monday",
        body=(
            "From Monday every new client goes through the onboarding checklist in the "
            "shared drive **before** the kickoff call.\n\n"
            "- Send the welcome email the same day the contract is signed\n"
            "- Book the kickoff call within three working days\n"
            "- Log each step in the client's task\n\n"
            "Please acknowledge so I know everyone has seen this."
        ),
        audience=Audience.EVERYONE,
        important=True,
        at=now - timedelta(days=2),
    )
    announcement_mark_read(member=ana, announcement=important, at=now - timedelta(days=2, hours=-1))
    ack_record(member=ana, subject=important, at=now - timedelta(days=2, hours=-2))
    ack_record(member=manager, subject=important, at=now - timedelta(days=1, hours=6))
    # Grace (partner) opened it without acknowledging it; Lukas has not opened it at all.
    announcement_mark_read(
        member=people["partner@demo.test"], announcement=important, at=now - timedelta(days=1)
    )

    ordinary = announcement_post(
        actor=manager,
        title="Office closed on Friday",
        body="Our Rome office is closed this Friday. Reach me by chat if anything is urgent.",
        audience=Audience.EVERYONE,
        at=now - timedelta(days=1),
    )
    announcement_reply(
        actor=ana,
        announcement=ordinary,
        body="Thanks for the heads-up, Marco. Enjoy the long weekend!",
        at=now - timedelta(hours=20),
    )

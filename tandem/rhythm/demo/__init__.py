"""The demo workspace's rhythm, made through the real services; safe to run twice."""

from __future__ import annotations

from tandem.rhythm.demo.announcements import create_announcements_demo
from tandem.rhythm.demo.checkins import create_checkins_demo
from tandem.rhythm.demo.meetings import create_meetings_demo
from tandem.workspaces.models import Membership, Workspace


def create_rhythm_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    create_checkins_demo(workspace, people)
    create_meetings_demo(workspace, people)
    create_announcements_demo(workspace, people)

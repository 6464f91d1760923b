"""The demo workspace's continuity, made through the real services; safe to run twice."""

from __future__ import annotations

from tandem.continuity.demo.outages import create_outages_demo
from tandem.continuity.demo.silence import create_silence_demo
from tandem.continuity.demo.workload import create_workload_demo
from tandem.workspaces.models import Membership, Workspace


def create_continuity_demo(workspace: Workspace, people: dict[str, Membership]) -> None:
    create_outages_demo(workspace, people)
    create_silence_demo(workspace, people)
    create_workload_demo(workspace, people)

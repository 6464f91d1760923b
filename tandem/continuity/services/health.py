"""Writes of health: the weekly snapshot of each assistant's score, kept for the trend."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.continuity.models import HealthSnapshot
from tandem.continuity.selectors.health import Health, health_of
from tandem.continuity.selectors.workload import current_week_start
from tandem.workspaces.models import Membership, Role, Workspace

logger = logging.getLogger(__name__)


def health_snapshot_write(
    member: Membership, week_start: date, now: datetime, *, health: Health | None = None
) -> HealthSnapshot:
    """Write (or overwrite) the member's snapshot of the week starting `week_start`: one row per
    member and week, however often it runs. `health` is their health as computed by the caller
    (a sweep computes a whole workspace at once); without it, it is computed now."""
    if health is None:
        health = health_of(member.workspace, [member], now=now)[member.pk]
    fields = {"score": health.score, "components": health.as_json(), "computed_at": now}
    with transaction.atomic():
        updated = HealthSnapshot.objects.filter(member=member, week_start=week_start).update(
            **fields
        )
        if not updated:
            try:
                with transaction.atomic():
                    return HealthSnapshot.objects.create(
                        workspace_id=member.workspace_id,
                        member=member,
                        week_start=week_start,
                        **fields,
                    )
            except IntegrityError:
                # Another run created it a moment ago: ours is as fresh.
                HealthSnapshot.objects.filter(member=member, week_start=week_start).update(**fields)
    return HealthSnapshot.objects.get(member=member, week_start=week_start)


def health_snapshots_write(now: datetime | None = None) -> int:
    """Upsert every active assistant's snapshot of their current week (in their own zone).
    One workspace at a time, a fixed number of queries each; a workspace that fails is
    logged and skipped, not the end of the run. Returns how many were written."""
    now = now or timezone.now()
    written = 0
    workspace_ids = (
        Membership.objects.active()
        .filter(role=Role.ASSISTANT)
        .values_list("workspace_id", flat=True)
        .distinct()
    )
    for workspace in Workspace.objects.filter(pk__in=list(workspace_ids)):
        members = list(
            Membership.objects.active()
            .filter(workspace=workspace, role=Role.ASSISTANT)
            .select_related("user", "workspace")
            .prefetch_related("user__working_hours")
        )
        try:
            healths = health_of(workspace, members, now=now)
            for member in members:
                health_snapshot_write(
                    member, current_week_start(member, now), now, health=healths[member.pk]
                )
                written += 1
        except Exception:
            logger.exception("health snapshots of workspace %s failed", workspace.pk)
    return written

"""Helpers for the notify tests: notifications made through the real service."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import time
from typing import Any

import pytest
from django.db import transaction

from tandem.accounts import services as account_services
from tandem.accounts.models import User
from tandem.accounts.tests.helpers import working_hours_of
from tandem.notify import deliveries, services
from tandem.notify.models import Notification
from tandem.outbox.runner import delivery_run
from tandem.outbox.services import delivery_record
from tandem.workspaces.models import Membership


def set_quiet_hours(user: User, start: time | None, end: time | None) -> None:
    account_services.profile_update(
        user=user,
        display_name=user.display_name,
        time_zone=user.time_zone,
        language=user.language,
        quiet_hours_start=start,
        quiet_hours_end=end,
        working_hours=working_hours_of(user),
    )


def record_digest(digest_id: int, due_at: str) -> int:
    """Record a claimed digest's delivery, as the sweep does; return its id."""
    with transaction.atomic():
        payload = {"digest": digest_id, "due_at": due_at}
        return delivery_record(deliveries.DIGEST_HANDLER, payload).pk


def send_digest(digest_id: int, due_at: str) -> bool:
    """Record a claimed digest's delivery and run it, as its job would."""
    return delivery_run(record_digest(digest_id, due_at))


Tell = Callable[..., list[Notification]]


@pytest.fixture
def tell(owner) -> Tell:
    """`tell(recipient, ...)`: notify one or more members; each call is a new event by default."""
    events = itertools.count(1)

    def make(
        *recipients: Membership,
        actor: Membership | None = owner,
        kind: str = "task_assigned",
        event_key: str | None = None,
        thread_key: str = "task:t1",
        task: str = "Write the newsletter",
        url: str = "/w/alice/tasks/t1/",
        urgent: bool = False,
        **params: Any,
    ) -> list[Notification]:
        return services.notify(
            workspace=recipients[0].workspace,
            recipients=recipients,
            kind=kind,
            event_key=event_key or f"event:{next(events)}",
            actor=actor,
            url=url,
            thread_key=thread_key,
            params={"task": task, **params},
            urgent=urgent,
        )

    return make

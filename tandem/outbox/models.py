"""The outbox: what Tandem has decided to tell someone, written in the event's own transaction.

A `Delivery` names a handler (registered by the app that owns the event) and plain ids. It is
inserted with the event, so an event that commits has its delivery recorded, and one that rolls
back has none. A job after commit is the fast path; the redelivery sweep is the guarantee: it
picks up every delivery not done within its lease.

The table sits below every app (it knows no workspace or member), so that accounts and
workspaces can record deliveries too; the payload's ids are the handler's business.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from tandem.lib.codes import new_code


class Delivery(models.Model):
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    handler = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    # Until done: when the delivery may be taken (again). A fresh row leaves the fast path one
    # lease to deliver it; a claim moves it one lease ahead; a failure moves it by the back-off.
    due_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar = [
            # Not done ⇔ due some time: a done row never comes back to the sweep.
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True, due_at__isnull=False)
                | models.Q(done_at__isnull=False, due_at__isnull=True),
                name="delivery_due_until_done",
            ),
        ]
        indexes: ClassVar = [
            # For outbox.jobs.redeliver: the sweep reads only deliveries not done, by due time;
            # the millions that are done are not in the index at all.
            models.Index(
                fields=["due_at"], condition=models.Q(done_at__isnull=True), name="delivery_due"
            ),
        ]

    def __str__(self) -> str:
        state = "done" if self.done_at else f"due {self.due_at:%Y-%m-%d %H:%M:%S}"
        return f"{self.handler} {self.code} ({state})"

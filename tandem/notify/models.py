from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from tandem.lib.codes import new_code
from tandem.notify import kinds
from tandem.workspaces.models import Membership, Workspace


class EmailState(models.TextChoices):
    OFF = "off", _("Off")
    # To send: by the job after commit, or by the sweep once `email_due_at` (its lease) passed.
    PENDING = "pending", _("Pending")
    HELD = "held", _("Held until quiet hours end")
    SENT = "sent", _("Sent")


class Notification(models.Model):
    """One event told to one member: shown in the app, and emailed unless they opted out.

    It stores the kind and plain params, never rendered text: the message is written when it is
    shown, in the language of whoever reads it.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    recipient = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500)
    # The topic ("task:abc123"): every email of one topic lands in one thread.
    thread_key = models.CharField(max_length=100)
    # The event ("task:abc123:assigned:1"): each reaches each recipient at most once.
    event_key = models.CharField(max_length=200)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=8, choices=EmailState.choices, default=EmailState.OFF)
    # When the email sweep may take it: the end of the lease of whoever is sending it (pending),
    # or the end of the recipient's quiet hours (held). In UTC; None once sent or off.
    email_due_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    # How often sending was claimed: the job after commit takes only emails never tried, so it
    # cannot take one the sweep is sending.
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notification_once_per_event"
            ),
        ]
        indexes: ClassVar = [
            # The unread count behind the bell.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            # The list page, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            # For notify.jobs.send_due_emails: the sweep reads only emails still to send whose
            # lease or quiet hours are over. Only pending and held emails have a due time, so
            # the sent ones (nearly all) are not in the index.
            models.Index(
                fields=["email_due_at"],
                condition=models.Q(email_due_at__isnull=False),
                name="notification_email_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.event_key})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def actor_name(self) -> str:
        """Who acted (select_related `actor__user`); Tandem itself when nobody did."""
        if self.actor is not None:
            return str(self.actor.user)
        return _g("Tandem")

    @property
    def message(self) -> str:
        """The message in the active language."""
        return kinds.render(self.kind, self.params, self.actor_name)


class EmailPreference(models.Model):
    """A member's choice to get email for one kind, where it differs from the kind's default.

    A missing row means the default of kinds.KINDS, so changing a default reaches everyone who
    has not chosen otherwise.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=40)
    enabled = models.BooleanField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["member", "kind"], name="email_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}: {'on' if self.enabled else 'off'}"


class Digest(models.Model):
    """A member's daily email of what is waiting for them, at a local time in their own zone.

    Off unless the member turns it on. `next_send_at` is that local time on the next day it is
    due, in UTC; it follows the member's zone, so it moves with daylight saving and with a change
    of zone.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="digest")
    enabled = models.BooleanField(default=False)
    at = models.TimeField(_("local time"))
    next_send_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes: ClassVar = [
            # For notify.jobs.send_due_digests: the sweep reads only digests that are on and due.
            models.Index(
                fields=["next_send_at"],
                condition=models.Q(enabled=True),
                name="digest_due",
            ),
        ]

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return f"digest of {self.member_id} at {self.at:%H:%M} ({state})"

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Weekday
from tandem.lib.codes import new_code
from tandem.lib.schedule import local_date

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Currency(models.TextChoices):
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")
    GBP = "GBP", _("Pound sterling (GBP)")
    NOK = "NOK", _("Norwegian krone (NOK)")
    SEK = "SEK", _("Swedish krona (SEK)")
    DKK = "DKK", _("Danish krone (DKK)")
    CHF = "CHF", _("Swiss franc (CHF)")
    PLN = "PLN", _("Polish złoty (PLN)")
    CAD = "CAD", _("Canadian dollar (CAD)")
    AUD = "AUD", _("Australian dollar (AUD)")
    NZD = "NZD", _("New Zealand dollar (NZD)")
    PHP = "PHP", _("Philippine peso (PHP)")
    INR = "INR", _("Indian rupee (INR)")


class Workspace(models.Model):
    """One business: everything in Tandem belongs to exactly one workspace."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=50, unique=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.USD
    )
    week_start = models.PositiveSmallIntegerField(
        _("week starts on"),
        choices=[
            (Weekday.MONDAY, Weekday.MONDAY.label),
            (Weekday.SATURDAY, Weekday.SATURDAY.label),
            (Weekday.SUNDAY, Weekday.SUNDAY.label),
        ],
        default=Weekday.MONDAY,
    )
    response_time_hours = models.PositiveSmallIntegerField(
        _("expected response time (working hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text=_(
            "How soon members are expected to acknowledge or answer what is addressed to "
            "them, counted in their own working hours."
        ),
    )
    assistants_can_announce = models.BooleanField(
        _("assistants may post in the town hall"), default=False
    )
    # The language the workspace's own words are written in: search reads them in it (the
    # forms of a word: "invoices" finds "invoice"), whatever language each member reads.
    language = models.CharField(
        _("language of the work"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Search finds other forms of a word in this language."),
    )
    # Continuity: silence counts only the assistant's working hours; each step of the ladder
    # follows the one before after its own delay, in the same working hours.
    silence_after_hours = models.PositiveSmallIntegerField(
        _("silence before a gentle nudge (working hours)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    escalate_owner_after_hours = models.PositiveSmallIntegerField(
        _("then, before owners and managers are told (working hours)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    escalate_partner_after_hours = models.PositiveSmallIntegerField(
        _("then, before the partner is told (working hours)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    underload_percent = models.PositiveSmallIntegerField(
        _("not enough work below (percent of contracted hours)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    overload_percent = models.PositiveSmallIntegerField(
        _("overloaded above (percent of contracted hours)"),
        default=110,
        validators=[MinValueValidator(100), MaxValueValidator(300)],
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    ASSISTANT = "assistant", _("Assistant")
    PARTNER = "partner", _("Partner")


# The roles that delegate: they brief, review, manage assistants and are told what needs them.
DELEGATOR_ROLES = (Role.OWNER, Role.MANAGER)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(removed_at__isnull=True)


class Membership(models.Model):
    """A person's place in a workspace: their role there, and who supplies them."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    # The partner (agency coordinator) who supplies this assistant, if any.
    partner = models.ForeignKey(
        "self",
        verbose_name=_("supplied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supplied_members",
    )
    joined_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    # Continuity: an assistant's contracted hours, and their own silence threshold (the
    # workspace's when empty).
    contracted_hours_per_week = models.PositiveSmallIntegerField(
        _("contracted hours per week"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    silence_after_hours = models.PositiveSmallIntegerField(
        _("silence before a nudge (working hours)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
        help_text=_("Leave empty to use the workspace's setting."),
    )

    # What an hour of this member's own time is worth to the business, in the workspace's
    # currency: planning prices the hours delegating would free with it.
    hourly_value = models.DecimalField(
        _("what an hour of your time is worth"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["joined_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["workspace", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="membership_one_active_per_person",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["workspace", "role"], name="membership_ws_role")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.workspace}"

    def local_today(self, now: datetime | None = None) -> date:
        """The member's own calendar day at `now` (the user is loaded with the member)."""
        return local_date(now or timezone.now(), self.user.time_zone)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def can_delegate(self) -> bool:
        """Owners and managers brief, review and manage assistants."""
        return self.role in DELEGATOR_ROLES

    def can_invite(self, role: str) -> bool:
        if self.role == Role.OWNER:
            return True
        return self.role == Role.MANAGER and role == Role.ASSISTANT

    def invitable_roles(self) -> list[tuple[str, StrOrPromise]]:
        return [(value, label) for value, label in Role.choices if self.can_invite(value)]

    def can_remove(self, other: Membership) -> bool:
        if other.pk == self.pk:
            return False
        return self.can_invite(other.role)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self, now: datetime | None = None) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class Invitation(models.Model):
    """An invitation by email to join a workspace with a role, valid once and for a week.

    The link carries a signed form of `code`: the code alone (shown in the workspace's own
    URLs for revoking) cannot be turned into a link that accepts.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=12, unique=True, default=new_code, editable=False)
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    email_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        indexes: ClassVar = [
            models.Index(fields=["workspace", "email"], name="invitation_ws_email"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.workspace} ({self.role})"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def needs_invited_email(self) -> bool:
        """Owners and managers run the workspace: their invitation is accepted only by the
        address it was sent to (signed in with it, or confirmed by a link sent there)."""
        return self.role in DELEGATOR_ROLES

    def is_for(self, email: str) -> bool:
        return self.email.casefold() == email.strip().casefold()


class FormSubmission(models.Model):
    """A form that changes data, by its one-time key and the person who sent it: a second
    submission of the same form (a retry after a dropped connection, a double click) is answered
    without doing it again (tandem/workspaces/idempotency.py). Claimed while its view runs
    (`done_at` empty), then done, with where the view sent the person. A person's, not a
    workspace's: the form that makes a workspace is sent before the workspace exists."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "key"], name="form_submission_once"),
        ]
        indexes: ClassVar = [
            # The daily prune_form_keys job (workspaces/jobs.py) deletes the old keys through it.
            models.Index(fields=["created_at"], name="form_submission_created"),
        ]

    def __str__(self) -> str:
        return self.key

from __future__ import annotations

import zoneinfo
from datetime import datetime, time
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.lib.public_holidays import is_known_country, subdivision_choices
from tandem.lib.timezones import is_valid_zone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. What they do inside a business is their Membership in its workspace."""

    email = models.EmailField(_("email"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # Public holidays come from the country (ISO 3166 code) and, optionally, its subdivision
    # (a state or province with holidays of its own). Blank: no public holidays.
    country = models.CharField(_("country"), max_length=2, blank=True, default="")
    subdivision = models.CharField(_("region"), max_length=10, blank=True, default="")
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    # Quiet hours in the person's own zone; they may wrap midnight (22:00–07:00).
    quiet_hours_start = models.TimeField(_("quiet hours start"), null=True, blank=True)
    quiet_hours_end = models.TimeField(_("quiet hours end"), null=True, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    models.Q(quiet_hours_start__isnull=True, quiet_hours_end__isnull=True)
                    | models.Q(quiet_hours_start__isnull=False, quiet_hours_end__isnull=False)
                ),
                name="user_quiet_hours_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.email.lower()
        if not is_valid_zone(self.time_zone):
            raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
        if self.country and not is_known_country(self.country):
            raise ValidationError({"country": _("Choose a country from the list.")})
        if self.subdivision and self.subdivision not in dict(subdivision_choices(self.country)):
            raise ValidationError(
                {"subdivision": _("Choose a region of your country from the list, or none.")}
            )

    def in_quiet_hours(self, moment: datetime) -> bool:
        """Whether `moment` falls inside this person's quiet hours, in their own zone."""
        if self.quiet_hours_start is None or self.quiet_hours_end is None:
            return False
        local = moment.astimezone(zoneinfo.ZoneInfo(self.time_zone)).time()
        return time_in_range(local, self.quiet_hours_start, self.quiet_hours_end)


def time_in_range(value: time, start: time, end: time) -> bool:
    """Whether `value` is in [start, end), where the range may wrap midnight."""
    if start <= end:
        return start <= value < end
    return value >= start or value < end


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingHours(models.Model):
    """One working interval of a person, starting on a weekday, in their own time zone.

    A weekday may have several (a split shift) or none (a day off). An end at or before the
    start is on the next day (a night shift, 21:00–05:00); the interval still belongs to the
    weekday it starts on. Intervals never overlap and last at most a day: the services check
    that, across midnight and from Sunday into Monday too. Times are local wall-clock times;
    schedules built on them are computed in the person's zone and converted to UTC
    (`tandem.lib.working_time`), so they follow DST.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering: ClassVar = ["weekday", "start"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "weekday", "start"], name="working_hours_one_start_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start


class WorkedHoliday(models.Model):
    """A public holiday of the person's country that they work: it stays working time."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="worked_holidays")
    day = models.DateField()

    class Meta:
        ordering: ClassVar = ["day"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["user", "day"], name="worked_holiday_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day:%Y-%m-%d}"


def hours_on(user: User, moment: datetime) -> list[WorkingHours]:
    """The intervals that start on the local weekday of `moment` (prefetch `working_hours`)."""
    weekday = moment.astimezone(zoneinfo.ZoneInfo(user.time_zone)).weekday()
    return [hours for hours in user.working_hours.all() if hours.weekday == weekday]

"""Every write to accounts: sign-up, profile, language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tandem.accounts import hooks
from tandem.accounts.deliveries import PASSWORD_RESET
from tandem.accounts.models import User, Weekday, WorkedHoliday, WorkingHours
from tandem.lib import throttle
from tandem.lib.public_holidays import holiday_name
from tandem.lib.templatetags.when import when
from tandem.lib.throttle import Limit
from tandem.lib.working_time import WeeklyHours, clashes
from tandem.outbox.services import delivery_record

# Password reset emails are limited per this window (settings: per email and per address).
RESET_WINDOW = timedelta(hours=1)

# New people start with an ordinary working week; they change it in their profile.
DEFAULT_WORKING_HOURS = {day: [(time(9), time(17))] for day in range(5)}

# Weekday → its intervals (start, end) in the person's zone; an end at or before the start is
# on the next day.
Hours = Mapping[int, Sequence[tuple[time, time]]]


def user_signup(
    *, email: str, password: str, display_name: str, time_zone: str, language: str
) -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            display_name=display_name.strip(),
            time_zone=time_zone,
            language=language,
        )
        working_hours_set(user=user, hours=DEFAULT_WORKING_HOURS)
    return user


def password_reset_request(*, user: User, language: str) -> None:
    """Email the person a link to set a new password, in `language`: recorded in the outbox,
    sent by a job (and by the redelivery sweep if that job is lost)."""
    with transaction.atomic():
        delivery_record(PASSWORD_RESET, {"user": user.pk, "language": language})


def _reset_limits() -> tuple[Limit, Limit]:
    return (
        Limit("reset-email", settings.PASSWORD_RESET_LIMIT_PER_EMAIL, RESET_WINDOW),
        Limit("reset-address", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, RESET_WINDOW),
    )


def password_reset_allowed(*, email: str, address: str | None) -> bool:
    """Whether a reset email may be sent for `email` asked from `address`, counting it if so:
    a few an hour per email (nobody's inbox is flooded), more per address (one machine cannot
    walk through everyone's). Known or unknown emails count alike."""
    per_email, per_address = _reset_limits()
    checks = [(per_email, email)]
    if address:
        checks.append((per_address, address))
    return throttle.allow(checks)


def _label(row: WeeklyHours) -> str:
    return f"{when(row.start, 'time')}–{when(row.end, 'time')}"


def working_hours_errors(hours: Hours) -> dict[int, list[str]]:
    """What is wrong with a week of working hours, by the weekday to correct: intervals that
    overlap, on one day or where one runs past midnight into the next day's first interval
    (Sunday night into Monday too). Each error is told on the day of the later interval."""
    rows = [WeeklyHours(day, start, end) for day, spans in hours.items() for start, end in spans]
    errors: dict[int, list[str]] = {}
    for day in hours:
        if day not in Weekday.values:
            errors.setdefault(day, []).append(_("There is no such weekday."))
    for earlier, later in clashes(rows):
        if earlier.weekday == later.weekday:
            message = _("%(first)s and %(second)s overlap.") % {
                "first": _label(earlier),
                "second": _label(later),
            }
        else:
            message = _("%(hours)s overlaps %(day)s %(other)s, which runs into this day.") % {
                "hours": _label(later),
                "day": Weekday(earlier.weekday).label,
                "other": _label(earlier),
            }
        errors.setdefault(later.weekday, []).append(message)
    return errors


def working_hours_set(*, user: User, hours: Hours) -> None:
    """Replace a person's weekly working hours: weekday → its intervals (start, end) in their
    own zone. Intervals may cross midnight (a night shift belongs to the day it starts on), and
    must not overlap."""
    errors = working_hours_errors(hours)
    if errors:
        raise ValidationError({str(day): messages for day, messages in errors.items()})
    with transaction.atomic():
        WorkingHours.objects.filter(user=user).delete()
        WorkingHours.objects.bulk_create(
            WorkingHours(user=user, weekday=day, start=start, end=end)
            for day, spans in sorted(hours.items())
            for start, end in sorted(spans)
        )


def holiday_worked_set(*, user: User, day: date, worked: bool) -> None:
    """Whether the person works a public holiday of their country: worked, it is working time
    (silence counts, overlap shows it); not worked, its intervals are off."""
    if worked and holiday_name(user.country, user.subdivision, day) is None:
        raise ValidationError(_("That day is not a public holiday where you are."))
    with transaction.atomic():
        if worked:
            WorkedHoliday.objects.get_or_create(user=user, day=day)
        else:
            WorkedHoliday.objects.filter(user=user, day=day).delete()
        # Silence counts working time: recompute when it is due.
        hooks.working_time_changed.send(user)


def profile_update(
    *,
    user: User,
    display_name: str,
    time_zone: str,
    language: str,
    quiet_hours_start: time | None,
    quiet_hours_end: time | None,
    working_hours: Hours,
    country: str | None = None,
    subdivision: str | None = None,
) -> User:
    """Save the profile. `country` and `subdivision` None: unchanged."""
    zone_changed = user.time_zone != time_zone
    with transaction.atomic():
        user.display_name = display_name.strip()
        user.time_zone = time_zone
        user.language = language
        user.quiet_hours_start = quiet_hours_start
        user.quiet_hours_end = quiet_hours_end
        if country is not None:
            user.country = country
            user.subdivision = subdivision or ""
        user.full_clean(exclude=["password", "email"])
        user.save(
            update_fields=[
                "display_name",
                "time_zone",
                "language",
                "quiet_hours_start",
                "quiet_hours_end",
                "country",
                "subdivision",
            ]
        )
        working_hours_set(user=user, hours=working_hours)
        # Silence counts the working hours in the person's zone, minus their holidays:
        # recompute when it is due.
        hooks.working_time_changed.send(user)
        if zone_changed:
            # Check-in prompts and the daily digest are at a local time: they move with the
            # person's zone.
            hooks.time_zone_changed.send(user)
    return user


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])

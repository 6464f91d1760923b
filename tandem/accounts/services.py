"""Every write to accounts: sign-up, profile, language."""

from __future__ import annotations

from datetime import time, timedelta

from django.conf import settings
from django.db import transaction

from tandem.accounts.deliveries import PASSWORD_RESET
from tandem.accounts.models import User, WorkingHours
from tandem.lib import throttle
from tandem.lib.throttle import Limit
from tandem.outbox.services import delivery_record

# Password reset emails are limited per this window (settings: per email and per address).
RESET_WINDOW = timedelta(hours=1)

# New people start with an ordinary working week; they change it in their profile.
DEFAULT_WORKING_HOURS = {day: (time(9), time(17)) for day in range(5)}


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


def working_hours_set(*, user: User, hours: dict[int, tuple[time, time]]) -> None:
    """Replace a person's weekly working hours: weekday → (start, end) in their own zone."""
    with transaction.atomic():
        WorkingHours.objects.filter(user=user).delete()
        WorkingHours.objects.bulk_create(
            WorkingHours(user=user, weekday=day, start=start, end=end)
            for day, (start, end) in sorted(hours.items())
        )


def profile_update(
    *,
    user: User,
    display_name: str,
    time_zone: str,
    language: str,
    quiet_hours_start: time | None,
    quiet_hours_end: time | None,
    working_hours: dict[int, tuple[time, time]],
) -> User:
    zone_changed = user.time_zone != time_zone
    with transaction.atomic():
        user.display_name = display_name.strip()
        user.time_zone = time_zone
        user.language = language
        user.quiet_hours_start = quiet_hours_start
        user.quiet_hours_end = quiet_hours_end
        user.full_clean(exclude=["password", "email"])
        user.save(
            update_fields=[
                "display_name",
                "time_zone",
                "language",
                "quiet_hours_start",
                "quiet_hours_end",
            ]
        )
        working_hours_set(user=user, hours=working_hours)
        # Silence counts the working hours in the person's zone: recompute when it is due.
        from tandem.continuity.services.silence import silence_reschedule_user

        silence_reschedule_user(user)
        if zone_changed:
            # Check-in prompts are at a local time: they move with the person's zone.
            from tandem.rhythm.services.checkins import checkin_schedules_reschedule_for_user

            checkin_schedules_reschedule_for_user(user)
            # So is the daily digest.
            from tandem.notify.services import digests_reschedule

            digests_reschedule(user=user)
    return user


def user_set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])

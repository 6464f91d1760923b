from __future__ import annotations

import re
from datetime import time
from typing import Any, cast

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tandem.accounts import services
from tandem.accounts.models import User, Weekday
from tandem.accounts.services import password_reset_request
from tandem.lib.forms import TIME
from tandem.lib.public_holidays import country_choices, subdivision_choices
from tandem.lib.timezones import zone_choices


class TimeZoneField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Time zone"))
        super().__init__(choices=zone_choices, **kwargs)


class SignupForm(auth_forms.BaseUserCreationForm):
    time_zone = TimeZoneField(initial="UTC")

    class Meta:
        model = User
        fields = ("display_name", "email", "time_zone", "language")
        labels = {"display_name": _("Your name")}
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # A new form proposes the browser's own zone (tandem.js).
            self.fields["time_zone"].widget.attrs["data-detect-time-zone"] = ""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                _("An account with this email already exists. Log in instead."), code="exists"
            )
        return email


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Records the reset email in the outbox, so a slow mail server never stalls the page and a
    process that dies loses nothing; the link is made when the email is sent."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        password_reset_request(user=context["user"], language=translation.get_language())


# "08:00–12:00, 18:00–22:00": intervals separated by commas (or semicolons), each two times
# joined by a dash; "9" and "9.30" are times too. An end up to 48:00 is on the next day, as some
# people write a night shift (21:00–29:00).
_INTERVAL = re.compile(
    r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(?:-|–|—|to)\s*(\d{1,2})(?:[:.h](\d{2}))?\s*$"
)
DAY_MINUTES = 24 * 60


def _minutes(hours: str, minutes: str | None) -> int | None:
    value = int(hours) * 60 + int(minutes or 0)
    return value if int(minutes or 0) < 60 else None


def hours_text(spans: list[tuple[time, time]]) -> str:
    return ", ".join(f"{start:%H:%M}–{end:%H:%M}" for start, end in spans)


def parse_hours(text: str) -> list[tuple[time, time]]:
    """One day's intervals from what a person typed; ValidationError naming the part it cannot
    read or that lasts more than a day."""
    spans = []
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        match = _INTERVAL.match(part)
        start = _minutes(match[1], match[2]) if match else None
        end = _minutes(match[3], match[4]) if match else None
        if match is None or start is None or end is None or start >= DAY_MINUTES:
            raise forms.ValidationError(
                _("Write “%(part)s” as a start and an end, like 09:00–17:00.")
                % {"part": part.strip()},
                code="format",
            )
        if end > 2 * DAY_MINUTES:
            raise forms.ValidationError(
                _("“%(part)s” is not a time of day.") % {"part": part.strip()}, code="format"
            )
        length = (end - start) if end > start else (end + DAY_MINUTES - start)
        if length > DAY_MINUTES:
            raise forms.ValidationError(
                _("%(part)s lasts more than 24 hours.") % {"part": part.strip()}, code="too_long"
            )
        end %= DAY_MINUTES
        spans.append((time(*divmod(start, 60)), time(*divmod(end, 60))))
    return sorted(spans)


class _RegionField(forms.ChoiceField):
    """Any value passes here: a region left over from another country is dropped in `clean`,
    not shown as an error, since the person only changed the country."""

    def valid_value(self, value: str) -> bool:
        return True


class ProfileForm(forms.ModelForm):
    """The profile, with the weekly working hours as one text field per weekday."""

    time_zone = TimeZoneField()
    country = forms.ChoiceField(label=_("Country"), required=False)
    subdivision = _RegionField(label=_("State, province or region"), required=False)
    quiet_hours_start = forms.TimeField(label=_("Quiet from"), required=False, widget=TIME)
    quiet_hours_end = forms.TimeField(label=_("Quiet until"), required=False, widget=TIME)

    class Meta:
        model = User
        fields = (
            "display_name",
            "time_zone",
            "country",
            "subdivision",
            "language",
            "quiet_hours_start",
            "quiet_hours_end",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["country"]).choices = [
            ("", _("None: no public holidays")),
            *country_choices(),
        ]
        self.fields["country"].help_text = _(
            "Your public holidays are days off, unless you say you work them."
        )
        country = self.data.get("country", "") if self.is_bound else self.instance.country
        cast("forms.ChoiceField", self.fields["subdivision"]).choices = [
            ("", _("The whole country")),
            *subdivision_choices(country if isinstance(country, str) else ""),
        ]
        self.fields["subdivision"].help_text = _(
            "Only where it has holidays of its own. Save after choosing a new country to see "
            "its regions."
        )
        current: dict[int, list[tuple[time, time]]] = {}
        for row in self.instance.working_hours.all():
            current.setdefault(row.weekday, []).append((row.start, row.end))
        for day in Weekday:
            self.fields[f"hours_{day.value}"] = forms.CharField(
                label=day.label,
                required=False,
                initial=hours_text(sorted(current.get(day.value, []))),
                widget=forms.TextInput(
                    attrs={
                        "placeholder": _("day off"),
                        "autocomplete": "off",
                        "spellcheck": "false",
                        "class": "hours-input",
                    }
                ),
            )

    def weekday_fields(self) -> list[forms.BoundField]:
        return [self[f"hours_{day.value}"] for day in Weekday]

    def clean_subdivision(self) -> str:
        subdivision = self.cleaned_data.get("subdivision") or ""
        if subdivision not in dict(subdivision_choices(self.data.get("country", ""))):
            return ""
        return subdivision

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("quiet_hours_start")) != bool(data.get("quiet_hours_end")):
            self.add_error("quiet_hours_end", _("Give both ends of your quiet hours, or neither."))
        hours: dict[int, list[tuple[time, time]]] = {}
        for day in Weekday:
            name = f"hours_{day.value}"
            if name in self.errors:
                continue
            try:
                spans = parse_hours(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
                continue
            if spans:
                hours[day.value] = spans
        for weekday, messages in services.working_hours_errors(hours).items():
            for message in messages:
                self.add_error(f"hours_{weekday}", message)
        data["working_hours"] = hours
        return data


class HolidayWorkedForm(forms.Form):
    day = forms.DateField()
    worked = forms.BooleanField(required=False)

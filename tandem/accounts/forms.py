from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import User, Weekday
from tandem.accounts.services import password_reset_request
from tandem.lib.forms import TIME
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


class ProfileForm(forms.ModelForm):
    """The profile, with the weekly working hours as three fields per weekday."""

    time_zone = TimeZoneField()
    quiet_hours_start = forms.TimeField(label=_("Quiet from"), required=False, widget=TIME)
    quiet_hours_end = forms.TimeField(label=_("Quiet until"), required=False, widget=TIME)

    class Meta:
        model = User
        fields = ("display_name", "time_zone", "language", "quiet_hours_start", "quiet_hours_end")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {wh.weekday: wh for wh in self.instance.working_hours.all()}
        for day in Weekday:
            hours = current.get(day.value)
            self.fields[f"works_{day.value}"] = forms.BooleanField(
                label=day.label, required=False, initial=hours is not None
            )
            self.fields[f"start_{day.value}"] = forms.TimeField(
                label=_("Start"),
                required=False,
                initial=hours.start if hours else time(9),
                widget=TIME,
            )
            self.fields[f"end_{day.value}"] = forms.TimeField(
                label=_("End"),
                required=False,
                initial=hours.end if hours else time(17),
                widget=TIME,
            )

    def weekday_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"works_{day.value}"], self[f"start_{day.value}"], self[f"end_{day.value}"])
            for day in Weekday
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("quiet_hours_start")) != bool(data.get("quiet_hours_end")):
            self.add_error("quiet_hours_end", _("Give both ends of your quiet hours, or neither."))
        hours: dict[int, tuple[time, time]] = {}
        for day in Weekday:
            if not data.get(f"works_{day.value}"):
                continue
            start, end = data.get(f"start_{day.value}"), data.get(f"end_{day.value}")
            if start is None or end is None:
                self.add_error(f"end_{day.value}", _("Give a start and an end time."))
            elif start >= end:
                self.add_error(f"end_{day.value}", _("The end must be after the start."))
            else:
                hours[day.value] = (start, end)
        data["working_hours"] = hours
        return data

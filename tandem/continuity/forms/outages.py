"""Forms of outages: the one-click "I can't work right now", and planning one ahead in the
assistant's own time zone."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tandem.continuity.models import OutageKind
from tandem.continuity.services.outages import MAX_NOTE
from tandem.lib.forms import DATE, TIME
from tandem.lib.timezones import local_instant
from tandem.workspaces.models import Membership


def _name(person: Membership) -> str:
    return person.user.display_name


class OutageNowForm(forms.Form):
    """Everything has a default: the button alone is enough."""

    kind = forms.ChoiceField(
        label=_("What happened?"),
        choices=OutageKind.choices,
        initial=OutageKind.POWER,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.TextInput(attrs={"placeholder": _("For example: back by 3 pm, I hope")}),
    )

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or OutageKind.POWER


class OutagePlanForm(forms.Form):
    """Start and end as dates and times on the assistant's own clock. An empty start time is
    the start of that day; an empty end time is the end of that day."""

    member = forms.ModelChoiceField(
        label=_("Assistant"),
        queryset=Membership.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the assistant.")},
    )
    kind = forms.ChoiceField(label=_("What"), choices=OutageKind.choices, initial=OutageKind.POWER)
    starts_on = forms.DateField(
        label=_("From (day)"),
        widget=DATE,
        error_messages={"required": _("Enter the first day."), "invalid": _("Enter a date.")},
    )
    starts_time = forms.TimeField(
        label=_("From (time)"),
        required=False,
        widget=TIME,
        help_text=_("Empty: from the start of the day."),
    )
    ends_on = forms.DateField(
        label=_("Until (day)"),
        widget=DATE,
        error_messages={"required": _("Enter the last day."), "invalid": _("Enter a date.")},
    )
    ends_time = forms.TimeField(
        label=_("Until (time)"),
        required=False,
        widget=TIME,
        help_text=_("Empty: until the end of the day."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        member: Membership | None = None,
        choices: QuerySet[Membership] | None = None,
        **kwargs: Any,
    ) -> None:
        """Either for one `member` (an assistant plans their own) or with a choice of
        assistants (an owner or manager records one)."""
        super().__init__(*args, **kwargs)
        self.fixed_member = member
        if member is not None:
            del self.fields["member"]
        else:
            field = self.fields["member"]
            if not isinstance(field, forms.ModelChoiceField) or choices is None:
                raise TypeError("Give either `member` or `choices`.")
            field.queryset = choices
            field.to_field_name = "code"
            field.label_from_instance = _name  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        member = self.fixed_member or data.get("member")
        if member is None or "starts_on" not in data or "ends_on" not in data:
            return data
        zone = member.user.time_zone
        starts_at = local_instant(data["starts_on"], data.get("starts_time") or time(0), zone)
        if data.get("ends_time"):
            ends_at = local_instant(data["ends_on"], data["ends_time"], zone)
        else:
            ends_at = local_instant(data["ends_on"] + timedelta(days=1), time(0), zone)
        if ends_at <= starts_at:
            self.add_error("ends_on", _("The end must be after the start."))
        data["member"] = member
        data["starts_at"] = starts_at
        data["ends_at"] = ends_at
        return data

    @property
    def instants(self) -> tuple[datetime, datetime]:
        return self.cleaned_data["starts_at"], self.cleaned_data["ends_at"]

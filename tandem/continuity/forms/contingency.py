"""The contingency plan form: what the assistant does when power, internet or their device
fails, and when they last tried it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.continuity.services.contingency import MAX_TEXT, PlanSpec
from tandem.lib.forms import DATE


def _text(label: Any, help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContingencyForm(forms.Form):
    backup_power = _text(
        _("Backup power"), _("For example: a power bank for the router, a generator nearby.")
    )
    backup_internet = _text(
        _("Backup internet"), _("For example: mobile data on my phone, a second provider.")
    )
    backup_device = _text(
        _("Backup device"), _("For example: my own second laptop, a tablet with the tools.")
    )
    backup_place = _text(
        _("Backup place to work"), _("For example: a co-working space or a café with power.")
    )
    emergency_contact = _text(
        _("Emergency contact"),
        _("Someone who can tell the owner if you cannot: name and phone number."),
    )
    last_tested_on = forms.DateField(
        label=_("Last tested on"),
        required=False,
        widget=DATE,
        help_text=_("When you last tried working this way. Try it every three months."),
        error_messages={"invalid": _("Enter a date.")},
    )

    def spec(self) -> PlanSpec:
        return PlanSpec(**self.cleaned_data)

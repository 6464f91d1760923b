"""Forms of workload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ContractedHoursForm(forms.Form):
    contracted_hours_per_week = forms.IntegerField(
        label=_("Contracted hours per week"),
        required=False,
        min_value=1,
        max_value=80,
        help_text=_("Leave empty if there is no fixed number of hours."),
    )

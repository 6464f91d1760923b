"""Forms of KPIs: the definition, a change of target, and a value entered by hand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.lib.templatetags.when import when
from tandem.roles.models import Direction, Kpi, KpiCadence, KpiSource
from tandem.roles.selectors.kpi_values import Period
from tandem.workspaces.models import Membership

# What a computed source is measured in; a hand-entered KPI says its own unit.
UNIT_OF_SOURCE = {
    KpiSource.ON_TIME: "%",
    KpiSource.CHANGES_REQUESTED: "%",
    KpiSource.CHECK_INS: "%",
    KpiSource.RESPONSE_TIME: "h",
    KpiSource.BRIEF_ACK: "h",
}


def plain(number: Decimal) -> str:
    """A number as a person writes it: 12, 12.5 (not 12.00)."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class KpiForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    source = forms.ChoiceField(
        label=_("Where the values come from"),
        choices=KpiSource.choices,
        initial=KpiSource.MANUAL,
        help_text=_("Entered by hand, or computed by Tandem from the work it already records."),
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=20,
        required=False,
        help_text=_("For example invoices, posts or hours. A computed KPI has its own."),
    )
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2)
    direction = forms.ChoiceField(
        label=_("Which way is better"), choices=Direction.choices, initial=Direction.HIGHER
    )
    cadence = forms.ChoiceField(
        label=_("Measured"), choices=KpiCadence.choices, initial=KpiCadence.MONTHLY
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # The target changes through its own form, which keeps the history.
            del self.fields["target"]

    @staticmethod
    def initial_for(kpi: Kpi) -> dict[str, Any]:
        return {
            "name": kpi.name,
            "source": kpi.source,
            "unit": kpi.unit,
            "direction": kpi.direction,
            "cadence": kpi.cadence,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source = data.get("source")
        if source in UNIT_OF_SOURCE:
            data["unit"] = UNIT_OF_SOURCE[KpiSource(source)]
        return data


class KpiTargetForm(forms.Form):
    target = forms.DecimalField(label=_("New target"), max_digits=12, decimal_places=2)
    reason = forms.CharField(
        label=_("Why it changes (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("For example: the new invoicing tool")}),
    )


def period_label(period: Period, cadence: str) -> str:
    if cadence == KpiCadence.MONTHLY:
        return when(period.start, "month")
    return _("from %(start)s") % {"start": when(period.start, "date")}


class KpiValueForm(forms.Form):
    member = forms.ChoiceField(label=_("Assistant"))
    period = forms.ChoiceField(label=_("Period"))
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        holders: Sequence[Membership] = (),
        periods: Sequence[Period] = (),
        cadence: str = KpiCadence.MONTHLY,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.holders = {member.code: member for member in holders}
        cast(forms.ChoiceField, self.fields["member"]).choices = [
            (m.code, m.user.display_name) for m in holders
        ]
        cast(forms.ChoiceField, self.fields["period"]).choices = [
            (p.start.isoformat(), period_label(p, cadence)) for p in periods
        ]
        if len(periods) > 1 and "period" not in self.initial:
            # The last complete period: the current one comes first in the list.
            self.initial["period"] = periods[1].start.isoformat()

    def clean_member(self) -> Membership:
        return self.holders[self.cleaned_data["member"]]

    def clean_period(self) -> date:
        return date.fromisoformat(self.cleaned_data["period"])

    def clean_value(self) -> Decimal:
        return self.cleaned_data["value"]

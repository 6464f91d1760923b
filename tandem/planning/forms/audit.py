"""Forms of the task audit and its analysis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tandem.lib.forms import DATE
from tandem.planning.models import Category, Want, Weight
from tandem.planning.selectors.audit import ImportLine
from tandem.planning.services.audit import Pick
from tandem.work.forms import DurationField

WHATS_LIST = "audit-whats"  # the id of the datalist of earlier "what"s


class EntryForm(forms.Form):
    """One entry: what, how long, which day, and the three judgements."""

    what = forms.CharField(
        label=_("What did you do?"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"list": WHATS_LIST, "autocomplete": "off", "enterkeyhint": "done"}
        ),
    )
    minutes = DurationField(label=_("Time"))
    day = forms.DateField(label=_("Day"), widget=DATE)
    category = forms.ChoiceField(
        label=_("Category"), choices=Category.choices, widget=forms.RadioSelect
    )
    want = forms.ChoiceField(
        label=_("Love or have to"), choices=Want.choices, widget=forms.RadioSelect
    )
    weight = forms.ChoiceField(
        label=_("Strategic or marginal"), choices=Weight.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "audit_%s")
        super().__init__(*args, **kwargs)
        minutes = self.fields["minutes"].widget
        minutes.attrs.update({"placeholder": "45, 1h30", "inputmode": "text", "size": 7})


class PeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "period_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            raise ValidationError({"ends_on": _("The last day comes after the first.")})
        return data


class HourlyValueForm(forms.Form):
    hourly_value = forms.DecimalField(
        label=_("What an hour of your time is worth"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
    )

    def __init__(self, *args: Any, currency: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "value_%s")
        super().__init__(*args, **kwargs)
        if currency:
            self.fields["hourly_value"].help_text = _("In %(currency)s, before tax.") % {
                "currency": currency
            }


class ImportForm(forms.Form):
    """The import preview: for each line, whether to import it and its three judgements."""

    def __init__(self, *args: Any, lines: list[ImportLine], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "import_%s")
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"pick_{line.key}"] = forms.BooleanField(
                label=line.what, required=False, initial=True
            )
            for name, choices, initial in (
                ("category", Category.choices, line.judgements.category),
                ("want", Want.choices, line.judgements.want),
                ("weight", Weight.choices, line.judgements.weight),
            ):
                self.fields[f"{name}_{line.key}"] = forms.ChoiceField(
                    choices=choices, initial=initial
                )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "line": line,
                "pick": self[f"pick_{line.key}"],
                "category": self[f"category_{line.key}"],
                "want": self[f"want_{line.key}"],
                "weight": self[f"weight_{line.key}"],
            }
            for line in self.lines
        ]

    def picks(self) -> list[Pick]:
        data = self.cleaned_data
        return [
            Pick(
                key=line.key,
                category=data[f"category_{line.key}"],
                want=data[f"want_{line.key}"],
                weight=data[f"weight_{line.key}"],
            )
            for line in self.lines
            if data.get(f"pick_{line.key}")
        ]

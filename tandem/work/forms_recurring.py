"""The form of a recurring task: the brief every occurrence gets, and when it comes back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Weekday
from tandem.lib.forms import TIME, draft_textarea
from tandem.work.models import Priority, RecurringTask
from tandem.work.services.recurring import RecurringSpec
from tandem.workspaces.forms import MemberChoiceField
from tandem.workspaces.models import Membership

Cadence = RecurringTask.Cadence
DRAFT_FIELDS = ("outcome", "deliverable", "acceptance_criteria")


def _label(name: str) -> Any:
    """The model field's own (translated) name, so the form and the model say the same."""
    return capfirst(RecurringTask._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


class AssigneeChoiceField(MemberChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} · {obj.get_role_display()} · {obj.user.time_zone.replace('_', ' ')}"


class DaysFields(forms.Form):
    """The days something comes back on: the weekdays of "weekly", the day of "monthly".
    Recurring tasks, role duties and the duty a responsibility becomes share them, and
    includes/cadence_fields.html draws them with the form's `cadence`."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “weekly”: choose one or more days."),
    )
    day_of_month = forms.IntegerField(
        label=_("Day of the month"),
        min_value=1,
        max_value=31,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": 31, "inputmode": "numeric"}),
        help_text=_("For “monthly”: 1 to 31. In a shorter month, its last day."),
    )


class RecurringForm(DaysFields):
    title = forms.CharField(label=_label("title"), max_length=200)
    outcome = forms.CharField(
        label=_label("outcome"),
        required=False,
        help_text=_("What this duty achieves for the business."),
    )
    deliverable = forms.CharField(
        label=_label("deliverable"),
        required=False,
        help_text=_("What exactly to hand over each time."),
    )
    acceptance_criteria = forms.CharField(
        label=_label("acceptance_criteria"),
        required=False,
        help_text=_("How you will decide it is done, one point per line."),
    )
    sop_url = forms.URLField(label=_label("sop_url"), required=False, assume_scheme="https")
    assignee = AssigneeChoiceField(
        label=_label("assignee"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose who does it"),
        help_text=_("An assistant or a manager. The days and times below are in their time zone."),
    )
    cadence = forms.ChoiceField(
        label=_("How often"),
        choices=Cadence.choices,
        initial=Cadence.WEEKDAYS,
        widget=forms.RadioSelect,
    )
    due_time = forms.TimeField(
        label=_("Due at"),
        widget=TIME,
        help_text=_("Each task is due at this time on its day, in the assignee's time zone."),
    )
    priority = forms.TypedChoiceField(
        label=_label("priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    estimate_minutes = forms.IntegerField(
        label=_label("estimate_minutes"), min_value=1, max_value=100_000, required=False
    )

    def __init__(self, *args: Any, assignees: Any, draft_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees  # type: ignore[attr-defined]
        for name in DRAFT_FIELDS:
            self.fields[name].widget = draft_textarea(f"{draft_key}:{name}", rows=3)

    @classmethod
    def initial_for(cls, template: RecurringTask) -> dict[str, Any]:
        return {
            "title": template.title,
            "outcome": template.outcome,
            "deliverable": template.deliverable,
            "acceptance_criteria": template.acceptance_criteria,
            "sop_url": template.sop_url,
            "assignee": template.assignee_id,
            "cadence": template.cadence,
            "weekdays": template.weekdays,
            "day_of_month": template.day_of_month,
            "due_time": template.due_time,
            "priority": template.priority,
            "estimate_minutes": template.estimate_minutes,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cadence = data.get("cadence")
        if cadence == Cadence.WEEKLY and not data.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one day of the week."))
        # A day out of range has its own error already.
        if (
            cadence == Cadence.MONTHLY
            and not data.get("day_of_month")
            and "day_of_month" not in self.errors
        ):
            self.add_error("day_of_month", _("Choose a day of the month, from 1 to 31."))
        return data

    def spec(self) -> RecurringSpec:
        data = self.cleaned_data
        cadence = data["cadence"]
        return RecurringSpec(
            title=data["title"],
            outcome=data["outcome"],
            deliverable=data["deliverable"],
            acceptance_criteria=data["acceptance_criteria"],
            sop_url=data["sop_url"],
            priority=data["priority"],
            estimate_minutes=data["estimate_minutes"],
            cadence=cadence,
            # What belongs to another cadence is dropped, not kept out of sight.
            weekdays=tuple(data["weekdays"]) if cadence == Cadence.WEEKLY else (),
            day_of_month=data["day_of_month"] if cadence == Cadence.MONTHLY else None,
            due_time=data["due_time"],
        )

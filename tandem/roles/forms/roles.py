"""The forms of a role, of its duties, and of giving it to someone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tandem.lib.forms import TIME
from tandem.roles.models import AssistantRole, Duty, DutyCadence
from tandem.work.forms_recurring import DaysFields
from tandem.workspaces.forms import MemberChoiceField
from tandem.workspaces.models import Membership


def _label(model: type[AssistantRole] | type[Duty], name: str) -> Any:
    return capfirst(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


class RoleForm(forms.Form):
    title = forms.CharField(
        label=_label(AssistantRole, "title"),
        max_length=80,
        help_text=_("What the role is called: “Bookkeeping”, “Social media”."),
    )
    summary = forms.CharField(
        label=_label(AssistantRole, "summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the role is for, in a sentence or two."),
    )
    priorities = forms.CharField(
        label=_label(AssistantRole, "priorities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What comes first, one a line: the most important at the top."),
    )
    skills = forms.CharField(
        label=_label(AssistantRole, "skills"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"list": "skills-in-use", "autocomplete": "off"}),
        help_text=_("Separated by commas: “bookkeeping, xero, invoicing”."),
    )
    area = forms.CharField(
        label=_label(AssistantRole, "area"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": "areas-in-use", "autocomplete": "off"}),
        help_text=_(
            "The part of the business it serves: “Finance”, “Marketing”. Roles in unrelated "
            "areas on one person are flagged."
        ),
    )

    @classmethod
    def initial_for(cls, role: AssistantRole) -> dict[str, Any]:
        return {
            "title": role.title,
            "summary": role.summary,
            "priorities": role.priorities,
            "skills": ", ".join(role.skills or ()),
            "area": role.area,
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "priorities": data["priorities"],
            "skills": data["skills"].split(","),
            "area": data["area"],
        }


class DutyForm(DaysFields):
    title = forms.CharField(label=_label(Duty, "title"), max_length=200)
    instructions = forms.CharField(
        label=_label(Duty, "instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How to do it, and what done looks like. Each task it makes carries them."),
    )
    sop_url = forms.URLField(label=_label(Duty, "sop_url"), required=False, assume_scheme="https")
    cadence = forms.ChoiceField(
        label=_("How often"),
        choices=DutyCadence.choices,
        initial=DutyCadence.DAILY,
        widget=forms.RadioSelect,
        help_text=_("Daily means every weekday, Monday to Friday."),
    )
    due_time = forms.TimeField(
        label=_("Due at"),
        widget=TIME,
        help_text=_("In each holder's own time zone."),
    )
    estimate_minutes = forms.IntegerField(
        label=_label(Duty, "estimate_minutes"),
        min_value=1,
        max_value=24 * 60,
        required=False,
        help_text=_("It counts in the holders' planned hours."),
    )

    @classmethod
    def initial_for(cls, duty: Duty) -> dict[str, Any]:
        return {
            "title": duty.title,
            "instructions": duty.instructions,
            "sop_url": duty.sop_url,
            "cadence": duty.cadence,
            "weekdays": duty.weekdays,
            "day_of_month": duty.day_of_month,
            "due_time": duty.due_time,
            "estimate_minutes": duty.estimate_minutes,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cadence = data.get("cadence")
        if cadence == DutyCadence.WEEKLY and not data.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one day of the week."))
        if (
            cadence == DutyCadence.MONTHLY
            and not data.get("day_of_month")
            and "day_of_month" not in self.errors
        ):
            self.add_error("day_of_month", _("Choose a day of the month, from 1 to 31."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        cadence = data["cadence"]
        return {
            "title": data["title"],
            "instructions": data["instructions"],
            "sop_url": data["sop_url"],
            "cadence": cadence,
            "weekdays": tuple(data["weekdays"]) if cadence == DutyCadence.WEEKLY else (),
            "day_of_month": data["day_of_month"] if cadence == DutyCadence.MONTHLY else None,
            "due_time": data["due_time"],
            "estimate_minutes": data["estimate_minutes"],
        }


class HolderChoiceField(MemberChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} · {obj.get_role_display()}"


class AssignForm(forms.Form):
    member = HolderChoiceField(
        label=_("Give the role to"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose an assistant"),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]

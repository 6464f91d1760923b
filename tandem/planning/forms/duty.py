"""The form that makes a responsibility a duty of a role: a role's duty form, with the role to
give it to and, when the responsibility has an assistant, whether to give them the role."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.planning.models import Responsibility
from tandem.roles.forms.roles import DutyForm
from tandem.roles.models import AssistantRole, DutyCadence

# Minutes a week spread over a cadence's occurrences: five weekdays, one week, 52/12 weeks.
OCCURRENCES_A_WEEK = {DutyCadence.DAILY: 5.0, DutyCadence.WEEKLY: 1.0, DutyCadence.MONTHLY: 12 / 52}


def estimate_for(minutes_per_week: int | None, cadence: str) -> int | None:
    """The estimate of one occurrence, from the minutes a week the owner spent on it."""
    if not minutes_per_week:
        return None
    return max(1, round(minutes_per_week / OCCURRENCES_A_WEEK[DutyCadence(cadence)]))


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AssistantRole) -> str:
        return obj.title


class DutyFromResponsibilityForm(DutyForm):
    role = RoleChoiceField(
        label=_("Role"), queryset=AssistantRole.objects.none(), empty_label=_("Choose a role")
    )
    assign = forms.BooleanField(required=False)

    def __init__(self, *args: Any, responsibility: Responsibility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["role"])
        field.queryset = AssistantRole.objects.filter(
            workspace_id=responsibility.workspace_id, archived_at__isnull=True
        ).order_by("title")
        self.fields["cadence"].initial = DutyCadence.WEEKLY
        minutes = responsibility.audit_minutes_per_week
        if minutes:
            self.fields["estimate_minutes"].help_text = _(
                "Your audit found %(week)d minutes a week: about %(day)d for each weekday, "
                "%(week)d once a week or %(month)d once a month."
            ) % {
                "week": minutes,
                "day": estimate_for(minutes, DutyCadence.DAILY),
                "month": estimate_for(minutes, DutyCadence.MONTHLY),
            }
        assistant = responsibility.assistant
        if assistant is None:
            del self.fields["assign"]
        else:
            self.fields["assign"].initial = True
            self.fields["assign"].label = _("Give %(name)s the role if they do not hold it") % {
                "name": assistant.user
            }

"""The form of a responsibility in the delegation plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tandem.lib.forms import DATE, draft_textarea
from tandem.planning.models import Responsibility
from tandem.planning.services.plan import Fields
from tandem.workspaces.forms import MemberChoiceField
from tandem.workspaces.models import Membership

DRAFT_FIELDS = ("description", "instructions")


def _label(name: str) -> Any:
    return capfirst(Responsibility._meta.get_field(name).verbose_name)  # type: ignore[union-attr]


class ResponsibilityForm(forms.Form):
    title = forms.CharField(label=_label("title"), max_length=200)
    description = forms.CharField(
        label=_label("description"),
        required=False,
        help_text=_("What it covers, and what good looks like."),
    )
    assistant = MemberChoiceField(
        label=_label("assistant"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
    )
    target_start = forms.DateField(
        label=_label("target_start"),
        required=False,
        widget=DATE,
        help_text=_("When you mean to start handing it over."),
    )
    sop_url = forms.URLField(
        label=_label("sop_url"),
        required=False,
        assume_scheme="https",
        help_text=_("A link to the written procedure, or write the steps below."),
    )
    instructions = forms.CharField(label=_label("instructions"), required=False)
    skill = forms.CharField(
        label=_label("skill"),
        max_length=60,
        required=False,
        help_text=_(
            "A skill tag as the roles name them, such as “bookkeeping”. Leave it empty if "
            "anyone can do it."
        ),
        widget=forms.TextInput(attrs={"list": "known-skills", "autocomplete": "off"}),
    )
    # Where it came from in the audit: carried along from the analysis's "Plan it" link.
    candidate_key = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    audit_minutes_per_week = forms.IntegerField(
        required=False, min_value=0, max_value=7 * 24 * 60, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        assistants: QuerySet[Membership],
        draft_key: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assistant"].queryset = assistants  # type: ignore[attr-defined]
        self.fields["description"].widget = draft_textarea(f"{draft_key}:description", rows=3)
        self.fields["instructions"].widget = draft_textarea(f"{draft_key}:instructions", rows=6)

    @staticmethod
    def initial_for(responsibility: Responsibility) -> dict[str, Any]:
        return {
            "title": responsibility.title,
            "description": responsibility.description,
            "assistant": responsibility.assistant_id,
            "target_start": responsibility.target_start,
            "sop_url": responsibility.sop_url,
            "instructions": responsibility.instructions,
            "skill": responsibility.skill,
        }

    @staticmethod
    def initial_from_query(query: Any) -> dict[str, Any]:
        """The analysis's "Plan it" link: `?title=&candidate=&minutes=`."""
        initial: dict[str, Any] = {
            "title": str(query.get("title", ""))[:200],
            "candidate_key": str(query.get("candidate", ""))[:200],
        }
        minutes = str(query.get("minutes", "")).strip()
        if minutes.isdigit():
            initial["audit_minutes_per_week"] = min(int(minutes), 7 * 24 * 60)
        return initial

    def fields_of(self) -> Fields:
        data = self.cleaned_data
        return Fields(
            title=data["title"],
            description=data["description"],
            assistant=data["assistant"],
            target_start=data["target_start"],
            sop_url=data["sop_url"],
            instructions=data["instructions"],
            skill=data["skill"],
        )

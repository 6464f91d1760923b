from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.workspaces.models import Membership, Role, Workspace


class WorkspaceForm(forms.ModelForm):
    class Meta:
        model = Workspace
        fields = ("name", "currency", "week_start", "response_time_hours")
        labels = {"name": _("Business name")}
        widgets = {"response_time_hours": forms.NumberInput(attrs={"min": 1, "max": 168})}


class WorkspaceSettingsForm(WorkspaceForm):
    """The settings page: what a new workspace asks, and what only matters once it runs."""

    class Meta:
        model = Workspace
        fields = (*WorkspaceForm.Meta.fields, "assistants_can_announce", "language")
        labels = WorkspaceForm.Meta.labels
        widgets = WorkspaceForm.Meta.widgets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A form sent without it (an older page) keeps the language the workspace has.
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = member.invitable_roles()
        self.fields["role"].choices = choices  # type: ignore[attr-defined]
        self.fields["role"].initial = Role.ASSISTANT


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user)


class MemberForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    partner = MemberChoiceField(
        label=_("Supplied by"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Nobody: hired directly"),
        help_text=_("For an assistant employed by an agency: the partner who coordinates them."),
    )
    contracted_hours_per_week = forms.IntegerField(
        label=_("Contracted hours per week"),
        required=False,
        min_value=1,
        max_value=80,
        help_text=_("Assistants only: the hours their workload is measured against."),
    )

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]

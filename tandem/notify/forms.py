from __future__ import annotations

from typing import Any

from django import forms

from tandem.notify import kinds


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind of notification: "Email me when…".

    Fields are named after the kinds; a later choice of how often (each one, or a daily digest)
    becomes another field beside them, in its own fieldset.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, spec in kinds.KINDS.items():
            self.fields[kind] = forms.BooleanField(label=spec.label, required=False)

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[kind] for kind in kinds.KINDS]

    def enabled_kinds(self) -> set[str]:
        return {kind for kind in kinds.KINDS if self.cleaned_data.get(kind)}

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.lib.forms import TIME
from tandem.notify import kinds

DEFAULT_DIGEST_TIME = time(8)


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind of notification: "Email me when…", and the daily digest.

    Fields are named after the kinds; the digest's two fields sit beside them in their own
    fieldset.
    """

    digest = forms.BooleanField(
        label=_("Daily digest: send me a summary of what is waiting for me"), required=False
    )
    digest_at = forms.TimeField(
        label=_("at (your local time)"),
        required=False,
        widget=TIME,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, spec in kinds.KINDS.items():
            self.fields[kind] = forms.BooleanField(label=spec.label, required=False)

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[kind] for kind in kinds.KINDS]

    def enabled_kinds(self) -> set[str]:
        return {kind for kind in kinds.KINDS if self.cleaned_data.get(kind)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("digest")
            and cleaned.get("digest_at") is None
            and not self.has_error("digest_at")
        ):
            self.add_error("digest_at", _("Choose the time of your daily digest."))
        return cleaned

    def digest_time(self) -> time:
        """The chosen time; turning the digest off keeps the last one for next time."""
        return self.cleaned_data.get("digest_at") or self.initial.get(
            "digest_at", DEFAULT_DIGEST_TIME
        )

"""The readiness self-assessment's form: one five-point choice per statement."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.planning.readiness import AREAS, QUESTIONS, SCALE, SCALE_LABELS, Area


class ReadinessForm(forms.Form):
    """Every statement must be answered: a score from half the answers would mislead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.text,
                choices=[(value, SCALE_LABELS[value]) for value in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how much you agree.")},
            )

    def areas(self) -> Iterator[tuple[Area, list[forms.BoundField]]]:
        """Each area with its statements' fields, in order, for the template."""
        for area in AREAS:
            yield area, [self[question.key] for question in area.questions]

    def answers(self) -> dict[str, int]:
        return {question.key: self.cleaned_data[question.key] for question in QUESTIONS}

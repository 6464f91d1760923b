"""Forms of check-ins: the schedule an owner sets, the short answer, a reply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Weekday
from tandem.lib.forms import TIME, draft_textarea
from tandem.rhythm.services.checkins import MAX_QUESTIONS

MOOD_CHOICES = [
    (1, _("1 · Struggling")),
    (2, _("2 · Not great")),
    (3, _("3 · OK")),
    (4, _("4 · Good")),
    (5, _("5 · Great")),
]


class ScheduleForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day of the week.")},
    )
    at = forms.TimeField(label=_("Time of day"), widget=TIME)
    questions = forms.CharField(
        label=_("Questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One question per line, at most %(count)s. Leave it empty for the usual two: "
            "“What did you finish?” and “What is next?”. “Anything blocking you?” and "
            "“How are you?” are always asked."
        )
        % {"count": MAX_QUESTIONS},
    )
    active = forms.BooleanField(label=_("Ask for check-ins (untick to pause)"), required=False)

    def question_list(self) -> tuple[str, ...]:
        text = self.cleaned_data.get("questions") or ""
        return tuple(line.strip() for line in text.splitlines() if line.strip())


class AnswerForm(forms.Form):
    """The written questions (as many as the schedule asks), the blocker and the mood."""

    blockers = forms.CharField(label=_("Anything blocking you?"), required=False)
    mood = forms.TypedChoiceField(
        label=_("How are you?"),
        choices=MOOD_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you are, from 1 to 5.")},
    )

    def __init__(self, *args: Any, questions: list[str], draft_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                required=False,
                widget=draft_textarea(f"{draft_key}:{index}", rows=3),
            )
        self.fields["blockers"].widget = draft_textarea(f"{draft_key}:blockers", rows=2)
        self.fields["blockers"].help_text = _(
            "Anything you are waiting for or stuck on. The owner is told at once."
        )
        # The blocker and the mood come after the written questions.
        self.order_fields([*(f"answer_{i}" for i in range(len(questions))), "blockers", "mood"])

    @property
    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{index}"] for index in range(len(self.questions))]

    @property
    def draft_keys(self) -> list[str]:
        return [
            str(self.fields[name].widget.attrs["data-draft"])
            for name in self.fields
            if "data-draft" in self.fields[name].widget.attrs
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.questions and not any(
            (data.get(f"answer_{index}") or "").strip() for index in range(len(self.questions))
        ):
            self.add_error("answer_0", _("Write at least a line about your day."))
        return data

    def answers(self) -> list[tuple[str, str]]:
        return [
            (question, self.cleaned_data.get(f"answer_{index}") or "")
            for index, question in enumerate(self.questions)
        ]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your reply.")},
    )

    def __init__(self, *args: Any, draft_key: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if draft_key:
            self.fields["body"].widget = draft_textarea(draft_key, rows=3)

"""Forms of meetings: the series (with the kickoff template) and the summary."""

from __future__ import annotations

import contextlib
import copy
from datetime import date, time
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import Weekday
from tandem.lib.forms import DATE, TIME, draft_textarea
from tandem.lib.timezones import is_valid_zone, now_in, zone_choices
from tandem.rhythm.models import Cadence, MeetingKind, MeetingSeries
from tandem.rhythm.models.meetings import validate_call_url
from tandem.rhythm.services.meetings import ItemSpec, SeriesSpec
from tandem.workspaces.forms import MemberChoiceField
from tandem.workspaces.models import Membership, Role


class AttendeeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} · {obj.get_role_display()} · {obj.user.time_zone.replace('_', ' ')}"


class SeriesForm(forms.Form):
    kind = forms.ChoiceField(
        choices=MeetingKind.choices, initial=MeetingKind.REGULAR, widget=forms.HiddenInput
    )
    title = forms.CharField(label=_("Name of the meeting"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why you meet, in one or two sentences. People come better prepared."),
        error_messages={
            "required": _("Say what the meeting is for: a meeting without a purpose is skipped.")
        },
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        help_text=_("The points to go through. Markdown works: ## for a heading, - for a list."),
    )
    call_url = forms.URLField(
        label=_("Video call link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[validate_call_url],
        error_messages={"invalid": validate_call_url.message},
        help_text=_(
            "Optional: the Meet, Zoom, Teams or Jitsi link. It becomes a “Join” button from "
            "10 minutes before the meeting until its end."
        ),
    )
    cadence = forms.ChoiceField(
        label=_("How often"),
        choices=Cadence.choices,
        initial=Cadence.WEEKLY,
        widget=forms.RadioSelect,
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For “every week”: choose one or more days."),
    )
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=DATE,
        required=False,
        help_text=_("Leave it empty to keep meeting until you end the series."),
    )
    at = forms.TimeField(label=_("Time of day"), widget=TIME)
    zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("The time is read in this zone and follows its daylight-saving changes."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=5, max_value=480, initial=30
    )
    attendees = AttendeeField(
        label=_("Attendees"),
        queryset=Membership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    summary_by = MemberChoiceField(
        label=_("Summary written by"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("The first assistant attending"),
        help_text=_("After each meeting they write what was decided and who does what by when."),
    )
    summary_due_hours = forms.IntegerField(
        label=_("Summary due within (hours)"),
        min_value=1,
        max_value=168,
        initial=24,
        help_text=_("Counted from the end of the meeting."),
    )

    def __init__(self, *args: Any, members: Any, draft_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = zone_choices()  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = members  # type: ignore[attr-defined]
        self.fields["summary_by"].queryset = members  # type: ignore[attr-defined]
        self.fields["agenda"].widget = draft_textarea(f"{draft_key}:agenda", rows=8)

    @staticmethod
    def initial_for(series: MeetingSeries) -> dict[str, Any]:
        return {
            "kind": series.kind,
            "title": series.title,
            "purpose": series.purpose,
            "agenda": series.agenda,
            "call_url": series.call_url,
            "cadence": series.cadence,
            "weekdays": series.weekdays,
            "starts_on": series.starts_on,
            "ends_on": series.ends_on if series.cadence != Cadence.ONCE else None,
            "at": series.at,
            "zone": series.zone,
            "duration_minutes": series.duration_minutes,
            "attendees": [person.pk for person in series.attendees.all()],
            "summary_by": series.summary_by_id,
            "summary_due_hours": series.summary_due_hours,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("cadence") == Cadence.WEEKLY and not data.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one day of the week."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot come before the first day."))
        summary_by, attendees = data.get("summary_by"), data.get("attendees")
        if summary_by is not None and attendees is not None and summary_by not in attendees:
            self.add_error(
                "summary_by", _("The person who writes the summary must attend the meeting.")
            )
        return data

    def spec(self) -> SeriesSpec:
        data = self.cleaned_data
        return SeriesSpec(
            kind=data["kind"],
            title=data["title"],
            purpose=data["purpose"],
            agenda=data["agenda"],
            call_url=data["call_url"],
            cadence=data["cadence"],
            weekdays=tuple(data["weekdays"]) if data["cadence"] == Cadence.WEEKLY else (),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"] if data["cadence"] != Cadence.ONCE else None,
            at=data["at"],
            zone=data["zone"],
            duration_minutes=data["duration_minutes"],
            attendees=list(data["attendees"]),
            summary_by=data["summary_by"],
            summary_due_hours=data["summary_due_hours"],
        )


def kickoff_agenda() -> str:
    """The kickoff agenda (seed 002, tip 1), in the active language: five headed sections."""
    sections = [
        (
            gettext("The business: background and goals"),
            gettext("What we do, for whom, how we started, and where we want to be in a year."),
        ),
        (
            gettext("Strengths and weaknesses"),
            gettext("What we do well, and where we struggle or lose time today."),
        ),
        (
            gettext("Why we outsource"),
            gettext("What we hope to gain by working with an assistant, and what worries us."),
        ),
        (
            gettext("The first urgent tasks"),
            gettext("The two or three things to take over in the first weeks, and by when."),
        ),
        (
            gettext("Your role"),
            gettext("What you are responsible for, who you ask, and how we keep in touch."),
        ),
    ]
    return "\n\n".join(f"## {heading}\n{prompt}" for heading, prompt in sections)


def prefill(query: QueryDict, *, creator: Membership, members: Any) -> dict[str, Any]:
    """The create form's initial values from the query string: attendees, at, zone, weekday,
    kind=kickoff. Anything that does not parse is ignored."""
    zone = creator.user.time_zone
    initial: dict[str, Any] = {
        "zone": zone,
        "starts_on": now_in(zone).date(),
        "cadence": Cadence.WEEKLY,
        "duration_minutes": 30,
        "summary_due_hours": 24,
    }
    codes = [code for code in query.getlist("attendees") if code][:20]
    chosen = list(members.filter(code__in=codes)) if codes else []
    initial["attendees"] = [creator.pk, *(person.pk for person in chosen)]
    at = query.get("at", "")
    with contextlib.suppress(ValueError):
        initial["at"] = time.fromisoformat(at) if at else None
    asked_zone = query.get("zone", "")
    if isinstance(asked_zone, str) and is_valid_zone(asked_zone):
        initial["zone"] = asked_zone
    weekday = query.get("weekday", "")
    if weekday.isdigit() and int(weekday) < 7:
        initial["weekdays"] = [int(weekday)]
        today: date = initial["starts_on"]
        initial["starts_on"] = date.fromordinal(
            today.toordinal() + (int(weekday) - today.weekday()) % 7
        )
    if query.get("kind") == MeetingKind.KICKOFF:
        assistant = next((person for person in chosen if person.role == Role.ASSISTANT), None)
        name = assistant.user.display_name if assistant else gettext("the new assistant")
        initial |= {
            "kind": MeetingKind.KICKOFF,
            "cadence": Cadence.ONCE,
            "title": gettext("Kickoff with %(name)s") % {"name": name},
            "purpose": gettext(
                "Give %(name)s the whole picture of the business, agree on the first urgent "
                "tasks and on their role, so they can start with confidence."
            )
            % {"name": name},
            "agenda": kickoff_agenda(),
            "duration_minutes": 60,
        }
        if assistant is not None:
            initial["summary_by"] = assistant.pk
    return initial


class SummaryForm(forms.Form):
    decisions = forms.CharField(
        label=_("What was decided"),
        error_messages={"required": _("Write what was decided, even if it was little.")},
    )
    notes = forms.CharField(label=_("Notes"), required=False)

    def __init__(self, *args: Any, draft_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decisions"].widget = draft_textarea(f"{draft_key}:decisions", rows=4)
        self.fields["notes"].widget = draft_textarea(f"{draft_key}:notes", rows=3)


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("What"), max_length=200, required=False)
    owner = MemberChoiceField(
        label=_("Who"), queryset=Membership.objects.none(), required=False, empty_label="—"
    )
    due_date = forms.DateField(label=_("By when"), widget=DATE, required=False)

    def __init__(
        self,
        *args: Any,
        members: Any = None,
        owner_choices: list[tuple[Any, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["owner"].queryset = members  # type: ignore[attr-defined]
        if owner_choices is not None:
            # Options read once for every row; the chosen owner is still checked in `members`.
            self.fields["owner"].choices = owner_choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A row with a person or a date but nothing to do is a slip, not an item.
        if not (data.get("text") or "").strip() and (data.get("owner") or data.get("due_date")):
            self.add_error("text", _("Say what is to be done, or clear the row."))
        return data

    def item(self) -> ItemSpec | None:
        data = getattr(self, "cleaned_data", {})
        text = (data.get("text") or "").strip()
        if not text:
            return None
        return ItemSpec(text=text, owner=data.get("owner"), due_date=data.get("due_date"))


BaseItems = forms.formset_factory(ActionItemForm, extra=3, max_num=20, absolute_max=20)


class ActionItemFormSet(BaseItems):  # type: ignore[valid-type,misc]
    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        self.members = members
        self._owner_choices: list[tuple[Any, str]] | None = None
        kwargs.setdefault("prefix", "items")
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        if self._owner_choices is None:
            field = copy.deepcopy(ActionItemForm.base_fields["owner"])
            field.queryset = self.members  # type: ignore[attr-defined]
            self._owner_choices = list(field.choices)  # type: ignore[attr-defined]
        return {"members": self.members, "owner_choices": self._owner_choices}

    def items(self) -> list[ItemSpec]:
        return [item for form in self.forms if (item := form.item()) is not None]

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Min
from django.db.models.functions import Lower, Trim
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.lib.forms import DATE, TIME, draft_textarea
from tandem.work import selectors
from tandem.work.models import Priority, State, Task
from tandem.work.services import bulk as bulk_services
from tandem.work.services import comments as comment_services
from tandem.work.services import files as file_services
from tandem.work.services import tasks as task_services
from tandem.work.services import time as time_services
from tandem.workspaces.forms import MemberChoiceField

_OPENED_SALT = "tandem.work.opened"


class OpenedAtField(forms.CharField):
    """When the form was opened, signed: the owner's minutes are measured from it."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    @staticmethod
    def now() -> str:
        return signing.dumps(timezone.now().timestamp(), salt=_OPENED_SALT)

    def to_python(self, value: Any) -> datetime | None:  # type: ignore[override]
        try:
            stamp = signing.loads(str(value or ""), salt=_OPENED_SALT, max_age=60 * 60 * 24)
        except signing.BadSignature:
            return None
        return datetime.fromtimestamp(float(stamp), tz=UTC)


class BriefForm(forms.ModelForm):
    assignee = MemberChoiceField(
        label=_("Assignee"),
        queryset=None,
        required=False,
        empty_label=_("Nobody yet: keep it a draft"),
    )
    sop_url = forms.URLField(label=_("SOP link"), required=False, assume_scheme="https")
    opened_at = OpenedAtField()

    class Meta:
        model = Task
        fields = Task.BRIEF_FIELDS
        widgets = {
            "due_date": DATE,
            "due_time": TIME,
            "area": forms.TextInput(attrs={"list": "task-areas", "autocomplete": "off"}),
        }
        help_texts = {
            "outcome": _(
                "What this achieves for the business. People do better work when they know why."
            ),
            "deliverable": _("What exactly to hand over: a file, a sent email, an updated sheet."),
            "acceptance_criteria": _("How you will decide it is done, one point per line."),
            "due_date": _("In the assignee's own time zone."),
            "due_time": _("Optional. Without a time, the end of that day."),
            "estimate_minutes": _("Your honest guess, in minutes."),
            "area": _("Optional: the part of the business it belongs to, like Bookkeeping."),
        }

    def __init__(self, *args: Any, assignees: Any, draft_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees  # type: ignore[attr-defined]
        self.fields["assignee"].initial = self.instance.assignee_id
        self._assignees = assignees
        self.fields["opened_at"].initial = OpenedAtField.now()
        self.fields["priority"].initial = Priority.NORMAL
        for name in ("outcome", "deliverable", "acceptance_criteria", "resources"):
            self.fields[name].widget = draft_textarea(f"{draft_key}:{name}", rows=3)

    @cached_property
    def area_options(self) -> list[str]:
        """The areas already named in the workspace, suggested as the owner types."""
        # Every assignable member is of the form's workspace: its id, as a subquery.
        workspace_ids = self._assignees.values("workspace_id")
        rows = (
            Task.objects.filter(workspace_id__in=workspace_ids)
            .annotate(key=Lower(Trim("area")))
            .exclude(key="")
            .values("key")
            .annotate(name=Min(Trim("area")))
            .order_by("key")
        )
        return [row["name"] for row in rows[:200]]

    def brief_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name] if data[name] is not None else ""
            for name in (
                "title",
                "outcome",
                "deliverable",
                "acceptance_criteria",
                "resources",
                "sop_url",
                "area",
            )
        } | {name: data[name] for name in ("due_date", "due_time", "priority", "estimate_minutes")}


class ActionForm(forms.Form):
    """A form among several on the task page: its field ids carry its own prefix."""

    id_prefix = "action"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class AcknowledgeForm(ActionForm):
    id_prefix = "ack"

    questions = forms.CharField(
        label=_("Questions about the brief (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.ChoiceField(
        label=_("The deadline"),
        choices=[("ok", _("is manageable")), ("propose", _("does not work: I propose another"))],
        initial="ok",
        widget=forms.RadioSelect,
    )
    proposed_due_date = forms.DateField(label=_("Proposed date"), required=False, widget=DATE)
    proposed_due_time = forms.TimeField(label=_("Time (optional)"), required=False, widget=TIME)
    reason = forms.CharField(
        label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("deadline") == "propose":
            if not data.get("proposed_due_date"):
                self.add_error("proposed_due_date", _("Choose the date you propose."))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Say why the deadline does not work for you."))
        else:
            data["proposed_due_date"] = data["proposed_due_time"] = None
        return data


class HelpForm(ActionForm):
    id_prefix = "help"
    note = forms.CharField(
        label=_("What is blocking you?"),
        max_length=2000,
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "placeholder": _("For example: I don't have access to the shared drive."),
            }
        ),
    )


class AnswerForm(ActionForm):
    id_prefix = "answer"
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 3}))


class SubmitForm(ActionForm):
    """The hand-in: a note, links and files, which the reviewer sees first."""

    id_prefix = "submit"
    note = forms.CharField(
        label=_("Note for the reviewer (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    links = forms.CharField(
        label=_("Links (optional)"),
        required=False,
        max_length=4000,
        help_text=_("Where the work is: a shared document, a sheet, a page. One a line."),
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        files = MultipleFileField(label=_("Files for the reviewer (optional)"), required=False)
        files.widget.attrs["accept"] = ",".join(settings.ATTACHMENT_TYPES)
        files.help_text = gettext(
            "Up to %(count)d files of %(size)s each: PDF, images, text, CSV, Office, "
            "OpenDocument or ZIP."
        ) % {
            "count": task_services.MAX_HANDIN_FILES,
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        }
        self.fields["files"] = files


class ReviewForm(ActionForm):
    id_prefix = "review"
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("accept", _("Accept: it is done")), ("changes", _("Ask for changes"))],
        widget=forms.RadioSelect,
    )
    feedback = forms.CharField(
        label=_("Feedback"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    rating = forms.TypedChoiceField(
        label=_("Rating (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("No rating"))] + [(str(n), "★" * n) for n in range(1, 6)],
    )
    opened_at = OpenedAtField()

    def __init__(self, *args: Any, draft_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["feedback"].widget = draft_textarea(draft_key)
        self.fields["opened_at"].initial = OpenedAtField.now()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "changes" and not (data.get("feedback") or "").strip():
            self.add_error("feedback", _("Say what needs to change."))
        return data


class AssignForm(ActionForm):
    id_prefix = "assign"
    assignee = MemberChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args: Any, assignees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees  # type: ignore[attr-defined]


class ReasonForm(ActionForm):
    id_prefix = "cancel"
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class TaskFilterForm(forms.Form):
    """The list's filters, read from the query string; a value that does not fit is ignored."""

    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state")), ("open", _("Open")), *State.choices],
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any priority")), *reversed(Priority.choices)],
    )
    due = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("Any time")), *selectors.DueWindow.choices],
    )
    day = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, member: Any, members: list[Any] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        if member.can_delegate:
            if members is None:
                members = list(selectors.assignable_members(member))
            self.fields["assignee"].choices = [  # type: ignore[attr-defined]
                ("", _("Anyone")),
                ("none", _("Not assigned")),
                *((m.code, str(m.user)) for m in members),
            ]
        else:
            del self.fields["assignee"]

    def selects(self) -> list[dict[str, Any]]:
        """The select fields with their options, written out by the template: Django's widget
        templates render each option through an include, which cost more than the table."""
        selects = []
        for name in ("assignee", "state", "priority", "due"):
            if name not in self.fields:
                continue
            current = str(self[name].value() or "")
            field = self.fields[name]
            selects.append(
                {
                    "name": name,
                    "id": f"filter-{name}",
                    "label": field.label,
                    "options": [
                        (str(value), label, str(value) == current)
                        for value, label in field.choices  # type: ignore[attr-defined]
                    ],
                }
            )
        return selects

    def filters(self) -> selectors.TaskFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return selectors.TaskFilters(
            assignee=data.get("assignee", ""),
            state=data.get("state", ""),
            priority=data.get("priority"),
            due=data.get("due", ""),
            day=data.get("day"),
            text=data.get("q", "").strip(),
        )


class DurationField(forms.Field):
    """Minutes, typed as people say them: "90", "1h 30m", "1.5h", "1:30"."""

    widget = forms.TextInput(attrs={"placeholder": "1h 30m", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Write the time as minutes (90) or hours and minutes (1h 30m).")
    }

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return time_services.parse_duration(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class TimeEntryForm(ActionForm):
    id_prefix = "time"

    minutes = DurationField(label=_("Time spent"))
    day = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=200)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); cleans to a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


class CommentForm(ActionForm):
    id_prefix = "comment"

    body = forms.CharField(
        label=_("Your comment"),
        required=False,
        max_length=comment_services.MAX_BODY,
        help_text=_(
            "Markdown works: **bold**, _italic_, lists, links. Mention someone with @ and their "
            "first name or email, as in @Ana."
        ),
    )
    attachments = MultipleFileField(label=_("Attach files (optional)"), required=False)

    def __init__(self, *args: Any, draft_key: str, mention_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget = draft_textarea(draft_key, rows=4)
        if mention_url:  # where the box finds whom "@" and letters may name (mention.js)
            self.fields["body"].widget.attrs["data-mention-url"] = mention_url
            self.fields["body"].widget.attrs["data-mention-label"] = gettext("People to mention")
        self.fields["attachments"].widget.attrs["accept"] = ",".join(settings.ATTACHMENT_TYPES)
        self.fields["attachments"].help_text = gettext(
            "Up to %(count)d files of %(size)s each: PDF, images, text, CSV, Office, "
            "OpenDocument or ZIP."
        ) % {
            "count": comment_services.MAX_FILES,
            "size": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        }

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["attachments"]
        problems = []
        for file in files:
            try:
                file_services.attachment_check(file)
            except ValidationError as error:
                problems.extend(error.messages)
        if len(files) > comment_services.MAX_FILES:
            problems.append(
                gettext("Attach at most %(max)d files at once.")
                % {"max": comment_services.MAX_FILES}
            )
        if problems:
            raise ValidationError(problems)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and not data.get("attachments") and not self.errors:
            self.add_error("body", gettext("Write a comment or choose a file."))
        return data


# "Move to" in the list's bulk actions: the board's moves, and reopening a finished task.
BULK_MOVES: list[tuple[str, Any]] = [
    (State.IN_PROGRESS, _("In progress")),
    (State.IN_REVIEW, _("In review")),
    (State.DONE, _("Done")),
    (State.CANCELLED, _("Cancelled")),
    (bulk_services.REOPEN, _("Reopened")),
]


class TaskBulkForm(forms.Form):
    """The list's change to the chosen tasks: `action` says which of the three fields counts."""

    ASSIGN, PRIORITY, MOVE = "assign", "priority", "move"

    tasks = forms.Field(required=False)
    action = forms.ChoiceField(choices=[(ASSIGN, ASSIGN), (PRIORITY, PRIORITY), (MOVE, MOVE)])
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), *reversed(Priority.choices)],
    )
    to = forms.ChoiceField(label=_("Move to"), required=False, choices=[("", "—"), *BULK_MOVES])

    def __init__(
        self, *args: Any, member: Any, members: list[Any] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "bulk-%s")
        super().__init__(*args, **kwargs)
        if members is None:
            members = list(selectors.assignable_members(member))
        self.members = {m.code: m for m in members}
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((code, str(m.user)) for code, m in self.members.items()),
        ]

    def clean_tasks(self) -> list[str]:
        # Codes, checked against what the member may see by the view's selector.
        codes = list(dict.fromkeys(cast(QueryDict, self.data).getlist("tasks")))
        if not codes:
            raise ValidationError(gettext("Choose at least one task."))
        if len(codes) > bulk_services.MAX_TASKS:
            raise ValidationError(
                gettext("Choose at most %(max)d tasks at once.") % {"max": bulk_services.MAX_TASKS}
            )
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = {self.ASSIGN: "assignee", self.PRIORITY: "priority", self.MOVE: "to"}
        name = needed.get(data.get("action", ""))
        if name and not data.get(name):
            message = {
                "assignee": gettext("Choose whom to assign the tasks to."),
                "priority": gettext("Choose a priority."),
                "to": gettext("Choose the state to move the tasks to."),
            }[name]
            self.add_error(name, message)
        return data

    def selects(self) -> list[dict[str, Any]]:
        """The three fields with their options and the action each button applies."""
        return [
            {
                "name": name,
                "action": action,
                "id": f"bulk-{name}",
                "label": self.fields[name].label,
                "options": self.fields[name].choices,  # type: ignore[attr-defined]
            }
            for name, action in (
                ("assignee", self.ASSIGN),
                ("priority", self.PRIORITY),
                ("to", self.MOVE),
            )
        ]

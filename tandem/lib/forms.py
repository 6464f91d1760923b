"""Site-wide form pieces: the renderer (every field with its label, help text and inline errors),
the browser's own date and time pickers, text areas that keep a local draft, and the form whose
errors go back to its page (`form_kept`, `kept_form`)."""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext_lazy as _

from tandem.lib.http import SeeOther

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def draft_textarea(key: str, rows: int = 4) -> forms.Textarea:
    """A text area whose text the browser keeps under `key` until the server has saved it (the
    view then calls `tandem.lib.drafts.draft_saved`)."""
    return forms.Textarea(
        attrs={
            "rows": rows,
            "data-draft": key,
            "data-draft-restored": _("Draft restored from this browser."),
        }
    )


class FormRenderer(TemplatesSetting):
    form_template_name = "includes/form.html"
    field_template_name = "includes/field.html"


# A form with errors goes back to its page: what was entered and the errors wait in the session,
# under the page's path and the form's name, until that page shows them once.
KEPT_SESSION_KEY = "kept_forms"
KEPT_AT_MOST = 8  # forms posted in other tabs and never shown again do not pile up
# Not kept: the page renders a fresh CSRF token and form key with the form.
NOT_KEPT = ("csrfmiddlewaretoken", "form_key")

FormT = TypeVar("FormT", bound=forms.BaseForm)


def form_kept(request: HttpRequest, form: forms.BaseForm, *, name: str, to: str) -> HttpResponse:
    """Answer a POST whose `form` has errors: back to the page `to` (303), which shows the form
    named `name` with what was entered and its errors (`kept_form`). Files are not kept."""
    key = f"{urlsplit(to).path} {name}"
    kept: dict[str, Any] = request.session.get(KEPT_SESSION_KEY) or {}
    kept.pop(key, None)
    kept[key] = {
        "data": {
            field: request.POST.getlist(field) for field in request.POST if field not in NOT_KEPT
        },
        "errors": form.errors.get_json_data(),
    }
    while len(kept) > KEPT_AT_MOST:
        kept.pop(next(iter(kept)))
    request.session[KEPT_SESSION_KEY] = kept
    response = SeeOther(to)
    # Nothing was done, so the form's one-time key stays free for the corrected form
    # (tandem/workspaces/idempotency.py reads this mark).
    response.form_key_unspent = True  # type: ignore[attr-defined]
    return response


def kept_form(
    request: HttpRequest, name: str, form_class: type[FormT], **kwargs: Any
) -> FormT | None:
    """The form `name` that `form_kept` sent back to this page, bound to what was entered and
    with the errors it had, once; None when there is none."""
    kept: dict[str, Any] | None = request.session.get(KEPT_SESSION_KEY)
    entry = kept.pop(f"{request.path} {name}", None) if kept else None
    if entry is None:
        return None
    request.session[KEPT_SESSION_KEY] = kept
    data = QueryDict(mutable=True)
    for field, values in entry["data"].items():
        data.setlist(field, values)
    form = form_class(data, **kwargs)
    # The errors it had when it was posted, not those of a second check: a service's refusal
    # (a deadline already passed, a task moved on) is not found by the form's own checks.
    form.cleaned_data = {}
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    for field, errors in entry["errors"].items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, ValidationError(error["message"], code=error["code"] or None))
    return form

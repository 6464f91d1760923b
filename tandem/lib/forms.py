"""Site-wide form pieces: the renderer (every field with its label, help text and inline errors),
the browser's own date and time pickers, and text areas that keep a local draft."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

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

"""Forms of the town hall: a new announcement, and a reply."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.lib.forms import draft_textarea
from tandem.rhythm.models import Audience
from tandem.rhythm.services.announcements import MAX_BODY, MAX_TITLE

MARKDOWN_HELP = _("Markdown works: **bold**, _italic_, lists, links.")


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, help_text=MARKDOWN_HELP)
    audience = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=[
            (Audience.EVERYONE, _("Everyone in the workspace, partners included")),
            (Audience.ASSISTANTS, _("The assistants only")),
        ],
        help_text=_(
            "Everyone includes the partners: the agencies that employ some of the assistants. "
            "They read the announcement and its replies."
        ),
        initial=Audience.EVERYONE,
        widget=forms.RadioSelect,
    )
    important = forms.BooleanField(
        label=_("Ask everyone to acknowledge it"),
        required=False,
        help_text=_(
            "For an important update: each person is asked to confirm they have read it, "
            "and you see who has not."
        ),
    )

    def __init__(self, *args: Any, draft_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget = draft_textarea(draft_key, rows=8)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=MAX_BODY, help_text=MARKDOWN_HELP)

    def __init__(self, *args: Any, draft_key: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "reply_%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].widget = draft_textarea(draft_key, rows=4)

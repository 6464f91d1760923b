"""The town hall tells partners that "everyone" includes them, where announcements are written
and where they are read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.rhythm.models import Audience
from tandem.rhythm.services.announcements import announcement_post

pytestmark = pytest.mark.django_db

LIST = reverse("rhythm:announcements", kwargs={"ws": "alice"})
NEW = reverse("rhythm:announcement_new", kwargs={"ws": "alice"})


def test_the_form_says_everyone_includes_the_partners(owner, client_for):
    html = client_for(owner).get(NEW).content.decode()
    assert "Everyone in the workspace, partners included" in html
    assert (
        "Everyone includes the partners: the agencies that employ some of the assistants." in html
    )


def test_a_partner_reads_that_everyone_includes_them(owner, partner, assistant, client_for):
    to_everyone = announcement_post(actor=owner, title="Office closed on Friday", body="Rest.")
    announcement_post(actor=owner, title="New SOP", body="Read it.", audience=Audience.ASSISTANTS)
    http = client_for(partner)
    html = http.get(LIST).content.decode()
    assert "As a partner you are part of everyone here" in html
    assert "to everyone, partners included" in html
    assert "New SOP" not in html
    page = http.get(
        reverse("rhythm:announcement", kwargs={"ws": "alice", "code": to_everyone.code})
    ).content.decode()
    assert "to everyone, partners included" in page
    # Only partners are told they are part of everyone; the others see the label alone.
    other = client_for(assistant).get(LIST).content.decode()
    assert "As a partner you are part of everyone here" not in other
    assert "to everyone, partners included" in other

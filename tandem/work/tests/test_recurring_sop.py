"""A recurring task's SOP link reaches every task it creates, and survives an edit on the page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.work.models import Task
from tandem.work.services import recurring as services
from tandem.work.tests.test_recurring import make_template

pytestmark = pytest.mark.django_db

SOP = "https://docs.example.com/sop/inbox"


def test_it_copies_the_sop_link_into_each_occurrence(owner, assistant):
    template = make_template(
        owner, assistant, now=datetime(2026, 3, 2, tzinfo=UTC), sop_url=f" {SOP} "
    )
    assert template.sop_url == SOP
    services.recurring_run_due(datetime(2026, 3, 3, 12, tzinfo=UTC))
    task = Task.objects.get(recurring=template)
    assert task.sop_url == SOP


def test_it_refuses_a_sop_link_that_is_not_an_address(owner, assistant):
    with pytest.raises(ValidationError):
        make_template(owner, assistant, sop_url="not a link")


def test_the_form_shows_and_keeps_the_sop_link(owner, assistant, client_for):
    template = make_template(owner, assistant, sop_url=SOP)
    path = reverse("work:recurring_edit", kwargs={"ws": "alice", "code": template.code})
    http = client_for(owner)
    assert SOP in http.get(path).content.decode()
    response = http.post(
        path,
        {
            "title": "Clear the inbox",
            "assignee": str(assistant.pk),
            "cadence": "weekdays",
            "due_time": "17:00",
            "priority": "2",
            "sop_url": SOP,
            "form_key": "edit-sop",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.title, template.sop_url) == ("Clear the inbox", SOP)

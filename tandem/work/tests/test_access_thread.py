"""Every URL of the thread, its files and time on tasks, for every kind of visitor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import add_member, make_user
from tandem.testing import VISITORS, Case, Team, check_access, only, url
from tandem.work.models import Attachment, Task, TimeEntry
from tandem.work.services import comments as comment_services
from tandem.work.services import tasks as task_services
from tandem.work.services import time as time_services
from tandem.work.services.previews import attachment_thumbnail_make
from tandem.work.tests.factories import make_task
from tandem.work.tests.test_previews import png_bytes
from tandem.work.views import comments as comment_views
from tandem.work.views import timelog as timelog_views
from tandem.workspaces.models import Role


@dataclass
class World(Team):
    task: Task  # assigned to the assistant, in progress, with a file and a logged entry
    attachment: Attachment
    entry: TimeEntry
    image: Attachment  # with its thumbnail


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(owner, manager, assistant, partner, outsider) -> World:
    task = make_task(owner, assistant)
    task_services.task_acknowledge(actor=assistant, task=task)
    task_services.task_start(actor=assistant, task=task)
    comment = comment_services.comment_add(
        actor=owner,
        task=task,
        body="The template",
        files=[SimpleUploadedFile("template.pdf", b"%PDF-1.4 x")],
    )
    entry = time_services.time_entry_add(
        actor=assistant, task=task, minutes=30, day=date(2026, 1, 5)
    )
    picture = comment_services.comment_add(
        actor=assistant, task=task, body="", files=[SimpleUploadedFile("shot.png", png_bytes())]
    ).attachments.get()
    assert attachment_thumbnail_make(picture.pk)
    return World(
        owner,
        manager,
        assistant,
        partner,
        outsider,
        task,
        comment.attachments.get(),
        entry,
        picture,
    )


def task_url(name: str, **kwargs):
    return url(f"work:{name}", code=lambda w: w.task.code, **kwargs)


# Only the assignee times the task; owners and managers see it but may not (403); a partner does
# not see it at all (404).
ASSIGNEE_ONLY = {"owner": 403, "manager": 403, "assistant": 302, "partner": 404}
# Who sees the task may read and talk about it.
READERS = {"owner": 200, "manager": 200, "assistant": 200, "partner": 404}
# Each corrects their own entry, owners anyone's: the entry is the assistant's.
CORRECTORS = {"owner": 302, "manager": 403, "assistant": 302, "partner": 404}

MATRIX = [
    Case(
        "comment_add",
        "post",
        task_url("comment_add"),
        {"owner": 302, "manager": 302, "assistant": 302, "partner": 404},
        {"body": "A question"},
    ),
    Case("mentions", "get", task_url("mentions"), READERS, {"q": "a"}),
    Case(
        "attachment_thumbnail",
        "get",
        task_url("attachment_thumbnail", file_code=lambda w: w.image.code),
        READERS,
    ),
    Case(
        "attachment",
        "get",
        task_url("attachment", file_code=lambda w: w.attachment.code),
        READERS,
    ),
    Case("timer_start", "post", task_url("timer_start"), ASSIGNEE_ONLY),
    Case("timer_stop", "post", task_url("timer_stop"), ASSIGNEE_ONLY),
    Case(
        "time_add",
        "post",
        task_url("time_add"),
        ASSIGNEE_ONLY,
        {"minutes": "1h 30m", "day": "2026-01-05", "note": "Calls"},
    ),
    Case("time_entries", "get", task_url("time_entries"), READERS),
    Case(
        "time_entry_edit",
        "post",
        task_url("time_entry_edit"),
        CORRECTORS,
        lambda w: {"entry": w.entry.pk, "minutes": "45", "day": "2026-01-05"},
    ),
    Case(
        "time_entry_delete",
        "post",
        task_url("time_entry_delete"),
        CORRECTORS,
        lambda w: {"entry": w.entry.pk, "confirmed": "1"},
    ),
    # Undoing a deletion: the entry of the world is there, so it is "back already" (302) for
    # those who may correct it.
    Case(
        "time_entry_restore",
        "post",
        task_url(
            "time_entry_restore", token=lambda w: time_services.time_entry_undo_token(w.entry)
        ),
        CORRECTORS,
    ),
    Case("time_summary", "get", url("work:time_summary"), only(200, "owner", "manager")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_it_gives_each_visitor_exactly_their_access(case, visitor, world, client_for, client):
    check_access(case, visitor, world, client_for, client)


@pytest.mark.django_db
@pytest.mark.parametrize("case", MATRIX, ids=lambda case: case.name)
def test_an_assistant_not_assigned_finds_nothing(case, world, workspace, client_for):
    other = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    data = case.data(world) if callable(case.data) else case.data
    response = getattr(client_for(other), case.method)(case.path(world), data)
    assert response.status_code == (403 if case.name == "time_summary" else 404)


@pytest.mark.django_db
def test_nothing_changed_for_those_refused(world, client_for):
    """The refusals above change nothing: the matrix's POSTs by the wrong people left no trace."""
    for visitor in ("manager", "partner", "outsider"):
        http = client_for(getattr(world, visitor))
        for case in MATRIX:
            if case.method == "post" and case.name != "comment_add":
                data = case.data(world) if callable(case.data) else case.data
                http.post(case.path(world), data)
    world.entry.refresh_from_db()
    assert world.entry.minutes == 30
    assert TimeEntry.objects.filter(task=world.task).count() == 1


def test_the_matrix_covers_every_url_of_the_thread_and_time():
    covered = {case.name for case in MATRIX}
    names = {pattern.name for pattern in comment_views.urlpatterns + timelog_views.urlpatterns}
    assert names == covered

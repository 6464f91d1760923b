"""The hand-in: the note, links and files an assignee gives with the work when they submit it,
shown at the top of the review, the latest one when the work comes back, the earlier ones in
the history."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.work.models import Attachment, State, Submission, Task
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a tiny test file\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def task(owner, assistant) -> Task:
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    return task


def upload(name: str = "Report.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def task_url(task: Task, name: str = "task") -> str:
    return reverse(f"work:{name}", kwargs={"ws": task.workspace.slug, "code": task.code})


def review_box(html: str) -> str:
    found = re.search(r'<section class="card action-card" id="review">.*?</section>', html, re.S)
    assert found, "no review box"
    return found[0]


def history(html: str) -> str:
    found = re.search(r'<ol class="history">.*?</ol>', html, re.S)
    assert found, "no history"
    return found[0]


def files_on_disk(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


# Services


def test_a_hand_in_keeps_the_note_links_and_files(task, assistant):
    services.task_submit(
        actor=assistant,
        task=task,
        note="The sheet is updated.",
        links="https://example.com/sheet\n\n  docs.example.com/report  ",
        files=[upload("Report Q4.pdf")],
    )
    task.refresh_from_db()
    assert task.state == State.IN_REVIEW
    submission = Submission.objects.get(task=task)
    assert submission.note == "The sheet is updated."
    assert submission.link_list == ["https://example.com/sheet", "https://docs.example.com/report"]
    assert submission.submitted_by == assistant
    assert submission.event == task.events.get(to_state=State.IN_REVIEW)
    [attachment] = submission.attachments.all()
    assert (attachment.name, attachment.task, attachment.comment) == ("Report Q4.pdf", task, None)
    assert attachment.file.read() == PDF


def test_a_link_that_is_no_web_address_changes_nothing(task, assistant, media):
    with pytest.raises(ValidationError) as error:
        services.task_submit(
            actor=assistant,
            task=task,
            links="https://example.com/ok\nnot an address",
            files=[upload()],
        )
    assert error.value.message_dict["links"] == ["“not an address” is not a web address."]
    task.refresh_from_db()
    assert task.state == State.ACKNOWLEDGED
    assert not Submission.objects.exists()
    assert not Attachment.objects.exists()
    assert files_on_disk(media) == []


def test_a_file_type_tandem_does_not_keep_changes_nothing(task, assistant, media):
    with pytest.raises(ValidationError) as error:
        services.task_submit(
            actor=assistant, task=task, note="Here", files=[upload("run.exe", b"MZ")]
        )
    assert "files" in error.value.message_dict
    task.refresh_from_db()
    assert task.state == State.ACKNOWLEDGED
    assert not Submission.objects.exists()
    assert files_on_disk(media) == []


def test_a_refused_submission_leaves_no_file_behind(owner, assistant, media):
    task = make_task(owner, assistant)  # not acknowledged: it cannot be submitted yet
    with pytest.raises(ValidationError):
        services.task_submit(actor=assistant, task=task, files=[upload()])
    assert not Attachment.objects.exists()
    assert files_on_disk(media) == []


def test_only_the_assignee_hands_in(task, owner):
    with pytest.raises(PermissionDenied):
        services.task_submit(actor=owner, task=task, note="For her")
    assert not Submission.objects.exists()


def test_a_move_on_the_board_is_a_hand_in_without_words(task, assistant):
    services.task_move(actor=assistant, task=task, to=State.IN_REVIEW)
    submission = Submission.objects.get(task=task)
    assert (submission.note, submission.links) == ("", "")


# Views


def test_the_assignee_hands_in_a_note_a_link_and_a_file(task, owner, assistant, client_for):
    response = client_for(assistant).post(
        task_url(task, "task_submit"),
        {
            "note": "Done: see https://example.com/preview",
            "links": "https://example.com/sheet",
            "files": [upload("Report Q4.pdf")],
            "form_key": "h1",
        },
    )
    assert response.status_code == 302
    html = client_for(owner).get(task_url(task)).content.decode()
    box = review_box(html)
    attachment = Attachment.objects.get()
    file_url = reverse(
        "work:attachment", kwargs={"ws": "alice", "code": task.code, "file_code": attachment.code}
    )
    # At the top of the review: before the review's form.
    assert box.index("hand-in") < box.index("<form")
    assert "Done: see" in box
    assert '<a href="https://example.com/preview"' in box
    assert '<a href="https://example.com/sheet"' in box
    assert f'href="{file_url}"' in box
    assert "Report Q4.pdf" in box
    assert client_for(owner).get(file_url).status_code == 200


def test_a_bad_link_is_explained_and_the_note_kept(task, assistant, client_for):
    response = client_for(assistant).post(
        task_url(task, "task_submit"),
        {"note": "Nearly there", "links": "see the drive", "form_key": "h2"},
        follow=True,
    )
    # Back on the task page's own address, with the error and what was typed.
    assert response.redirect_chain == [(task_url(task), 303)]
    html = response.content.decode()
    assert "“see the drive” is not a web address." in html
    assert "Nearly there</textarea>" in html
    task.refresh_from_db()
    assert task.state == State.ACKNOWLEDGED


def test_the_review_shows_the_latest_hand_in_and_history_keeps_both(
    task, owner, assistant, client_for
):
    services.task_submit(actor=assistant, task=task, note="First version")
    services.task_review(actor=owner, task=task, accept=False, feedback="Add the totals.")
    services.task_submit(
        actor=assistant, task=task, note="With totals", links="https://example.com/v2"
    )
    html = client_for(owner).get(task_url(task)).content.decode()
    box = review_box(html)
    assert "With totals" in box
    assert "First version" not in box
    past = history(html)
    assert "First version" in past
    assert "With totals" in past
    assert '<a href="https://example.com/v2"' in past


def test_the_assignee_reads_their_hand_ins_in_the_history(task, assistant, client_for):
    services.task_submit(actor=assistant, task=task, note="Sheet updated", files=[upload()])
    html = client_for(assistant).get(task_url(task)).content.decode()
    assert 'id="review"' not in html
    handed_in = re.search(r'<section[^>]*id="handed-in">.*?</section>', html, re.S)
    assert handed_in
    assert "Sheet updated" in handed_in[0]
    assert "Sheet updated" in history(html)
    assert "Report.pdf" in history(html)


def test_a_hand_in_file_reaches_only_those_who_see_the_task(
    task, owner, assistant, partner, outsider, client_for
):
    services.task_submit(actor=assistant, task=task, files=[upload()])
    attachment = Attachment.objects.get()
    kwargs = {"code": task.code, "file_code": attachment.code}
    path = reverse("work:attachment", kwargs={"ws": "alice", **kwargs})
    assert client_for(owner).get(path).status_code == 200
    assert client_for(assistant).get(path).status_code == 200
    assert client_for(partner).get(path).status_code == 404
    assert client_for(outsider).get(path).status_code == 404
    foreign = reverse("work:attachment", kwargs={"ws": "olaf", **kwargs})
    assert client_for(outsider).get(foreign).status_code == 404


def test_the_task_page_reads_hand_ins_in_a_fixed_number_of_queries(
    task, owner, assistant, client_for
):
    http = client_for(owner)

    def hand_in_again(*files: SimpleUploadedFile) -> int:
        services.task_submit(actor=assistant, task=task, note="Again", files=list(files))
        services.task_review(actor=owner, task=task, accept=False, feedback="Once more.")
        with CaptureQueriesContext(connection) as queries:
            assert http.get(task_url(task)).status_code == 200
        return len(queries.captured_queries)

    http.get(task_url(task))  # warm-up: the session learns the workspace
    once = hand_in_again(upload())
    assert hand_in_again(upload("a.pdf"), upload("b.pdf"), upload("c.pdf")) == once
    assert hand_in_again() == once


def test_a_hand_in_without_words_says_so_in_the_review_only(task, owner, assistant, client_for):
    services.task_move(actor=assistant, task=task, to=State.IN_REVIEW)
    html = client_for(owner).get(task_url(task)).content.decode()
    assert "Handed in without a note, links or files." in review_box(html)
    assert "hand-in" not in history(html)

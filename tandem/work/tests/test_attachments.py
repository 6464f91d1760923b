"""Files on a task's thread: checked on the server, kept out of public reach, and sent only to
members who may see the task."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import add_member, make_user
from tandem.work.models import Attachment, Comment
from tandem.work.services import comments as services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a tiny test file\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def task(owner, assistant):
    return make_task(owner, assistant)


def upload(name: str, content: bytes = PDF, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def comment_url(task) -> str:
    return reverse("work:comment_add", kwargs={"ws": task.workspace.slug, "code": task.code})


def file_url(attachment) -> str:
    return reverse(
        "work:attachment",
        kwargs={"ws": "alice", "code": attachment.task.code, "file_code": attachment.code},
    )


def attach(task, member, *files):
    return services.comment_add(actor=member, task=task, body="", files=list(files))


def test_it_keeps_a_file_with_a_comment(task, assistant, media):
    comment = services.comment_add(
        actor=assistant, task=task, body="The report", files=[upload("Report Q4.pdf")]
    )
    [attachment] = comment.attachments.all()
    assert attachment.task == task
    assert attachment.uploaded_by == assistant
    assert attachment.name == "Report Q4.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF)
    stored = Path(attachment.file.path)
    assert stored.read_bytes() == PDF
    # Under MEDIA_ROOT, in a folder named by the attachment's random code.
    assert stored.is_relative_to(media)
    assert attachment.code in stored.parts


def test_it_keeps_a_file_alone(task, owner):
    comment = attach(task, owner, upload("notes.txt", b"hello", "text/plain"))
    assert comment.body == ""
    assert comment.attachments.get().content_type == "text/plain"


def test_it_types_a_file_by_its_name_not_by_what_the_browser_claims(task, owner):
    comment = attach(task, owner, upload("photo.PNG", b"\x89PNG....", "text/html"))
    assert comment.attachments.get().content_type == "image/png"


@pytest.mark.parametrize(
    "name",
    ["page.html", "vector.svg", "run.exe", "script.js", "archive.tar.gz", "no_extension", ".pdf"],
)
def test_it_refuses_a_type_not_on_the_allow_list(task, owner, name, media):
    with pytest.raises(ValidationError) as error:
        attach(task, owner, upload(name))
    assert "not a file type Tandem keeps" in str(error.value)
    assert not Comment.objects.exists()
    assert not Attachment.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def test_it_refuses_a_file_that_is_too_large(task, owner, settings, media):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        services.comment_add(
            actor=owner, task=task, body="Big one", files=[upload("big.pdf", b"x" * 1025)]
        )
    assert "larger than" in str(error.value)
    assert not Comment.objects.exists()
    assert not media.exists() or not any(media.rglob("*.pdf"))


def test_it_refuses_an_empty_file(task, owner):
    with pytest.raises(ValidationError):
        attach(task, owner, upload("empty.pdf", b""))


def test_one_bad_file_refuses_them_all(task, owner):
    with pytest.raises(ValidationError):
        attach(task, owner, upload("good.pdf"), upload("bad.exe"))
    assert not Attachment.objects.exists()


def test_it_refuses_too_many_files(task, owner):
    with pytest.raises(ValidationError):
        attach(task, owner, *(upload(f"f{n}.pdf") for n in range(services.MAX_FILES + 1)))


# Uploading through the form


def test_it_uploads_through_the_comment_form(task, assistant, client_for):
    response = client_for(assistant).post(
        comment_url(task), {"body": "", "attachments": [upload("a.pdf"), upload("b.csv", b"x,y")]}
    )
    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["a.pdf", "b.csv"]


def test_the_form_says_why_a_file_is_refused_and_saves_nothing(task, assistant, client_for):
    http = client_for(assistant)
    response = http.post(
        comment_url(task), {"body": "With a bad file", "attachments": [upload("evil.html")]}
    )
    assert response.status_code == 303
    assert response["Location"] == reverse("work:task", kwargs={"ws": "alice", "code": task.code})
    page = http.get(response["Location"]).content.decode()
    assert "“evil.html” is not a file type Tandem keeps." in page
    assert "With a bad file" in page  # what was written is still in the form
    assert not Comment.objects.exists()


def test_the_form_refuses_a_file_that_is_too_large(task, assistant, client_for, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    http = client_for(assistant)
    response = http.post(
        comment_url(task), {"body": "", "attachments": [upload("big.pdf", b"x" * 11)]}
    )
    assert response.status_code == 303
    page = http.get(response["Location"]).content.decode()
    assert "“big.pdf” is larger than 10\xa0bytes." in page
    assert not Attachment.objects.exists()


def test_it_lists_files_on_the_thread(task, owner, assistant, client_for):
    attachment = attach(task, owner, upload("brief.pdf")).attachments.get()
    page = client_for(assistant).get(
        reverse("work:task", kwargs={"ws": "alice", "code": task.code})
    )
    assert file_url(attachment) in page.content.decode()
    assert "brief.pdf" in page.content.decode()


# Downloading


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_serves_a_pdf_inline_without_sniffing(task, owner, assistant, client_for):
    attachment = attach(task, owner, upload("brief.pdf")).attachments.get()
    response = client_for(assistant).get(file_url(attachment))
    assert response.status_code == 200
    assert read(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert 'filename="brief.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_serves_other_files_as_downloads(task, owner, client_for):
    attachment = attach(task, owner, upload("sheet.csv", b"a,b\n1,2\n")).attachments.get()
    response = client_for(owner).get(file_url(attachment))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "text/csv"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_gives_404_to_everyone_who_may_not_see_the_task(
    task, owner, manager, workspace, partner, outsider, client_for, client
):
    attachment = attach(task, owner, upload("brief.pdf")).attachments.get()
    other = add_member(workspace, make_user("bo@example.com", "Bo Assistant"), Role.ASSISTANT)
    assert client_for(manager).get(file_url(attachment)).status_code == 200
    for member in (other, partner, outsider):
        assert client_for(member).get(file_url(attachment)).status_code == 404
    anonymous = client.get(file_url(attachment))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))


def test_it_gives_404_for_a_file_of_another_task(task, owner, assistant, client_for):
    attachment = attach(task, owner, upload("brief.pdf")).attachments.get()
    other_task = make_task(owner, assistant, title="Other")
    wrong = reverse(
        "work:attachment",
        kwargs={"ws": "alice", "code": other_task.code, "file_code": attachment.code},
    )
    assert client_for(owner).get(wrong).status_code == 404


def test_it_checks_workspace_isolation(task, owner, outsider, client_for):
    theirs = make_task(outsider)
    attachment = attach(theirs, outsider, upload("secret.pdf")).attachments.get()
    for ws in ("alice", "olaf"):
        url = reverse(
            "work:attachment", kwargs={"ws": ws, "code": theirs.code, "file_code": attachment.code}
        )
        assert client_for(owner).get(url).status_code == 404


def test_a_missing_file_on_disk_is_not_found(task, owner, client_for):
    attachment = attach(task, owner, upload("gone.pdf")).attachments.get()
    Path(attachment.file.path).unlink()
    assert client_for(owner).get(file_url(attachment)).status_code == 404

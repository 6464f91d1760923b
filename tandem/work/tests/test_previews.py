"""Image thumbnails: made by a job from real images, once, refused safely for what is not a
plain image; served only to those who may see the task; the thread shows the link until then."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tandem.lib import images
from tandem.work import jobs, selectors
from tandem.work.models import Attachment
from tandem.work.services import comments as comment_services
from tandem.work.services.previews import attachment_thumbnail_make
from tandem.work.tests.factories import make_task

pytestmark = pytest.mark.django_db


def png_bytes(size: tuple[int, int] = (800, 600), mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (30, 120, 200, 128) if mode == "RGBA" else (30, 120, 200)).save(
        out, "PNG"
    )
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (1200, 900)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def task(owner, assistant):
    return make_task(owner, assistant)


def attach(task, member, name: str, content: bytes) -> Attachment:
    comment = comment_services.comment_add(
        actor=member, task=task, body="", files=[SimpleUploadedFile(name, content)]
    )
    return comment.attachments.get()


def thumbnail_url(attachment, ws: str = "alice") -> str:
    return reverse(
        "work:attachment_thumbnail",
        kwargs={"ws": ws, "code": attachment.task.code, "file_code": attachment.code},
    )


def test_it_makes_a_png_thumbnail_of_a_transparent_png(task, assistant):
    attachment = attach(task, assistant, "shot.png", png_bytes())
    assert attachment.wants_thumbnail
    assert jobs.make_thumbnail.call_local(attachment.pk) is True
    attachment.refresh_from_db()
    assert attachment.thumbnail.name.endswith(".png")
    assert (attachment.thumbnail_width, attachment.thumbnail_height) == (480, 360)
    with attachment.thumbnail.open("rb") as handle, Image.open(handle) as made:
        assert made.format == "PNG" and made.size == (480, 360) and made.mode == "RGBA"


def test_it_makes_a_jpeg_thumbnail_of_a_photo(task, assistant):
    attachment = attach(task, assistant, "photo.jpg", jpeg_bytes())
    assert attachment_thumbnail_make(attachment.pk)
    attachment.refresh_from_db()
    with attachment.thumbnail.open("rb") as handle, Image.open(handle) as made:
        assert made.format == "JPEG" and made.size == (480, 360)


def test_the_job_is_idempotent(task, assistant, media):
    attachment = attach(task, assistant, "shot.png", png_bytes())
    assert attachment_thumbnail_make(attachment.pk)
    attachment.refresh_from_db()
    first = attachment.thumbnail.name
    assert attachment_thumbnail_make(attachment.pk) is False
    attachment.refresh_from_db()
    assert attachment.thumbnail.name == first
    folder = Path(attachment.thumbnail.path).parent
    assert [path.name for path in folder.iterdir()] == [Path(first).name]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.png", png_bytes()[:60], "unreadable"),  # a truncated PNG
        ("fake.jpg", b"%PDF-1.4 not an image at all", "not an image"),
        ("garbage.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 junk", "unreadable"),
    ],
)
def test_it_refuses_what_is_not_a_readable_image_once(task, assistant, name, content, reason):
    attachment = attach(task, assistant, name, content)
    assert attachment_thumbnail_make(attachment.pk) is False
    attachment.refresh_from_db()
    assert not attachment.thumbnail
    assert attachment.preview_refused in (reason, "not an image", "unreadable")
    assert not attachment.wants_thumbnail  # not tried again
    assert attachment.pk not in selectors.attachments_wanting_thumbnails()


def test_it_refuses_a_decompression_bomb_before_decoding_it():
    # 20000 × 20000 pixels of one colour compress to a few hundred kilobytes.
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    with pytest.raises(images.Refused, match="too many pixels"):
        images.thumbnail(io.BytesIO(out.getvalue()), max_pixels=50_000_000 // 200)
    with pytest.raises(images.Refused, match="too many pixels"):
        images.thumbnail(io.BytesIO(out.getvalue()))


def test_it_makes_no_thumbnail_of_a_pdf(task, assistant):
    attachment = attach(task, assistant, "brief.pdf", b"%PDF-1.4 x")
    assert not attachment.wants_thumbnail
    assert attachment_thumbnail_make(attachment.pk) is False
    attachment.refresh_from_db()
    assert not attachment.thumbnail and not attachment.preview_refused


def test_the_sweep_makes_the_thumbnails_lost_jobs_left(task, assistant):
    done = attach(task, assistant, "a.png", png_bytes())
    lost = attach(task, assistant, "b.png", png_bytes())
    attachment_thumbnail_make(done.pk)
    assert selectors.attachments_wanting_thumbnails() == [lost.pk]
    assert jobs.make_missed_thumbnails.call_local() == 1
    assert selectors.attachments_wanting_thumbnails() == []


def test_the_thread_shows_the_link_until_the_thumbnail_exists(task, owner, assistant, client_for):
    attachment = attach(task, assistant, "shot.png", png_bytes())
    http = client_for(owner)
    html = http.get(task.get_absolute_url()).content.decode()
    assert "shot.png" in html and 'class="attachment-preview"' not in html
    attachment_thumbnail_make(attachment.pk)
    html = http.get(task.get_absolute_url()).content.decode()
    assert f'<img src="{thumbnail_url(attachment)}" alt="shot.png" width="480" height="360"' in html


def test_a_missing_thumbnail_file_does_not_break_the_page(task, owner, assistant, client_for):
    attachment = attach(task, assistant, "shot.png", png_bytes())
    attachment_thumbnail_make(attachment.pk)
    attachment.refresh_from_db()
    Path(attachment.thumbnail.path).unlink()
    http = client_for(owner)
    assert http.get(task.get_absolute_url()).status_code == 200
    assert http.get(thumbnail_url(attachment)).status_code == 404


def test_it_serves_the_thumbnail_inline_to_those_who_see_the_task(
    task, owner, assistant, partner, outsider, client_for
):
    attachment = attach(task, assistant, "shot.png", png_bytes())
    assert client_for(owner).get(thumbnail_url(attachment)).status_code == 404  # not yet
    attachment_thumbnail_make(attachment.pk)
    response = client_for(owner).get(thumbnail_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert client_for(partner).get(thumbnail_url(attachment)).status_code == 404
    assert client_for(outsider).get(thumbnail_url(attachment)).status_code == 404


def test_it_checks_workspace_isolation(task, assistant, outsider, client_for):
    attachment = attach(task, assistant, "shot.png", png_bytes())
    attachment_thumbnail_make(attachment.pk)
    http = client_for(outsider)
    assert http.get(thumbnail_url(attachment)).status_code == 404
    assert http.get(thumbnail_url(attachment, ws="olaf")).status_code == 404


def test_posting_an_image_queues_its_thumbnail(task, assistant, client_for, settings):
    url = reverse("work:comment_add", kwargs={"ws": "alice", "code": task.code})
    client_for(assistant).post(
        url, {"body": "", "attachments": [SimpleUploadedFile("shot.png", png_bytes())]}
    )
    attachment = Attachment.objects.get(task=task)
    # Tests run the queue at once (immediate mode): the thumbnail is there.
    attachment.refresh_from_db()
    assert attachment.thumbnail


def test_it_serves_a_pdf_inline_in_the_browsers_viewer(task, owner, assistant, client_for):
    attachment = attach(task, assistant, "brief.pdf", b"%PDF-1.4 x")
    url = reverse(
        "work:attachment",
        kwargs={"ws": "alice", "code": task.code, "file_code": attachment.code},
    )
    response = client_for(owner).get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")

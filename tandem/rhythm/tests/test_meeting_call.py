"""A meeting's video-call link: validated, a "Join" button while the meeting is on (from ten
minutes before it starts to its end), a plain link otherwise, and in the calendar feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tandem.rhythm.models import Meeting, MeetingSeries
from tandem.rhythm.tests.test_meeting_access import make_weekday_series, series_data

pytestmark = pytest.mark.django_db

CALL = "https://meet.google.com/abc-defg-hij"


class _World:
    def __init__(self, owner, assistant) -> None:
        self.owner, self.assistant = owner, assistant


def create_url() -> str:
    return reverse("rhythm:meeting_create", kwargs={"ws": "alice"})


def page(meeting: Meeting) -> str:
    return reverse("rhythm:meeting", kwargs={"ws": "alice", "code": meeting.code})


def test_a_meeting_takes_a_call_link(owner, assistant, client_for):
    data = series_data(_World(owner, assistant)) | {"call_url": CALL}
    response = client_for(owner).post(create_url(), data)
    assert response.status_code == 302
    assert MeetingSeries.objects.get().call_url == CALL


def test_the_call_link_is_optional(owner, assistant, client_for):
    response = client_for(owner).post(create_url(), series_data(_World(owner, assistant)))
    assert response.status_code == 302
    assert MeetingSeries.objects.get().call_url == ""


@pytest.mark.parametrize(
    "bad", ["http://zoom.us/j/123", "javascript:alert(1)", "not a link", "ftp://x.example"]
)
def test_a_call_link_must_be_an_https_address(owner, assistant, client_for, bad):
    data = series_data(_World(owner, assistant)) | {"call_url": bad}
    response = client_for(owner).post(create_url(), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "full https:// link" in html
    assert "Look back at the month." in html  # the rest of the form is kept
    assert not MeetingSeries.objects.exists()


def test_a_link_without_its_scheme_is_read_as_https(owner, assistant, client_for):
    data = series_data(_World(owner, assistant)) | {"call_url": "zoom.us/j/123456"}
    assert client_for(owner).post(create_url(), data).status_code == 302
    assert MeetingSeries.objects.get().call_url == "https://zoom.us/j/123456"


def test_editing_changes_the_call_link(owner, assistant, client_for):
    series = make_weekday_series(owner, [owner, assistant], call_url=CALL)
    edit = reverse("rhythm:meeting_series_edit", kwargs={"ws": "alice", "code": series.code})
    data = series_data(_World(owner, assistant)) | {
        "cadence": "daily",
        "starts_on": series.starts_on.isoformat(),
        "call_url": "https://teams.microsoft.com/l/meetup-join/1",
    }
    assert client_for(owner).post(edit, data).status_code == 302
    series.refresh_from_db()
    assert series.call_url == "https://teams.microsoft.com/l/meetup-join/1"


def test_join_shows_while_the_meeting_is_on_and_a_plain_link_otherwise(
    owner, assistant, client_for
):
    series = make_weekday_series(owner, [owner, assistant], call_url=CALL)
    meeting = Meeting.objects.filter(series=series, starts_at__gt=timezone.now()).first()
    http = client_for(assistant)
    with time_machine.travel(meeting.starts_at - timedelta(minutes=30), tick=False):
        early = http.get(page(meeting)).content.decode()
    assert "call-join" not in early
    assert 'class="call-link" href="https://meet.google.com/abc-defg-hij"' in early
    for moment in (
        meeting.starts_at - timedelta(minutes=10),
        meeting.ends_at - timedelta(seconds=1),
    ):
        with time_machine.travel(moment, tick=False):
            on = http.get(page(meeting)).content.decode()
        assert 'class="button small call-join" href="https://meet.google.com/abc-defg-hij"' in on
    with time_machine.travel(meeting.ends_at, tick=False):
        after = http.get(page(meeting)).content.decode()
    assert "call-join" not in after and "call-link" in after


def test_the_meetings_list_shows_join_for_the_meeting_that_is_on(owner, assistant, client_for):
    series = make_weekday_series(owner, [owner, assistant], call_url=CALL)
    meeting = Meeting.objects.filter(series=series, starts_at__gt=timezone.now()).first()
    with time_machine.travel(meeting.starts_at + timedelta(minutes=5), tick=False):
        html = client_for(owner).get(reverse("rhythm:meetings", kwargs={"ws": "alice"}))
    assert html.content.decode().count("call-join") == 1


def test_a_cancelled_meeting_offers_no_call(owner, assistant):
    series = make_weekday_series(owner, [owner, assistant], call_url=CALL)
    meeting = Meeting.objects.filter(series=series, starts_at__gt=timezone.now()).first()
    meeting.cancelled_at = timezone.now()
    assert not meeting.call_is_open(meeting.starts_at)


def test_the_calendar_feed_gives_the_call_as_the_location(owner, assistant, client):
    from tandem.rhythm.services.feeds import calendar_feed_ensure

    make_weekday_series(owner, [owner, assistant], call_url=CALL)
    feed = calendar_feed_ensure(user=assistant.user)
    body = client.get(reverse("insights:calendar_feed", kwargs={"token": feed.token})).content
    text = body.decode().replace("\r\n ", "")
    assert f"LOCATION:{CALL}" in text
    assert f"Video call: {CALL}" in text

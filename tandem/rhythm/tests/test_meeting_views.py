"""The meeting pages: the list (its queries pinned), the form with its prefill and the kickoff
template, the occurrence with everyone's local time, the summary form and its action items."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import add_member, make_user
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.rhythm.models import ActionItem, Meeting, MeetingKind, MeetingSeries, MeetingSummary
from tandem.rhythm.tests.test_meeting_access import (
    make_weekday_series,
    past_meeting_with_summary,
    series_data,
)
from tandem.work.models import Task
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db


def list_url(ws: str = "alice") -> str:
    return reverse("rhythm:meetings", kwargs={"ws": ws})


def page(meeting: Meeting) -> str:
    return reverse("rhythm:meeting", kwargs={"ws": "alice", "code": meeting.code})


def test_the_list_page_makes_as_many_queries_for_many_meetings_as_for_few(
    owner, manager, assistant, client_for, django_assert_num_queries
):
    http = client_for(owner)
    first = make_weekday_series(owner, [owner, assistant])
    past_meeting_with_summary(first, assistant)
    http.get(list_url())  # warm the session and the content types
    with django_assert_num_queries(10) as few:
        response = http.get(list_url())
    assert response.status_code == 200
    for number in range(4):
        series = make_weekday_series(owner, [owner, manager, assistant], title=f"Meeting {number}")
        past_meeting_with_summary(series, assistant)
    with django_assert_num_queries(len(few.captured_queries)):
        response = http.get(list_url())
    assert response.content.count(b"Meeting 3") > 1


def test_the_list_shows_what_is_owed_and_what_waits_for_acknowledgement(
    owner, assistant, client_for
):
    series = make_weekday_series(owner, [owner, assistant])
    written = past_meeting_with_summary(series, assistant)
    owed = Meeting.objects.filter(series=series, ends_at__lte=timezone.now()).exclude(pk=written.pk)
    assert owed.exists()
    mine = client_for(assistant).get(list_url()).content.decode()
    assert "Summaries you owe" in mine
    assert page(owed.first()) in mine
    theirs = client_for(owner).get(list_url()).content.decode()
    assert "Summaries to acknowledge" in theirs
    assert page(written) in theirs
    assert "Plan a kickoff" in theirs
    assert "Plan a kickoff" not in mine


def test_the_occurrence_shows_each_attendees_local_time(owner, assistant, client_for):
    series = make_weekday_series(owner, [owner, assistant])
    meeting = Meeting.objects.filter(series=series, starts_at__gt=timezone.now()).first()
    html = client_for(owner).get(page(meeting)).content.decode()
    # 09:00 in Oslo is 15:00 or 16:00 in Manila, depending on Oslo's daylight-saving time.
    manila = meeting.starts_at.astimezone(timezone.get_fixed_timezone(8 * 60)).strftime("%H:%M")
    assert f"{manila} for Ana Assistant, Asia/Manila" in html
    assert "09:00</strong>" in html
    assert "Unblock each other." in html
    assert "<li>Done</li>" in html  # the agenda, rendered from Markdown


def test_creating_needs_a_purpose(owner, assistant, client_for):
    http = client_for(owner)
    data = series_data(_World(owner, assistant)) | {"purpose": ""}
    response = http.post(reverse("rhythm:meeting_create", kwargs={"ws": "alice"}), data)
    assert response.status_code == 400
    assert "Say what the meeting is for" in response.content.decode()
    assert not MeetingSeries.objects.exists()


def test_creating_plans_the_meetings_and_tells_the_attendees(owner, assistant, client_for):
    http = client_for(owner)
    response = http.post(
        reverse("rhythm:meeting_create", kwargs={"ws": "alice"}),
        series_data(_World(owner, assistant)),
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.summary_by == assistant  # the first assistant, by default
    first = series.meetings.order_by("starts_at").first()
    assert response["Location"] == page(first)
    assert series.meetings.count() >= 4
    assert Notification.objects.get(kind=kinds.MEETING_ADDED).recipient == assistant


def test_the_form_is_prefilled_from_the_query(owner, assistant, client_for):
    http = client_for(owner)
    response = http.get(
        reverse("rhythm:meeting_create", kwargs={"ws": "alice"}),
        {"attendees": assistant.code, "at": "16:30", "zone": "Asia/Manila", "weekday": "2"},
    )
    form = response.context["form"]
    assert form.initial["at"].strftime("%H:%M") == "16:30"
    assert form.initial["zone"] == "Asia/Manila"
    assert form.initial["weekdays"] == [2]
    assert form.initial["starts_on"].weekday() == 2
    assert set(form.initial["attendees"]) == {owner.pk, assistant.pk}
    # Nonsense is ignored, not an error.
    response = http.get(
        reverse("rhythm:meeting_create", kwargs={"ws": "alice"}),
        {"at": "25:99", "zone": "Mars/Olympus", "weekday": "9"},
    )
    assert response.status_code == 200
    assert response.context["form"].initial["zone"] == owner.user.time_zone


def test_the_kickoff_template_for_a_new_assistant(owner, client_for):
    lukas = add_member(
        owner.workspace, make_user("lukas@example.com", "Lukas P", "Europe/Vilnius"), Role.ASSISTANT
    )
    http = client_for(owner)
    response = http.get(
        reverse("rhythm:meeting_create", kwargs={"ws": "alice"}),
        {"kind": "kickoff", "attendees": lukas.code},
    )
    initial = response.context["form"].initial
    assert initial["kind"] == MeetingKind.KICKOFF
    assert initial["cadence"] == "once"
    assert initial["title"] == "Kickoff with Lukas P"
    assert initial["summary_by"] == lukas.pk
    agenda = initial["agenda"]
    for heading in (
        "## The business: background and goals",
        "## Strengths and weaknesses",
        "## Why we outsource",
        "## The first urgent tasks",
        "## Your role",
    ):
        assert heading in agenda
    assert agenda.count("## ") == 5


def test_the_kickoff_agenda_is_in_the_creators_language(owner, client_for):
    owner.user.language = "nb"
    owner.user.save(update_fields=["language"])
    response = client_for(owner).get(
        reverse("rhythm:meeting_create", kwargs={"ws": "alice"}), {"kind": "kickoff"}
    )
    assert response.status_code == 200
    assert response.context["form"].initial["agenda"].count("## ") == 5


def test_the_writer_submits_the_summary_with_action_items(owner, assistant, client_for):
    series = make_weekday_series(owner, [owner, assistant])
    meeting = (
        Meeting.objects.filter(series=series, ends_at__lte=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    http = client_for(assistant)
    assert "Write the summary" in http.get(page(meeting)).content.decode()
    data = {
        "form_key": "summary-1",
        "decisions": "We move the launch to December.",
        "notes": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "Update the landing page",
        "items-0-owner": str(assistant.pk),
        "items-0-due_date": "2030-01-10",
        "items-1-text": "",
        "items-2-text": "Tell the printer",
    }
    url = reverse("rhythm:meeting_summary", kwargs={"ws": "alice", "code": meeting.code})
    assert http.post(url, data).status_code == 302
    assert http.post(url, data).status_code == 302  # the same form sent twice
    summary = MeetingSummary.objects.get()
    assert [item.text for item in summary.action_items.all()] == [
        "Update the landing page",
        "Tell the printer",
    ]
    # Owner's view: the acknowledge button, and the item becomes a task in one click.
    html = client_for(owner).get(page(meeting)).content.decode()
    assert "I have read the summary" in html
    assert "on time" in html
    item = ActionItem.objects.get(text="Update the landing page")
    task_url = reverse("rhythm:action_item_task", kwargs={"ws": "alice", "code": item.code})
    owner_http = client_for(owner)
    assert owner_http.post(task_url, {"form_key": "a"}).status_code == 302
    assert owner_http.post(task_url, {"form_key": "b"}).status_code == 302
    assert Task.objects.count() == 1
    item.refresh_from_db()
    assert item.task.assignee == assistant
    assert reverse("work:task", kwargs={"ws": "alice", "code": item.task.code}) in (
        client_for(owner).get(page(meeting)).content.decode()
    )


def test_a_summary_without_decisions_is_refused(owner, assistant, client_for):
    series = make_weekday_series(owner, [owner, assistant])
    meeting = Meeting.objects.filter(series=series, ends_at__lte=timezone.now()).first()
    http = client_for(assistant)
    response = http.post(
        reverse("rhythm:meeting_summary", kwargs={"ws": "alice", "code": meeting.code}),
        {
            "decisions": "",
            "notes": "Kept notes",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-text": "",
            "items-0-due_date": "2030-01-01",
        },
    )
    # Back to the meeting's page, which shows the errors and what was entered, once.
    assert response.status_code == 303
    page = reverse("rhythm:meeting", kwargs={"ws": "alice", "code": meeting.code})
    assert response["Location"].split("#")[0] == page
    html = http.get(page).content.decode()
    assert "Write what was decided" in html
    assert "Say what is to be done, or clear the row." in html
    assert "Kept notes" in html and 'value="2030-01-01"' in html
    assert "Write what was decided" not in http.get(page).content.decode()
    assert not MeetingSummary.objects.exists()


def test_editing_and_ending_a_series(owner, assistant, client_for):
    series = make_weekday_series(owner, [owner, assistant])
    http = client_for(owner)
    edit = reverse("rhythm:meeting_series_edit", kwargs={"ws": "alice", "code": series.code})
    form = http.get(edit).context["form"]
    assert form.initial["purpose"] == "Unblock each other."
    data = series_data(_World(owner, assistant)) | {"title": "Stand-up", "form_key": "e1"}
    assert http.post(edit, data).status_code == 302
    series.refresh_from_db()
    assert series.title == "Stand-up"
    end = reverse("rhythm:meeting_series_end", kwargs={"ws": "alice", "code": series.code})
    assert http.post(end, {"form_key": "e2"}).status_code == 302
    assert not series.meetings.filter(
        starts_at__gt=timezone.now() + timedelta(minutes=1), cancelled_at__isnull=True
    ).exists()
    assert http.get(edit).status_code == 302  # an ended series is not edited


class _World:
    """What series_data needs: the owner and an attendee."""

    def __init__(self, owner, assistant) -> None:
        self.owner, self.assistant = owner, assistant


def test_the_occurrence_makes_as_many_queries_for_many_action_items_as_for_few(
    owner, manager, assistant, client_for, django_assert_num_queries
):
    series = make_weekday_series(owner, [owner, manager, assistant])
    meeting = past_meeting_with_summary(series, assistant)
    http = client_for(assistant)  # the writer: the page shows the items and the correction form
    http.get(page(meeting))  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        response = http.get(page(meeting))
    assert response.status_code == 200
    summary = MeetingSummary.objects.get(meeting=meeting)
    for number in range(6):
        ActionItem.objects.create(
            workspace_id=summary.workspace_id,
            summary=summary,
            text=f"Item {number}",
            owner=manager,
            position=number + 1,
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = http.get(page(meeting))
    assert response.content.count(b"Item 5") > 1

"""Answering a check-in, blockers (notified, made a task, replied to), the feed and one's own
check-ins."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import add_member, make_user
from tandem.notify import kinds
from tandem.notify.models import Notification
from tandem.rhythm.models import CheckIn, CheckInReply, CheckInState
from tandem.rhythm.services import checkins as services
from tandem.work.models import State, Task
from tandem.workspaces.models import Role

# Friday 2026-03-06, 02:00 UTC: 10:00 in Manila, 03:00 in Oslo.
NOW = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def prompt(owner, member, *, at: time = time(9), now: datetime = NOW) -> CheckIn:
    """Schedule the member and run the sweep: their check-in of today."""
    services.checkin_schedule_save(
        actor=owner,
        member=member,
        spec=services.ScheduleSpec(at=at, weekdays=(0, 1, 2, 3, 4, 5, 6)),
        now=now - timedelta(days=1),
    )
    services.checkins_prompt_due(now)
    return CheckIn.objects.select_related("workspace", "member__user").get(
        member=member, local_date=member.local_today(now)
    )


def answer_url(check_in: CheckIn) -> str:
    return reverse("rhythm:checkin", kwargs={"ws": "alice", "code": check_in.code})


def feed_url() -> str:
    return reverse("rhythm:checkins", kwargs={"ws": "alice"})


ANSWER = {
    "answer_0": "Answered the support inbox.",
    "answer_1": "The newsletter.",
    "blockers": "",
    "mood": "4",
}


def test_the_member_answers_from_the_prompts_link(owner, assistant, client_for):
    check_in = prompt(owner, assistant)
    http = client_for(assistant)
    note = Notification.objects.get(kind=kinds.CHECK_IN_DUE)
    followed = http.post(reverse("notify:read", kwargs={"ws": "alice", "code": note.code}))
    assert followed["Location"] == answer_url(check_in)
    page = http.get(answer_url(check_in)).content.decode()
    assert "What did you finish?" in page
    assert "Anything blocking you?" in page
    assert 'type="radio" name="mood" value="5"' in page
    assert 'data-draft="alice:checkin:' in page
    response = http.post(answer_url(check_in), ANSWER)
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.state == CheckInState.ANSWERED
    assert check_in.answered_at == NOW
    assert check_in.mood == 4
    assert check_in.answers == [
        {"question": "What did you finish?", "answer": "Answered the support inbox."},
        {"question": "What is next?", "answer": "The newsletter."},
    ]
    assert not Notification.objects.filter(kind=kinds.CHECK_IN_BLOCKER).exists()


def test_an_invalid_answer_is_400_and_keeps_the_input(owner, assistant, client_for):
    check_in = prompt(owner, assistant)
    response = client_for(assistant).post(
        answer_url(check_in), {"answer_0": "", "answer_1": "", "blockers": "Still no login."}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write at least a line about your day." in body
    assert "Choose how you are, from 1 to 5." in body
    assert "Still no login." in body
    check_in.refresh_from_db()
    assert check_in.state == CheckInState.PENDING


def test_the_answer_form_is_safe_to_send_twice(owner, manager, assistant, client_for):
    check_in = prompt(owner, assistant)
    http = client_for(assistant)
    data = ANSWER | {"blockers": "No login for the shop.", "form_key": "k-1"}
    assert http.post(answer_url(check_in), data).status_code == 302
    assert http.post(answer_url(check_in), data).status_code == 302
    assert Notification.objects.filter(kind=kinds.CHECK_IN_BLOCKER).count() == 2  # owner, manager


def test_custom_questions_are_asked(owner, assistant, client_for):
    services.checkin_schedule_save(
        actor=owner,
        member=assistant,
        spec=services.ScheduleSpec(at=time(9), weekdays=(4,), questions=("What did you learn?",)),
        now=NOW - timedelta(days=1),
    )
    services.checkins_prompt_due(NOW)
    check_in = CheckIn.objects.get()
    http = client_for(assistant)
    assert "What did you learn?" in http.get(answer_url(check_in)).content.decode()
    http.post(answer_url(check_in), {"answer_0": "Pivot tables.", "mood": "5"})
    check_in.refresh_from_db()
    assert check_in.answers == [{"question": "What did you learn?", "answer": "Pivot tables."}]


def test_a_blocker_tells_the_owners_and_managers(owner, manager, assistant, client_for):
    check_in = prompt(owner, assistant)
    client_for(assistant).post(answer_url(check_in), ANSWER | {"blockers": "No shop login."})
    notes = Notification.objects.filter(kind=kinds.CHECK_IN_BLOCKER)
    assert {note.recipient_id for note in notes} == {owner.pk, manager.pk}
    assert {note.url for note in notes} == {answer_url(check_in)}
    assert notes[0].message == "Ana Assistant is blocked, says their check-in."


def test_a_missed_check_in_can_be_answered_late(owner, assistant, client_for):
    check_in = prompt(owner, assistant)
    later = NOW + timedelta(days=1)
    services.checkins_mark_missed(later)
    with time_machine.travel(later, tick=False):
        http = client_for(assistant)
        assert "can still be answered" in http.get(answer_url(check_in)).content.decode()
        assert http.post(answer_url(check_in), ANSWER).status_code == 302
        check_in.refresh_from_db()
        assert check_in.state == CheckInState.ANSWERED
        assert check_in.answered_late
        page = client_for(owner).get(answer_url(check_in)).content.decode()
    assert "Answered late" in page


def test_a_delegator_reads_but_cannot_answer(owner, assistant, client_for):
    check_in = prompt(owner, assistant)
    http = client_for(owner)
    page = http.get(answer_url(check_in)).content.decode()
    assert "has not answered yet" in page
    assert 'name="mood"' not in page
    assert http.post(answer_url(check_in), ANSWER).status_code == 403


def test_a_blocker_becomes_a_draft_task_once(owner, assistant, client_for):
    check_in = prompt(owner, assistant)
    blocker = "No login for the accounting tool.\nI asked IT on Monday."
    client_for(assistant).post(answer_url(check_in), ANSWER | {"blockers": blocker})
    http = client_for(owner)
    task_url = reverse("rhythm:checkin_blocker_task", kwargs={"ws": "alice", "code": check_in.code})
    response = http.post(task_url)
    task = Task.objects.get()
    assert response["Location"] == reverse(
        "work:task_edit", kwargs={"ws": "alice", "code": task.code}
    )
    assert task.title == "Unblock Ana Assistant: No login for the accounting tool."
    assert blocker in task.outcome
    day = check_in.local_date
    assert f"check-in of {day:%a} {day.day} {day:%b}." in task.outcome
    assert task.state == State.DRAFT
    assert task.assignee is None
    assert task.created_by == owner
    check_in.refresh_from_db()
    assert check_in.blocker_task == task
    # Again (another owner, a second tab): the same task, not a second one.
    again = http.post(task_url)
    assert again["Location"] == reverse("work:task", kwargs={"ws": "alice", "code": task.code})
    assert Task.objects.count() == 1
    page = http.get(answer_url(check_in)).content.decode()
    assert task.title in page


def test_no_task_from_a_check_in_without_a_blocker(owner, assistant, client_for):
    check_in = prompt(owner, assistant)
    client_for(assistant).post(answer_url(check_in), ANSWER)
    task_url = reverse("rhythm:checkin_blocker_task", kwargs={"ws": "alice", "code": check_in.code})
    assert client_for(owner).post(task_url).status_code == 302
    assert not Task.objects.exists()


def test_a_reply_tells_the_member(owner, assistant, client_for):
    check_in = prompt(owner, assistant)
    client_for(assistant).post(answer_url(check_in), ANSWER | {"blockers": "No login."})
    reply_url = reverse("rhythm:checkin_reply", kwargs={"ws": "alice", "code": check_in.code})
    response = client_for(owner).post(
        reply_url, {"body": "Sent you the login.", "next": feed_url()}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(feed_url())
    reply = CheckInReply.objects.get()
    assert (reply.author, reply.body, reply.workspace_id) == (
        owner,
        "Sent you the login.",
        check_in.workspace_id,
    )
    note = Notification.objects.get(kind=kinds.CHECK_IN_REPLY)
    assert note.recipient == assistant
    assert "Sent you the login." in client_for(assistant).get(answer_url(check_in)).content.decode()


def test_an_empty_reply_is_explained_on_the_check_ins_page(owner, assistant, client_for):
    check_in = prompt(owner, assistant)
    reply_url = reverse("rhythm:checkin_reply", kwargs={"ws": "alice", "code": check_in.code})
    http = client_for(owner)
    response = http.post(reply_url, {"body": "  "})
    assert response.status_code == 303
    assert response["Location"] == reverse(
        "rhythm:checkin", kwargs={"ws": "alice", "code": check_in.code}
    )
    assert "Write your reply." in http.get(response["Location"]).content.decode()
    assert not CheckInReply.objects.exists()


# The feed


def test_the_feed_shows_each_member_in_their_own_day(owner, workspace, assistant, client_for):
    answered = prompt(owner, assistant)
    client_for(assistant).post(answer_url(answered), ANSWER | {"blockers": "No shop login."})
    # Oslo: 03:00, asked at 02:00 and still waiting.
    waiting_user = make_user("wes@example.com", "Wes Waiting", "Europe/Oslo")
    waiting = add_member(workspace, waiting_user, Role.ASSISTANT)
    prompt(owner, waiting, at=time(2))
    # New York: 21:00 on Thursday; asked at 22:00, later "today" in their own day.
    later_user = make_user("lee@example.com", "Lee Later", "America/New_York")
    later = add_member(workspace, later_user, Role.ASSISTANT)
    services.checkin_schedule_save(
        actor=owner, member=later, spec=services.ScheduleSpec(at=time(22), weekdays=(3,))
    )
    page = client_for(owner).get(feed_url()).content.decode()
    today = page.split('id="today"')[1].split('id="waiting"')[0]
    assert "Ana Assistant" in today and "No shop login." in today
    assert "Make it a task" in today
    waiting_part = page.split('id="waiting"')[1].split('id="later"')[0]
    assert "Wes Waiting" in waiting_part
    later_part = page.split('id="later"')[1].split('id="earlier"')[0]
    assert "Lee Later" in later_part
    assert "22:00 in America/New_York" in later_part


def test_the_feed_lists_recent_missed_check_ins_and_earlier_days(owner, assistant, client_for):
    yesterday = prompt(owner, assistant, now=NOW - timedelta(days=1))
    services.checkins_mark_missed(NOW)
    prompt(owner, assistant)
    page = client_for(owner).get(feed_url()).content.decode()
    missed = page.split('id="missed"')[1].split('id="earlier"')[0]
    assert "Thu 5 Mar" in missed
    earlier = page.split('id="earlier"')[1]
    assert yesterday.code in earlier


def test_a_blocker_of_an_earlier_day_is_shown_once(owner, assistant, client_for):
    yesterday = prompt(owner, assistant, now=NOW - timedelta(days=1))
    services.checkin_answer(
        actor=assistant,
        check_in=yesterday,
        answers=[("What did you finish?", "The invoices.")],
        blockers="No login for the bank.",
        mood=2,
        now=NOW - timedelta(days=1),
    )
    prompt(owner, assistant)
    page = client_for(owner).get(feed_url()).content.decode()
    assert page.count(f'id="checkin-{yesterday.code}"') == 1
    assert page.count(f'id="reply-body-{yesterday.code}"') == 1
    blockers = page.split('id="blockers"')[1].split('id="earlier"')[0]
    assert "No login for the bank." in blockers


def _many(owner, workspace, client_for, count: int) -> None:
    for index in range(count):
        user = make_user(f"a{index}@example.com", f"Assistant {index}", "Asia/Manila")
        member = add_member(workspace, user, Role.ASSISTANT)
        for back in range(3):
            check_in = prompt(owner, member, now=NOW - timedelta(days=back))
            if back != 1:
                services.checkin_answer(
                    actor=member,
                    check_in=check_in,
                    answers=[("What did you finish?", "Things.")],
                    blockers="A blocker." if index % 2 else "",
                    mood=3,
                    now=NOW,
                )
                services.checkin_reply(actor=owner, check_in=check_in, body="Thanks!")
    services.checkins_mark_missed(NOW)


def test_the_feed_reads_a_fixed_number_of_rows(
    owner, workspace, assistant, client_for, django_assert_num_queries
):
    prompt(owner, assistant, now=NOW - timedelta(days=1))
    prompt(owner, assistant)
    http = client_for(owner)
    http.get(feed_url())  # the session settles
    with CaptureQueriesContext(connection) as few:
        assert http.get(feed_url()).status_code == 200
    _many(owner, workspace, client_for, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        response = http.get(feed_url())
    assert response.content.decode().count('class="checkin-card') >= 6
    assert len(few.captured_queries) <= 16


def test_the_assistants_page_shows_their_own_check_ins(owner, manager, assistant, client_for):
    old = prompt(owner, assistant, now=NOW - timedelta(days=1))
    services.checkin_answer(
        actor=assistant, check_in=old, answers=[("Q", "Old answer.")], blockers="", mood=3
    )
    services.checkin_reply(actor=owner, check_in=old, body="Nice work.")
    today = prompt(owner, assistant)
    other = prompt(owner, manager, at=time(1))
    page = client_for(assistant).get(feed_url()).content.decode()
    assert "Your check-in today" in page
    assert answer_url(today) in page
    assert "Old answer." in page and "Nice work." in page
    assert other.code not in page


def test_the_assistants_page_has_a_fixed_number_of_queries(
    owner, assistant, client_for, django_assert_num_queries
):
    http = client_for(assistant)
    prompt(owner, assistant, now=NOW - timedelta(days=1))
    prompt(owner, assistant)
    http.get(feed_url())
    with CaptureQueriesContext(connection) as few:
        http.get(feed_url())
    for back in range(2, 9):
        check_in = prompt(owner, assistant, now=NOW - timedelta(days=back))
        services.checkin_reply(actor=owner, check_in=check_in, body="Hello")
    with django_assert_num_queries(len(few.captured_queries)):
        http.get(feed_url())


def test_the_demo_is_made_once(owner, manager, assistant, partner, workspace):
    from tandem.rhythm.demo.checkins import create_checkins_demo

    lukas = add_member(
        workspace, make_user("lukas@example.com", "Lukas", "Europe/Vilnius"), Role.ASSISTANT
    )
    people = {
        "owner@demo.test": owner,
        "manager@demo.test": manager,
        "ana@demo.test": assistant,
        "lukas@demo.test": lukas,
        "partner@demo.test": partner,
    }
    create_checkins_demo(workspace, people)
    rows = list(CheckIn.objects.filter(member=assistant))
    assert len(rows) >= 5
    assert sum(row.state == CheckInState.MISSED for row in rows) == 1
    assert sum(row.has_blocker for row in rows) == 1
    assert lukas.check_in_schedule.at == time(16, 30)
    create_checkins_demo(workspace, people)
    assert CheckIn.objects.count() == len(rows)


def test_the_default_questions_read_in_each_readers_language(owner, assistant, client_for):
    assistant.user.language = "it"
    assistant.user.save(update_fields=["language"])
    check_in = prompt(owner, assistant)
    form = client_for(assistant).get(answer_url(check_in)).content.decode()
    assert "Cosa hai completato?" in form
    client_for(assistant).post(answer_url(check_in), ANSWER | {"answer_1": "La newsletter."})
    check_in.refresh_from_db()
    assert check_in.answers[0]["question"] == "Cosa hai completato?"  # as it was asked
    owner.user.language = "nb"
    owner.user.save(update_fields=["language"])
    norwegian = client_for(owner).get(answer_url(check_in)).content.decode()
    assert "Hva har du gjort ferdig?" in norwegian and "Cosa hai completato?" not in norwegian
    owner.user.language = "en"
    owner.user.save(update_fields=["language"])
    english = client_for(owner).get(feed_url()).content.decode()
    assert "What did you finish?" in english and "La newsletter." in english


def test_a_question_of_ones_own_stays_as_it_was_asked(owner, assistant, client_for):
    services.checkin_schedule_save(
        actor=owner,
        member=assistant,
        spec=services.ScheduleSpec(at=time(9), weekdays=(4,), questions=("Hvilke kunder ringte?",)),
        now=NOW - timedelta(days=1),
    )
    services.checkins_prompt_due(NOW)
    check_in = CheckIn.objects.get(member=assistant)
    client_for(assistant).post(
        answer_url(check_in), {"answer_0": "Tre.", "blockers": "", "mood": "3"}
    )
    page = client_for(owner).get(answer_url(check_in)).content.decode()
    assert "Hvilke kunder ringte?" in page

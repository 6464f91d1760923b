from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.work.models import Comment, State, Task, TimeEntry
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import FormSubmission

pytestmark = pytest.mark.django_db


def task_url(task: Task, name: str = "task") -> str:
    return reverse(f"work:{name}", kwargs={"ws": task.workspace.slug, "code": task.code})


def brief_form(**overrides: str) -> dict[str, str]:
    return {
        "title": "Book the venue",
        "outcome": "The team meets in person once a year.",
        "deliverable": "A confirmed booking.",
        "acceptance_criteria": "Room for 12, near the station.",
        "due_date": "2026-12-04",
        "due_time": "",
        "priority": "3",
        "estimate_minutes": "45",
        "resources": "",
        "sop_url": "",
        "assignee": "",
    } | overrides


def test_it_creates_a_task_from_a_brief(owner, assistant, client_for):
    response = client_for(owner).post(
        reverse("work:task_new", kwargs={"ws": "alice"}),
        brief_form(assignee=str(assistant.pk), form_key="k1"),
    )
    task = Task.objects.get()
    assert response["Location"] == task_url(task)
    assert (task.state, task.assignee, task.priority) == (State.ASSIGNED, assistant, 3)


def test_a_second_submission_of_the_same_form_creates_nothing(owner, client_for):
    http = client_for(owner)
    url = reverse("work:task_new", kwargs={"ws": "alice"})
    first = http.post(url, brief_form(form_key="same-key"))
    second = http.post(url, brief_form(form_key="same-key"))
    assert Task.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert FormSubmission.objects.count() == 1


def test_it_keeps_the_input_and_explains_a_missing_title(owner, client_for):
    response = client_for(owner).post(
        reverse("work:task_new", kwargs={"ws": "alice"}), brief_form(title="", form_key="k2")
    )
    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert b"Room for 12, near the station." in response.content
    assert not Task.objects.exists()
    assert not FormSubmission.objects.exists()  # the key is not spent on a failed form


def test_the_clarity_check_answers_while_typing(owner, client_for):
    response = client_for(owner).post(
        reverse("work:brief_check", kwargs={"ws": "alice"}),
        {"title": "Do it asap", "outcome": "", "due_date": "2026-12-04"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b"<mark>asap</mark>" in response.content
    assert b"the outcome: why it matters" in response.content
    assert b"a deadline" not in response.content


def test_the_clarity_check_shows_on_the_task_for_both_sides(owner, assistant, client_for):
    task = make_task(owner, assistant, outcome="", deliverable="Whatever works")
    for who in (owner, assistant):
        page = client_for(who).get(task_url(task))
        assert b"Brief clarity" in page.content
        assert b"<mark>whatever</mark>" in page.content


def test_the_assignee_acknowledges_with_a_proposed_date(owner, assistant, client_for):
    task = make_task(owner, assistant)
    response = client_for(assistant).post(
        task_url(task, "task_acknowledge"),
        {
            "questions": "",
            "deadline": "propose",
            "proposed_due_date": "2026-12-09",
            "proposed_due_time": "",
            "reason": "The venue answers on Mondays",
            "form_key": "a",
        },
    )
    assert response.status_code == 302
    page = client_for(owner).get(task_url(task))
    assert b"A new deadline is proposed" in page.content
    client_for(owner).post(task_url(task, "task_proposal"), {"decision": "accept", "form_key": "b"})
    task.refresh_from_db()
    assert str(task.due_date) == "2026-12-09"
    assert task.proposed_due_date is None


def test_a_proposal_without_a_reason_is_explained(owner, assistant, client_for):
    task = make_task(owner, assistant)
    http = client_for(assistant)
    response = http.post(
        task_url(task, "task_acknowledge"),
        {"deadline": "propose", "proposed_due_date": "2026-12-09", "reason": "", "form_key": "c"},
    )
    assert response.status_code == 303
    assert response["Location"] == task.get_absolute_url()
    task.refresh_from_db()
    assert task.state == State.ASSIGNED
    page = http.get(task.get_absolute_url()).content.decode()
    assert "Say why the deadline does not work for you." in page
    assert 'value="2026-12-09"' in page  # what was entered is still there


def test_im_stuck_is_one_click_and_the_answer_unblocks(owner, assistant, client_for):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    client_for(assistant).post(task_url(task, "task_stuck"), {"note": "No login", "form_key": "d"})
    task.refresh_from_db()
    assert task.state == State.BLOCKED
    page = client_for(owner).get(task_url(task))
    assert b"is stuck and asks for help" in page.content
    client_for(owner).post(task_url(task, "task_answer"), {"answer": "Sent it", "form_key": "e"})
    task.refresh_from_db()
    assert task.state == State.ACKNOWLEDGED


def test_the_review_with_feedback_is_shown_to_the_assistant(owner, assistant, client_for):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    client_for(owner).post(
        task_url(task, "task_review"),
        {"decision": "accept", "feedback": "Spot on, thank you!", "rating": "5", "form_key": "f"},
    )
    page = client_for(assistant).get(task_url(task))
    assert b"Spot on, thank you!" in page.content
    assert "★★★★★".encode() in page.content


def test_a_review_records_the_reviewers_minutes(owner, assistant, client_for):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    http = client_for(owner)
    page = http.get(task_url(task))
    opened = page.context["review_form"].fields["opened_at"].initial
    http.post(
        task_url(task, "task_review"),
        {"decision": "accept", "feedback": "", "opened_at": opened, "form_key": "g"},
    )
    assert TimeEntry.objects.filter(task=task, kind=TimeEntry.Kind.REVIEWING).count() == 1


def test_an_invalid_move_is_explained_and_changes_nothing(owner, assistant, client_for):
    task = make_task(owner, assistant)
    response = client_for(owner).post(task_url(task, "task_reopen"), {"form_key": "h"}, follow=True)
    assert "cannot become" in response.content.decode()
    task.refresh_from_db()
    assert task.state == State.ASSIGNED


def test_an_assistant_sees_only_their_own_tasks(owner, assistant, manager, client_for):
    theirs = make_task(owner, assistant)
    other = make_task(owner, manager)
    http = client_for(assistant)
    assert http.get(task_url(theirs)).status_code == 200
    assert http.get(task_url(other)).status_code == 404


def test_the_task_page_has_a_fixed_number_of_queries(
    owner, assistant, client_for, django_assert_max_num_queries
):
    task = make_task(owner, assistant)
    http = client_for(owner)
    http.get(task_url(task))
    with django_assert_max_num_queries(40) as few:
        http.get(task_url(task))
    for n in range(25):
        services.task_update_brief(
            actor=owner, task=task, brief=services.Brief(title=f"Version {n}")
        )
        Comment.objects.create(workspace=owner.workspace, task=task, author=owner, body=f"c{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        http.get(task_url(task))

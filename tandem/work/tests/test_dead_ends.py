"""No dead ends on a task's page: a form's errors come back to the page's own address, every
POST-only address sends a GET on to the page, and a cancellation asks first and can be undone."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tandem.acks.selectors import ack_pending_for
from tandem.work.models import State, Task
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task
from tandem.work.views import tasks as task_views

pytestmark = pytest.mark.django_db


def task_url(task: Task, name: str = "task") -> str:
    return reverse(f"work:{name}", kwargs={"ws": task.workspace.slug, "code": task.code})


def test_a_step_form_with_errors_shows_them_once_on_the_task_page(owner, assistant, client_for):
    task = make_task(owner, assistant)
    http = client_for(assistant)
    response = http.post(
        task_url(task, "task_acknowledge"),
        {"deadline": "propose", "proposed_due_date": "2026-12-09", "reason": ""},
    )
    assert response.status_code == 303
    assert response["Location"] == task_url(task)
    page = http.get(task_url(task)).content.decode()
    assert "Say why the deadline does not work for you." in page
    assert 'value="2026-12-09"' in page
    again = http.get(task_url(task)).content.decode()
    assert "Say why the deadline does not work for you." not in again


def test_kept_errors_show_only_to_the_person_who_made_them(owner, manager, assistant, client_for):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_start(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    client_for(owner).post(task_url(task, "task_review"), {"decision": "changes", "feedback": ""})
    page = client_for(manager).get(task_url(task)).content.decode()
    assert "errorlist" not in page


@pytest.mark.parametrize(
    "name",
    [p.name for p in task_views.urlpatterns if p.name not in ("task", "task_new", "task_edit")],
)
def test_every_post_only_address_sends_a_get_on_to_its_page(name, owner, assistant, client_for):
    task = make_task(owner, assistant)
    if name == "brief_check":
        url = reverse("work:brief_check", kwargs={"ws": task.workspace.slug})
        expected = reverse("work:task_new", kwargs={"ws": task.workspace.slug})
    else:
        url, expected = task_url(task, name), task_url(task)
    response = client_for(owner).get(url)
    assert response.status_code == 303
    assert response["Location"] == expected
    task.refresh_from_db()
    assert task.state == State.ASSIGNED


def test_a_get_of_another_workspaces_step_is_404(owner, assistant, outsider, client_for):
    task = make_task(owner, assistant)
    assert client_for(outsider).get(task_url(task, "task_cancel")).status_code == 404
    assert client_for(outsider).get(task_url(task, "task_undo_cancel")).status_code == 404


def test_cancelling_asks_first_without_javascript(owner, assistant, client_for):
    task = make_task(owner, assistant)
    http = client_for(owner)
    asked = http.post(task_url(task, "task_cancel"), {"form_key": "c1"})
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Cancel this task?" in html
    assert f'action="{task_url(task, "task_cancel")}"' in html
    assert 'name="form_key" value="c1"' in html and 'name="confirmed" value="1"' in html
    assert f'href="{task_url(task)}"' in html  # "No" goes back to the task
    task.refresh_from_db()
    assert task.state == State.ASSIGNED
    done = http.post(task_url(task, "task_cancel"), {"form_key": "c1", "confirmed": "1"})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.state == State.CANCELLED


def test_the_cancel_message_offers_undo_and_undo_restores_the_state(owner, assistant, client_for):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_start(actor=assistant, task=task)
    http = client_for(owner)
    http.post(task_url(task, "task_cancel"), {"confirmed": "1"})
    page = http.get(task_url(task)).content.decode()
    assert "The task is cancelled." in page
    assert f'action="{task_url(task, "task_undo_cancel")}"' in page
    response = http.post(task_url(task, "task_undo_cancel"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == State.IN_PROGRESS
    assert "The cancellation is undone" in http.get(task_url(task)).content.decode()
    # Only once: the task is no longer cancelled.
    http.post(task_url(task, "task_undo_cancel"))
    task.refresh_from_db()
    assert task.state == State.IN_PROGRESS


def test_undoing_a_cancelled_brief_asks_the_assignee_again(owner, assistant, client_for):
    task = make_task(owner, assistant)
    http = client_for(owner)
    http.post(task_url(task, "task_cancel"), {"confirmed": "1"})
    assert ack_pending_for(assistant, task) is None
    http.post(task_url(task, "task_undo_cancel"))
    task.refresh_from_db()
    assert task.state == State.ASSIGNED
    assert ack_pending_for(assistant, task) is not None


def test_only_delegators_undo_a_cancellation(owner, assistant, partner, outsider, client_for):
    task = make_task(owner, assistant)
    services.task_cancel(actor=owner, task=task)
    assert client_for(assistant).post(task_url(task, "task_undo_cancel")).status_code == 403
    assert client_for(partner).post(task_url(task, "task_undo_cancel")).status_code == 403
    assert client_for(outsider).post(task_url(task, "task_undo_cancel")).status_code == 404
    foreign = reverse("work:task_undo_cancel", kwargs={"ws": "olaf", "code": task.code})
    assert client_for(outsider).post(foreign).status_code == 404
    task.refresh_from_db()
    assert task.state == State.CANCELLED


def test_a_cancellation_on_the_board_offers_undo(owner, assistant, client_for):
    task = make_task(owner, assistant)
    http = client_for(owner)
    move = reverse("work:card_move", kwargs={"ws": task.workspace.slug, "code": task.code})
    http.post(move, {"to": State.CANCELLED})
    board = http.get(reverse("work:board", kwargs={"ws": task.workspace.slug})).content.decode()
    assert f'action="{task_url(task, "task_undo_cancel")}"' in board


# A deleted time entry comes back from its message.


def _entries(task: Task) -> str:
    return task_url(task, "time_entries")


def test_a_deleted_entry_can_be_restored_once_from_its_message(owner, assistant, client_for):
    from datetime import date

    from tandem.work.models import TimeEntry
    from tandem.work.services import time as time_services

    task = make_task(owner, assistant)
    entry = time_services.time_entry_add(
        actor=assistant, task=task, minutes=45, day=date(2026, 1, 5), note="Calls"
    )
    http = client_for(assistant)
    http.post(task_url(task, "time_entry_delete"), {"entry": entry.pk, "confirmed": "1"})
    assert not TimeEntry.objects.exists()
    page = http.get(_entries(task)).content.decode()
    assert "The entry is deleted." in page
    undo = re.search(r'action="([^"]*/restore/[^"]*)"', page).group(1)
    assert http.post(undo).status_code == 302
    back = TimeEntry.objects.get()
    assert (back.pk, back.minutes, back.note, back.member_id, back.created_at) == (
        entry.pk,
        45,
        "Calls",
        assistant.pk,
        entry.created_at,
    )
    assert "The entry is back." in http.get(_entries(task)).content.decode()
    http.post(undo)
    assert TimeEntry.objects.count() == 1
    assert "This entry is back already." in http.get(_entries(task)).content.decode()


def test_a_restore_address_works_only_for_its_task_and_who_may_correct(
    owner, manager, assistant, outsider, client_for
):
    from datetime import date

    from tandem.work.models import TimeEntry
    from tandem.work.services import time as time_services

    task = make_task(owner, assistant)
    other = make_task(owner, assistant, title="Other")
    entry = time_services.time_entry_add(
        actor=assistant, task=task, minutes=45, day=date(2026, 1, 5)
    )
    token = time_services.time_entry_delete(actor=assistant, entry=entry)

    def restore(on: Task, ws: str = "alice") -> str:
        return reverse(
            "work:time_entry_restore", kwargs={"ws": ws, "code": on.code, "token": token}
        )

    assert client_for(manager).post(restore(task)).status_code == 403
    assert client_for(outsider).post(restore(task)).status_code == 404
    assert client_for(outsider).post(restore(task, "olaf")).status_code == 404
    assert client_for(outsider).get(restore(task)).status_code == 404
    client_for(owner).post(restore(other))  # another task's address: refused
    assert client_for(owner).post(restore(task)[:-1] + "x/").status_code == 302
    assert not TimeEntry.objects.exists()  # a token changed by a letter restores nothing
    assert client_for(owner).get(restore(task)).status_code == 303
    assert client_for(owner).post(restore(task)).status_code == 302
    assert TimeEntry.objects.get().pk == entry.pk

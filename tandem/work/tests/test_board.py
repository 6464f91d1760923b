"""The board: a column per state, most urgent first, "show more", the card menu and moves."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from conftest import add_member, make_user
from tandem.work.management.commands.bench_data import generate_tasks
from tandem.work.models import State, Task
from tandem.work.services import tasks as services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db

BOARD = reverse("work:board", kwargs={"ws": "alice"})
# Session, user, membership, the switcher's workspaces; the column counts; one per column.
BOARD_QUERIES = 4 + 1 + 8


def card_url(task: Task, name: str) -> str:
    return reverse(f"work:{name}", kwargs={"ws": "alice", "code": task.code})


def column_url(state: str, page: int) -> str:
    return reverse("work:board_column", kwargs={"ws": "alice", "state": state}) + f"?page={page}"


def column_of(html: str, state: str) -> str:
    """The HTML of one column of the board."""
    match = re.search(
        rf'<section class="board-column" id="column-{state}".*?</section>', html, re.S
    )
    assert match, state
    return match[0]


def titles(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'class="card-title" href="[^"]+">([^<]+)</a>', html)]


def in_review(owner, assistant, **brief) -> Task:
    task = make_task(owner, assistant, **brief)
    services.task_acknowledge(actor=assistant, task=task)
    services.task_submit(actor=assistant, task=task)
    return task


def test_it_shows_a_column_per_state_and_no_cancelled_work(owner, assistant, client_for):
    make_task(owner, title="A draft")
    make_task(owner, assistant, title="Assigned work")
    services.task_cancel(actor=owner, task=make_task(owner, title="Called off"))
    html = client_for(owner).get(BOARD).content.decode()
    states = re.findall(r'<section class="board-column" id="column-(\w+)"', html)
    assert states == [
        "draft",
        "assigned",
        "acknowledged",
        "in_progress",
        "in_review",
        "changes_requested",
        "blocked",
        "done",
    ]
    assert titles(column_of(html, "draft")) == ["A draft"]
    assert titles(column_of(html, "assigned")) == ["Assigned work"]
    assert "Called off" not in html


def test_it_shows_an_assistant_only_their_own_tasks(owner, assistant, workspace, client_for):
    other = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    make_task(owner, assistant, title="Mine")
    make_task(owner, other, title="Theirs")
    make_task(owner, title="Nobody's draft")
    html = client_for(assistant).get(BOARD).content.decode()
    assert titles(html) == ["Mine"]
    # An assistant briefs nobody: no "New task" button.
    assert reverse("work:task_new", kwargs={"ws": "alice"}) not in html


def test_it_shows_a_partner_no_task_but_says_why(owner, assistant, partner, client_for):
    make_task(owner, assistant, title="Confidential client work")
    response = client_for(partner).get(BOARD)
    assert response.status_code == 200
    assert b"Confidential client work" not in response.content
    assert b"attendance and health" in response.content


def test_it_puts_the_most_urgent_card_first(owner, assistant, client_for):
    make_task(owner, assistant, title="Normal, later", priority=2, due_date=date(2026, 12, 20))
    make_task(owner, assistant, title="Normal, no deadline", priority=2, due_date=None)
    make_task(owner, assistant, title="Normal, sooner", priority=2, due_date=date(2026, 12, 10))
    make_task(owner, assistant, title="Urgent", priority=4, due_date=None)
    html = client_for(owner).get(BOARD).content.decode()
    assert titles(column_of(html, "assigned")) == [
        "Urgent",
        "Normal, sooner",
        "Normal, later",
        "Normal, no deadline",
    ]


def test_it_shows_each_columns_count_and_at_most_fifty_cards(owner, manager, assistant, client_for):
    generate_tasks(owner.workspace, delegators=[owner], assistants=[assistant], count=400, seed=3)
    counts = {state: Task.objects.filter(state=state).count() for state in State.values}
    assert counts[State.DONE] > 50  # the generator's spread
    html = client_for(manager).get(BOARD).content.decode()
    for state in ("draft", "in_progress", "done"):
        column = column_of(html, state)
        assert f'<span class="badge" data-count>{counts[state]}</span>' in column
        assert len(titles(column)) == min(50, counts[state])
    assert f'href="{column_url("done", 2)}"' in column_of(html, "done")


def test_it_shows_more_cards_of_a_column(owner, assistant, client_for):
    for number in range(1, 56):
        make_task(owner, assistant, title=f"Task {number:02}", due_date=date(2026, 12, 1))
    http = client_for(owner)
    html = http.get(BOARD).content.decode()
    assert titles(column_of(html, "assigned")) == [f"Task {n:02}" for n in range(1, 51)]

    more = http.get(column_url("assigned", 2), HTTP_HX_REQUEST="true").content.decode()
    assert titles(more) == [f"Task {n:02}" for n in range(51, 56)]
    assert "Show more" not in more  # the last page
    assert "<html" not in more  # only the cards, to append to the column

    page = http.get(column_url("assigned", 2))  # without JavaScript: a page of its own
    assert b"<html" in page.content
    assert titles(page.content.decode()) == [f"Task {n:02}" for n in range(51, 56)]


def test_it_answers_404_for_a_column_that_is_not_on_the_board(owner, client_for):
    http = client_for(owner)
    assert http.get(column_url("cancelled", 1)).status_code == 404
    assert http.get(column_url("nonsense", 1)).status_code == 404


def test_it_renders_no_action_menu_in_the_cards(owner, assistant, client_for):
    task = in_review(owner, assistant)
    html = client_for(owner).get(BOARD).content.decode()
    assert card_url(task, "card_menu") in html
    assert card_url(task, "card_move") not in html


def test_the_card_menu_offers_the_moves_this_member_can_make(owner, assistant, client_for):
    task = make_task(owner, assistant)
    services.task_acknowledge(actor=assistant, task=task)
    mine = client_for(assistant).get(card_url(task, "card_menu"), HTTP_HX_REQUEST="true")
    assert b'value="in_progress"' in mine.content
    assert b'value="in_review"' in mine.content
    assert b'value="done"' not in mine.content
    assert b'name="form_key"' in mine.content
    assert b"<html" not in mine.content

    theirs = client_for(owner).get(card_url(task, "card_menu"), HTTP_HX_REQUEST="true")
    assert b'value="cancelled"' in theirs.content
    assert b'value="in_progress"' not in theirs.content
    assert card_url(task, "task").encode() in theirs.content  # "Open"


def test_the_card_menu_is_a_page_without_javascript(owner, assistant, client_for):
    task = in_review(owner, assistant, title="Review me")
    response = client_for(owner).get(card_url(task, "card_menu"))
    assert b"<html" in response.content
    assert b"Review me" in response.content
    assert b'value="done"' in response.content


def test_a_valid_move_changes_the_state(owner, assistant, client_for):
    task = in_review(owner, assistant, title="Ready")
    response = client_for(owner).post(
        card_url(task, "card_move"), {"to": "done", "form_key": "move-1"}, follow=True
    )
    task.refresh_from_db()
    assert task.state == State.DONE
    assert response.redirect_chain[0][0] == f"{BOARD}#column-done"
    assert "“Ready” is now “Done”." in response.content.decode()


def test_an_invalid_move_explains_and_changes_nothing(owner, assistant, client_for):
    task = make_task(owner, assistant)
    response = client_for(owner).post(
        card_url(task, "card_move"), {"to": "done", "form_key": "move-2"}, follow=True
    )
    task.refresh_from_db()
    assert task.state == State.ASSIGNED
    assert "A task that is “Assigned” cannot become “Done”." in response.content.decode()
    assert task.events.count() == 2  # created, assigned: nothing recorded


def test_a_move_the_role_may_not_make_is_forbidden(owner, assistant, client_for):
    task = in_review(owner, assistant)
    response = client_for(assistant).post(card_url(task, "card_move"), {"to": "done"})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.state == State.IN_REVIEW


def test_an_assistant_cannot_move_someone_elses_task(owner, workspace, assistant, client_for):
    other = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    task = make_task(owner, other)
    response = client_for(assistant).post(card_url(task, "card_move"), {"to": "acknowledged"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state == State.ASSIGNED


def test_a_move_by_drag_and_drop_answers_with_the_card(owner, assistant, client_for):
    task = make_task(owner, assistant, title="Drag me")
    response = client_for(assistant).post(
        card_url(task, "card_move"), {"to": "acknowledged", "form_key": "k"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="acknowledged"' in html
    assert "Drag me" in html
    assert 'hx-swap-oob="innerHTML:#messages"' in html
    assert "is now “Acknowledged”" in html


def test_a_refused_drag_answers_with_the_card_where_it_was(owner, assistant, client_for):
    task = make_task(owner, assistant)
    response = client_for(owner).post(
        card_url(task, "card_move"), {"to": "done", "form_key": "k2"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'data-state="assigned"' in html
    assert "cannot become “Done”" in html


def test_a_second_submission_of_a_move_does_nothing(owner, assistant, client_for):
    task = in_review(owner, assistant)
    http = client_for(owner)
    first = http.post(card_url(task, "card_move"), {"to": "done", "form_key": "same"})
    second = http.post(card_url(task, "card_move"), {"to": "done", "form_key": "same"})
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert task.events.filter(to_state=State.DONE).count() == 1


def test_it_offers_delegators_a_new_task(owner, client_for):
    html = client_for(owner).get(BOARD).content.decode()
    assert reverse("work:task_new", kwargs={"ws": "alice"}) in html


@pytest.mark.parametrize("count", [20, 500])
def test_it_reads_the_board_in_a_fixed_number_of_queries(
    count, owner, manager, assistant, client_for, django_assert_num_queries
):
    generate_tasks(
        owner.workspace, delegators=[owner, manager], assistants=[assistant], count=count
    )
    http = client_for(owner)
    http.get(BOARD)  # warm-up: the session learns the workspace
    with django_assert_num_queries(BOARD_QUERIES):
        assert http.get(BOARD).status_code == 200


def test_it_checks_workspace_isolation(owner, outsider, client_for):
    task = make_task(owner)
    http = client_for(outsider)
    assert http.get(BOARD).status_code == 404
    foreign = reverse("work:card_menu", kwargs={"ws": "olaf", "code": task.code})
    assert http.get(foreign).status_code == 404
    move = reverse("work:card_move", kwargs={"ws": "olaf", "code": task.code})
    assert http.post(move, {"to": "cancelled"}).status_code == 404
    task.refresh_from_db()
    assert task.state == State.DRAFT

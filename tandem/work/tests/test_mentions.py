"""@mentions: whom the comment box suggests (only those who may read the task's thread, never
across workspaces), and mentions highlighted, safely, in rendered comments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import add_member, make_user
from tandem.lib.markdown import render
from tandem.work import selectors
from tandem.work.services import comments as services
from tandem.work.tests.factories import make_task
from tandem.workspaces.models import Role

pytestmark = pytest.mark.django_db


def mentions_url(task, ws: str = "alice") -> str:
    return reverse("work:mentions", kwargs={"ws": ws, "code": task.code})


def names(response) -> list[str]:
    return [row["name"] for row in response.json()]


def test_it_suggests_those_who_may_read_the_thread(
    owner, manager, assistant, partner, workspace, client_for
):
    other = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    task = make_task(owner, assistant)
    response = client_for(owner).get(mentions_url(task))
    assert response["Content-Type"] == "application/json"
    # Not the writer, not a partner, not an assistant the task is not theirs.
    assert names(response) == ["Ana Assistant", "Mona Manager"]
    assert other.user.display_name not in response.content.decode()
    assert partner.user.display_name not in response.content.decode()


def test_it_matches_the_start_of_a_name_a_word_or_an_email(owner, manager, assistant, client_for):
    task = make_task(owner, assistant)
    http = client_for(assistant)
    assert names(http.get(mentions_url(task), {"q": "mo"})) == ["Mona Manager"]
    assert names(http.get(mentions_url(task), {"q": "MANAGER"})) == ["Mona Manager"]
    assert names(http.get(mentions_url(task), {"q": "alice@"})) == ["Alice Owner"]
    assert names(http.get(mentions_url(task), {"q": "zz"})) == []


def test_it_gives_the_handle_the_server_reads(owner, assistant, workspace, client_for):
    # Two Anas: the first name names nobody, the whole name does.
    add_member(workspace, make_user("ana2@example.com", "Ana Berg"), Role.MANAGER)
    task = make_task(owner, assistant)
    rows = client_for(owner).get(mentions_url(task), {"q": "ana"}).json()
    assert rows == [
        {"handle": "AnaAssistant", "name": "Ana Assistant"},
        {"handle": "AnaBerg", "name": "Ana Berg"},
    ]
    members = services.mentioned_members(
        "@AnaAssistant and @AnaBerg", selectors.members_who_see_task(task)
    )
    assert {member.user.display_name for member in members} == {"Ana Assistant", "Ana Berg"}


def test_an_assistant_sees_suggestions_only_on_their_own_task(
    owner, assistant, partner, workspace, client_for
):
    other = add_member(workspace, make_user("bo@example.com", "Bo Other"), Role.ASSISTANT)
    task = make_task(owner, other)
    assert client_for(assistant).get(mentions_url(task)).status_code == 404
    assert client_for(partner).get(mentions_url(task)).status_code == 404


def test_it_checks_workspace_isolation(owner, assistant, outsider, client_for):
    task = make_task(owner, assistant)
    http = client_for(outsider)
    assert http.get(mentions_url(task)).status_code == 404
    assert http.get(mentions_url(task, ws="olaf")).status_code == 404


def test_the_comment_box_knows_where_to_ask(owner, assistant, client_for):
    task = make_task(owner, assistant)
    html = client_for(assistant).get(task.get_absolute_url()).content.decode()
    assert f'data-mention-url="{mentions_url(task)}"' in html


HANDLES = frozenset({"ana", "monamanager", "alice@example.com"})


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Hi @Ana!", '<p>Hi <span class="mention">@Ana</span>!</p>'),
        (
            "@MonaManager and @alice@example.com",
            '<p><span class="mention">@MonaManager</span> and '
            '<span class="mention">@alice@example.com</span></p>',
        ),
        ("Hi @Nobody", "<p>Hi @Nobody</p>"),  # not someone who may be mentioned
        ("mail ana@example.com", "<p>mail ana@example.com</p>"),
        ("`@Ana` in code", "<p><code>@Ana</code> in code</p>"),
        ("**@Ana**", '<p><strong><span class="mention">@Ana</span></strong></p>'),
    ],
)
def test_it_highlights_mentions(text, html):
    assert render(text, HANDLES) == html


def test_a_highlighted_mention_stays_safe():
    html = render('@Ana <script>alert(1)</script><span class="x" onclick="y">@Ana</span>', HANDLES)
    assert "<script" not in html and "onclick" not in html and 'class="x"' not in html
    assert html.count('<span class="mention">@Ana</span>') == 2
    # Only a mention's class survives a span written by hand.
    assert "evil" not in render('<span class="evil">hi</span>')


def test_the_thread_highlights_mentions_of_people_on_the_task(
    owner, assistant, partner, client_for
):
    task = make_task(owner, assistant)
    services.comment_add(actor=owner, task=task, body="@Ana please check with @Pia <b>now</b>")
    html = client_for(owner).get(task.get_absolute_url()).content.decode()
    assert '<span class="mention">@Ana</span>' in html
    assert "@Pia" in html and '<span class="mention">@Pia</span>' not in html  # a partner

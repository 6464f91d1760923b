"""The readiness self-assessment: its scoring (reversed statements included), the advice chosen
for each level, taking it and taking it again (prefilled, errors kept), and the history with the
change since the taking before."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.planning.models import ReadinessAssessment
from tandem.planning.readiness import (
    AREAS,
    QUESTIONS,
    Level,
    level_of,
    scores_of,
)
from tandem.planning.selectors.readiness import readiness_history
from tandem.planning.services.readiness import readiness_take

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 10, 9, tzinfo=UTC)
PAGE = reverse("planning:readiness", kwargs={"ws": "alice"})
TAKE = reverse("planning:readiness_take", kwargs={"ws": "alice"})


def answers(value: int = 3, **overrides: int) -> dict[str, int]:
    return {question.key: value for question in QUESTIONS} | overrides


def ready_answers() -> dict[str, int]:
    """Strongly agreeing with every statement but the reversed ones."""
    return {question.key: 1 if question.reversed else 5 for question in QUESTIONS}


def posted(values: dict[str, int], key: str = "k1") -> dict[str, str]:
    return {name: str(value) for name, value in values.items()} | {"form_key": key}


# Scoring


def test_each_area_has_three_or_four_statements_one_of_them_reversed():
    assert [area.key for area in AREAS] == ["letting_go", "remote", "wants", "goals"]
    for area in AREAS:
        assert 3 <= len(area.questions) <= 4
        assert sum(question.reversed for question in area.questions) == 1
    assert len({question.key for question in QUESTIONS}) == len(QUESTIONS)


def test_it_scores_each_area_from_0_to_100_reading_reversed_statements_the_other_way():
    assert scores_of(ready_answers()) == dict.fromkeys(scores_of(ready_answers()), 100)
    worst = {question.key: 5 if question.reversed else 1 for question in QUESTIONS}
    assert set(scores_of(worst).values()) == {0}
    assert set(scores_of(answers(3)).values()) == {50}  # the middle is the middle either way
    # Agreeing with everything: three statements give 4 points each, the reversed one 0.
    assert set(scores_of(answers(5)).values()) == {75}
    assert set(scores_of(answers(1)).values()) == {25}


def test_it_rounds_an_areas_score_half_up():
    letting_go = AREAS[0]
    normal = [q.key for q in letting_go.questions if not q.reversed]
    # 2 + 2 + 2 + 2 = 8 of 16 points is 50; one point more is 56.25 → 56; 13 of 16 → 81.25 → 81.
    assert scores_of(answers(3, **{normal[0]: 4}))["letting_go"] == 56
    # 10 of 16 = 62.5 → 63 (half up, not to even).
    assert scores_of(answers(3, **{normal[0]: 4, normal[1]: 4}))["letting_go"] == 63


def test_it_reads_a_level_from_a_score():
    assert [level_of(score) for score in (0, 49, 50, 74, 75, 100)] == [
        Level.WORK,
        Level.WORK,
        Level.NEARLY,
        Level.NEARLY,
        Level.READY,
        Level.READY,
    ]


def test_every_area_has_advice_for_every_level_with_a_link_that_exists():
    for area in AREAS:
        assert set(area.advice) == set(Level)
        for advice in area.advice.values():
            assert advice.links
            for link in advice.links:
                reverse(link.url, kwargs={"ws": "alice"})


def test_every_page_the_advice_links_to_opens_for_owners_and_managers(owner, manager, client_for):
    names = {link.url for area in AREAS for advice in area.advice.values() for link in advice.links}
    for who in (owner, manager):
        http = client_for(who)
        for name in names:
            assert http.get(reverse(name, kwargs={"ws": "alice"})).status_code == 200, name


# The service


def test_it_keeps_the_answers_and_their_scores(owner):
    taken = readiness_take(actor=owner, answers=ready_answers() | {"goals_success": 3})
    taken.refresh_from_db()
    assert taken.workspace == owner.workspace and taken.member == owner
    assert taken.answers["goals_success"] == 3
    assert taken.scores == {"letting_go": 100, "remote": 100, "wants": 100, "goals": 88}


def test_it_refuses_a_missing_or_out_of_scale_answer(owner):
    incomplete = answers(3)
    del incomplete["remote_async"]
    with pytest.raises(ValidationError) as missing:
        readiness_take(actor=owner, answers=incomplete)
    assert "remote_async" in missing.value.message_dict
    with pytest.raises(ValidationError):
        readiness_take(actor=owner, answers=answers(3, remote_async=6))
    assert not ReadinessAssessment.objects.exists()


def test_only_owners_and_managers_take_it(manager, assistant, partner):
    readiness_take(actor=manager, answers=answers())
    for who in (assistant, partner):
        with pytest.raises(PermissionDenied):
            readiness_take(actor=who, answers=answers())


# The history


def test_the_history_lists_the_latest_first_with_the_change_since_the_one_before(owner, manager):
    readiness_take(actor=owner, answers=answers(3), now=NOW - timedelta(days=35))
    readiness_take(actor=owner, answers=ready_answers(), now=NOW - timedelta(days=7))
    readiness_take(actor=owner, answers=answers(5), now=NOW)
    readiness_take(actor=manager, answers=answers(1), now=NOW)  # not the owner's

    history = readiness_history(owner)
    assert [result.taken_at for result in history] == [
        NOW,
        NOW - timedelta(days=7),
        NOW - timedelta(days=35),
    ]
    latest, middle, first = history
    assert [row.change for row in latest.areas] == [-25] * 4
    assert [row.change for row in middle.areas] == [50] * 4
    assert [row.change for row in first.areas] == [None] * 4
    assert first.first and not middle.first
    assert middle.ready == 4 and latest.ready == 4 and first.ready == 0


def test_the_oldest_row_shown_still_has_its_change(owner):
    for days in range(4):
        readiness_take(actor=owner, answers=answers(2 + days % 2), now=NOW - timedelta(days=days))
    history = readiness_history(owner, limit=2)
    assert len(history) == 2
    assert history[-1].areas[0].change is not None


def test_the_advice_follows_each_areas_level(owner):
    mixed = ready_answers() | {q.key: 3 for q in AREAS[1].questions}
    mixed |= {q.key: 5 if q.reversed else 1 for q in AREAS[3].questions}
    readiness_take(actor=owner, answers=mixed)
    rows = {row.area.key: row for row in readiness_history(owner)[0].areas}
    assert rows["letting_go"].level == Level.READY
    assert rows["remote"].level == Level.NEARLY
    assert rows["goals"].level == Level.WORK
    for key, row in rows.items():
        assert row.advice is next(a for a in AREAS if a.key == key).advice[row.level]


# The pages


def test_before_the_first_taking_the_page_shows_the_statements(owner, client_for):
    html = client_for(owner).get(PAGE).content.decode()
    assert html.count('type="radio"') == 5 * len(QUESTIONS)
    assert html.count("<fieldset") == len(QUESTIONS)
    assert f'action="{TAKE}"' in html
    assert 'id="latest"' not in html


def test_taking_it_saves_once_and_shows_the_result_with_bars_numbers_and_advice(owner, client_for):
    http = client_for(owner)
    first = http.post(TAKE, posted(answers(3)))
    assert first.status_code == 302 and first["Location"] == PAGE
    assert http.post(TAKE, posted(ready_answers())).status_code == 302  # the same key
    assert ReadinessAssessment.objects.count() == 1
    html = http.get(PAGE).content.decode()
    latest = re.search(r'id="latest".*?</section>', html, re.S)[0]
    assert latest.count('class="readiness-fill" width="50"') == 4
    assert latest.count("<strong>50</strong>") == 4
    assert latest.count(">Nearly<") == 4
    assert reverse("planning:plan", kwargs={"ws": "alice"}) in latest
    assert reverse("rhythm:overlap", kwargs={"ws": "alice"}) in latest
    assert "Take it again" in html


def test_taking_it_again_starts_from_the_last_answers_and_shows_the_change(owner, client_for):
    http = client_for(owner)
    readiness_take(actor=owner, answers=answers(3), now=NOW - timedelta(days=35))
    form = http.get(TAKE).context["form"]
    assert form["letting_go_other_ways"].value() == 3
    checked = re.findall(
        r'name="([a-z_]+)" value="(\d)"[^>]*checked', http.get(TAKE).content.decode()
    )
    assert sorted(checked) == sorted((question.key, "3") for question in QUESTIONS)

    better = answers(3, letting_go_other_ways=5, letting_go_take_back=1)
    assert http.post(TAKE, posted(better)).status_code == 302
    html = http.get(PAGE).content.decode()
    latest = re.search(r'id="area-letting_go".*?</li>\s*</ul>\s*</li>', html, re.S)[0]
    assert "<strong>75</strong>" in latest
    assert "up 25 points" in latest and "↑" in latest
    history = re.search(r'id="history".*?</section>', html, re.S)[0]
    assert history.count("<tr>") == 3  # the head and two takings
    assert "no change" in history


def test_missing_answers_show_errors_and_keep_what_was_answered(owner, client_for):
    http = client_for(owner)
    partial = answers(4)
    del partial["goals_success"], partial["remote_see"]
    response = http.post(TAKE, posted(partial))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing is saved yet" in html
    assert html.count("Choose how much you agree.") == 2
    assert response.context["form"]["letting_go_other_ways"].value() == "4"
    assert html.count("checked") == len(QUESTIONS) - 2
    assert not ReadinessAssessment.objects.exists()
    # The key stays free: the corrected form saves.
    assert http.post(TAKE, posted(answers(4))).status_code == 302


def test_each_delegator_sees_only_their_own_results(owner, manager, client_for):
    readiness_take(actor=owner, answers=ready_answers())
    html = client_for(manager).get(PAGE).content.decode()
    assert 'id="latest"' not in html
    assert client_for(manager).get(TAKE).context["again"] is False


@pytest.mark.parametrize("language", ["nb", "it"])
def test_the_statements_and_the_advice_speak_the_members_language(language, owner, client_for):
    from tandem.accounts.models import User

    User.objects.filter(pk=owner.user_id).update(language=language)
    http = client_for(owner)
    assert "Strongly agree" not in http.get(PAGE).content.decode()
    readiness_take(actor=owner, answers=answers(3))
    html = http.get(PAGE).content.decode()
    assert "Work on this first" not in html and "Nearly" not in html


# Queries


def test_it_reads_the_page_and_the_form_in_a_fixed_number_of_queries(owner, client_for):
    http = client_for(owner)
    readiness_take(actor=owner, answers=answers(3), now=NOW - timedelta(days=40))

    def count(path: str) -> int:
        http.get(path)  # warm-up: the session learns the workspace
        with CaptureQueriesContext(connection) as queries:
            assert http.get(path).status_code == 200
        return len(queries)

    one = (count(PAGE), count(TAKE))
    for days in range(30):
        readiness_take(actor=owner, answers=answers(2 + days % 4), now=NOW - timedelta(days=days))
    # The session, the user, the membership, the switcher's workspaces, then one query each.
    assert (count(PAGE), count(TAKE)) == one == (5, 5)

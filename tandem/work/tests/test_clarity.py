from __future__ import annotations

from datetime import date

from tandem.work.clarity import check_brief


def test_it_lists_every_missing_part_of_an_empty_brief():
    check = check_brief(title="Newsletter")
    assert check.missing == [
        "outcome",
        "deliverable",
        "acceptance_criteria",
        "due_date",
        "estimate_minutes",
        "resources",
    ]
    assert check.score == 0
    assert not check.is_clear


def test_it_passes_a_complete_and_precise_brief():
    check = check_brief(
        title="Send the December newsletter",
        outcome="Keep customers coming back.",
        deliverable="The newsletter, sent.",
        acceptance_criteria="Links work; no typos.",
        due_date=date(2026, 12, 4),
        estimate_minutes=60,
        sop_url="https://example.com/sop",
    )
    assert check.is_clear
    assert check.score == 6


def test_it_finds_vague_words_in_three_languages():
    check = check_brief(
        title="Fix it ASAP",
        outcome="Kunder, leverandører osv.",
        deliverable="Una bozza, appena possibile",
        acceptance_criteria="whatever works",
    )
    assert check.vague == ["asap", "osv", "appena possibile", "whatever"]


def test_it_does_not_flag_words_that_merely_contain_a_vague_one():
    check = check_brief(title="Soonest reply etcetera; forte; prestоре", outcome="quickstart")
    assert check.vague == []

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


def test_it_finds_a_vague_outcome_and_untestable_criteria_in_english():
    check = check_brief(
        title="The website",
        outcome="Make the site better",
        acceptance_criteria="Looks good / Works properly",
    )
    assert check.weak == ["outcome", "acceptance_criteria"]
    assert check.vague == ["looks good", "works properly"]
    assert not check.is_clear


def test_it_finds_a_vague_outcome_and_untestable_criteria_in_norwegian():
    check = check_brief(outcome="Gjøre nettsiden bedre", acceptance_criteria="Ser bra ut.")
    assert check.weak == ["outcome", "acceptance_criteria"]
    assert check.vague == ["ser bra ut"]
    check = check_brief(outcome="Rydde opp i kundelisten", acceptance_criteria="Fungerer ordentlig")
    assert check.weak == ["outcome", "acceptance_criteria"]


def test_it_finds_a_vague_outcome_and_untestable_criteria_in_italian():
    check = check_brief(outcome="Migliorare il sito", acceptance_criteria="Sembra bello")
    assert check.weak == ["outcome", "acceptance_criteria"]
    assert check.vague == ["sembra bello"]
    check = check_brief(outcome="Sistemare la newsletter", acceptance_criteria="Funziona bene")
    assert check.weak == ["outcome", "acceptance_criteria"]


def test_criteria_without_anything_to_check_are_untestable():
    assert check_brief(acceptance_criteria="Customers are happy").weak == ["acceptance_criteria"]
    assert check_brief(acceptance_criteria="I clienti sono contenti").weak == [
        "acceptance_criteria"
    ]


def test_it_accepts_measurable_outcomes_and_checkable_criteria_in_three_languages():
    for outcome, criteria in [
        ("Improve sign-ups from 2% to 3% of visitors.", "Under 300 words.\nOne call to action."),
        ("Forbedre svartiden: hver kunde får svar innen en dag.", "Alle 140 kontakter har tittel."),
        ("Migliorare il sito: ogni pagina si apre in 2 secondi.", "Il PDF è allegato alla mail."),
        ("Keep customers coming back.", "The report opens in Excel."),
    ]:
        check = check_brief(outcome=outcome, acceptance_criteria=criteria)
        assert check.weak == [], (outcome, criteria)


def test_the_score_does_not_count_weak_parts():
    check = check_brief(
        title="Website",
        outcome="Make the site better",
        deliverable="The new home page.",
        acceptance_criteria="Works properly",
        due_date=date(2026, 12, 4),
        estimate_minutes=60,
        resources="https://example.com",
    )
    assert check.missing == []
    assert check.score == 4

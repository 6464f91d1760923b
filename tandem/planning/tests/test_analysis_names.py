"""Similar names join one delegation candidate: normalisation and grouping."""

from __future__ import annotations

import pytest

from tandem.planning.selectors.names import Name, group_names, normalised, words


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Emails", "en", "email"),
        ("the email!", "en", "email"),
        ("Replies to clients", "en", "client reply"),
        ("Booking travel", "en", "booking travel"),
        ("travel, booking", "en", "booking travel"),
        ("Invoices & taxes", "en", "invoice tax"),
        ("Réunion au café", "en", "au cafe reunion"),
        ("Møter med kundene", "nb", "kund mot"),
        ("møte med kunder", "nb", "kund mot"),
        ("Fakturaer", "nb", "faktura"),
        ("Fatture dei clienti", "it", "client fattur"),
        ("fattura cliente", "it", "client fattur"),
        ("The", "en", "the"),
    ],
)
def test_it_normalises_names(text, language, expected):
    assert normalised(text, language) == expected


def test_a_name_of_only_punctuation_has_no_words():
    assert words("!!") == frozenset()


def names(*rows: tuple[str, int, int]) -> list[Name]:
    return [Name(what=what, minutes=minutes, count=count) for what, minutes, count in rows]


def test_names_contained_in_one_another_join_one_group_named_after_the_most_logged():
    groups = group_names(names(("Emails", 180, 3), ("email inbox", 120, 1), ("Invoices", 90, 2)))
    assert [(group.key, group.name, group.minutes, group.count) for group in groups] == [
        ("email", "Emails", 300, 4),
        ("invoice", "Invoices", 90, 2),
    ]
    assert [name.what for name in groups[0].names] == ["Emails", "email inbox"]


def test_a_chain_of_subsets_joins_its_ends_and_nothing_else():
    apart = group_names(names(("email inbox", 60, 1), ("client email", 60, 1)))
    assert len(apart) == 2
    joined = group_names(names(("email inbox", 60, 1), ("client email", 60, 1), ("email", 30, 5)))
    assert [(group.key, group.name, group.minutes) for group in joined] == [("email", "email", 150)]


def test_word_order_plural_and_case_do_not_split_a_group():
    groups = group_names(
        names(("Booking travel", 60, 1), ("travel bookings", 30, 2), ("TRAVEL BOOKING", 10, 1))
    )
    assert len(groups) == 1
    assert groups[0].name == "travel bookings"  # logged most often


def test_ties_go_to_more_minutes_then_the_alphabet():
    groups = group_names(names(("Invoices", 30, 2), ("invoice", 60, 2), ("an invoice", 60, 2)))
    assert groups[0].name == "an invoice"


def test_the_workspace_language_reads_its_own_plurals():
    groups = group_names(names(("Møter", 60, 1), ("møte med kunde", 30, 1)), "nb")
    assert len(groups) == 1
    assert group_names(names(("Møter", 60, 1), ("møte med kunde", 30, 1)), "en") != groups

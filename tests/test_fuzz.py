"""The fuzz harness (tests/fuzz_deck.py) in the suite: a few hundred broken files, the same
ones every run (a fixed seed), each read and checked without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from outreach_cards.deck import load_deck
from outreach_cards.model import Deck
from outreach_cards.problems import DeckError
from tests.fuzz_deck import (
    CARDS,
    Mutation,
    check_once,
    deck_files,
    fuzz_settings,
    mutations,
    prepare,
)


@pytest.fixture(scope="module")
def small_real_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepare(tmp_path_factory.mktemp("fuzz") / "cards")


def test_the_unbroken_small_deck_passes(small_real_deck: Path) -> None:
    """Every problem a mutation gives is the mutation's."""
    deck = load_deck(small_real_deck)
    assert [card.id for card in deck.cards] == sorted(CARDS, key=lambda i: deck.card(i).number)
    assert [path.name for path in deck_files(small_real_deck)] == [
        "blijf-aanklampen.yaml",
        "huisbezoek.yaml",
        "glossary.yaml",
        "redirects.yaml",
        "situations.yaml",
        "sources.yaml",
        "themes.yaml",
        "vocabularies.yaml",
        "eerste-week.yaml",
        "zeg-wie-je-bent.yaml",
    ]


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (Mutation(0, "bom", 0), Deck),
        (Mutation(0, "crlf", 0), Deck),
        (Mutation(0, "cut", 0.5), DeckError),
        (Mutation(6, "aliases", 0), DeckError),
        (Mutation(2, "brackets", 1.0), DeckError),
        (Mutation(4, "bytes", 0.3), DeckError),
        (Mutation(5, "huge", 0), DeckError),
        (Mutation(7, "replace", 0.5, value={"a": [1, {"b": None}]}), DeckError),
    ],
)
def test_each_kind_of_breakage(small_real_deck: Path, mutation: Mutation, expected: type) -> None:
    """The harness breaks what it says (a cut-off card fails, a BOM passes)."""
    assert isinstance(check_once(small_real_deck, mutation), expected)
    load_deck(small_real_deck)  # and puts the file back


@given(mutations(len(CARDS) + 7))
@fuzz_settings(300, None)
def test_no_broken_file_gives_a_traceback(small_real_deck: Path, mutation: Mutation) -> None:
    check_once(small_real_deck, mutation)

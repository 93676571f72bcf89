"""Reading formulas per language behind one interface, and what `check` prints without one."""

from __future__ import annotations

from outreach_cards.check.reading import (
    FORMULAS,
    ReadingFigures,
    ReadingFormula,
    formula_for,
    front_figures,
)
from outreach_cards.cli import reading_summary, reading_table
from outreach_cards.model import Card, Deck, Language, Vocabularies

from .helpers import card_with

NO_FRENCH = (
    "no readability formula for 'fr': add one to FORMULAS in hooks/outreach_cards/check/reading.py"
)


def deck_of(card: Card, *languages: str) -> Deck:
    """A deck of one card in ``languages`` (no themes, sources or terms: the reading figures
    need none)."""
    vocabularies = Vocabularies(
        languages=tuple(Language(key, key) for key in languages),
        audiences={},
        places={},
        life_domains={},
        speaker_roles={},
        provenances={},
    )
    return Deck(cards=(card,), themes=(), sources={}, vocabularies=vocabularies)


def test_the_formulas_of_dutch_and_english() -> None:
    """Flesch-Douma for Dutch and Flesch Reading Ease for English, each with its dictionary."""
    assert {
        "nl": ReadingFormula("Flesch-Douma", 206.835, 0.93, 77.0, "nl_NL"),
        "en": ReadingFormula("Flesch Reading Ease", 206.835, 1.015, 84.6, "en_US"),
    } == FORMULAS
    assert formula_for("fr") is None
    # 206.835 - 1.015 * 10 - 84.6 * 1.5 = 69.785
    assert formula_for("en").score(10, 1.5) == 69.8


def test_english_figures_of_a_known_front() -> None:
    """Two sentences, 10 words, 11 syllables (come, back, keep, in, touch, with, the, peo-ple,
    you, meet): 206.835 - 1.015 * 5 - 84.6 * 11/10 = 108.7 (above 100: very plain)."""
    card = card_with({"en": "Come back. Keep in touch with the people you meet."})
    assert front_figures(card, "en") == ReadingFigures(
        words_per_sentence=5.0, longest_sentence=8, readability=108.7
    )


def test_a_language_without_a_formula_has_sentence_figures_and_a_reason() -> None:
    """French has no formula: the sentence figures are there, the score is None, and why."""
    card = card_with({"fr": "Reviens. Garde le contact avec les gens."})
    assert front_figures(card, "fr") == ReadingFigures(
        words_per_sentence=3.5, longest_sentence=6, readability=None, missing_readability=NO_FRENCH
    )


def test_check_prints_the_formulas_name_or_that_there_is_none() -> None:
    """The summary names each language's formula, and for French says it has none instead of
    failing; the table shows '-' for the missing score."""
    card = card_with(
        {
            "nl": "Kom terug. Blijf het contact zoeken met mensen.",
            "fr": "Reviens. Garde le contact avec les gens.",
        }
    )
    deck = deck_of(card, "nl", "fr")
    assert reading_summary(deck).split("\n") == [
        "Front text (nl): 4.0 words per sentence on average, longest sentence 6 words, "
        "Flesch-Douma 87.6 at the lowest.",
        f"Front text (fr): 3.5 words per sentence on average, longest sentence 6 words; "
        f"{NO_FRENCH}.",
    ]
    assert reading_table(deck).split("\n") == [
        "card  words/sentence (nl)  longest (nl)  readability (nl)  words/sentence (fr)  "
        "longest (fr)  readability (fr)",
        "x                     4.0             6              87.6                  3.5  "
        "           6                 -",
    ]

"""The print step's cache keys and its independence of how layouts reach the workers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from outreach_cards.locales import labels_for
from outreach_cards.model import Deck
from outreach_cards.print.formats import PrintSettings
from outreach_cards.print.step import PrintStep

SITE = "https://kaarten.example.org/"


def small_deck(deck: Deck, themes: int = 2, per_theme: int = 2) -> Deck:
    """The first cards of the first themes, without sets."""
    cards = tuple(
        card
        for theme in deck.themes[:themes]
        for card in deck.cards_in_theme(theme.key)[:per_theme]
    )
    return dataclasses.replace(deck, cards=cards, sets=(), formats=())


def test_two_languages_with_the_same_words_get_their_own_layouts(
    deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The language is part of a layout's cache key, not only its interface words: a language
    whose words equal another's still gets its own text, `lang` and QR code."""
    import outreach_cards.print.layout as layout
    import outreach_cards.print.step as step

    english = labels_for("en")
    for module in (layout, step):
        monkeypatch.setattr(module, "labels_for", lambda language: english)
    one = small_deck(deck, themes=1, per_theme=1)
    card = one.cards[0]
    with PrintStep(tmp_path, workers=1) as print_step:
        result = print_step.run(one, PrintSettings("A6", SITE))
    dutch, english_layout = result.fragments[("nl", card.id)], result.fragments[("en", card.id)]
    assert 'lang="nl"' in dutch and 'lang="en"' in english_layout
    assert f"{SITE}kaarten/{card.id}/" in dutch and f"{SITE}en/kaarten/{card.id}/" not in dutch
    assert f"{SITE}en/kaarten/{card.id}/" in english_layout
    assert card.text["nl"].title in dutch and card.text["en"].title in english_layout


def test_card_pdfs_are_the_same_bytes_whatever_order_the_layouts_come_in(
    deck: Deck, tmp_path: Path
) -> None:
    """Every card PDF is the same, byte for byte, laid out in the main process or in two
    workers (which parse the stylesheets once and keep them for the next layout), and with
    the themes, so the layouts, in the other order."""
    small = small_deck(deck)
    backwards = dataclasses.replace(small, themes=tuple(reversed(small.themes)))
    settings = PrintSettings("A6", SITE)
    runs = []
    for name, workers, this_deck in (
        ("one", 1, small),
        ("two", 2, small),
        ("reversed", 2, backwards),
    ):
        with PrintStep(tmp_path / name, workers=workers) as print_step:
            result = print_step.run(this_deck, settings)
        runs.append(
            {
                (file.language, file.path): file.cache_file.read_bytes()
                for file in result.files
                if file.kind == "card"
            }
        )
    assert len(runs[0]) == 2 * len(small.cards) == 8
    assert runs[0] == runs[1] == runs[2]

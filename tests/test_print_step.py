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
    deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every card PDF is the same, byte for byte, laid out in the main process or in two
    workers (which parse the stylesheets once and keep them for the next layout), with the
    themes, so the layouts, in the other order, and with a theme's cards laid out in parts
    (LAYOUT_CARDS); so is every PDF put together from them."""
    import outreach_cards.print.step as step

    small = small_deck(deck)
    backwards = dataclasses.replace(small, themes=tuple(reversed(small.themes)))
    settings = PrintSettings("A6", SITE)
    runs, every_file, messages = [], [], []
    for name, workers, this_deck, most in (
        ("one", 1, small, step.LAYOUT_CARDS),
        ("two", 2, small, step.LAYOUT_CARDS),
        ("reversed", 2, backwards, step.LAYOUT_CARDS),
        ("in parts", 2, small, 1),
    ):
        monkeypatch.setattr(step, "LAYOUT_CARDS", most)
        with PrintStep(tmp_path / name, workers=workers) as print_step:
            result = print_step.run(
                this_deck, settings, log=messages.append if most == 1 else (lambda message: None)
            )
        files = {
            (file.language, file.path): (file.kind, file.cache_file.read_bytes())
            for file in result.files
        }
        every_file.append(files)
        runs.append({path: data for path, (kind, data) in files.items() if kind == "card"})
    assert len(runs[0]) == 2 * len(small.cards) == 8
    assert runs[0] == runs[1] == runs[2] == runs[3]
    assert every_file[0] == every_file[3]
    theme = small.themes[0].key
    layouts = [message for message in messages if f"layouts (theme '{theme}'" in message]
    assert sorted(message.split(" of 4 layouts ")[1] for message in layouts) == [
        f"(theme '{theme}', 1 of 2 cards, part 1 of 2)",
        f"(theme '{theme}', 1 of 2 cards, part 1 of 2)",
        f"(theme '{theme}', 1 of 2 cards, part 2 of 2)",
        f"(theme '{theme}', 1 of 2 cards, part 2 of 2)",
    ]

"""The check as rules over a context: order-free, the content policy, advice, check --print."""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

import pytest

from outreach_cards.check import ADVICE, RULES, CheckContext, check_deck, policy
from outreach_cards.cli import main, print_cache
from outreach_cards.deck import load_deck_with_advice
from outreach_cards.load.files import read_deck_files

from .helpers import (
    FIXTURE_DECK,
    audio_yaml,
    problems,
    replace_in,
    write_card,
    write_redirects,
    write_set,
)

AUDIO = audio_yaml("recht-op-2022", "published-anonymised")

# 16 words, then two short sentences: the longest is over the Dutch bound, the average is not.
LONG_SENTENCE = (
    "Ga elke week op bezoek bij de mensen die je kent en vraag hoe het gaat. Kom terug. Blijf."
)
NL_FRONT = "    front: Een korte voorkant van de kaart."
EN_FRONT = "    front: A short front of the card."


GLOSSARY_TERM = """\
  - key: kaart
    words: {nl: kaart, en: pocket card}
    wrong: {en: [playing card]}
    explanation: {nl: Een kaart uit deze set., en: A card of this deck.}
    source: null
"""


def write_glossary(cards: Path, terms: str) -> Path:
    """A glossary in the deck's registries, with the given entries of its terms list."""
    path = cards / "registries" / "glossary.yaml"
    path.write_text("terms:\n" + terms, encoding="utf-8")
    return path


def break_every_rule(cards: Path) -> None:
    """One fault for each rule in RULES, across registries, cards, sets and redirects."""
    registries = cards / "registries"
    themes = registries / "themes.yaml"
    replace_in(themes, 'colour: "#1d5b86"', 'colour: "#ffcc00"')
    replace_in(
        themes,
        '      en: {title: "Where?", description: "At home, in the street, where people '
        'already go, online and at your own door."}\n',
        "",
    )
    replace_in(themes, "order: 4", "order: 3")
    replace_in(registries / "sources.yaml", ', en: "What is outreach work?"', "")
    write_card(
        cards,
        "eerste",
        1,
        ("related: []", "related: [twede]"),
        (NL_FRONT, "    front: " + LONG_SENTENCE),
        ("      en: A literal quote from the source.\n", ""),
    )
    write_card(
        cards,
        "tweede",
        1,
        ("    body: Uitleg over de kaart.", "    body: Een <b>vette</b> uitleg."),
        (
            "      - for: professional\n        text: A tip",
            "      - for: organisation\n        text: A tip",
        ),
    )
    (cards / "tweede.yaml").write_text(
        (cards / "tweede.yaml").read_text(encoding="utf-8") + AUDIO, encoding="utf-8"
    )
    write_set(cards, "eerste-week", 1, ("  - tweede\n", "  - derde\n"))
    write_set(
        cards,
        "tweede-week",
        1,
        ("    intro: Read these", "    intro: Read\u200b these"),
        ("    title: A set for", "    title: A [set](../sets/) for"),
    )
    write_redirects(cards, "  - from: tweede\n    to: eerste\n")
    (cards / "registries" / "situations.yaml").write_text(
        "situations:\n  - key: een\n    text:\n"
        "      nl: {title: Een situatie, intro: Lees de kaarten.}\n"
        "      en: {title: A situation, intro: Read the cards.}\n    cards: [eerste, derde]\n",
        encoding="utf-8",
    )
    write_glossary(cards, GLOSSARY_TERM + GLOSSARY_TERM.replace("nl: kaart", "nl: nergens"))
    # a work format named other than its file, with an unknown card
    (cards / "formats").mkdir()
    (cards / "formats" / "een.yaml").write_text(
        (FIXTURE_DECK / "formats" / "kaart-van-de-week.yaml")
        .read_text(encoding="utf-8")
        .replace("[blijf-aanklampen, huisbezoek-als-gast]", "[eerste, derde]")
        .replace("sets: [eerste-week]\n", "")
        .replace("[fixture-gesprekken]", "[recht-op-2022]"),
        encoding="utf-8",
    )


def test_rules_give_the_same_problems_in_any_order(deck_dir: Path) -> None:
    """Reversed or shuffled, the rules find the same problems: no rule relies on another."""
    break_every_rule(deck_dir)
    context = CheckContext(read_deck_files(deck_dir))
    assert {rule.__name__ for rule in RULES if list(rule(context))} == {
        rule.__name__ for rule in RULES
    }
    found = check_deck(context)
    assert len(found) == 22
    assert check_deck(context, tuple(reversed(RULES))) == found
    for seed in range(5):
        shuffled = list(RULES)
        random.Random(seed).shuffle(shuffled)
        # A fresh context each time: nothing a rule leaves behind may count.
        assert check_deck(CheckContext(read_deck_files(deck_dir)), shuffled) == found


def test_the_longest_sentence_of_a_dutch_front(deck_dir: Path) -> None:
    """A Dutch front with a sentence of 16 words: its length, the bound of 15 and a fix."""
    write_card(deck_dir, "eerste", 1, (NL_FRONT, "    front: " + LONG_SENTENCE))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:12: field 'text.nl.front': the longest sentence has 16 words; keep "
        "every sentence at 15 words or fewer (split it)"
    ]


def test_the_average_sentence_of_a_dutch_front(deck_dir: Path) -> None:
    """Two Dutch sentences of 13 words: within the longest bound, over the average of 12."""
    front = (
        "Ga elke week op bezoek bij de mensen die je kent en vraag. "
        "Kom elke week terug bij de mensen die je kent en vraag het."
    )
    write_card(deck_dir, "eerste", 1, (NL_FRONT, "    front: " + front))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:12: field 'text.nl.front': the sentences have 13.0 words on average; "
        "keep the average at 12 or fewer (split the longer sentences)"
    ]


def test_the_longest_sentence_of_an_english_front(deck_dir: Path) -> None:
    """English has its own bound: 19 words is over 18; 16 is not, though it is in Dutch."""
    front = (
        "Go and visit the people you know at home every week and ask them how they are doing today."
    )
    write_card(deck_dir, "eerste", 1, (EN_FRONT, "    front: " + front))
    write_card(
        deck_dir,
        "tweede",
        2,
        (
            EN_FRONT,
            "    front: Go and visit the people you know "
            "every week and ask them how they are doing.",
        ),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:21: field 'text.en.front': the longest sentence has 19 words; keep "
        "every sentence at 18 words or fewer (split it)"
    ]


HARD_FRONT = "Gemeentelijke ondersteuningsmogelijkheden vereisen administratieve vaardigheden."


def test_a_dutch_front_that_is_hard_to_read(deck_dir: Path) -> None:
    """Short sentences of long words: the Flesch-Douma score, the bound of 60 and a fix."""
    write_card(deck_dir, "eerste", 1, (NL_FRONT, "    front: " + HARD_FRONT))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:12: field 'text.nl.front': scores -213.6 on Flesch-Douma; plain "
        "language needs at least 60 (use shorter sentences and shorter words)"
    ]


def test_no_readability_bound_without_a_formula(
    deck_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a language has no formula (readability None), only its sentence bounds apply."""
    real = policy.front_figures
    monkeypatch.setattr(
        policy,
        "front_figures",
        lambda card, language: dataclasses.replace(real(card, language), readability=None),
    )
    write_card(deck_dir, "eerste", 1, (NL_FRONT, "    front: " + HARD_FRONT + " " + LONG_SENTENCE))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:12: field 'text.nl.front': the longest sentence has 16 words; keep "
        "every sentence at 15 words or fewer (split it)"
    ]


def test_a_title_over_70_characters(deck_dir: Path) -> None:
    """The title's bound is the schema's maxLength, reported with the schemas (once)."""
    write_card(deck_dir, "eerste", 1, ("    title: Een titel", "    title: " + "t" * 71))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:11: field 'text.nl.title': is 71 characters long, at most 70 allowed: "
        "shorten it"
    ]


def test_fewer_than_two_related_cards_is_advice(
    deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A card relating to fewer than two others gets advice, and the deck still passes."""
    write_card(deck_dir, "eerste", 1, ("related: []", "related: [tweede]"))
    deck, advice = load_deck_with_advice(deck_dir)
    assert [card.id for card in deck.cards] == ["eerste", "tweede"]
    assert [item.format(deck_dir.parent) for item in advice] == [
        "cards/eerste.yaml:7: field 'related': lists 1 related card; link every card to at least "
        "2 others so readers can go on (add their ids to related)",
        "cards/tweede.yaml:7: field 'related': lists no related card; link every card to at "
        "least 2 others so readers can go on (add their ids to related)",
    ]
    assert policy.related_cards in ADVICE and policy.related_cards not in RULES
    assert main(["check", str(deck_dir)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        "2 pieces of advice (not problems: the deck passes)."
    )


def test_print_cache_follows_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OUTREACH_CARDS_CACHE when set, else .cache/print beside the deck folder."""
    monkeypatch.delenv("OUTREACH_CARDS_CACHE", raising=False)
    assert print_cache(tmp_path / "cards") == tmp_path.resolve() / ".cache" / "print"
    monkeypatch.setenv("OUTREACH_CARDS_CACHE", str(tmp_path / "ci-cache"))
    assert print_cache(tmp_path / "cards") == tmp_path / "ci-cache"


def test_check_print_writes_into_outreach_cards_cache(
    deck_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`check --print` on a two-card deck lays out into OUTREACH_CARDS_CACHE, not .cache/."""
    cache = tmp_path / "ci-cache"
    monkeypatch.setenv("OUTREACH_CARDS_CACHE", str(cache))
    assert main(["check", str(deck_dir), "--print"]) == 0
    # per language: 2 cards, their theme (duplex and to fold), the deck (duplex, print shop,
    # A4 sheets, to fold) and the duplex test sheet
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Print: every card fits its A6 front and back in 2 languages (18 PDFs)."
    )
    assert len(list(cache.rglob("*.pdf"))) == 18
    assert not (deck_dir.parent / ".cache").exists()


def test_an_own_explanation_in_one_language_only(deck_dir: Path) -> None:
    """The project's own explanation is in every language of the card or in none."""
    write_card(
        deck_dir,
        "eerste",
        1,
        (
            "    body: Uitleg over de kaart.",
            "    body: Uitleg over de kaart.\n    own_explanation: Onze eigen uitleg.",
        ),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:20: field 'text.en': has no own_explanation but "
        "text.nl.own_explanation has one: the project's own explanation is in every language of "
        "the card or in none"
    ]


def test_own_sources_without_an_own_explanation(deck_dir: Path) -> None:
    """Sources of an own explanation need the explanation; each is a known source."""
    write_card(deck_dir, "eerste", 1, ("sources: [recht-op-2022]", OWN_SOURCES))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:9: field 'own_sources': names the sources of the card's own "
        "explanation, but no language has one: add text.<language>.own_explanation or remove "
        "own_sources",
        "cards/eerste.yaml:9: field 'own_sources[1]': unknown source 'reach-out-2015' (not in "
        "sources.yaml) — did you mean 'reach-out-2014'?",
    ]


OWN_SOURCES = "sources: [recht-op-2022]\nown_sources: [reach-out-2014, reach-out-2015]"


def test_words_added_to_a_quotation_in_round_brackets(deck_dir: Path) -> None:
    """A translation that adds a part in round brackets is told to use square ones; square
    brackets pass."""
    write_card(
        deck_dir,
        "eerste",
        1,
        ("      en: A literal quote", "      en: A literal quote (an addition)"),
    )
    write_card(
        deck_dir,
        "tweede",
        2,
        ("      en: A literal quote", "      en: A literal quote [an addition]"),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:31: field 'testimonies[0].quote.en': has 1 more part in round "
        "brackets than the original quote.nl: put words added to a quotation in square "
        "brackets [like this], as the sources do"
    ]


def test_check_piped_into_a_reader_that_stops_early_ends_without_a_traceback() -> None:
    """`outreach-cards check --reading | head -1`: the reader closes the pipe before the table
    is written (here: before anything is)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "outreach_cards", "check", str(FIXTURE_DECK), "--reading"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, errors = process.communicate(timeout=120)
    assert errors.decode() == ""
    assert process.returncode == 1

"""The glossary (cards/registries/glossary.yaml): its schema, its entries, and the cards held
to it by `outreach-cards check`, with exact messages, on a copy of the fixture deck."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from outreach_cards.deck import load_deck_with_advice

from .helpers import FIXTURE_DECK, problems


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """A copy of the fixture deck, whose glossary has one term: 'aanklampen', in English
    'persistence', never 'clinging'."""
    target = tmp_path / "cards"
    shutil.copytree(FIXTURE_DECK, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_terms(cards: Path, terms: str) -> None:
    glossary = cards / "registries" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + terms, encoding="utf-8")


def test_the_fixture_deck_follows_its_glossary(cards: Path) -> None:
    """The card that says 'aanklampen' in Dutch says 'persistence' in English: no problem."""
    deck, advice = load_deck_with_advice(cards)
    assert [card.id for card in deck.cards if "aanklampen" in card.text["nl"].body.lower()] == [
        "blijf-aanklampen"
    ]
    assert [problem for problem in advice if "glossary" in problem.message] == []


def test_a_term_in_dutch_needs_the_glossary_word_in_english(cards: Path) -> None:
    """A card whose Dutch text uses a term but whose English text lacks the glossary's word:
    the problem names the card's English text, the term and the word to use."""
    edit(
        cards / "registries" / "glossary.yaml", "      en: persistence\n", "      en: steadiness\n"
    )
    assert problems(cards) == [
        "cards/blijf-aanklampen.yaml:28: field 'text.en': the 'nl' text uses 'aanklampen' "
        "(glossary term 'aanklampen'): the 'en' text should say 'steadiness'"
    ]


def test_a_wrong_rendering_is_named_where_it_is(cards: Path) -> None:
    """A rendering the glossary lists as wrong is reported in the field that uses it, in any
    letter case, with the word to write instead."""
    edit(
        cards / "blijf-aanklampen.yaml",
        "Persistence is to keep trying",
        "Persistence, not clinging, is to keep trying",
    )
    assert problems(cards) == [
        "cards/blijf-aanklampen.yaml:33: field 'text.en.body': 'clinging' is a wrong rendering "
        "of 'aanklampen' (glossary term 'aanklampen'): write 'persistence'"
    ]


def test_each_term_once_explained_in_every_language_from_a_known_source(cards: Path) -> None:
    """Entries: a key used twice, an explanation missing in a language, an unknown source (with
    a suggestion), a term without a word in the deck's first language."""
    add_terms(
        cards,
        "  - key: aanklampen\n"
        "    words: {nl: aanklampend}\n"
        "    explanation: {nl: Blijven proberen.}\n"
        "    source: handboek\n"
        "  - key: vindplaats\n"
        "    words: {en: place where people already go}\n"
        "    explanation: {nl: Een plek waar mensen al komen., en: A place people already go.}\n",
    )
    assert problems(cards) == [
        "cards/registries/glossary.yaml:14: field 'terms[1].key': 'aanklampen' is already used "
        "by terms[0] on line 4: each key must be unique",
        "cards/registries/glossary.yaml:16: field 'terms[1].explanation': term 'aanklampen' has "
        "no explanation in 'en'",
        "cards/registries/glossary.yaml:17: field 'terms[1].source': unknown source 'handboek' "
        "(not in sources.yaml; use null when the explanation is the project's own) — did you "
        "mean 'fixture-handboek'?",
        "cards/registries/glossary.yaml:19: field 'terms[2].words': term 'vindplaats' has no "
        "word in 'nl', the deck's first language: the cards are checked from that word",
    ]


def test_the_schema_names_a_misspelt_field(cards: Path) -> None:
    add_terms(
        cards,
        "  - key: vindplaats\n"
        "    woorden: {nl: vindplaats}\n"
        "    explanation: {nl: Een plek waar mensen al komen., en: A place people already go.}\n",
    )
    assert problems(cards) == [
        "cards/registries/glossary.yaml:14: field 'terms[1].words': missing required field "
        "'words': add it",
        "cards/registries/glossary.yaml:15: field 'terms[1].woorden': unknown field 'woorden' — "
        "did you mean 'words'?",
    ]


def test_a_term_no_card_uses_is_advice(cards: Path) -> None:
    """A term no card's Dutch text uses does not fail the deck; `check` advises on it."""
    add_terms(
        cards,
        "  - key: vindplaats\n"
        "    words: {nl: vindplaats, en: place where people already go}\n"
        "    explanation: {nl: Een plek waar mensen al komen., en: A place people already go.}\n"
        "    source: null\n",
    )
    _, advice = load_deck_with_advice(cards)
    assert [
        problem.format(cards.parent) for problem in advice if "glossary" in problem.message
    ] == [
        "cards/registries/glossary.yaml:15: field 'terms[1].words.nl': no card uses 'vindplaats' "
        "(glossary term 'vindplaats'): remove the term or keep it for cards to come"
    ]


def test_without_a_glossary_the_rule_is_off(cards: Path) -> None:
    """The glossary is optional: a deck without one has no glossary problems or advice."""
    (cards / "registries" / "glossary.yaml").unlink()
    edit(
        cards / "blijf-aanklampen.yaml",
        "Persistence is to keep trying",
        "Clinging is to keep trying",
    )
    _, advice = load_deck_with_advice(cards)
    assert [problem for problem in advice if "glossary" in problem.message] == []


def test_a_word_matches_at_a_word_start_in_any_case_and_across_line_breaks() -> None:
    from outreach_cards.model import text_uses as uses

    assert uses("Een leefloonaanvraag", "leefloon")
    assert uses("Het Leefloon", "leefloon")
    assert not uses("een zorgleefloon", "leefloon")
    assert uses(
        "the public social\n      welfare centre (OCMW)", "public social welfare centre (OCMW)"
    )


def test_the_glossary_page_lists_every_term_once_with_its_cards(tmp_path: Path) -> None:
    """A build of the fixture deck has /woordenlijst/ and /en/woordenlijst/: each term once,
    under its word in the page's language (its anchor the term's key), its explanation, its
    word in the other language marked with that language, where the explanation comes from,
    and links to the cards that use it."""
    from .helpers import build, copy_project, read_page

    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    add_terms(
        project / "cards",
        "  - key: vindplaats\n"
        "    words: {nl: vindplaats, en: place where people already go}\n"
        "    explanation: {nl: Een plek waar mensen al komen., en: A place people already go.}\n"
        "    source: null\n",
    )
    result = build(project, OUTREACH_CARDS_PDFS="false")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    expected = {
        "": [
            ("aanklampen", "Aanklampen", "persistence", "en", ["blijf-aanklampen"]),
            ("vindplaats", "Vindplaats", "place where people already go", "en", []),
        ],
        "en/": [
            ("aanklampen", "Persistence", "aanklampen", "nl", ["blijf-aanklampen"]),
            ("vindplaats", "Place where people already go", "vindplaats", "nl", []),
        ],
    }
    for prefix, terms in expected.items():
        html = (site / prefix / "woordenlijst" / "index.html").read_text(encoding="utf-8")
        page = read_page(site / prefix / "woordenlijst" / "index.html")
        headings = [(e.attrs.get("id"), e.text.strip()) for e in page.elements if e.tag == "h2"]
        assert headings == [(key, word) for key, word, *_ in terms]
        for key, _, other, other_language, cards in terms:
            section = html.split(f'id="{key}"', 1)[1].split("<h2", 1)[0]
            assert f'<span lang="{other_language}">{other}</span>' in section
            links = [
                link.rstrip("/").split("/")[-1] for link in re_links(section) if "/kaarten/" in link
            ]
            assert links == cards, key
        assert html.count("Verzonnen handboek over outreachend werken (testfixture)") == 1
    nl = (site / "woordenlijst" / "index.html").read_text(encoding="utf-8")
    assert "Deze uitleg is van ons, niet uit een bron." in nl
    assert "Nog op geen enkele kaart." in nl


def re_links(html: str) -> list[str]:
    import re

    return re.findall(r'href="([^"]+)"', html)

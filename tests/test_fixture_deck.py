"""The fixture deck of the engine tests (tests/fixtures/deck/): valid, complete enough for
them, made up for the tests, and out of reach of the content tests."""

from __future__ import annotations

import re

import pytest

from outreach_cards.cli import main
from outreach_cards.model import Deck

from .helpers import FIXTURE_DECK, REPO
from .source_fingerprint import Sources


def test_the_fixture_deck_passes_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    """`outreach-cards check` (schemas, deck rules, content rules) finds no problem in it."""
    assert main(["check", str(FIXTURE_DECK)]) == 0
    output = capsys.readouterr().out.splitlines()
    assert output[0] == "5 cards, 3 themes, 2 sources checked in 2 languages (nl, en): no problems."
    assert output[-1] == "Coverage: 3 of 3 source sections covered."


def test_the_fixture_deck_has_what_the_engine_tests_use(fixture_deck: Deck) -> None:
    """Both languages everywhere, tips for both audiences, testimonies of two speaker roles,
    related cards, a set in an order of its own and a redirect."""
    deck = fixture_deck
    assert list(deck.languages) == ["nl", "en"]
    assert [len(deck.cards_in_theme(theme.key)) for theme in deck.themes] == [2, 2, 1]
    assert {card.audience for card in deck.cards} == {"professional", "organisation", "both"}
    for card in deck.cards:
        assert set(card.text) == {"nl", "en"}, card.id
        assert card.related, card.id
    tips = {tip.audience for card in deck.cards for tip in card.text["nl"].tips}
    assert tips == {"professional", "organisation"}
    testimonies = [testimony for card in deck.cards for testimony in card.testimonies]
    assert len(testimonies) == 4
    assert {testimony.speaker for testimony in testimonies} == {
        "person-in-poverty",
        "social-professional",
    }
    (card_set,) = deck.sets
    assert list(card_set.cards) == ["wat-is-outreach", "blijf-aanklampen", "huisbezoek-als-gast"]
    assert deck.redirects == {"aanklampen": "blijf-aanklampen"}


def test_the_pages_in_docs_link_no_card_or_set_by_id() -> None:
    """The hand-written pages name a card or a set only through example markers
    (``<!-- outreach-cards:set eerste-week -->``), which fall back to what the deck has: so a
    strict build with any deck as cards/, this one or an organisation's, has no broken link."""
    linked = {
        match.groups()
        for path in (REPO / "docs").glob("*.md")
        for match in re.finditer(
            r"\]\((kaarten|themas|sets)/([a-z0-9-]+)\.md", path.read_text(encoding="utf-8")
        )
        if match.group(2) != "index"
    }
    assert linked == set()
    markers = {
        match.groups()
        for path in (REPO / "docs").glob("*.md")
        for match in re.finditer(
            r"<!-- outreach-cards:(card|set) ([a-z0-9-]+) -->", path.read_text(encoding="utf-8")
        )
    }
    assert markers == {
        ("card", "blijf-aanklampen"),
        ("card", "armoede-is-een-kwestie-van-rechten"),
        ("set", "eerste-week"),
    }


def test_its_testimonies_are_invented_and_say_so(fixture_deck: Deck) -> None:
    """Every testimony is attributed to a source named as a fixture, with no source document
    (so the quotation check of tests/test_content.py never applies to it), and with the
    provenance that says it is invented."""
    for key, source in fixture_deck.sources.items():
        assert source.document is None, key
        assert "(fixture" in source.short and "testfixture" in source.title, key
    for card in fixture_deck.cards:
        for testimony in card.testimonies:
            assert testimony.source.startswith("fixture-"), card.id
            assert testimony.provenance == "invented-for-tests", card.id
            assert "verzonnen" in testimony.quote["nl"].lower(), card.id


def test_its_texts_copy_no_run_from_the_real_sources(fixture_deck: Deck) -> None:
    """No run of ten words of the fixture's texts stands in a real source document."""
    sources = Sources.load()
    texts = [
        value
        for card in fixture_deck.cards
        for text in card.text.values()
        for value in (
            text.title,
            text.front,
            text.body,
            *(tip.text for tip in text.tips),
            *text.questions,
        )
    ]
    texts += [
        quote
        for card in fixture_deck.cards
        for testimony in card.testimonies
        for quote in testimony.quote.values()
    ]
    assert len(texts) > 50
    assert [run for text in texts for run in sources.copied_runs(text)] == []

"""The deck's content: complete, in its own words, exact quotations, plain language, full
coverage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from outreach_cards.check import ADVICE, RULES, CheckContext, advise, check_deck, policy
from outreach_cards.check.reading import front_figures
from outreach_cards.load.files import read_deck_files
from outreach_cards.model import Deck

from .helpers import REPO, card_with, read_page
from .source_fingerprint import FINGERPRINT, Sources, fingerprint, normalise, read_documents, words

SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def sources() -> Sources:
    """The source documents, as the fingerprint kept in the repository (see source_fingerprint)."""
    return Sources.load()


def own_texts(deck: Deck):
    """(card id, language, field, text) of every text written for the deck (not testimonies)."""
    for card in deck.cards:
        for language, text in card.text.items():
            yield card.id, language, "title", text.title
            yield card.id, language, "front", text.front
            yield card.id, language, "body", text.body
            if text.own_explanation:
                yield card.id, language, "own_explanation", text.own_explanation
            for index, tip in enumerate(text.tips):
                yield card.id, language, f"tips[{index}]", tip.text
            for index, question in enumerate(text.questions):
                yield card.id, language, f"questions[{index}]", question


def test_deck_is_complete_in_both_languages(deck: Deck) -> None:
    """At least 40 cards; every field filled in every language, with matching tips and questions."""
    assert len(deck.cards) >= 40
    for card in deck.cards:
        assert set(card.text) == {"nl", "en"}, card.id
        nl, en = card.text["nl"], card.text["en"]
        for text in (nl, en):
            assert text.title and text.front and text.body, card.id
            assert len(text.tips) >= 1 and 1 <= len(text.questions) <= 2, card.id
        assert [tip.audience for tip in nl.tips] == [tip.audience for tip in en.tips], card.id
        assert len(nl.questions) == len(en.questions), card.id
        for testimony in card.testimonies:
            assert set(testimony.quote) == {"nl", "en"}, card.id


def test_the_fingerprint_matches_the_source_documents() -> None:
    """The hashes in the repository are those of the sources beside it (where they are present)."""
    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not at {SEEDS}; the fingerprint stands in for them")
    documents = read_documents(SEEDS)
    assert len(documents) == 5
    assert json.loads(FINGERPRINT.read_text(encoding="utf-8")) == fingerprint(documents)


def test_the_fingerprint_tells_a_quotation_from_an_altered_one(
    deck: Deck, sources: Sources
) -> None:
    """The check can fail: one changed word, or a run of our own, is not found in the source."""
    document = "003_1fc7a198a14383c0.txt"
    assert sources.quotes_verbatim(document, "Laat niemand aan zijn lot over.")
    assert not sources.quotes_verbatim(document, "Laat niemand aan haar lot over.")
    assert not sources.quotes_verbatim(document, "Laat niemand aan zijn lot over!")
    assert not sources.quotes_verbatim(
        "000_3e90c0113e4a9bfb.txt", "Laat niemand aan zijn lot over."
    )
    assert sources.copied_runs("Kom uit je kot en ga naar de mensen toe, zeggen wij vandaag.") == []
    longest = max((t.quote["nl"] for card in deck.cards for t in card.testimonies), key=len)
    assert len(sources.copied_runs(longest)) == len(words(longest)) - 9


def test_no_run_of_ten_words_is_copied_from_a_source(deck: Deck, sources: Sources) -> None:
    """Outside testimonies, no run of 10 words of any card stands in any source document."""
    copied = [
        f"{card_id} {language}.{field}: '{run}'"
        for card_id, language, field, text in own_texts(deck)
        for run in sources.copied_runs(text)
    ]
    assert copied == []


def test_every_testimony_is_word_for_word_in_its_source(deck: Deck, sources: Sources) -> None:
    """Each original quotation appears verbatim (case, spacing, quote marks aside) in its source
    document. (A source without a document in the fingerprint, such as an organisation's own,
    cannot be checked here: its quotations are its editors' to verify.)"""
    documents = {key: source.document for key, source in deck.sources.items() if source.document}
    checked, altered = 0, []
    for card in deck.cards:
        for testimony in card.testimonies:
            if testimony.source not in documents:
                continue
            words = testimony.quote[testimony.original]
            checked += 1
            if not sources.quotes_verbatim(documents[testimony.source], words):
                altered.append(f"{card.id}: {words[:60]}")
    assert checked == sum(
        1
        for card in deck.cards
        for testimony in card.testimonies
        if deck.sources[testimony.source].document
    )
    assert altered == []


def test_the_projects_testimonies_all_come_from_a_source_document(deck: Deck) -> None:
    """This project's deck quotes only the five source documents (all checkable above)."""
    assert [
        (card.id, testimony.source)
        for card in deck.cards
        for testimony in card.testimonies
        if not deck.sources[testimony.source].document
    ] == []


def test_each_testimony_is_used_once(deck: Deck) -> None:
    """No quotation appears on two cards."""
    quotes = [normalise(t.quote["nl"]) for card in deck.cards for t in card.testimonies]
    assert len(quotes) == len(set(quotes))
    assert len(quotes) >= 30


def test_the_real_deck_keeps_the_content_policy() -> None:
    """The check's rules, the content policy among them (plain-language fronts, related cards),
    find no problem and give no advice on the real deck."""
    assert policy.front_plain_language in RULES and policy.related_cards in ADVICE
    files = read_deck_files(REPO / "cards")
    context = CheckContext(files)
    assert files.problems == ()
    assert check_deck(context) == []
    assert advise(context) == []


def test_reading_figures_of_a_known_front() -> None:
    """The figures are computed, not guessed: a two-sentence front gives known numbers."""
    card = card_with({"nl": "Kom terug. Blijf het contact zoeken met mensen."})
    figures = front_figures(card, "nl")
    assert (figures.words_per_sentence, figures.longest_sentence) == (4.0, 6)
    # 8 words, 12 syllables (kom, te-rug, blijf, het, con-tact, zoe-ken, met, men-sen):
    # 206.835 - 0.93 * 4.0 - 77 * 12/8 = 87.6
    assert figures.readability == 87.6


def test_every_section_of_every_source_is_covered(deck: Deck) -> None:
    """The coverage map leaves no section of any source without a card."""
    covering = deck.covering()
    assert len(covering) == sum(len(source.sections) for source in deck.sources.values()) > 0
    assert [section for section, cards in covering.items() if not cards] == []


def test_coverage_map_on_the_about_page_links_existing_cards(built_site: Path, deck: Deck) -> None:
    """The about page lists every section with links to existing cards only, in both languages."""
    ids = {card.id for card in deck.cards}
    for prefix in ("", "en/"):
        page = read_page(built_site / prefix / "over" / "index.html")
        for source in deck.sources.values():
            if source.sections:
                assert f"coverage-{source.key}" in page.ids
        linked = [
            match.group(1)
            for attribute, url in page.links
            if attribute == "href" and (match := re.fullmatch(r"\.\./kaarten/([^/]+)/", url))
        ]
        assert set(linked) <= ids
        assert set(linked) == {card.id for cards in deck.covering().values() for card in cards}


def test_related_links_make_paths_through_the_deck(deck: Deck) -> None:
    """Every card can be reached by following related links (that each card links on to at
    least two others is the check's advice, above)."""
    start = deck.cards[0].id
    reached, todo = {start}, [start]
    while todo:
        for other in deck.card(todo.pop()).related:
            if other not in reached:
                reached.add(other)
                todo.append(other)
    assert reached == {card.id for card in deck.cards}

"""The glossary (cards/registries/glossary.yaml): its schema, its entries, and the cards held
to it by `outreach-cards check`, with exact messages, on a copy of the fixture deck."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from outreach_cards.deck import load_deck_with_advice

from .helpers import FIXTURE_DECK, problems, replace_in, term_links


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """A copy of the fixture deck, whose glossary has one term: 'aanklampen', in English
    'persistence', never 'clinging'."""
    target = tmp_path / "cards"
    shutil.copytree(FIXTURE_DECK, target)
    return target


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
    replace_in(
        cards / "registries" / "glossary.yaml", "      en: persistence\n", "      en: steadiness\n"
    )
    assert problems(cards) == [
        "cards/blijf-aanklampen.yaml:28: field 'text.en': the 'nl' text uses 'aanklampen' "
        "(glossary term 'aanklampen'): the 'en' text should say 'steadiness'"
    ]


def test_a_wrong_rendering_is_named_where_it_is(cards: Path) -> None:
    """A rendering the glossary lists as wrong is reported in the field that uses it, in any
    letter case, with the word to write instead."""
    replace_in(
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
    replace_in(
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


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture deck with a second, unused glossary term, built without PDFs."""
    from .helpers import build, copy_project

    project = copy_project(tmp_path_factory.mktemp("glossary") / "project", cards=FIXTURE_DECK)
    add_terms(
        project / "cards",
        "  - key: vindplaats\n"
        "    words: {nl: vindplaats, en: place where people already go}\n"
        "    explanation: {nl: Een plek waar mensen al komen., en: A place people already go.}\n"
        "    source: null\n",
    )
    result = build(project, OUTREACH_CARDS_PDFS="false")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_glossary_page_lists_every_term_once_with_its_cards(fixture_site: Path) -> None:
    """A build of the fixture deck has /woordenlijst/ and /en/woordenlijst/: each term once,
    under its word in the page's language (its anchor the term's key), its explanation, its
    word in the other language marked with that language, where the explanation comes from,
    and links to the cards that use it."""
    from .helpers import read_page

    site = fixture_site
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
            section = html.split(f'id="{key}"', 1)[1].split("<h2", 1)[0].split("</article>", 1)[0]
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


def test_a_term_is_explained_at_its_first_use_on_a_page(fixture_site: Path) -> None:
    """On the card page, the first use of a term in the text (not the page's title) links to
    its glossary entry with its explanation as title, in the page's language; no page links a
    term twice; the glossary page and the embedded card link none."""
    assert term_links(fixture_site / "kaarten" / "blijf-aanklampen" / "index.html") == [
        (
            "../../woordenlijst/#aanklampen",
            "Blijven proberen om contact te maken, ook na een eerste nee, zonder te duwen.",
            "aanklampen",
        )
    ]
    assert term_links(fixture_site / "en" / "kaarten" / "blijf-aanklampen" / "index.html") == [
        (
            "../../woordenlijst/#aanklampen",
            "Trying again to make contact, also after a first no, without pushing.",
            "persistence",
        )
    ]
    for path in fixture_site.rglob("*.html"):
        hrefs = [href for href, _, _ in term_links(path)]
        assert len(hrefs) == len(set(hrefs)), path
    for language in ("", "en/"):
        assert term_links(fixture_site / language / "woordenlijst" / "index.html") == []
        assert (
            term_links(fixture_site / language / "embed" / "blijf-aanklampen" / "index.html") == []
        )


def test_the_projects_own_explanation_is_shown_apart(fixture_site: Path) -> None:
    """A card's own explanation has its own section on the card page, saying it is the
    project's and naming its public source; the export carries it (null where a card has
    none)."""
    import json

    from .helpers import read_page

    expected = {
        "": (
            "Uitleg van het project",
            "Dit staat niet in de bronnen van deze kaart. Het is onze eigen uitleg, als "
            "achtergrond.",
            "Een testuitleg die in geen bron staat: twee werkers zien samen meer dan een.",
            "Meer lezen:",
        ),
        "en/": (
            "The project's explanation",
            "This is not in the sources of this card. It is our own explanation, as background.",
            "A test explanation that is in no source: two workers see more than one.",
            "Further reading:",
        ),
    }
    for prefix, (heading, note, explanation, further) in expected.items():
        path = fixture_site / prefix / "kaarten" / "huisbezoek-als-gast" / "index.html"
        page = read_page(path)
        headings = [e.text.strip() for e in page.elements if e.tag == "h2"]
        assert headings[:2] == [heading, "Tips"]
        html = path.read_text(encoding="utf-8")
        section = html.split('id="own-explanation"', 1)[1].split("<h2", 1)[0]
        paragraphs = [e for e in read_page(path, section).elements if e.tag == "p"]
        assert [" ".join(e.text.split()) for e in paragraphs][:3] == [note, explanation, further]
        assert "Verzonnen handboek over outreachend werken (testfixture)" in section
        export = json.loads((fixture_site / prefix / "api" / "v1" / "cards.json").read_text())
        own = {
            card["id"]: (card["own_explanation"], card["own_sources"]) for card in export["cards"]
        }
        assert own.pop("huisbezoek-als-gast") == (explanation, ["fixture-handboek"])
        assert own and all(value == (None, []) for value in own.values())

"""Facilitator sheets (issue 20): an A4 PDF per work format and per set, made by the print step
(WeasyPrint), with the steps and their times, the cards and their reflection questions; linked
from the format page, the set page and the print page. The fixture deck: one format (2 steps,
15 minutes) and one set (3 cards). PDFs read back with pikepdf and poppler."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from outreach_cards.model import Deck
from outreach_cards.print.facilitator import clock, timed_steps
from outreach_cards.print.formats import PrintSettings
from outreach_cards.print.results import PrintResult
from outreach_cards.print.step import render_print
from outreach_cards.settings import Brand

from .helpers import A4, pages_text, read_page, size, tool

SITE = "https://kaarten.example.org/"
BRAND = Brand({"nl": "Straatkaarten", "en": "Street cards"}, {}, "nl")
FORMAT = "kaart-van-de-week"
SET = "eerste-week"


@pytest.fixture(scope="module")
def sheets(fixture_deck: Deck, tmp_path_factory: pytest.TempPathFactory) -> PrintResult:
    return render_print(
        fixture_deck, PrintSettings("A6", SITE, BRAND), tmp_path_factory.mktemp("facilitator")
    )


def text_of(result: PrintResult, language: str, path: str) -> str:
    return " ".join(pages_text(result.file(language, path).cache_file))


def last_page(result: PrintResult, language: str, path: str) -> int:
    return result.file(language, path).pages


def test_clock_times_of_the_steps(fixture_deck: Deck) -> None:
    assert [clock(minutes) for minutes in (0, 5, 59, 60, 95)] == [
        "0:00",
        "0:05",
        "0:59",
        "1:00",
        "1:35",
    ]
    (work_format,) = fixture_deck.formats
    assert [(step.start, step.end, step.minutes) for step in timed_steps(work_format, "en")] == [
        ("0:00", "0:05", 5),
        ("0:05", "0:15", 10),
    ]


def test_a_sheet_per_format_and_per_set_in_each_language(sheets: PrintResult) -> None:
    for language in ("nl", "en"):
        files = [file for file in sheets.for_language(language) if file.kind == "facilitator"]
        assert sorted(file.path for file in files) == [
            "pdf/sets/eerste-week-begeleiding.pdf",
            "pdf/werkvormen/kaart-van-de-week.pdf",
        ]
        for file in files:
            with pikepdf.open(file.cache_file) as pdf:
                assert {size(page) for page in pdf.pages} == {A4}
                assert len(pdf.pages) == file.pages
            fonts = tool("pdffonts", str(file.cache_file)).splitlines()[2:]
            assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # embedded


def test_the_format_sheet_holds_every_step_with_its_time(
    sheets: PrintResult, fixture_deck: Deck
) -> None:
    (work_format,) = fixture_deck.formats
    text = text_of(sheets, "nl", "pdf/werkvormen/kaart-van-de-week.pdf")
    assert text.startswith("Begeleidersblad · Werkvorm Kaart van de week 3–12 deelnemers · ")
    assert "0:00–0:05 5 min Lees de voorkant van de kaart samen." in text
    assert "0:05–0:15 10 min Praat over één reflectievraag van de kaart." in text
    assert "Houd het kort, ook als het gesprek goed loopt." in text
    assert "Deel de kaart op je scherm in het online overleg." in text
    assert "Deze werkvorm is een voorstel van dit project" in text
    # its cards (its own, then its set's), each with its reflection questions, in that order
    titles = [
        fixture_deck.card(card_id).text["nl"].title
        for card_id in fixture_deck.format_cards(work_format)
    ]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions) and len(titles) == 3
    assert "Reflectievragen: • Wanneer wordt aanklampen voor jou duwen?" in text
    n = last_page(sheets, "nl", "pdf/werkvormen/kaart-van-de-week.pdf")
    assert text.endswith(f"{SITE}werkvormen/kaart-van-de-week/ Pagina {n} van {n}")
    # every page ends with the format's address and its number
    for index, page in enumerate(
        pages_text(sheets.file("nl", "pdf/werkvormen/kaart-van-de-week.pdf").cache_file), 1
    ):
        assert page.endswith(f"{SITE}werkvormen/kaart-van-de-week/ Pagina {index} van {n}")

    english = text_of(sheets, "en", "pdf/werkvormen/kaart-van-de-week.pdf")
    assert english.startswith("Facilitator sheet · Work format Card of the week 3–12 participants")
    assert "0:05–0:15 10 min Talk about one of the card's reflection questions." in english
    assert "Reflection questions: • When does persistence become pushing for you?" in english
    n = last_page(sheets, "en", "pdf/werkvormen/kaart-van-de-week.pdf")
    assert english.endswith(f"{SITE}en/werkvormen/kaart-van-de-week/ Page {n} of {n}")


def test_the_set_sheet_holds_its_cards_in_order_with_their_questions(
    sheets: PrintResult, fixture_deck: Deck
) -> None:
    card_set = fixture_deck.card_set(SET)
    text = text_of(sheets, "nl", "pdf/sets/eerste-week-begeleiding.pdf")
    assert text.startswith("Begeleidersblad · Set Een testset voor de eerste week 3 kaarten")
    cards = [fixture_deck.card(card_id) for card_id in card_set.cards]
    positions = [text.index(f"Kaart {card.number} · ") for card in cards]
    assert positions == sorted(positions)
    for card in cards:
        for question in card.text["nl"].questions:
            assert question in text
    assert "Werkvormen met deze set • Kaart van de week (15 minuten)" in text
    n = last_page(sheets, "nl", "pdf/sets/eerste-week-begeleiding.pdf")
    assert text.endswith(f"{SITE}sets/eerste-week/ Pagina {n} van {n}")
    with pikepdf.open(sheets.file("en", "pdf/sets/eerste-week-begeleiding.pdf").cache_file) as pdf:
        assert str(pdf.docinfo["/Title"]).startswith("A test set for the first week")
        assert "Facilitator sheet" in str(pdf.docinfo["/Title"])
        assert str(pdf.docinfo["/Author"]) == "Street cards"


@pytest.fixture(scope="module")
def built(fixture_deck_site: Path) -> Path:
    """The fixture deck's site, with its PDFs."""
    return fixture_deck_site


@pytest.mark.parametrize("root", ["", "en/"])
def test_the_format_set_and_print_pages_link_the_sheets(built: Path, root: str) -> None:
    format_page = read_page(built / root / "werkvormen" / FORMAT / "index.html")
    assert [url for _, url in format_page.links if url.endswith(".pdf")] == [
        f"../../pdf/werkvormen/{FORMAT}.pdf"
    ]
    set_page = read_page(built / root / "sets" / SET / "index.html")
    assert [url for _, url in set_page.links if url.endswith(".pdf")][-1] == (
        f"../../pdf/sets/{SET}-begeleiding.pdf"
    )
    print_page = read_page(built / root / "afdrukken" / "index.html")
    links = [url for _, url in print_page.links]
    start = links.index(f"../pdf/werkvormen/{FORMAT}.pdf")
    assert links[start : start + 4] == [
        f"../pdf/werkvormen/{FORMAT}.pdf",
        f"../werkvormen/{FORMAT}/",
        f"../pdf/sets/{SET}-begeleiding.pdf",
        f"../sets/{SET}/",
    ]
    for path in (f"pdf/werkvormen/{FORMAT}.pdf", f"pdf/sets/{SET}-begeleiding.pdf"):
        with pikepdf.open(built / root / path) as pdf:
            assert {size(page) for page in pdf.pages} == {A4}

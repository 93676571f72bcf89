"""Print for an office printer (issue 20): the fold-over deck (single-sided A4, front and back
side by side around a fold line), the duplex test sheet, the duplex offset that moves the backs
on the A4 sheets, and cut marks that run to the sheet's edges. Real WeasyPrint renders of the
fixture deck, read back with pikepdf and poppler."""

from __future__ import annotations

import re

import pikepdf
import pytest

from outreach_cards.model import Deck
from outreach_cards.print.formats import PrintSettings
from outreach_cards.print.results import PrintResult
from outreach_cards.print.step import render_print
from outreach_cards.settings import Brand, SettingsError, check_settings
from outreach_cards.site.print_section import PrintedDeck, print_page_context

from .helpers import A4, MM, pages_text, region_text, size, tool

SITE = "https://kaarten.example.org/"
BRAND = Brand({"nl": "Straatkaarten", "en": "Street cards"}, {}, "nl")
OFFSET = (2.0, -1.0)  # the backs 2 mm to the right and 1 mm up, seen from the front
A4_LANDSCAPE = (A4[1], A4[0])
# "q a b c d e f cm /Card0 Do Q": where a card's side is placed
PLACED = re.compile(r"q ([-\d. ]+) cm (/Card\w+) Do Q")
LINE = re.compile(r"([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l")


@pytest.fixture(scope="module")
def shifted(fixture_deck: Deck, tmp_path_factory: pytest.TempPathFactory) -> PrintResult:
    """The fixture deck in A6, for a printer whose backs need moving by OFFSET."""
    return render_print(
        fixture_deck,
        PrintSettings("A6", SITE, BRAND, duplex_offset=OFFSET),
        tmp_path_factory.mktemp("office-a6"),
    )


@pytest.fixture(scope="module")
def straight(fixture_deck: Deck, tmp_path_factory: pytest.TempPathFactory) -> PrintResult:
    return render_print(
        fixture_deck,
        PrintSettings("A6", SITE, BRAND),
        tmp_path_factory.mktemp("office-a6-straight"),
    )


@pytest.fixture(scope="module")
def a7(fixture_deck: Deck, tmp_path_factory: pytest.TempPathFactory) -> PrintResult:
    return render_print(fixture_deck, PrintSettings("A7", SITE), tmp_path_factory.mktemp("a7"))


def placements(path, page: int) -> list[tuple[str, tuple[float, ...]]]:
    """The card sides placed on a page: (form name, matrix), in drawing order."""
    with pikepdf.open(path) as pdf:
        stream = pdf.pages[page].Contents.read_bytes().decode("ascii")
    return [
        (name, tuple(float(value) for value in matrix.split()))
        for matrix, name in PLACED.findall(stream)
    ]


def marks(path, page: int) -> tuple[str, list[tuple[float, ...]]]:
    with pikepdf.open(path) as pdf:
        stream = pdf.pages[page].Contents.read_bytes().decode("ascii")
    return stream, [tuple(float(value) for value in line) for line in LINE.findall(stream)]


def title(deck: Deck, index: int, language: str) -> str:
    return deck.cards[index].text[language].title


def test_every_fold_over_pdf_is_made(shifted: PrintResult, fixture_deck: Deck) -> None:
    for language in ("nl", "en"):
        paths = {file.path for file in shifted.for_language(language) if file.kind == "fold"}
        assert paths == (
            {"pdf/kaartenset-vouwen.pdf"}
            | {f"pdf/themas/{theme.key}-vouwen.pdf" for theme in fixture_deck.themes}
            | {f"pdf/sets/{card_set.id}-vouwen.pdf" for card_set in fixture_deck.sets}
        )


def test_a6_fold_over_deck_puts_each_front_beside_its_back(
    shifted: PrintResult, fixture_deck: Deck
) -> None:
    """Two cards per portrait A4 page, one above the other: the front on the left half, its
    back on the right; single-sided (every page holds fronts and backs); a dashed fold mark
    between them; the title of the PDF says it is to fold."""
    file = shifted.file("nl", "pdf/kaartenset-vouwen.pdf")
    cards = len(fixture_deck.cards)
    with pikepdf.open(file.cache_file) as pdf:
        assert len(pdf.pages) == file.pages == -(-cards // 2)
        assert {size(page) for page in pdf.pages} == {A4}
        assert str(pdf.docinfo["/Title"]) == "Straatkaarten (A6, om te vouwen, enkelzijdig)"
    for index in (0, 1):
        top = 0.5 + 148 * index
        front = region_text(file.cache_file, 1, 0, top, 105, 148)
        back = region_text(file.cache_file, 1, 105, top, 105, 148)
        assert front.startswith(f"{index + 1} "), front
        assert title(fixture_deck, index, "nl") in front
        assert title(fixture_deck, index, "nl") in back
    assert [name for name, _ in placements(file.cache_file, 0)] == [
        "/Card0Front",
        "/Card0Back",
        "/Card1Front",
        "/Card1Back",
    ]
    # (the fronts at x = 0, the backs at x = 105 mm; the first pair's bottom 148.5 mm up)
    assert [round(matrix[4] / MM, 2) for _, matrix in placements(file.cache_file, 0)] == [
        0,
        105,
        0,
        105,
    ]
    assert [round(matrix[5] / MM, 2) for _, matrix in placements(file.cache_file, 0)] == [
        148.5,
        148.5,
        0.5,
        0.5,
    ]
    stream, lines = marks(file.cache_file, 0)
    assert "[2 2] 0 d" in stream
    fold = [line for line in lines if line[0] == line[2] == round(105 * MM, 3)]
    assert len(fold) >= 4  # (a fold mark at both ends of both pairs' fold line)


def test_a7_fold_over_deck_puts_four_pairs_on_a_landscape_page(
    a7: PrintResult, fixture_deck: Deck
) -> None:
    file = a7.file("en", "pdf/kaartenset-vouwen.pdf")
    with pikepdf.open(file.cache_file) as pdf:
        assert len(pdf.pages) == -(-len(fixture_deck.cards) // 4)
        assert {size(page) for page in pdf.pages} == {A4_LANDSCAPE}
    # the second pair: top right (its front from 148.5 mm, its back from 222.5 mm)
    assert title(fixture_deck, 1, "en") in region_text(file.cache_file, 1, 148.5, 0, 74, 105)
    assert title(fixture_deck, 1, "en") in region_text(file.cache_file, 1, 222.5, 0, 74, 105)
    # the fourth pair: bottom right
    assert title(fixture_deck, 3, "en") in region_text(file.cache_file, 1, 148.5, 105, 74, 105)


def test_duplex_offset_moves_only_the_backs_of_the_a4_sheets(
    shifted: PrintResult, straight: PrintResult
) -> None:
    """2 mm to the right seen from the front is 2 mm to the left on the back's own page (a
    long-edge flip mirrors across); 1 mm up is 1 mm up. The fronts do not move."""
    for page in (0, 1):
        moved = placements(shifted.file("nl", "pdf/kaartenset-a4.pdf").cache_file, page)
        still = placements(straight.file("nl", "pdf/kaartenset-a4.pdf").cache_file, page)
        assert [name for name, _ in moved] == [name for name, _ in still]
        shifts = {
            (round((m[4] - s[4]) / MM, 3), round((m[5] - s[5]) / MM, 3))
            for (_, m), (_, s) in zip(moved, still, strict=True)
        }
        assert shifts == ({(0.0, 0.0)} if page == 0 else {(-2.0, 1.0)})
    # the duplex deck and the fold-over deck are the same files whatever the offset
    for path in ("pdf/kaartenset.pdf", "pdf/kaartenset-vouwen.pdf"):
        assert (
            shifted.file("nl", path).cache_file.read_bytes()
            == straight.file("nl", path).cache_file.read_bytes()
        )


def test_cut_marks_on_the_a4_sheets_run_to_the_sheets_edges(straight: PrintResult) -> None:
    """A stack can be cut with a guillotine: every cut line across is marked from the left
    and the right edge, every cut line down from the top and the bottom edge."""
    _, lines = marks(straight.file("nl", "pdf/kaartenset-a4.pdf").cache_file, 0)
    width, height = round(210 * MM, 3), round(297 * MM, 3)
    down = {x0 for x0, y0, x1, y1 in lines if x0 == x1 and y1 == height}
    up = {x0 for x0, y0, x1, y1 in lines if x0 == x1 and y0 == 0}
    across_left = {y0 for x0, y0, x1, y1 in lines if y0 == y1 and x0 == 0}
    across_right = {y0 for x0, y0, x1, y1 in lines if y0 == y1 and x1 == width}
    columns = {round(105 * MM * column, 3) for column in range(3)}
    rows = {round((0.5 + 148 * row) * MM, 3) for row in range(3)}
    assert down == up == columns
    assert across_left == across_right == rows


@pytest.mark.parametrize(
    "language, heading, back",
    [
        ("nl", "Proefvel dubbelzijdig afdrukken", "Dit is de achterkant."),
        ("en", "Double-sided test sheet", "This is the back."),
    ],
)
def test_duplex_test_sheet(shifted: PrintResult, language: str, heading: str, back: str) -> None:
    """Two A4 pages: the instructions and the scales, then the back with its lines; the fonts
    embedded; the scale labelled from 10 to -10."""
    file = shifted.file(language, "pdf/proefvel-dubbelzijdig.pdf")
    with pikepdf.open(file.cache_file) as pdf:
        assert [size(page) for page in pdf.pages] == [A4, A4]
        assert str(pdf.Root.Lang) == language
    front, reverse = pages_text(file.cache_file)
    assert front.startswith(heading)
    assert "duplex_offset: {x: 2, y: -1}" in front
    assert back in reverse
    fonts = tool("pdffonts", str(file.cache_file)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    across = region_text(file.cache_file, 1, 90, 140, 30, 8).split()
    assert across == ["10", "5", "0", "-5", "-10"]


def test_the_print_page_lists_the_fold_over_decks_and_the_test_sheet(
    shifted: PrintResult, fixture_deck: Deck
) -> None:
    context = print_page_context(
        fixture_deck, "en", PrintedDeck(PrintSettings("A6", SITE), shifted)
    )
    whole = [(file.path, what) for file, what in context["whole"]]
    assert whole[-2:] == [
        (
            "pdf/kaartenset-vouwen.pdf",
            "No double-sided printer needed: 2 cards per A4 page, front and back side by side. "
            "Print single-sided, cut, fold on the dashed line and glue.",
        ),
        (
            "pdf/proefvel-dubbelzijdig.pdf",
            "Test sheet: print it double-sided and read how many millimetres your printer "
            "shifts the back side.",
        ),
    ]
    assert [file.path for file, _, what in context["sets"] if what == "to fold, single-sided"] == [
        f"pdf/sets/{card_set.id}-vouwen.pdf" for card_set in fixture_deck.sets
    ]


def test_a_duplex_offset_beyond_ten_millimetres_is_refused() -> None:
    with pytest.raises(ValueError) as caught:
        PrintSettings("A6", SITE, duplex_offset=(0, 12))
    assert str(caught.value) == (
        "mkdocs.yml: extra.print.duplex_offset must give x and y in millimetres, each between "
        "-10 and 10 (read them off the duplex test sheet), not (0, 12)"
    )
    with pytest.raises(SettingsError) as caught:
        check_settings({"print": {"duplex_offset": {"x": "2 mm", "z": 1}}})
    assert str(caught.value).splitlines() == [
        "mkdocs.yml: extra.print.duplex_offset.z is not a setting — expected one of: 'x', 'y'",
        "mkdocs.yml: extra.print.duplex_offset.x should be a number, not '2 mm'",
    ]

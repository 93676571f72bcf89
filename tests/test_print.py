"""The printable cards: real WeasyPrint renders of the fixture deck, read back with pikepdf,
poppler (pdftotext, pdffonts, pdftoppm) and zbar; the build's print step (on the fixture deck)
and the real site's print page, card pages and the browser's print of a card page in a real
Chromium. That every real card fits its printed sides is the real site's build (built_site)."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf
import pytest

from outreach_cards.model import Deck
from outreach_cards.print import workers as workers_module
from outreach_cards.print.formats import PrintSettings
from outreach_cards.print.preflight import preflight
from outreach_cards.print.results import PrintError, PrintResult
from outreach_cards.print.step import PrintStep, render_print
from outreach_cards.settings import Brand
from outreach_cards.site.pages import render_site
from outreach_cards.site.print_section import PrintedDeck, fill_print_layouts, site_fragment

# The PDF readers moved to tests/helpers.py (test_builder.py and test_reuse.py use them too).
from .helpers import (
    A4,
    A6,
    A7,
    FIXTURE_DECK,
    MM,
    REPO,
    box,
    build,
    copy_project,
    pages_text,
    qr_codes,
    read_page,
    region_text,
    size,
    tool,
)

SITE = "https://kaarten.example.org/outreach/"
# An organisation's own name: what the PDFs are titled and authored by
BRAND = Brand(
    {"nl": "Kaarten van Straatwerk", "en": "Street work cards"},
    {"nl": "Onze eigen kaarten.", "en": "Our own cards."},
    "nl",
)
BLEED = round(3 * MM, 2)


A6_LOG: list[str] = []  # what the a6 render logged


@pytest.fixture(scope="module")
def a6(fixture_deck: Deck, tmp_path_factory: pytest.TempPathFactory) -> PrintResult:
    return render_print(
        fixture_deck,
        PrintSettings("A6", SITE, BRAND),
        tmp_path_factory.mktemp("a6"),
        workers=2,
        log=A6_LOG.append,
    )


@pytest.fixture(scope="module")
def a7(fixture_deck: Deck, tmp_path_factory: pytest.TempPathFactory) -> PrintResult:
    return render_print(fixture_deck, PrintSettings("A7", SITE), tmp_path_factory.mktemp("a7"))


def title(deck: Deck, card_id: str, language: str) -> str:
    return deck.card(card_id).text[language].title


# -- the files and their pages --------------------------------------------------------------


def test_every_pdf_is_made_in_every_language(a6: PrintResult, fixture_deck: Deck) -> None:
    """Per language: a PDF per card and per theme (duplex and to fold), the duplex deck, the
    print-shop deck, the A4 sheets, the fold-over deck and the duplex test sheet; per set its
    deck, sheets, fold-over deck and facilitator sheet; per format its facilitator sheet."""
    for language in ("nl", "en"):
        paths = sorted(file.path for file in a6.for_language(language))
        assert paths == sorted(
            [f"pdf/kaarten/{card.id}.pdf" for card in fixture_deck.cards]
            + [
                f"pdf/themas/{theme.key}{suffix}.pdf"
                for theme in fixture_deck.themes
                for suffix in ("", "-vouwen")
            ]
            + ["pdf/kaartenset.pdf", "pdf/kaartenset-drukkerij.pdf", "pdf/kaartenset-a4.pdf"]
            + ["pdf/kaartenset-vouwen.pdf", "pdf/proefvel-dubbelzijdig.pdf"]
            + [
                f"pdf/sets/{card_set.id}{suffix}.pdf"
                for card_set in fixture_deck.sets
                for suffix in ("", "-a4", "-vouwen", "-begeleiding")
            ]
            + [f"pdf/werkvormen/{work_format.id}.pdf" for work_format in fixture_deck.formats]
        )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_card_pdfs_are_a6_tagged_titled_and_carry_their_title(
    a6: PrintResult, fixture_deck: Deck, language: str
) -> None:
    """Each card PDF: two A6 pages (front, back), its title in the text layer of both, the
    PDF title (with the site's name), author (the site) and subject (the site's description)
    and language set, tagged (PDF/UA-1 structure tree, marked content)."""
    name = BRAND.name(language)
    for card in fixture_deck.cards:
        file = a6.file(language, f"pdf/kaarten/{card.id}.pdf")
        with pikepdf.open(file.cache_file) as pdf:
            assert len(pdf.pages) == file.pages == 2
            assert [size(page) for page in pdf.pages] == [A6, A6]
            assert (
                str(pdf.docinfo["/Title"]) == f"{card.number}. {card.text[language].title} — {name}"
            )
            assert str(pdf.docinfo["/Author"]) == name
            assert str(pdf.docinfo["/Subject"]) == BRAND.description(language)
            assert str(pdf.Root.Lang) == language
            assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        front, back = pages_text(file.cache_file)
        assert card.text[language].title in front and card.text[language].title in back
        assert front.startswith(f"{card.number} {fixture_deck.theme(card.theme).title[language]}")


def test_theme_and_deck_pdfs_alternate_fronts_and_backs(
    a6: PrintResult, fixture_deck: Deck
) -> None:
    """Theme decks and the whole deck: fronts and backs in turn, every card's title on both of
    its pages, in deck order, every page A6."""
    for language in ("nl", "en"):
        deck_file = a6.file(language, "pdf/kaartenset.pdf")
        assert deck_file.pages == 2 * len(fixture_deck.cards)
        text = pages_text(deck_file.cache_file)
        for index, card in enumerate(fixture_deck.cards):
            assert card.text[language].title in text[2 * index], (language, card.id)
            assert card.text[language].title in text[2 * index + 1], (language, card.id)
        for theme in fixture_deck.themes:
            members = fixture_deck.cards_in_theme(theme.key)
            file = a6.file(language, f"pdf/themas/{theme.key}.pdf")
            assert file.pages == 2 * len(members)
            text = pages_text(file.cache_file)
            assert [card.text[language].title in text[2 * i] for i, card in enumerate(members)] == [
                True
            ] * len(members)
        with pikepdf.open(deck_file.cache_file) as pdf:
            assert {size(page) for page in pdf.pages} == {A6}
            assert str(pdf.Root.Lang) == language
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)


@pytest.mark.parametrize("result_name", ["a6", "a7"])
def test_every_front_is_its_theme_colour_to_the_edge(
    result_name: str, request, fixture_deck: Deck, tmp_path: Path
) -> None:
    """Every pixel on the four edges of every card front (page by page from the duplex deck,
    made of the card PDFs) is the theme colour: no white strip at any side, and the card
    fills its page (a document margin once pushed every card off its page to the right)."""
    from PIL import Image  # (WeasyPrint's dependency)

    result: PrintResult = request.getfixturevalue(result_name)
    for language in ("nl", "en"):
        file = result.file(language, "pdf/kaartenset.pdf")
        prefix = tmp_path / f"{result_name}-{language}"
        tool("pdftoppm", "-r", "36", "-png", str(file.cache_file), str(prefix))
        images = sorted(tmp_path.glob(f"{prefix.name}-*.png"))
        assert len(images) == 2 * len(fixture_deck.cards)
        wrong = []
        for card, image in zip(fixture_deck.cards, images[::2], strict=True):
            front = Image.open(image).convert("RGB")
            width, height = front.size
            edges = {front.getpixel((x, y)) for x in range(width) for y in (0, height - 1)}
            edges |= {front.getpixel((x, y)) for x in (0, width - 1) for y in range(height)}
            colours = {"#{:02x}{:02x}{:02x}".format(*pixel) for pixel in edges}
            if colours != {fixture_deck.theme(card.theme).colour.lower()}:
                wrong.append((card.id, sorted(colours)))
        assert wrong == [], (language, wrong)


def test_a6_sheets_put_four_cards_a_side_with_backs_behind_their_fronts(
    a6: PrintResult, fixture_deck: Deck, tmp_path: Path
) -> None:
    """A4 sheets: a sheet (two A4 pages) per four cards; card 1 top left on the front side and
    top right on the back side (long-edge flip), card 4 bottom right and bottom left."""
    file = a6.file("nl", "pdf/kaartenset-a4.pdf")
    sheets = -(-len(fixture_deck.cards) // 4)
    with pikepdf.open(file.cache_file) as pdf:
        assert len(pdf.pages) == 2 * sheets
        assert {size(page) for page in pdf.pages} == {A4}
    first, second, third, fourth = (
        title(fixture_deck, card.id, "nl") for card in fixture_deck.cards[:4]
    )
    assert first in region_text(file.cache_file, 1, 0, 0, 105, 148)
    assert fourth in region_text(file.cache_file, 1, 105, 148, 105, 148)
    assert first in region_text(file.cache_file, 2, 105, 0, 105, 148)
    assert second in region_text(file.cache_file, 2, 0, 0, 105, 148)
    assert fourth in region_text(file.cache_file, 2, 0, 148, 105, 148)
    assert third in region_text(file.cache_file, 2, 105, 148, 105, 148)
    # the last sheet holds the last cards (up to two of them on its top half)
    last = fixture_deck.cards[4 * (sheets - 1) :][:2]
    top = region_text(file.cache_file, 2 * sheets - 1, 0, 0, 210, 148)
    assert [title(fixture_deck, card.id, "nl") in top for card in last] == [True] * len(last)
    # the QR codes on a back side are those of its four cards
    urls = qr_codes(file.cache_file, 2, tmp_path)
    assert urls == sorted(f"{SITE}kaarten/{card.id}/" for card in fixture_deck.cards[:4])


def test_a7_sheets_put_eight_turned_cards_a_side(a7: PrintResult, fixture_deck: Deck) -> None:
    """A7: a sheet (two A4 pages) per eight cards, turned a quarter, two columns of four; the
    back of each card lies behind its front after a long-edge flip (its column mirrored)."""
    cards = fixture_deck.cards
    file = a7.file("en", "pdf/kaartenset-a4.pdf")
    with pikepdf.open(file.cache_file) as pdf:
        assert len(pdf.pages) == 2 * -(-len(cards) // 8)
        assert {size(page) for page in pdf.pages} == {A4}
    for index in (0, min(len(cards), 8) - 1):  # the first card and the last of the sheet
        row, column = divmod(index, 2)
        top = 0.5 + 74 * row
        text = title(fixture_deck, cards[index].id, "en")
        assert text in region_text(file.cache_file, 1, 105 * column, top, 105, 74), index
        assert text in region_text(file.cache_file, 2, 105 * (1 - column), top, 105, 74), index


def test_a7_card_pdfs_are_a7(a7: PrintResult, fixture_deck: Deck) -> None:
    """The A7 option gives 74 × 105 mm pages everywhere but the A4 sheets, the decks to fold
    (four pairs on a landscape A4), the duplex test sheet and the facilitator sheets."""
    for file in a7.files:
        with pikepdf.open(file.cache_file) as pdf:
            expected = {A4} if file.kind in ("sheets", "duplex-test", "facilitator") else {A7}
            if file.kind == "fold":
                expected = {(A4[1], A4[0])}
            if file.kind == "print-shop":  # 3 mm bleed and a 7 mm slug on every side
                expected = {(round(94 * MM, 2), round(125 * MM, 2))}
            assert {size(page) for page in pdf.pages} == expected, file.path
    assert a7.file("nl", "pdf/kaarten/blijf-aanklampen.pdf").pages == 2


@pytest.mark.parametrize("result_name, card_mm", [("a6", (105, 148)), ("a7", (74, 105))])
def test_print_shop_deck_has_bleed_slug_and_trim_boxes(
    result_name: str, card_mm: tuple[int, int], request, fixture_deck: Deck, tmp_path: Path
) -> None:
    """The print-shop deck: the TrimBox (and ArtBox) the card, the BleedBox 3 mm more on every
    side, the MediaBox (and CropBox) 7 mm of slug more; the bleed behind a front has the theme
    colour, the slug is white; it passes its preflight."""
    result: PrintResult = request.getfixturevalue(result_name)
    file = result.file("nl", "pdf/kaartenset-drukkerij.pdf")
    width, height = card_mm
    with pikepdf.open(file.cache_file) as pdf:
        assert len(pdf.pages) == 2 * len(fixture_deck.cards)
        for page in pdf.pages:
            assert box(page, "/TrimBox") == box(page, "/ArtBox") == (0, 0, *size(page, "/TrimBox"))
            assert size(page, "/TrimBox") == (round(width * MM, 2), round(height * MM, 2))
            assert box(page, "/BleedBox") == (
                -BLEED,
                -BLEED,
                round((width + 3) * MM, 2),
                round((height + 3) * MM, 2),
            )
            assert (
                box(page)
                == box(page, "/CropBox")
                == (
                    round(-10 * MM, 2),
                    round(-10 * MM, 2),
                    round((width + 10) * MM, 2),
                    round((height + 10) * MM, 2),
                )
            )
        assert str(pdf.docinfo["/Title"]).endswith(
            "(" + result_name.upper() + ", voor de drukkerij, 3 mm afloop en snijtekens)"
        )
    assert preflight(file.cache_file) == []
    # the first front at 72 dpi: 1 px a point from the slug's corner; the bleed starts 7 mm in
    image = tmp_path / "front"
    tool(
        "pdftoppm",
        "-r",
        "72",
        "-f",
        "1",
        "-l",
        "1",
        "-png",
        "-singlefile",
        str(file.cache_file),
        str(image),
    )
    from PIL import Image  # (WeasyPrint's dependency)

    front = Image.open(f"{image}.png").convert("RGB")
    colour = fixture_deck.theme(fixture_deck.cards[0].theme).colour.lower()
    hexed = ["#{:02x}{:02x}{:02x}".format(*front.getpixel((x, x))) for x in (2, 18, 22, 26)]
    assert hexed == ["#ffffff", "#ffffff", colour, colour]  # slug, slug, bleed, bleed


def crop_mark_lines(page: pikepdf.Page) -> tuple[list[tuple[float, ...]], list[tuple]]:
    """The line segments drawn in registration colour on a page (x0, y0, x1, y1), read from
    its content stream, with the colour space and line width they are drawn with."""
    lines, states = [], []
    colour, width, point, marking = None, None, None, False
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "CS":
            colour = page.Resources.ColorSpace[operands[0]]
            marking = list(colour)[:2] == [pikepdf.Name.Separation, pikepdf.Name.All]
        elif name == "w":
            width = float(operands[0])
        elif marking and name == "m":
            point = tuple(float(value) for value in operands)
        elif marking and name == "l":
            end = tuple(float(value) for value in operands)
            lines.append((*point, *end))
            states.append((width,))
            point = end
        elif name == "Q":
            marking = False
    return lines, states


@pytest.mark.parametrize("result_name", ["a6", "a7"])
def test_crop_marks_lie_outside_the_trim_box(result_name: str, request) -> None:
    """Every page: eight crop marks, two at each corner of the trim box, on the lines of the
    trim box's edges, 5 mm long, in registration colour (Separation All), 0.25 pt wide; each
    starts 1 mm beyond the bleed box, so none lies in the bleed or the trim box, and each
    ends inside the page."""
    result: PrintResult = request.getfixturevalue(result_name)
    file = result.file("en", "pdf/kaartenset-drukkerij.pdf")
    with pikepdf.open(file.cache_file) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines, states = crop_mark_lines(page)
            assert len(lines) == 8 and set(states) == {(0.25,)}, number
            # (the marks are written to 0.001 pt)
            left, bottom, right, top = (round(float(v), 3) for v in page.TrimBox)
            bleed = [float(v) for v in page.BleedBox]
            media = [float(v) for v in page.MediaBox]
            corners = []
            for x0, y0, x1, y1 in lines:
                xs, ys = sorted((x0, x1)), sorted((y0, y1))
                # outside the bleed box (and so outside the trim box): by at least 1 mm
                gap = max(bleed[0] - xs[1], xs[0] - bleed[2], bleed[1] - ys[1], ys[0] - bleed[3])
                assert abs(gap - 1 * MM) < 0.01, (number, (x0, y0, x1, y1))
                assert (
                    media[0] < xs[0] and xs[1] < media[2] and media[1] < ys[0] and ys[1] < media[3]
                )
                if y0 == y1:  # across: on the line of the bottom or top edge
                    assert y0 in (bottom, top) and abs(xs[1] - xs[0] - 5 * MM) < 0.01
                    corners.append(("across", left if xs[1] < left else right, y0))
                else:  # down: on the line of the left or right edge
                    assert x0 == x1 and x0 in (left, right) and abs(ys[1] - ys[0] - 5 * MM) < 0.01
                    corners.append(("down", x0, bottom if ys[1] < bottom else top))
            assert sorted(corners) == sorted(
                (kind, x, y)
                for kind in ("across", "down")
                for x in (left, right)
                for y in (bottom, top)
            ), number


@pytest.mark.parametrize("result_name", ["a6", "a7"])
def test_print_shop_deck_has_an_srgb_output_intent(result_name: str, request) -> None:
    """The print-shop deck says its colours are sRGB: one output intent with the ICC's sRGB
    profile (WeasyPrint's sRGB2014.icc, byte for byte; its description read by LittleCMS and
    its primaries those of LittleCMS's own sRGB); the other files have none."""
    import importlib.resources
    import io

    from PIL import ImageCms  # (WeasyPrint's dependency)

    result: PrintResult = request.getfixturevalue(result_name)
    shipped = (importlib.resources.files("weasyprint") / "pdf" / "sRGB2014.icc").read_bytes()
    for language in ("nl", "en"):
        with pikepdf.open(result.file(language, "pdf/kaartenset-drukkerij.pdf").cache_file) as pdf:
            assert pdf.pdf_version == "1.7"
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == pikepdf.Name.GTS_PDFX
            assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
            assert str(intent.RegistryName) == "http://www.color.org"
            profile = intent.DestOutputProfile
            assert profile.N == 3
            data = profile.read_bytes()
        assert data == shipped
        icc = ImageCms.ImageCmsProfile(io.BytesIO(data))
        assert ImageCms.getProfileDescription(icc).strip() == "sRGB2014"
        assert (icc.profile.xcolor_space, icc.profile.device_class) == ("RGB ", "mntr")
        reference = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).profile
        for primary in ("red_colorant", "green_colorant", "blue_colorant"):
            ours, theirs = getattr(icc.profile, primary)[0], getattr(reference, primary)[0]
            assert all(abs(a - b) < 0.001 for a, b in zip(ours, theirs, strict=True)), primary
        with pikepdf.open(result.file(language, "pdf/kaartenset.pdf").cache_file) as pdf:
            assert "/OutputIntents" not in pdf.Root


@pytest.mark.parametrize("result_name", ["a6", "a7"])
def test_print_shop_deck_fonts_embedded_and_images_at_300_ppi(
    result_name: str, request, fixture_deck: Deck
) -> None:
    """Read back with poppler, not with the preflight's own code: pdffonts lists every font as
    embedded, pdfimages every image (a QR code on each back) at 300 ppi or more."""
    result: PrintResult = request.getfixturevalue(result_name)
    path = str(result.file("nl", "pdf/kaartenset-drukkerij.pdf").cache_file)
    fonts = tool("pdffonts", path).splitlines()[2:]
    assert fonts and [row.split()[-5] for row in fonts] == ["yes"] * len(fonts)
    images = tool("pdfimages", "-list", path).splitlines()[2:]
    assert len(images) == len(fixture_deck.cards)
    assert min(int(row.split()[12]) for row in images) >= 300, images


def test_fonts_are_embedded_in_every_kind_of_pdf(a6: PrintResult) -> None:
    """pdffonts lists only embedded fonts (Atkinson Hyperlegible subsets) in each kind of file."""
    for path in (
        "pdf/kaarten/blijf-aanklampen.pdf",
        "pdf/themas/hoe.pdf",
        "pdf/kaartenset.pdf",
        "pdf/kaartenset-a4.pdf",
        "pdf/kaartenset-drukkerij.pdf",
    ):
        rows = tool("pdffonts", str(a6.file("en", path).cache_file)).splitlines()[2:]
        assert rows, path
        for row in rows:
            name, emb = row.split()[0], row.split()[-5]
            assert emb == "yes", (path, row)
            assert re.fullmatch(r"[A-Z]{6}\+Atkinson-Hyperlegible(-[A-Za-z]+)?", name), (path, row)


@pytest.mark.parametrize("result_name", ["a6", "a7"])
def test_qr_code_decodes_to_the_stable_card_url(result_name: str, request, tmp_path: Path) -> None:
    """zbar reads the QR code on the back as the card's version-free URL under site_url."""
    result: PrintResult = request.getfixturevalue(result_name)
    for language, prefix in (("nl", ""), ("en", "en/")):
        file = result.file(language, "pdf/kaarten/blijf-aanklampen.pdf")
        assert qr_codes(file.cache_file, 2, tmp_path) == [
            f"{SITE}{prefix}kaarten/blijf-aanklampen/"
        ]


def test_two_renders_give_identical_bytes(
    a6: PrintResult, fixture_deck: Deck, tmp_path: Path
) -> None:
    """A second render from scratch (another cache folder) writes byte-identical PDFs."""
    again = render_print(fixture_deck, PrintSettings("A6", SITE, BRAND), tmp_path)
    first = {(f.language, f.path): f.cache_file.read_bytes() for f in a6.files}
    second = {(f.language, f.path): f.cache_file.read_bytes() for f in again.files}
    assert first.keys() == second.keys()
    assert [key for key in first if first[key] != second[key]] == []


def test_a_card_laid_out_alone_is_the_card_laid_out_with_its_theme(
    a6: PrintResult, fixture_deck: Deck, tmp_path: Path
) -> None:
    """The cache keeps a PDF per card, so an edit lays out that card alone: its PDF must be the
    one the card gets among the other cards of its theme (here: the second card of a theme,
    its PDF removed from a copy of the cache, laid out again on its own)."""
    card = fixture_deck.cards_in_theme(fixture_deck.themes[1].key)[1]
    cache = tmp_path / "cache"
    shutil.copytree(a6.file("nl", "pdf/kaartenset.pdf").cache_file.parent, cache / "copy")
    original = a6.file("en", f"pdf/kaarten/{card.id}.pdf").cache_file
    (cache / "copy" / original.name).unlink()
    # the copy sits where render_print keeps its folder for these settings
    (cache / "copy").rename(cache / original.parent.name)
    messages: list[str] = []
    again = render_print(fixture_deck, PrintSettings("A6", SITE, BRAND), cache, log=messages.append)
    n = len(fixture_deck.cards)
    assert f"Print (en): {n} cards: 1 to lay out (1 layout), {n - 1} from the cache" in messages
    assert (
        f"Print (en): 1 of 1 layouts (theme '{fixture_deck.themes[1].key}', 1 of "
        f"{len(fixture_deck.cards_in_theme(fixture_deck.themes[1].key))} cards)" in messages
    )
    alone = again.file("en", f"pdf/kaarten/{card.id}.pdf").cache_file
    assert alone.name == original.name
    assert alone.read_bytes() == original.read_bytes()


# -- overflow -------------------------------------------------------------------------------

SENTENCE = "Kom terug, ook als het lang duurt, en luister eerst goed naar wat de ander wil."


def test_overflowing_sides_are_reported_with_card_language_and_side(
    deck: Deck, tmp_path: Path
) -> None:
    """A front whose text runs into the icon, a front and a back that need a second page: each
    is reported, naming file, line, field, card, language and side; nothing is written.
    (The texts are set past the schema's limits, which `check` would report first.)"""
    card = deck.card("blijf-aanklampen")
    nl = dataclasses.replace(card.text["nl"], front=" ".join([SENTENCE] * 11))
    en = card.text["en"]
    en = dataclasses.replace(en, front=" ".join([SENTENCE] * 14), tips=tuple(en.tips) * 5)
    changed = dataclasses.replace(card, text={"nl": nl, "en": en})
    small = dataclasses.replace(deck, cards=(changed,), sets=(), formats=())
    with pytest.raises(PrintError) as caught:
        render_print(small, PrintSettings("A6", SITE), tmp_path / "cache")
    lines = (REPO / "cards" / "blijf-aanklampen.yaml").read_text(encoding="utf-8").splitlines()
    english = lines.index("  en:")
    nl_front = lines.index("    front: >-") + 1
    en_front = lines.index("    front: >-", english) + 1
    en_tips = lines.index("    tips:", english) + 1
    prefix = "cards/blijf-aanklampen.yaml"
    assert caught.value.report().splitlines() == [
        f"{prefix}:{nl_front}: field 'text.nl.front': card 'blijf-aanklampen' (nl): the front "
        "does not fit on an A6 card (its text runs into the theme icon); shorten the title or "
        "the front text",
        f"{prefix}:{en_front}: field 'text.en.front': card 'blijf-aanklampen' (en): the front "
        "does not fit on an A6 card (it needs 2 pages); shorten the title or the front text",
        f"{prefix}:{en_tips}: field 'text.en.tips': card 'blijf-aanklampen' (en): the back "
        "does not fit on an A6 card (it needs 2 pages); shorten the tips, the first testimony "
        "or the first question",
        "3 problems in 1 file.",
    ]
    assert list((tmp_path / "cache").rglob("*.pdf")) == []


TIP = "      - for: professional\n        text: Kom terug en vraag hoe het gaat, ook na een nee.\n"


def with_extra_tips(source: str, count: int) -> tuple[str, list[int]]:
    """A card file with ``count`` more tips in every language; the lines of the "tips:" keys."""
    out, keys, number = [], [], 0
    for line in source.splitlines(keepends=True):
        out.append(line)
        number += 1
        if line == "    tips:\n":
            keys.append(number)
            out.append(TIP * count)
            number += TIP.count("\n") * count
    return "".join(out), keys


def test_a_card_with_too_many_tips_stops_the_build(tmp_path: Path) -> None:
    """In a real build, a back that does not fit fails `mkdocs build` with the problem."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    path = project / "cards" / "blijf-aanklampen.yaml"
    source, (nl_tips, en_tips) = with_extra_tips(path.read_text(encoding="utf-8"), 12)
    path.write_text(source, encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "Cards do not fit their printed side; nothing was built:" in result.stderr
    for line, language in ((nl_tips, "nl"), (en_tips, "en")):
        assert (
            f"cards/blijf-aanklampen.yaml:{line}: field 'text.{language}.tips': card "
            f"'blijf-aanklampen' ({language}): the back does not fit on an A6 card (it needs "
            "2 pages)"
        ) in result.stderr
    assert "2 problems in 1 file." in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_check_print_reports_overflow(tmp_path: Path) -> None:
    """`outreach-cards check --print` lays out every card and fails on one that does not fit."""
    import sys

    cards = tmp_path / "cards"
    shutil.copytree(FIXTURE_DECK, cards)
    path = cards / "blijf-aanklampen.yaml"
    source, (nl_tips, _) = with_extra_tips(path.read_text(encoding="utf-8"), 12)
    path.write_text(source, encoding="utf-8")
    # without OUTREACH_CARDS_CACHE (the session's), so the cache lands in its default folder
    env = {name: value for name, value in os.environ.items() if name != "OUTREACH_CARDS_CACHE"}
    result = subprocess.run(
        [sys.executable, "-m", "outreach_cards", "check", "--print", "cards"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
        env=env,
    )
    assert result.returncode == 1, result.stdout
    assert (
        f"cards/blijf-aanklampen.yaml:{nl_tips}: field 'text.nl.tips': card "
        "'blijf-aanklampen' (nl): the back does not fit on an A6 card (it needs 2 pages)"
        in result.stderr
    )
    assert (tmp_path / ".cache" / "print").is_dir()


# -- in the build, on the site and in the browser ---------------------------------------------


def test_rebuild_renders_nothing_and_an_edit_lays_out_one_card(
    tmp_path: Path, fixture_deck: Deck
) -> None:
    """The cache: a rebuild with no change renders no PDF; a Dutch edit lays out the Dutch
    side of that card alone and re-assembles only the files that hold it (the fixture deck:
    5 cards in 3 themes, one set). The first build (layout workers, the service worker)
    leaves nothing in the temporary folder."""
    cards, themes = (
        len(fixture_deck.cards),
        len([t for t in fixture_deck.themes if fixture_deck.cards_in_theme(t.key)]),
    )
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    cache = str(tmp_path / "cache")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    first = build(project, OUTREACH_CARDS_CACHE=cache, TMPDIR=str(temporary))
    assert first.returncode == 0, first.stderr
    assert sorted(path.name for path in temporary.iterdir()) == []
    assert (
        f"Print (nl): {cards} cards: {cards} to lay out ({themes} layouts), 0 from the cache"
        in first.stderr
    )
    assert re.search(
        rf"Print \(en\): {themes} of {themes} layouts \(theme '[a-z-]+', (\d) of \1 cards\)",
        first.stderr,
    )
    # per language: a deck per theme and the same to fold, the deck, the print-shop deck, the
    # A4 sheets, the deck to fold, the duplex test sheet, the deck, the sheets, the deck to fold
    # and the facilitator sheet of each set, and the facilitator sheet of each format
    assembled = 2 * (2 * themes + 4 + 1 + 4 * len(fixture_deck.sets) + len(fixture_deck.formats))
    assert (
        f"layouts rendered: {2 * themes}, PDFs assembled: {assembled}, the rest from the cache"
        in first.stderr
    )
    again = build(project, OUTREACH_CARDS_CACHE=cache)
    for language in ("nl", "en"):
        assert (
            f"Print ({language}): {cards} cards: 0 to lay out (0 layouts), {cards} from the cache"
            in again.stderr
        )
    assert "layouts rendered: 0, PDFs assembled: 0, the rest from the cache" in again.stderr
    card = project / "cards" / "blijf-aanklampen.yaml"
    card.write_text(
        card.read_text(encoding="utf-8").replace(
            "title: Blijf aanklampen, een testkaart", "title: Blijf aanklampen, altijd zacht"
        ),
        encoding="utf-8",
    )
    edited = build(project, OUTREACH_CARDS_CACHE=cache)
    assert (
        f"Print (nl): {cards} cards: 1 to lay out (1 layout), {cards - 1} from the cache"
        in edited.stderr
    )
    assert (
        f"Print (en): {cards} cards: 0 to lay out (0 layouts), {cards} from the cache"
        in edited.stderr
    )
    in_theme = len(fixture_deck.cards_in_theme("hoe"))
    assert f"Print (nl): 1 of 1 layouts (theme 'hoe', 1 of {in_theme} cards)" in edited.stderr
    # the theme deck and the same to fold, the whole deck, the print-shop deck, the A4 sheets
    # and the deck to fold of nl, the deck, sheets, deck to fold and facilitator sheet of each
    # set that holds the card, and the facilitator sheet of each format that lists it (not the
    # duplex test sheet, which holds no card)
    holding = sum(1 for card_set in fixture_deck.sets if "blijf-aanklampen" in card_set.cards)
    listing = sum(
        1 for f in fixture_deck.formats if "blijf-aanklampen" in fixture_deck.format_cards(f)
    )
    assert (
        f"layouts rendered: 1, PDFs assembled: {6 + 4 * holding + listing}, the rest from the cache"
        in edited.stderr
    )
    text = pages_text(project / "site" / "pdf" / "kaarten" / "blijf-aanklampen.pdf")
    assert "Blijf aanklampen, altijd zacht" in text[0]


def test_decks_are_assembled_while_the_workers_lay_out_the_rest(
    a6: PrintResult, fixture_deck: Deck
) -> None:
    """A cold render joins a theme's PDF, or a language's decks, as soon as their cards are
    laid out, while the workers lay out the rest (the main process would only wait): the
    language whose layouts are done first (the two workers take both languages' layouts, so
    either may be) has its decks assembled before the last layout is done; after it only the
    other language's are left. Every PDF besides the cards' is assembled once."""
    layouts = {
        index: match.group(1)
        for index, message in enumerate(A6_LOG)
        if (match := re.fullmatch(r"Print \((nl|en)\): \d+ of \d+ layouts \(.*\)", message))
    }
    assert len(layouts) == 2 * len(fixture_deck.themes)
    last_of = {
        language: max(i for i, lang in layouts.items() if lang == language)
        for language in ("nl", "en")
    }
    first, last = sorted(last_of, key=last_of.get)
    assembled = {
        index: message
        for index, message in enumerate(A6_LOG)
        if re.fullmatch(r"Print: \d+ PDFs? assembled \((nl|en|en, nl)\)", message)
    }
    assert any(
        last_of[first] < index < last_of[last] and first in message
        for index, message in assembled.items()
    )
    assert all(
        message.endswith(f"({last})")
        for index, message in assembled.items()
        if index > last_of[last]
    )
    assert (
        sum(int(message.split()[1]) for message in assembled.values())
        == sum(1 for file in a6.files if file.kind != "card")
        == 2
        * (
            2 * len(fixture_deck.themes)
            + 4
            + 1
            + 4 * len(fixture_deck.sets)
            + len(fixture_deck.formats)
        )
    )


def test_layout_workers_stop_when_the_layouts_are_done_and_each_run_starts_its_own(
    fixture_deck: Deck, tmp_path: Path
) -> None:
    """Under `mkdocs serve` no layout worker waits beside the build for the next edit: the
    workers of a run stop as soon as its layouts are done (before the decks are assembled),
    the next run that has much to lay out starts new ones, and a run with a card or two lays
    them out in the build process. Every run makes every PDF."""
    theme = fixture_deck.themes[0].key
    small = dataclasses.replace(
        fixture_deck, cards=fixture_deck.cards_in_theme(theme)[:2], sets=(), formats=()
    )
    settings = PrintSettings("A6", SITE)
    pools, messages = [], []
    with PrintStep(tmp_path / "cache", workers=2) as step:
        start = step.workers.start

        def start_and_note() -> None:  # (each submit starts the pool if it is not running)
            start()
            if not pools or pools[-1] is not step.workers._pool:
                pools.append(step.workers._pool)

        step.workers.start = start_and_note
        first = step.run(small, settings, log=messages.append)
        assert step.workers._pool is None
        assert len(pools) == 1
        workers = set(step.workers._pids)  # (each worker says its process id at its start)
        assert len(workers) == 2
        for pid in workers:
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
        shutil.rmtree(tmp_path / "cache")  # so that the next run lays out every card again
        second = step.run(small, settings, log=messages.append)
        assert step.workers._pool is None
        assert len(pools) == 2 and pools[1] is not pools[0]
        card = small.cards[0]
        edited = dataclasses.replace(
            card,
            text={
                **card.text,
                "nl": dataclasses.replace(card.text["nl"], title="Een bewerkte titel"),
            },
        )
        temporary = tmp_path / "tmp"
        temporary.mkdir()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tempfile, "tempdir", str(temporary))
            third = step.run(
                dataclasses.replace(small, cards=(edited, *small.cards[1:])),
                settings,
                log=messages.append,
            )
        assert len(pools) == 2  # one card: laid out in this process
        # whose stylesheets and fonts (WeasyPrint's font folder) are let go after the run
        assert workers_module._stylesheets.cache_info().currsize == 0
        assert sorted(path.name for path in temporary.iterdir()) == []
    assert "Print (nl): 2 cards: 1 to lay out (1 layout), 1 from the cache" in messages
    names = [(file.language, file.path, file.pages) for file in first.files]
    # per language: 2 cards, the theme (also to fold), 4 decks, the duplex test sheet
    assert len(names) == 2 * (2 + 2 + 4 + 1)
    assert [(file.language, file.path, file.pages) for file in second.files] == names
    assert [(file.language, file.path, file.pages) for file in third.files] == names
    assert all(file.cache_file.is_file() for file in third.files)
    assert pages_text(third.for_language("nl")[0].cache_file)[0].count("Een bewerkte titel") == 1


def test_print_layouts_go_into_the_html_not_into_the_markdown(
    a6: PrintResult, fixture_deck: Deck
) -> None:
    """The generated Markdown holds a marker per print layout (Markdown and search need not
    parse a few kB of HTML per card); the page's HTML gets the layout itself."""
    pages = render_site(fixture_deck, PrintedDeck(PrintSettings("A6", SITE, BRAND), a6))
    for language, name in (
        ("nl", "kaarten/blijf-aanklampen.md"),
        ("en", "kaarten/blijf-aanklampen.en.md"),
    ):
        marker = f"<!-- oc-print-layout {language} blijf-aanklampen -->"
        assert pages[name].count(marker) == 1
        assert "data-card" not in pages[name]
        layout = site_fragment(a6.fragments[(language, "blijf-aanklampen")])
        assert 'data-card="blijf-aanklampen"' in layout
        assert (
            fill_print_layouts(f"<aside>\n{marker}\n</aside>", a6.fragments)
            == f"<aside>\n{layout}\n</aside>"
        )
    builder = pages["samenstellen/index.md"]
    assert builder.count("<!-- oc-print-layout nl ") == len(fixture_deck.cards)
    assert "data-card" not in builder
    assert fill_print_layouts("<p>Geen kaart</p>", a6.fragments) == "<p>Geen kaart</p>"


def test_wrong_print_format_is_a_clear_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("format: A6", "format: A5"), encoding="utf-8"
    )
    result = build(project)
    assert result.returncode == 1
    assert "mkdocs.yml: extra.print.format must be one of A6, A7, not 'A5'" in result.stderr


def test_a7_in_mkdocs_yml_gives_a7_cards_on_the_site(tmp_path: Path, fixture_deck: Deck) -> None:
    """extra.print.format: A7 in mkdocs.yml makes the site's PDFs A7 and says so on the print
    page; the A4 sheets then hold 8 cards a side."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("format: A6", "format: A7"), encoding="utf-8"
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    with pikepdf.open(site / "en" / "pdf" / "kaarten" / "blijf-aanklampen.pdf") as pdf:
        assert [size(page) for page in pdf.pages] == [A7, A7]
    with pikepdf.open(site / "pdf" / "kaartenset-a4.pdf") as pdf:
        assert len(pdf.pages) == 2 * -(-len(fixture_deck.cards) // 8)
    page = (site / "afdrukken" / "index.html").read_text(encoding="utf-8")
    assert "(A7: 74 × 105 mm)" in page
    assert "A4-vellen met 8 kaarten per kant" in page


@pytest.mark.parametrize("language, prefix", [("nl", ""), ("en", "en/")])
def test_print_page_lists_every_pdf_with_pages_and_size(
    built_site: Path, deck: Deck, language: str, prefix: str
) -> None:
    """The print page links every PDF of its language, with the right page count and size."""
    from outreach_cards.site.pages import file_size

    path = built_site / prefix / "afdrukken" / "index.html"
    page = read_page(path)
    links = [url for attribute, url in page.links if url.startswith("../pdf/")]
    expected = (
        [
            f"../pdf/{name}"
            for name in (
                "kaartenset.pdf",
                "kaartenset-a4.pdf",
                "kaartenset-drukkerij.pdf",
                "kaartenset-vouwen.pdf",
                "proefvel-dubbelzijdig.pdf",
            )
        ]
        + [
            f"../pdf/sets/{card_set.id}{suffix}.pdf"
            for card_set in deck.sets
            for suffix in ("", "-a4", "-vouwen")
        ]
        # the facilitator sheets: per format, then per set
        + [f"../pdf/werkvormen/{work_format.id}.pdf" for work_format in deck.formats]
        + [f"../pdf/sets/{card_set.id}-begeleiding.pdf" for card_set in deck.sets]
        + [
            f"../pdf/themas/{theme.key}{suffix}.pdf"
            for theme in deck.themes
            for suffix in ("", "-vouwen")
        ]
        + [f"../pdf/kaarten/{card.id}.pdf" for card in deck.cards]
    )
    assert links == expected
    rows: list[list[str]] = []
    for element in page.elements:
        if element.tag == "tr":
            rows.append([])
        elif element.tag == "td":
            rows[-1].append(" ".join(element.text.split()))
    rows = [row for row in rows if row]  # (header rows have th cells only)
    assert len(rows) == len(expected)
    for url, row in zip(expected, rows, strict=True):
        pdf = path.parent / url
        with pikepdf.open(pdf) as document:
            pages = len(document.pages)
        assert row[2:4] == [str(pages), file_size(pdf.stat().st_size, language)], url


def test_card_page_links_its_own_pdf(built_site: Path, deck: Deck) -> None:
    """Each card page links its PDF (which exists in the site) in both languages."""
    for prefix in ("", "en/"):
        for card in deck.cards:
            path = built_site / prefix / "kaarten" / card.id / "index.html"
            links = [url for attribute, url in read_page(path).links if url.endswith(".pdf")]
            assert links == [f"../../pdf/kaarten/{card.id}.pdf"]
            assert (path.parent / links[0]).resolve().is_file()


@pytest.mark.parametrize("language, prefix", [("nl", ""), ("en", "en/")])
def test_browser_print_of_a_card_page_is_a_pocket_card(
    page, deck: Deck, language: str, prefix: str, tmp_path: Path
) -> None:
    """Chromium's print of a card page gives the card alone: two A6 pages, front then back,
    with the theme colour printed even without background graphics."""
    page.goto(f"{prefix}kaarten/blijf-aanklampen/")
    target = tmp_path / "printed.pdf"
    target.write_bytes(page.pdf(prefer_css_page_size=True, print_background=False))
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) == 2
        for printed in pdf.pages:
            width, height = size(printed)
            assert abs(width - A6[0]) < 1 and abs(height - A6[1]) < 1, (width, height)
    front, back = pages_text(target)
    card = deck.card("blijf-aanklampen")
    assert card.text[language].title in front and card.text[language].title in back
    assert deck.vocabularies.audiences["professional"].label[language] in back

"""The print-shop deck's preflight (print/preflight.py) on small PDFs made here with pikepdf: a
good one passes, and each kind of problem gives its exact message; and in the print step, a
problem stops the step with the file, page, card and side, and the file is not kept. (The real
print-shop deck is preflighted in tests/test_print.py.)"""

from __future__ import annotations

import dataclasses
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import pikepdf
import pytest

from outreach_cards.model import Deck
from outreach_cards.print import assemble as assemble_module
from outreach_cards.print.assemble import add_output_intent
from outreach_cards.print.formats import PrintSettings
from outreach_cards.print.preflight import check, preflight
from outreach_cards.print.results import PreflightError
from outreach_cards.print.step import render_print

MM = 72 / 25.4
TRIM = [0, 0, 50 * MM, 80 * MM]  # a 50 × 80 mm card


def grow(box: list[float], mm: float) -> list[float]:
    return [box[0] - mm * MM, box[1] - mm * MM, box[2] + mm * MM, box[3] + mm * MM]


def image(pdf: pikepdf.Pdf, pixels: int) -> pikepdf.Stream:
    """A grey square image of ``pixels`` × ``pixels``."""
    stream = pdf.make_stream(zlib.compress(bytes([128]) * pixels * pixels))
    stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    stream.Width = stream.Height = pixels
    stream.ColorSpace, stream.BitsPerComponent = pikepdf.Name.DeviceGray, 8
    stream.Filter = pikepdf.Name.FlateDecode
    return stream


def embedded_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """Atkinson Hyperlegible as an embedded TrueType font (its file in FontFile2)."""
    data = (atkinson.ROOT / "files" / "AtkinsonHyperlegible-Regular.ttf").read_bytes()
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/AtkinsonHyperlegible-Regular"),
        Flags=32,
        FontBBox=[0, 0, 1000, 1000],
        ItalicAngle=0,
        Ascent=900,
        Descent=-200,
        CapHeight=700,
        StemV=80,
        FontFile2=pdf.make_stream(data),
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name("/AtkinsonHyperlegible-Regular"),
            FirstChar=32,
            LastChar=32,
            Widths=[250],
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


HELVETICA = pikepdf.Dictionary(
    Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
)

# What the good page draws: a 300 × 300 px image on 1 inch (300 ppi), after a scaled matrix
# that Q ends (were it kept, the image would be 30 ppi); a form scaled by a half holding a
# 600 × 600 px image drawn on 2 inches in the form (1 inch on the page: 600 ppi); text in the
# embedded font and in a Type3 font (glyphs drawn in the file).
GOOD_CONTENT = (
    b"q 10 0 0 10 0 0 cm Q "
    b"q 72 0 0 72 10 10 cm /Im0 Do Q "
    b"q 0.5 0 0 0.5 20 100 cm /Fm0 Do Q "
    b"BT /F1 12 Tf 10 200 Td ( ) Tj /F3 12 Tf ( ) Tj ET"
)


def make_pdf(
    folder: Path,
    edit: Callable[[pikepdf.Pdf, pikepdf.Page], None] | None = None,
    name: str = "card.pdf",
) -> Path:
    """A one-page print file that passes the preflight, or, with ``edit``, one thing broken."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(TRIM[2], TRIM[3]))
    page.MediaBox = grow(TRIM, 10)
    page.BleedBox = grow(TRIM, 3)
    page.TrimBox = TRIM
    form = pdf.make_stream(b"q 144 0 0 144 0 0 cm /Im1 Do Q")
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox, form.Matrix = [0, 0, 144, 144], [1, 0, 0, 1, 0, 0]
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image(pdf, 600)))
    type3 = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type3,
        FontBBox=[0, 0, 1000, 1000],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
        CharProcs=pikepdf.Dictionary(space=pdf.make_stream(b"250 0 d0")),
        Encoding=pikepdf.Dictionary(Differences=[32, pikepdf.Name.space]),
        FirstChar=32,
        LastChar=32,
        Widths=[250],
    )
    page.Resources = pikepdf.Dictionary(
        Font=pikepdf.Dictionary(F1=embedded_font(pdf), F3=pdf.make_indirect(type3)),
        XObject=pikepdf.Dictionary(Im0=image(pdf, 300), Fm0=pdf.make_indirect(form)),
    )
    page.Contents = pdf.make_stream(GOOD_CONTENT)
    add_output_intent(pdf)
    if edit is not None:
        edit(pdf, page)
    path = folder / name
    pdf.save(path)
    return path


def test_a_good_print_file_passes(tmp_path: Path) -> None:
    """Boxes with 3 mm bleed, the sRGB intent, embedded and Type3 fonts, images of 300 and
    600 ppi (one in a scaled form, one after a scaled matrix that Q undoes): no finding."""
    assert preflight(make_pdf(tmp_path)) == []


def test_a_72_ppi_image(tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        page.Resources.XObject.Im0 = image(pdf, 72)

    assert preflight(make_pdf(tmp_path, edit, "low.pdf")) == [
        "low.pdf: page 1: the image /Im0 (72 × 72 px) is drawn at 25.4 × 25.4 mm, so 72 ppi; "
        "print needs at least 300 ppi"
    ]


def test_an_image_in_a_scaled_form_is_measured_at_its_size_on_the_page(tmp_path: Path) -> None:
    """The form's own matrix and the page's matrix both count: 200 px drawn on 144 pt in a
    form placed at half size is 200 px on one inch."""

    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        page.Resources.XObject.Fm0.Resources.XObject.Im1 = image(pdf, 200)
        page.Resources.XObject.Fm0.Matrix = [1.5, 0, 0, 1.5, 0, 0]  # (1.5 × 0.5: 1.08 in)

    assert preflight(make_pdf(tmp_path, edit)) == [
        "card.pdf: page 1: the image /Im1 in the form /Fm0 (200 × 200 px) is drawn at 38.1 × "
        "38.1 mm, so 133 ppi; print needs at least 300 ppi"
    ]


def test_a_turned_and_stretched_image_counts_its_coarsest_direction(tmp_path: Path) -> None:
    """Turned a quarter and stretched to 2 × 1 inch: 150 ppi across its width."""

    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        page.Contents = pdf.make_stream(
            GOOD_CONTENT.replace(b"72 0 0 72 10 10", b"0 144 -72 0 90 10")
        )

    assert preflight(make_pdf(tmp_path, edit)) == [
        "card.pdf: page 1: the image /Im0 (300 × 300 px) is drawn at 50.8 × 25.4 mm, so 150 "
        "ppi; print needs at least 300 ppi"
    ]


def test_an_inline_image(tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        inline = b"q 72 0 0 72 0 0 cm BI /W 8 /H 8 /CS /G /BPC 8 ID " + bytes(64) + b" EI Q "
        page.Contents = pdf.make_stream(inline + GOOD_CONTENT)

    assert preflight(make_pdf(tmp_path, edit)) == [
        "card.pdf: page 1: an inline image (8 × 8 px) is drawn at 25.4 × 25.4 mm, so 8 ppi; "
        "print needs at least 300 ppi"
    ]


def test_a_missing_output_intent(tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        del pdf.Root.OutputIntents

    assert preflight(make_pdf(tmp_path, edit)) == [
        "card.pdf: no output intent (/OutputIntents): the print shop cannot tell which colours "
        "the file is in (it should say sRGB)"
    ]


def test_an_output_intent_with_a_cmyk_profile(tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        profile = pdf.Root.OutputIntents[0].DestOutputProfile
        data = bytearray(profile.read_bytes())
        data[16:20] = b"CMYK"  # (the header's colour space)
        profile.write(bytes(data))
        profile.N = 4

    assert preflight(make_pdf(tmp_path, edit)) == [
        "card.pdf: output intent 1: its profile is CMYK with /N 4, not an RGB profile with /N 3 "
        "(the file's colours are sRGB)"
    ]


def test_an_output_intent_without_an_icc_profile(tmp_path: Path) -> None:
    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        pdf.Root.OutputIntents[0].DestOutputProfile.write(b"not a profile" * 20)

    assert preflight(make_pdf(tmp_path, edit)) == [
        "card.pdf: output intent 1: its profile is not an ICC profile"
    ]


def test_the_standard_helvetica_is_not_embedded(tmp_path: Path) -> None:
    """A page using Helvetica without a font file; on a second page (and in a form there) the
    same font is not reported again, a second unembedded font is."""

    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        helvetica = pdf.make_indirect(HELVETICA)
        page.Resources.Font.F1 = helvetica
        second = pdf.add_blank_page(page_size=(TRIM[2], TRIM[3]))
        for name in ("/MediaBox", "/BleedBox", "/TrimBox"):
            second[name] = page.obj[name]
        form = pdf.make_stream(b"BT /F9 9 Tf ( ) Tj ET")
        form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 9, 9]
        times = pikepdf.Dictionary({**HELVETICA, "/BaseFont": pikepdf.Name("/Times-Roman")})
        form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F9=times))
        second.Resources = pikepdf.Dictionary(
            Font=pikepdf.Dictionary(F1=helvetica), XObject=pikepdf.Dictionary(Fm9=form)
        )
        second.Contents = pdf.make_stream(b"BT /F1 9 Tf ( ) Tj ET /Fm9 Do")

    assert preflight(make_pdf(tmp_path, edit)) == [
        "card.pdf: page 1: the font Helvetica (Type1, /F1) is not embedded: the print shop "
        "would print another font in its place",
        "card.pdf: page 2: the font Times-Roman (Type1, /F9) is not embedded: the print shop "
        "would print another font in its place",
    ]


def test_a_type0_font_without_its_font_file(tmp_path: Path) -> None:
    """A composite font is embedded when its descendant's descriptor holds the font file."""

    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        descendant = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.CIDFontType2,
            BaseFont=pikepdf.Name("/ABCDEF+Atkinson"),
            FontDescriptor=pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor),
        )
        page.Resources.Font.F2 = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name("/ABCDEF+Atkinson"),
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[descendant],
        )

    assert preflight(make_pdf(tmp_path, edit)) == [
        "card.pdf: page 1: the font ABCDEF+Atkinson (Type0, /F2) is not embedded: the print "
        "shop would print another font in its place"
    ]


@pytest.mark.parametrize(
    "boxes, expected",
    [
        (
            {"/TrimBox": None},
            ["page 1: no TrimBox: the print shop does not know where to cut"],
        ),
        (
            {"/TrimBox": None, "/BleedBox": None},
            ["page 1: no TrimBox and no BleedBox: the print shop does not know where to cut"],
        ),
        (
            {"/BleedBox": grow(TRIM, 2)},
            [
                "page 1: the bleed is 2, 2, 2, 2 mm (left, bottom, right, top), not 3 mm on "
                "every side"
            ],
        ),
        (
            {"/MediaBox": grow(TRIM, 3)},  # (no slug: still fine)
            [],
        ),
        (
            {"/MediaBox": grow(TRIM, 2)},
            [
                "page 1: the BleedBox [-8.50 -8.50 150.24 235.28] does not lie inside the "
                "MediaBox [-5.67 -5.67 147.40 232.44]"
            ],
        ),
        (
            {"/TrimBox": [5 * MM, 0, TRIM[2] + 5 * MM, TRIM[3]]},
            [
                "page 1: the TrimBox [14.17 0.00 155.91 226.77] does not lie inside the BleedBox "
                "[-8.50 -8.50 150.24 235.28]",
                "page 1: the bleed is 8, 3, -2, 3 mm (left, bottom, right, top), not 3 mm on "
                "every side",
            ],
        ),
    ],
)
def test_wrong_page_boxes(tmp_path: Path, boxes: dict, expected: list[str]) -> None:
    def edit(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
        for name, value in boxes.items():
            if value is None:
                del page.obj[name]
            else:
                page.obj[name] = pikepdf.Array(value)

    assert preflight(make_pdf(tmp_path, edit)) == [f"card.pdf: {what}" for what in expected]


def test_the_expected_bleed_is_a_parameter(tmp_path: Path) -> None:
    """A file made for 3 mm fails a preflight that expects 5 mm."""
    assert preflight(make_pdf(tmp_path), bleed_mm=5) == [
        "card.pdf: page 1: the bleed is 3, 3, 3, 3 mm (left, bottom, right, top), not 5 mm on "
        "every side"
    ]


def test_a_print_shop_deck_that_fails_its_preflight_stops_the_step(
    fixture_deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preflight asking 1000 ppi: the step fails naming the file as the site has it, each
    page with its card and side, and what is wrong, in page order (page 10 after page 8); the
    file is not kept in the cache, so the next build (with the real preflight) makes it
    again."""
    deck = dataclasses.replace(fixture_deck, cards=fixture_deck.cards[:5], sets=())
    monkeypatch.setattr(assemble_module, "check", lambda pdf: check(pdf, min_ppi=1000))
    with pytest.raises(PreflightError) as caught:
        render_print(deck, PrintSettings("A6", "https://kaarten.example.org/"), tmp_path, workers=1)
    # (WeasyPrint names an image by a digest of it)
    report = re.sub(r"the image /\w+ ", "the image /<QR> ", caught.value.report())
    assert report.splitlines() == [
        *(
            f"pdf/kaartenset-drukkerij.pdf:0: file: page {2 * number} (card '{card.id}', back): "
            "the image /<QR> (296 × 296 px) is drawn at 17.4 × 17.4 mm, so 431 ppi; print needs "
            "at least 1000 ppi"
            for number, card in enumerate(deck.cards, start=1)
        ),
        "5 problems in 1 file.",
    ]
    assert caught.value.headline == "The print-shop file does not pass its preflight"
    before = set(tmp_path.glob("*/*.pdf"))
    monkeypatch.undo()
    result = render_print(
        deck, PrintSettings("A6", "https://kaarten.example.org/"), tmp_path, workers=1
    )
    file = result.file("nl", "pdf/kaartenset-drukkerij.pdf")
    assert file.cache_file not in before
    assert preflight(file.cache_file) == []

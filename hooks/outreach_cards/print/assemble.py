"""PDFs put together from the card PDFs with pikepdf: theme decks and the whole deck (fronts
and backs in turn), the print-shop deck (3 mm bleed, a slug with crop marks, an sRGB output
intent; preflighted), the A4 sheets (four A6 or eight A7 cards a side, cut marks to the
sheet's edges, backs placed for long-edge duplex and moved by the printer's measured offset)
and the fold-over deck (single-sided A4, each card's front and back side by side around a fold
line). Deterministic bytes."""

from __future__ import annotations

import io
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from .cache import write_checked
from .formats import (
    A4_MM,
    BLEED_MM,
    CROP_MARK_GAP_MM,
    CROP_MARK_MM,
    CROP_MARK_WIDTH,
    MM,
    SLUG_MM,
    CardFormat,
)
from .preflight import Finding, check

PRODUCER = "outreach-cards (WeasyPrint, pikepdf)"


@dataclass(frozen=True)
class Assembly:
    """A PDF put together from card PDFs with pikepdf: a theme deck, the whole deck, the
    print-shop deck (bleed) or the A4 sheets (imposed)."""

    key: str
    language: str
    kind: str  # theme, deck, print-shop, sheets, fold; or one of DOCUMENT_KINDS
    title: str
    members: tuple[Path, ...]  # card PDFs (front, back), in deck order
    target: Path
    colours: tuple[str, ...] = ()  # theme colour per member: the print-shop bleed behind fronts
    # sheets: how far to move the backs (x to the right, y down, in mm) so that they land
    # behind their fronts on a printer that shifts the back side (extra.print.duplex_offset)
    offset: tuple[float, float] = (0.0, 0.0)
    html: str = ""  # DOCUMENT_KINDS: the document to lay out (they have no members)


# Files laid out from their own HTML document, not put together from card PDFs.
DOCUMENT_KINDS = ("duplex-test", "facilitator")


def assemble(assembly: Assembly, fmt: CardFormat) -> list[Finding]:
    """Make one assembled PDF from its card PDFs (pikepdf; deterministic bytes), or lay out
    a document (the duplex test sheet, a facilitator sheet: WeasyPrint). The print-shop deck
    is preflighted as written: when the preflight finds problems, they are returned and the
    file is not kept (the next build makes it again and checks it again)."""
    import pikepdf

    if assembly.kind in DOCUMENT_KINDS:
        from .document import render_document

        render_document(assembly.target, assembly.html)
        return []

    with ExitStack() as stack:
        sources = [stack.enter_context(pikepdf.open(member)) for member in assembly.members]
        pdf = stack.enter_context(pikepdf.new())
        if assembly.kind == "sheets":
            _impose(pdf, sources, fmt, assembly.offset)
        elif assembly.kind == "fold":
            _fold(pdf, sources, fmt)
        else:
            for source in sources:
                pdf.pages.extend(source.pages)
        if assembly.kind == "print-shop":
            registration = pdf.make_indirect(_registration_colour())
            for index, page in enumerate(pdf.pages):
                front = index % 2 == 0
                colour = assembly.colours[index // 2] if front else "#ffffff"
                _print_shop_page(pdf, page, colour, registration)
            add_output_intent(pdf)
        pdf.docinfo[pikepdf.Name.Title] = assembly.title
        pdf.docinfo[pikepdf.Name.Producer] = PRODUCER
        pdf.Root.Lang = assembly.language
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        buffer = io.BytesIO()
        # (the version of the card PDFs, which WeasyPrint writes as PDF 1.7)
        pdf.save(buffer, deterministic_id=True, min_version="1.7")
    data = buffer.getvalue()
    if assembly.kind == "print-shop":
        with pikepdf.open(io.BytesIO(data)) as written:
            findings = check(written)
        if findings:
            return findings
    write_checked(assembly.target, data, fault="assemble-before-rename")
    return []


def _impose(pdf, sources, fmt: CardFormat, offset: tuple[float, float] = (0.0, 0.0)) -> None:
    """A4 sheets: per group of cards a page of fronts, then a page of backs placed so that each
    back lands behind its front when printed double-sided and flipped on the long edge (the
    columns swap), moved by ``offset`` (mm: x as seen from the front, to the right; y down).
    A7 cards stand turned a quarter: fronts to the right, backs to the left, so both read
    upright after the flip. Cut marks where the cards meet and from the sheet's edges."""
    import pikepdf

    per_sheet = fmt.columns * fmt.rows
    width, height = fmt.width_mm * MM, fmt.height_mm * MM
    cell_w, cell_h = (height, width) if fmt.turned else (width, height)
    page_w, page_h = A4_MM[0] * MM, A4_MM[1] * MM
    top = page_h - (page_h - fmt.rows * cell_h) / 2  # the cards centred top to bottom
    # Seen from the front, a back moved right is moved left on its own page (the long-edge
    # flip mirrors x, not y); PDF's y runs up.
    shift_x, shift_y = -offset[0] * MM, -offset[1] * MM
    for start in range(0, len(sources), per_sheet):
        group = sources[start : start + per_sheet]
        for side in (0, 1):  # front, back
            sheet = pdf.add_blank_page(page_size=(page_w, page_h))
            forms, operations = pikepdf.Dictionary(), []
            dx, dy = (shift_x, shift_y) if side == 1 else (0.0, 0.0)
            for index, source in enumerate(group):
                row, column = divmod(index, fmt.columns)
                if side == 1:
                    column = fmt.columns - 1 - column
                x, y = column * cell_w + dx, top - (row + 1) * cell_h + dy
                if not fmt.turned:
                    matrix = (1, 0, 0, 1, x, y)
                elif side == 0:  # turned right: the card's top to the sheet's right
                    matrix = (0, -1, 1, 0, x, y + width)
                else:  # turned left
                    matrix = (0, 1, -1, 0, x + height, y)
                name = f"/Card{index}"
                forms[name] = pdf.copy_foreign(source.pages[side].as_form_xobject())
                operations.append(
                    "q {} cm {} Do Q".format(" ".join(f"{value:.4f}" for value in matrix), name)
                )
            grid = _Grid(fmt.columns, rows=fmt.rows, cell_w=cell_w, cell_h=cell_h, top=top + dy)
            operations.append(_cut_marks(grid, page_w, page_h, left=dx))
            sheet.Resources = pikepdf.Dictionary(XObject=forms)
            sheet.Contents = pdf.make_stream("\n".join(operations).encode("ascii"))


def fold_layout(fmt: CardFormat) -> tuple[bool, int, int]:
    """How the fold-over deck puts a format's cards on A4: (landscape, pairs across, pairs
    down), the orientation holding the most front-and-back pairs (A6: portrait, two pairs one
    above the other; A7: landscape, two by two)."""
    pair_w, pair_h = 2 * fmt.width_mm, fmt.height_mm
    options = [
        (across * down, landscape, across, down)
        for landscape, (sheet_w, sheet_h) in ((False, A4_MM), (True, A4_MM[::-1]))
        for across, down in ((int(sheet_w // pair_w), int(sheet_h // pair_h)),)
    ]
    _, landscape, across, down = max(options, key=lambda option: (option[0], not option[1]))
    return landscape, across, down


def _fold(pdf, sources, fmt: CardFormat) -> None:
    """The fold-over deck: single-sided A4 pages, each card's front and its back side by side
    (front left, back right), the pairs centred on the page. Cut along the marks, fold on the
    dashed line between front and back (back to back), and the card reads right on both sides
    without a duplex printer. Cut marks from the sheet's edges and where pairs meet; a dashed
    fold mark at both ends of each fold line."""
    import pikepdf

    landscape, across, down = fold_layout(fmt)
    width, height = fmt.width_mm * MM, fmt.height_mm * MM
    page_w, page_h = (A4_MM[1] * MM, A4_MM[0] * MM) if landscape else (A4_MM[0] * MM, A4_MM[1] * MM)
    left = (page_w - across * 2 * width) / 2
    top = page_h - (page_h - down * height) / 2
    per_page = across * down
    for start in range(0, len(sources), per_page):
        group = sources[start : start + per_page]
        sheet = pdf.add_blank_page(page_size=(page_w, page_h))
        forms, operations = pikepdf.Dictionary(), []
        for index, source in enumerate(group):
            row, column = divmod(index, across)
            x, y = left + column * 2 * width, top - (row + 1) * height
            for side in (0, 1):
                name = f"/Card{index}{'Back' if side else 'Front'}"
                forms[name] = pdf.copy_foreign(source.pages[side].as_form_xobject())
                operations.append(f"q 1 0 0 1 {x + side * width:.4f} {y:.4f} cm {name} Do Q")
        grid = _Grid(across, rows=down, cell_w=2 * width, cell_h=height, top=top)
        operations.append(_cut_marks(grid, page_w, page_h, left=left))
        operations.append(_fold_marks(grid, left, width))
        sheet.Resources = pikepdf.Dictionary(XObject=forms)
        sheet.Contents = pdf.make_stream("\n".join(operations).encode("ascii"))


@dataclass(frozen=True)
class _Grid:
    """Cells of equal size on a page: ``columns`` × ``rows``, the top edge at ``top`` (pt)."""

    columns: int
    rows: int
    cell_w: float
    cell_h: float
    top: float


MARK = 5 * MM  # the length of a cut mark inside the cards
# Black on a thin white halo, so the marks show on coloured fronts too; marked as an artifact.
_STROKE = "/Artifact BMC q 1 1 1 RG 1.2 w {path} S 0 0 0 RG 0.4 w {path} S Q EMC"


def _cut_marks(grid: _Grid, page_w: float, page_h: float, left: float = 0.0) -> str:
    """Cut marks for a guillotine: every cut line is marked from the sheet's edge to 5 mm
    into the cards at both ends, and 5 mm across every point where cells meet inside."""
    right = left + grid.columns * grid.cell_w
    bottom = grid.top - grid.rows * grid.cell_h
    lines = []
    for column in range(grid.columns + 1):
        x = left + column * grid.cell_w
        lines.append((x, grid.top - MARK, x, page_h))  # from the top edge
        lines.append((x, 0.0, x, bottom + MARK))  # from the bottom edge
        for row in range(1, grid.rows):
            y = grid.top - row * grid.cell_h
            lines.append((x, y - MARK / 2, x, y + MARK / 2))
    for row in range(grid.rows + 1):
        y = grid.top - row * grid.cell_h
        lines.append((0.0, y, left + MARK, y))  # from the left edge
        lines.append((right - MARK, y, page_w, y))  # from the right edge
        for column in range(1, grid.columns):
            x = left + column * grid.cell_w
            lines.append((x - MARK / 2, y, x + MARK / 2, y))
    path = " ".join(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l" for x0, y0, x1, y1 in lines)
    return _STROKE.format(path=path)


def _fold_marks(grid: _Grid, left: float, width: float) -> str:
    """A dashed fold mark 10 mm long at both ends of each fold line (between a front and its
    back), marked as an artifact."""
    lines = []
    for column in range(grid.columns):
        x = left + column * grid.cell_w + width
        for row in range(grid.rows):
            top = grid.top - row * grid.cell_h
            lines.append((x, top - 2 * MARK, x, top))
            lines.append((x, top - grid.cell_h, x, top - grid.cell_h + 2 * MARK))
    path = " ".join(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l" for x0, y0, x1, y1 in lines)
    return "/Artifact BMC q [2 2] 0 d " + _STROKE.format(path=path)[len("/Artifact BMC q ") :]


_REGISTRATION_NAME = "/OCRegistration"  # (the crop marks' colour space on each page)


def _registration_colour():
    """Registration colour: the Separation "All" prints on every plate of the press, so a crop
    mark shows on each (where the file is shown in RGB it is black: tint 1 is gray 0)."""
    import pikepdf

    return pikepdf.Array(
        [
            pikepdf.Name.Separation,
            pikepdf.Name.All,
            pikepdf.Name.DeviceGray,
            pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1], C1=[0], N=1),
        ]
    )


def _print_shop_page(pdf, page, colour: str, registration) -> None:
    """Make a card page a print-shop page: the card is the TrimBox; the BleedBox is 3 mm more
    on every side, painted in ``colour`` under the card (a front's theme colour runs on past
    the cut); around it a white slug of 7 mm holds a crop mark on both cut lines at each of the
    four corners, from 1 mm beyond the bleed, so no mark can show on a card that is cut a
    little off. The MediaBox and the CropBox are the whole page, the ArtBox the card. Paint
    and marks are artifacts; the card's own content is wrapped in ``q``/``Q`` (WeasyPrint
    leaves its page matrix set at the end)."""
    import pikepdf

    bleed, slug = BLEED_MM * MM, SLUG_MM * MM
    trim = [float(value) for value in page.MediaBox]
    bleed_box = [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed]
    media = [
        bleed_box[0] - slug,
        bleed_box[1] - slug,
        bleed_box[2] + slug,
        bleed_box[3] + slug,
    ]
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    page.contents_add(
        pdf.make_stream(
            (
                f"/Artifact BMC q {red:.4f} {green:.4f} {blue:.4f} rg "
                f"{bleed_box[0]:.3f} {bleed_box[1]:.3f} "
                f"{bleed_box[2] - bleed_box[0]:.3f} {bleed_box[3] - bleed_box[1]:.3f} re f Q EMC "
                "q"
            ).encode("ascii")
        ),
        prepend=True,
    )
    path = " ".join(
        f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l" for x0, y0, x1, y1 in crop_marks(trim)
    )
    page.contents_add(
        pdf.make_stream(
            (
                f"Q /Artifact BMC q {_REGISTRATION_NAME} CS 1 SCN {CROP_MARK_WIDTH} w 0 J "
                f"[] 0 d {path} S Q EMC"
            ).encode("ascii")
        )
    )
    if "/ColorSpace" not in page.Resources:
        page.Resources.ColorSpace = pikepdf.Dictionary()
    page.Resources.ColorSpace[_REGISTRATION_NAME] = registration
    page.MediaBox = pikepdf.Array(media)
    page.CropBox = pikepdf.Array(media)
    page.BleedBox = pikepdf.Array(bleed_box)
    page.TrimBox = pikepdf.Array(trim)
    page.ArtBox = pikepdf.Array(trim)


def crop_marks(trim: list[float]) -> list[tuple[float, float, float, float]]:
    """The crop marks around a trim box (x0, y0, x1, y1 in pt): at each corner one mark on the
    line of each edge that meets there, outside the bleed (x0, y0, x1, y1 of each line)."""
    near = (BLEED_MM + CROP_MARK_GAP_MM) * MM
    far = near + CROP_MARK_MM * MM
    left, bottom, right, top = trim
    lines = []
    for y in (bottom, top):
        lines.append((left - far, y, left - near, y))  # the edge's line, to the left
        lines.append((right + near, y, right + far, y))  # to the right
    for x in (left, right):
        lines.append((x, bottom - far, x, bottom - near))  # down
        lines.append((x, top + near, x, top + far))  # up
    return lines


SRGB_IDENTIFIER = "sRGB IEC61966-2.1"  # the ICC's registered name of the sRGB condition


@cache
def srgb_profile() -> bytes:
    """The sRGB ICC profile (the ICC's own sRGB2014, v2) that WeasyPrint ships for its output
    intents: a file of the library, so two builds embed the same bytes (a profile made by
    LittleCMS, as Pillow's ``ImageCms.createProfile`` does, carries the time it was made)."""
    path = metadata.distribution("weasyprint").locate_file("weasyprint/pdf/sRGB2014.icc")
    return Path(str(path)).read_bytes()


def add_output_intent(pdf) -> None:
    """Say what the file's colours are: sRGB, as WeasyPrint writes them (an output intent with
    the sRGB profile; /GTS_PDFX, as WeasyPrint's own output intent outside PDF/A, which print
    software reads). The file claims no PDF/X conformance: a print shop converts the colours
    to the CMYK of its press, and a proof shows how they come out."""
    import pikepdf

    profile = pdf.make_stream(srgb_profile())
    profile.N = 3
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OutputIntent,
                    S=pikepdf.Name.GTS_PDFX,
                    OutputConditionIdentifier=pikepdf.String(SRGB_IDENTIFIER),
                    RegistryName=pikepdf.String("http://www.color.org"),
                    Info=pikepdf.String(SRGB_IDENTIFIER),
                    DestOutputProfile=profile,
                )
            )
        ]
    )

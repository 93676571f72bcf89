"""PDFs put together from the card PDFs with pikepdf: theme decks and the whole deck (fronts
and backs in turn), the print-shop deck (3 mm bleed, trim box), the A4 sheets (four A6 or
eight A7 cards a side, cut marks to the sheet's edges, backs placed for long-edge duplex and
moved by the printer's measured offset) and the fold-over deck (single-sided A4, each card's
front and back side by side around a fold line). Deterministic bytes."""

from __future__ import annotations

import io
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from .cache import write_checked
from .formats import A4_MM, BLEED_MM, MM, CardFormat

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


def assemble(assembly: Assembly, fmt: CardFormat) -> None:
    """Make one assembled PDF from its card PDFs (pikepdf; deterministic bytes), or lay out
    a document (the duplex test sheet, a facilitator sheet: WeasyPrint)."""
    import pikepdf

    if assembly.kind in DOCUMENT_KINDS:
        from .document import render_document

        render_document(assembly.target, assembly.html)
        return

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
            for index, page in enumerate(pdf.pages):
                front = index % 2 == 0
                _add_bleed(pdf, page, assembly.colours[index // 2] if front else "#ffffff")
        pdf.docinfo[pikepdf.Name.Title] = assembly.title
        pdf.docinfo[pikepdf.Name.Producer] = PRODUCER
        pdf.Root.Lang = assembly.language
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
    write_checked(assembly.target, buffer.getvalue(), fault="assemble-before-rename")


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


def _add_bleed(pdf, page, colour: str) -> None:
    """Grow the page by the bleed on every side (the trim box keeps the card's size) and paint
    the bleed in ``colour`` under the page's content, marked as an artifact."""
    import pikepdf

    bleed = BLEED_MM * MM
    x0, y0, x1, y1 = (float(value) for value in page.MediaBox)
    media = [x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed]
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    page.contents_add(
        pdf.make_stream(
            (
                f"/Artifact BMC q {red:.4f} {green:.4f} {blue:.4f} rg "
                f"{media[0]:.3f} {media[1]:.3f} "
                f"{media[2] - media[0]:.3f} {media[3] - media[1]:.3f} re f Q EMC"
            ).encode("ascii")
        ),
        prepend=True,
    )
    page.MediaBox = pikepdf.Array(media)
    page.BleedBox = pikepdf.Array(media)
    page.TrimBox = pikepdf.Array([x0, y0, x1, y1])
    if "/CropBox" in page:
        del page.CropBox

"""PDFs put together from the card PDFs with pikepdf: theme decks and the whole deck (fronts
and backs in turn), the print-shop deck (3 mm bleed, trim box) and the A4 sheets (four A6 or
eight A7 cards a side, cut marks, backs placed for long-edge duplex). Deterministic bytes."""

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
    kind: str  # theme, deck, print-shop, sheets
    title: str
    members: tuple[Path, ...]  # card PDFs (front, back), in deck order
    target: Path
    colours: tuple[str, ...] = ()  # theme colour per member: the print-shop bleed behind fronts


def assemble(assembly: Assembly, fmt: CardFormat) -> None:
    """Make one assembled PDF from its card PDFs (pikepdf; deterministic bytes)."""
    import pikepdf

    with ExitStack() as stack:
        sources = [stack.enter_context(pikepdf.open(member)) for member in assembly.members]
        pdf = stack.enter_context(pikepdf.new())
        if assembly.kind == "sheets":
            _impose(pdf, sources, fmt)
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


def _impose(pdf, sources, fmt: CardFormat) -> None:
    """A4 sheets: per group of cards a page of fronts, then a page of backs placed so that each
    back lands behind its front when printed double-sided and flipped on the long edge (the
    columns swap). A7 cards stand turned a quarter: fronts to the right, backs to the left, so
    both read upright after the flip. Short cut marks where the cards meet."""
    import pikepdf

    per_sheet = fmt.columns * fmt.rows
    width, height = fmt.width_mm * MM, fmt.height_mm * MM
    cell_w, cell_h = (height, width) if fmt.turned else (width, height)
    page_w, page_h = A4_MM[0] * MM, A4_MM[1] * MM
    top = page_h - (page_h - fmt.rows * cell_h) / 2  # the cards centred top to bottom
    for start in range(0, len(sources), per_sheet):
        group = sources[start : start + per_sheet]
        for side in (0, 1):  # front, back
            sheet = pdf.add_blank_page(page_size=(page_w, page_h))
            forms, operations = pikepdf.Dictionary(), []
            for index, source in enumerate(group):
                row, column = divmod(index, fmt.columns)
                if side == 1:
                    column = fmt.columns - 1 - column
                x, y = column * cell_w, top - (row + 1) * cell_h
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
            operations.append(_cut_marks(fmt, cell_w, cell_h, top))
            sheet.Resources = pikepdf.Dictionary(XObject=forms)
            sheet.Contents = pdf.make_stream("\n".join(operations).encode("ascii"))


def _cut_marks(fmt: CardFormat, cell_w: float, cell_h: float, top: float) -> str:
    """5 mm cut lines on every edge where two cards meet (black on a thin white halo, so they
    show on coloured fronts too), marked as an artifact."""
    length = 5 * MM
    right, bottom = fmt.columns * cell_w, top - fmt.rows * cell_h
    lines = []
    for column in range(1, fmt.columns):
        x = column * cell_w
        for row in range(fmt.rows + 1):
            y = min(max(top - row * cell_h - length / 2, bottom), top - length)
            lines.append((x, y, x, y + length))
    for row in range(fmt.rows + 1):
        y = top - row * cell_h
        for column in range(fmt.columns + 1):
            x = min(max(column * cell_w - length / 2, 0), right - length)
            lines.append((x, y, x + length, y))
    path = " ".join(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l" for x0, y0, x1, y1 in lines)
    return f"/Artifact BMC q 1 1 1 RG 1.2 w {path} S 0 0 0 RG 0.4 w {path} S Q EMC"


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

"""The preflight a print shop runs on a file before it prints, done here first (pikepdf), on
the print-shop deck after it is assembled: the build stops on a problem rather than publish a
file the print shop sends back.

It checks that

- every page has a TrimBox inside a BleedBox inside the MediaBox, with exactly the expected
  bleed on every side;
- the file has an output intent whose profile is an RGB ICC profile (the colours are sRGB;
  the print shop converts them to CMYK for its press);
- every font is embedded (a FontFile, FontFile2 or FontFile3 in its font descriptor; a Type3
  font draws its glyphs with content streams in the file, so it counts as embedded);
- every raster image is at least ``MIN_PPI`` pixels per inch at the size it is drawn: each
  page's content stream is walked (``q``/``Q``/``cm``, form XObjects included, each with its
  own matrix) to find the size every ``Do`` of an image, and every inline image, is placed at.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .formats import BLEED_MM, MM

MIN_PPI = 300  # what print shops ask for photos and other raster images at printed size
TOLERANCE = 0.01  # pt: how far a box may be off (PDF writers round to 0.001 or so)
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_MAX_DEPTH = 12  # form XObjects in form XObjects (a cycle would never end)


@dataclass(frozen=True, order=True)
class Finding:
    """One problem of the file: on a page (1-based), or of the whole file (page 0)."""

    page: int
    what: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.what}" if self.page else self.what


def preflight(path: Path | str, *, bleed_mm: float = BLEED_MM, min_ppi: int = MIN_PPI) -> list[str]:
    """The problems a print shop's preflight would find in the PDF at ``path``, each as
    ``<file name>: page <n>: <what>`` (or ``<file name>: <what>`` for the whole file); an
    empty list when the file is fine."""
    import pikepdf

    path = Path(path)
    with pikepdf.open(path) as pdf:
        return [f"{path.name}: {finding}" for finding in check(pdf, bleed_mm, min_ppi)]


def check(pdf, bleed_mm: float = BLEED_MM, min_ppi: int = MIN_PPI) -> list[Finding]:
    """The findings of the preflight on an open pikepdf ``Pdf``: the output intent first,
    then page by page the boxes, the fonts (each font once, on the first page that uses it)
    and the images."""
    findings = _output_intent(pdf)
    fonts_seen: set[tuple[int, int]] = set()
    for number, page in enumerate(pdf.pages, start=1):
        findings += [Finding(number, what) for what in _boxes(page, bleed_mm)]
        findings += [Finding(number, what) for what in _fonts(page.obj, fonts_seen)]
        findings += [Finding(number, what) for what in _images(page, min_ppi)]
    return findings


# -- output intent ----------------------------------------------------------------------------


def _output_intent(pdf) -> list[Finding]:
    import pikepdf

    intents = pdf.Root.get("/OutputIntents")
    if not isinstance(intents, pikepdf.Array) or len(intents) == 0:
        return [
            Finding(
                0,
                "no output intent (/OutputIntents): the print shop cannot tell which colours "
                "the file is in (it should say sRGB)",
            )
        ]
    findings = []
    for index, intent in enumerate(intents, start=1):
        profile = (
            intent.get("/DestOutputProfile") if isinstance(intent, pikepdf.Dictionary) else None
        )
        if not isinstance(profile, pikepdf.Stream):
            findings.append(
                Finding(0, f"output intent {index} has no ICC profile (/DestOutputProfile)")
            )
            continue
        data = profile.read_bytes()
        space = data[16:20].decode("latin-1").strip() if len(data) >= 128 else ""
        if data[36:40] != b"acsp":
            findings.append(Finding(0, f"output intent {index}: its profile is not an ICC profile"))
        elif space != "RGB" or profile.get("/N") != 3:
            findings.append(
                Finding(
                    0,
                    f"output intent {index}: its profile is {space or 'unknown'} with "
                    f"/N {profile.get('/N')}, not an RGB profile with /N 3 (the file's colours "
                    "are sRGB)",
                )
            )
    return findings


# -- page boxes -------------------------------------------------------------------------------


def _box(page_obj, name: str) -> tuple[float, float, float, float] | None:
    value = page_obj.get(name)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(number) for number in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    return (
        inner[0] >= outer[0] - TOLERANCE
        and inner[1] >= outer[1] - TOLERANCE
        and inner[2] <= outer[2] + TOLERANCE
        and inner[3] <= outer[3] + TOLERANCE
    )


def _show(box: tuple[float, ...]) -> str:
    return "[" + " ".join(f"{value:.2f}" for value in box) + "]"


def _boxes(page, bleed_mm: float) -> list[str]:
    media = _box(page.obj, "/MediaBox")
    trim, bleed = _box(page.obj, "/TrimBox"), _box(page.obj, "/BleedBox")
    missing = [name for name, value in (("TrimBox", trim), ("BleedBox", bleed)) if value is None]
    if missing:
        return [f"no {' and no '.join(missing)}: the print shop does not know where to cut"]
    problems = []
    if not _inside(trim, bleed):
        problems.append(
            f"the TrimBox {_show(trim)} does not lie inside the BleedBox {_show(bleed)}"
        )
    if media is not None and not _inside(bleed, media):
        problems.append(
            f"the BleedBox {_show(bleed)} does not lie inside the MediaBox {_show(media)}"
        )
    sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
    if any(abs(side - bleed_mm * MM) > TOLERANCE for side in sides):
        widths = ", ".join(f"{round(side / MM, 2):g}" for side in sides)
        problems.append(
            f"the bleed is {widths} mm (left, bottom, right, top), not {bleed_mm:g} mm on "
            "every side"
        )
    return problems


# -- fonts ------------------------------------------------------------------------------------


def _fonts(holder, seen: set[tuple[int, int]], depth: int = 0) -> list[str]:
    """Every font not embedded in the resources of ``holder`` (a page, a form, a pattern) and
    of the forms, patterns and Type3 fonts in them."""
    import pikepdf

    resources = holder.get("/Resources")
    if not isinstance(resources, pikepdf.Dictionary) or depth > _MAX_DEPTH:
        return []
    problems = []
    fonts = resources.get("/Font")
    for name, font in fonts.items() if isinstance(fonts, pikepdf.Dictionary) else []:
        if _once(font, seen):
            continue
        subtype = str(font.get("/Subtype", "/Type1"))[1:]
        if subtype == "Type3":  # glyphs drawn by content streams in the file
            problems += _fonts(font, seen, depth + 1)
            continue
        descriptor = font.get("/FontDescriptor")
        if subtype == "Type0":
            descendants = font.get("/DescendantFonts")
            descriptor = descendants[0].get("/FontDescriptor") if descendants else None
        if not isinstance(descriptor, pikepdf.Dictionary) or not any(
            key in descriptor for key in _FONT_FILES
        ):
            base = str(font.get("/BaseFont", name))[1:]
            problems.append(
                f"the font {base} ({subtype}, {name}) is not embedded: the print shop would "
                "print another font in its place"
            )
    for group in ("/XObject", "/Pattern"):
        children = resources.get(group)
        for child in children.values() if isinstance(children, pikepdf.Dictionary) else []:
            if isinstance(child, pikepdf.Stream | pikepdf.Dictionary) and not _once(child, seen):
                problems += _fonts(child, seen, depth + 1)
    return problems


def _once(obj, seen: set[tuple[int, int]]) -> bool:
    """Whether ``obj`` (an indirect object) was looked at before; marks it seen."""
    if not obj.is_indirect:
        return False
    if obj.objgen in seen:
        return True
    seen.add(obj.objgen)
    return False


# -- images -----------------------------------------------------------------------------------


def _images(page, min_ppi: int) -> list[str]:
    import pikepdf

    return _walk(page, page.obj.get("/Resources"), pikepdf.Matrix(), min_ppi, "", 0)


def _walk(content, resources, ctm, min_ppi: int, inside: str, depth: int) -> list[str]:
    """Follow the graphics state through ``content`` (a page or a form XObject) and check
    every image it draws at the size the current matrix gives it."""
    import pikepdf

    problems: list[str] = []
    stack = []
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    for instruction in pikepdf.parse_content_stream(content, "q Q cm Do BI ID EI"):
        operator = str(instruction.operator)
        if operator == "q":
            stack.append(ctm)
        elif operator == "Q":
            ctm = stack.pop() if stack else ctm
        elif operator == "cm":
            ctm = pikepdf.Matrix(*(float(value) for value in instruction.operands)) @ ctm
        elif operator == "INLINE IMAGE":
            image = instruction.iimage
            problems += _resolution(
                "an inline image", image.width, image.height, ctm, min_ppi, inside
            )
        elif operator == "Do":
            name = str(instruction.operands[0])
            xobject = xobjects.get(name) if isinstance(xobjects, pikepdf.Dictionary) else None
            if not isinstance(xobject, pikepdf.Stream):
                continue
            subtype = xobject.get("/Subtype")
            if subtype == "/Image":
                problems += _resolution(
                    f"the image {name}",
                    int(xobject.get("/Width", 0)),
                    int(xobject.get("/Height", 0)),
                    ctm,
                    min_ppi,
                    inside,
                )
            elif subtype == "/Form" and depth < _MAX_DEPTH:
                matrix = pikepdf.Matrix(
                    *(float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                )
                problems += _walk(
                    xobject,
                    xobject.get("/Resources", resources),
                    matrix @ ctm,
                    min_ppi,
                    f"{inside} in the form {name}" if inside else f" in the form {name}",
                    depth + 1,
                )
    return problems


def _resolution(what: str, width: int, height: int, ctm, min_ppi: int, inside: str) -> list[str]:
    """A problem when an image of ``width`` × ``height`` pixels, drawn on the unit square
    under ``ctm``, has fewer than ``min_ppi`` pixels per inch in either direction."""
    drawn_w, drawn_h = math.hypot(ctm.a, ctm.b), math.hypot(ctm.c, ctm.d)  # pt
    if drawn_w <= 0 or drawn_h <= 0 or width <= 0 or height <= 0:
        return []
    ppi = min(width / (drawn_w / 72), height / (drawn_h / 72))
    if ppi >= min_ppi:
        return []
    return [
        f"{what}{inside} ({width} × {height} px) is drawn at {drawn_w / MM:.1f} × "
        f"{drawn_h / MM:.1f} mm, so {math.floor(ppi)} ppi; print needs at least {min_ppi} ppi"
    ]

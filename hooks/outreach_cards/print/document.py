"""A4 documents of the print step that are not cards (the duplex test sheet, the facilitator
sheets): one HTML document each, laid out by WeasyPrint in the main process with the cards'
fonts, as a tagged PDF."""

from __future__ import annotations

from pathlib import Path

from .cache import write_checked
from .layout import fonts_css


def render_document(target: Path, html: str) -> None:
    """Lay out ``html`` with WeasyPrint into ``target`` (written whole, with its checksum)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from .workers import PDF_VARIANT

    font_config = FontConfiguration()
    document = HTML(string=html, base_url=str(Path.cwd())).render(
        stylesheets=[CSS(string=fonts_css(), font_config=font_config)], font_config=font_config
    )
    write_checked(target, document.write_pdf(pdf_variant=PDF_VARIANT))

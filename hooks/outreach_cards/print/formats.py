"""Card formats and the settings the print step takes from mkdocs.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Card, Deck
from ..settings import Brand
from ..urls import Urls


@dataclass(frozen=True)
class CardFormat:
    name: str
    width_mm: float
    height_mm: float
    columns: int  # cards across an A4 sheet
    rows: int
    turned: bool  # cards turned a quarter on the sheet (A7: 8 cards on A4 portrait)


FORMATS = {
    "A6": CardFormat("A6", 105, 148, columns=2, rows=2, turned=False),
    "A7": CardFormat("A7", 74, 105, columns=2, rows=4, turned=True),
}
BLEED_MM = 3  # the print-shop deck's bleed on every side
# Around the bleed, the print-shop deck's pages have a slug: white paper that carries the crop
# marks and is cut away with the bleed. A crop mark runs from CROP_MARK_GAP_MM beyond the
# bleed, CROP_MARK_MM long, and ends 1 mm before the page's edge.
SLUG_MM = 7
CROP_MARK_GAP_MM = 1
CROP_MARK_MM = 5
CROP_MARK_WIDTH = 0.25  # pt, as print shops draw them
MM = 72 / 25.4  # PDF points per millimetre
A4_MM = (210, 297)
# More than this is no printer's shift but a sheet fed crooked or the wrong setting.
MAX_DUPLEX_OFFSET_MM = 10


@dataclass(frozen=True)
class PrintSettings:
    """What the print step needs from mkdocs.yml: the card format, the site's address and its
    name (the PDFs' title, author and subject)."""

    format: str = "A6"
    site_url: str = "http://127.0.0.1:8000/"
    brand: Brand = field(default_factory=lambda: Brand({}, {}, ""))
    # How far to move the backs on the A4 sheets, seen from the front side (mm: x to the
    # right, y down), for a printer that does not put the back side exactly behind the front
    # (read off the duplex test sheet; extra.print.duplex_offset).
    duplex_offset: tuple[float, float] = (0.0, 0.0)

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(
                f"mkdocs.yml: extra.print.format must be one of {', '.join(FORMATS)}, "
                f"not '{self.format}'"
            )
        if len(self.duplex_offset) != 2 or any(
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or abs(value) > MAX_DUPLEX_OFFSET_MM
            for value in self.duplex_offset
        ):
            raise ValueError(
                "mkdocs.yml: extra.print.duplex_offset must give x and y in millimetres, each "
                f"between -{MAX_DUPLEX_OFFSET_MM} and {MAX_DUPLEX_OFFSET_MM} (read them off "
                f"the duplex test sheet), not {self.duplex_offset!r}"
            )
        if not re.match(r"^https?://", self.site_url or ""):
            raise ValueError(
                "mkdocs.yml: site_url must be the site's public address (http:// or https://): "
                "the QR codes on printed cards point to it"
            )

    @property
    def card_format(self) -> CardFormat:
        return FORMATS[self.format]

    def card_url(self, deck: Deck, card: Card, language: str) -> str:
        """What the card's QR code holds (see ``Urls.card``)."""
        return Urls(self.site_url, deck.default_language).card(
            language, card.id, audio=bool(card.audio)
        )

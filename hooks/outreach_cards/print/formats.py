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
MM = 72 / 25.4  # PDF points per millimetre
A4_MM = (210, 297)


@dataclass(frozen=True)
class PrintSettings:
    """What the print step needs from mkdocs.yml: the card format, the site's address and its
    name (the PDFs' title, author and subject)."""

    format: str = "A6"
    site_url: str = "http://127.0.0.1:8000/"
    brand: Brand = field(default_factory=lambda: Brand({}, {}, ""))

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(
                f"mkdocs.yml: extra.print.format must be one of {', '.join(FORMATS)}, "
                f"not '{self.format}'"
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

"""The QR code on a card's back, which leads to the card's page."""

from __future__ import annotations

from pathlib import Path

import segno

from .cache import json_bytes, read_json, write_atomic

# Eight pixels a module: the smallest code a card's address makes (version 2, 29 modules with
# the quiet zone) is 232 pixels, 339 ppi at its printed width on an A6 card (6.5em, 17.4 mm;
# smaller on A7): print shops ask for 300 ppi, and the print-shop deck's preflight checks it.
_SCALE = 8
_FORMAT = f"png-{_SCALE}"


class QrCodes:
    """QR codes as PNG data URIs, kept between builds in the cache folder.

    Eight pixels per module (segno; error correction M, quiet zone of 2), printed with
    ``image-rendering: pixelated``. A bitmap costs WeasyPrint far less than the same code as an
    SVG path; several pixels a module keep the edges sharp in viewers and printers that smooth
    images anyway (poppler does), and eight reach the 300 ppi print shops ask for. Choosing
    the best of segno's eight masks is the slowest part of the print step's preparation, hence
    the keeping.
    """

    FILE = "qr-codes.json"

    def __init__(self) -> None:
        self.codes: dict[str, str] = {}  # url → PNG data URI

    def image(self, url: str) -> str:
        uri = self.codes.get(url)
        if uri is None:
            code = segno.make(url, error="m", micro=False)
            uri = self.codes[url] = code.png_data_uri(scale=_SCALE, border=2)
        return uri

    def load(self, cache_dir: Path) -> bool:
        """Read the codes kept in the cache folder; returns whether the file was damaged (a
        corrupt code would send a reader elsewhere: the codes are made again)."""
        stored, damaged = read_json(cache_dir / self.FILE)
        if (
            isinstance(stored, dict)
            and stored.get("segno") == segno.__version__
            and stored.get("format") == _FORMAT
        ):
            self.codes.update(stored["codes"])
        return damaged

    def save(self, cache_dir: Path, urls: set[str]) -> None:
        """Keep the codes of ``urls`` (the deck's current cards) for the next build."""
        codes = {url: self.image(url) for url in sorted(urls)}
        data = json_bytes({"segno": segno.__version__, "format": _FORMAT, "codes": codes})
        path = cache_dir / self.FILE
        if not path.is_file() or path.read_bytes() != data:
            write_atomic(path, data)

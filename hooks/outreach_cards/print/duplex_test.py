"""The duplex test sheet (``pdf/proefvel-dubbelzijdig.pdf``): an A4 sheet to print double-sided
on one's own printer, to see how far it puts the back side off the front.

The front has two scales (across and down, a tick per millimetre) around the sheet's centre;
the back has a line across and a line down through the centre, which after a long-edge flip
lies exactly behind the centre of the front on a printer that does not shift the back side.
Held against the light, each line of the back falls on a scale at the number to write into
``extra.print.duplex_offset`` (the scale is labelled with the correction, not the shift).
"""

from __future__ import annotations

from ..locales import labels_for
from .layout import _templates


def duplex_test_html(language: str, title: str, author: str, description: str) -> str:
    """The test sheet's HTML: the site is its author, the site's description its subject, as on
    the cards' PDFs."""
    labels = labels_for(language)
    return (
        _templates()
        .get_template("duplex-test.html.j2")
        .render(
            language=language,
            title=title,
            author=author,
            description=description,
            steps=[step for step in labels["duplex_test_steps"].split("\n") if step.strip()],
            front_label=labels["duplex_test_front"],
            back_label=labels["duplex_test_back"],
            back_note=labels["duplex_test_back_note"],
        )
    )

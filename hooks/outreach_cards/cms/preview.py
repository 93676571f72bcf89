"""The web editor's live preview: the data its templates read and its stylesheet.

The preview templates (``preview.js``) draw a card's printed front and back and its card page
from what is typed into the form, in the browser, without a build. They need the deck's
registries (theme colours, titles and icons; the words of the vocabularies; the sources' short
names), the interface words of every language and the titles of the other cards: this module
gathers them into one JSON document, written into the admin page as non-executable data. The
stylesheet is the print stylesheet of the PDFs, applied on screen, plus the preview's frame.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from ..icons import icon_svg
from ..locales import labels_for
from ..model import Deck, Term
from ..print.layout import card_css

# The interface words the templates use (locales/<language>.yaml).
LABELS = (
    "card",
    "tips",
    "testimonies",
    "questions",
    "related",
    "sources",
    "audience",
    "places",
    "life_domains",
    "print_question",
    "print_translation",
    "cms_preview_printed",
    "cms_preview_front",
    "cms_preview_back",
    "cms_preview_page",
    "cms_preview_empty",
    "cms_preview_qr",
    "cms_count",
    "cms_too_long",
    "cms_too_short",
    "cms_front_overflow",
)


def _terms(terms: dict[str, Term]) -> dict[str, dict[str, str]]:
    return {key: dict(term.label) for key, term in terms.items()}


def preview_data(deck: Deck) -> dict[str, Any]:
    """What the preview templates read: languages (the default first), registries, labels and
    the titles of the deck's cards (for related cards and set members)."""
    vocab = deck.vocabularies
    return {
        "languages": list(deck.languages),
        "themes": {
            theme.key: {
                "colour": theme.colour,
                "title": dict(theme.title),
                # The printed front's icon: white, as on the PDFs (print/layout.py).
                "icon": icon_svg(theme.icon).replace("<svg ", '<svg fill="#ffffff" ', 1),
            }
            for theme in deck.themes
        },
        "audiences": _terms(vocab.audiences),
        "places": _terms(vocab.places),
        "life_domains": _terms(vocab.life_domains),
        "speakers": _terms(vocab.speaker_roles),
        "provenances": _terms(vocab.provenances),
        "sources": {key: source.short for key, source in deck.sources.items()},
        "labels": {
            language: {key: labels_for(language)[key] for key in LABELS}
            for language in deck.languages
        },
        "cards": {
            card.id: {language: card.text[language].title for language in deck.languages}
            for card in deck.cards
        },
    }


SCREEN = "@media screen {\n  .oc-print-card { display: none; }\n}\n"


def preview_css() -> str:
    """The preview's stylesheet: the PDFs' print stylesheet on screen (the printed card at its
    size, in millimetres), then the preview's own frame (``preview-frame.css``)."""
    css = card_css(browser=False)
    if SCREEN not in css or "@media print {" not in css:
        raise ValueError("card.css changed: the preview expects its @media screen and print rules")
    printed = css.replace(SCREEN, "").replace("@media print {", "@media all {", 1)
    frame = (resources.files(__package__) / "preview-frame.css").read_text(encoding="utf-8")
    return printed + "\n" + frame

"""A card's print layout: the HTML of its two sides, the stylesheet and the fonts.

The same layout goes into the card PDFs, onto the A4 sheets and into the card page, where the
browser prints it (``site/print_section.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import markdown
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import urls
from ..icons import icon_svg
from ..locales import labels_for
from ..model import Card, Deck
from .cache import key
from .formats import PrintSettings


@dataclass(frozen=True)
class PrintCard:
    """Everything a printed side shows: plain text (the template escapes it) and, as Markup,
    what is HTML already (the cards' Markdown rendered, the theme icon's SVG)."""

    id: str
    anchor: str
    language: str
    number: int
    colour: str
    theme_title: str
    title: str
    front: Markup
    icon: Markup
    tip_groups: tuple[tuple[str, tuple[Markup, ...]], ...]
    testimony: str | None
    testimony_caption: str | None
    question_label: str
    question: Markup
    source_line: str
    url: str
    qr: str  # a data: URI
    qr_label: str
    listen: str | None = None  # a line pointing to the audio fragments behind the QR code


def print_card(
    deck: Deck, card: Card, language: str, settings: PrintSettings, qr_image: Callable[[str], str]
) -> PrintCard:
    """The printed content of ``card`` in ``language``: front text, all tips, the first
    testimony and the first reflection question (the web page, behind the QR code, has all).
    ``qr_image`` makes the QR code of an address (see ``qr.QrCodes``)."""
    text, theme, labels = card.text[language], deck.theme(card.theme), labels_for(language)
    vocab = deck.vocabularies
    groups = []
    for audience in ("professional", "organisation"):
        tips = tuple(_inline(tip.text) for tip in text.tips if tip.audience == audience)
        if tips:
            groups.append((vocab.audiences[audience].label[language], tips))
    testimony = caption = None
    if card.testimonies:
        first = card.testimonies[0]
        testimony = " ".join(first.quote[language].split())
        source = deck.sources[first.source]
        parts = [vocab.speaker_roles[first.speaker].label[language], source.short]
        if first.is_translation(language):
            parts.append(labels["print_translation"])
        caption = " · ".join(parts)
    url = settings.card_url(deck, card, language)
    sources = ", ".join(deck.sources[key].short for key in card.sources)
    return PrintCard(
        id=card.id,
        anchor=f"oc-{card.id}",
        language=language,
        number=card.number,
        colour=theme.colour,
        theme_title=theme.title[language],
        title=text.title,
        front=_block(text.front),
        icon=Markup(icon_svg(theme.icon).replace("<svg ", '<svg fill="#ffffff" ', 1)),
        tip_groups=tuple(groups),
        testimony=testimony,
        testimony_caption=caption,
        question_label=labels["print_question"],
        question=_inline(text.questions[0]),
        source_line=f"{labels['sources']}: {sources}",
        url=url,
        qr=qr_image(url),
        qr_label=labels["print_qr"].format(url=url),
        listen=labels["print_listen"] if card.audio else None,
    )


def layout_context(deck: Deck, language: str) -> str:
    """What a card's print layout is made with besides the card: templates, labels, Markdown,
    the deck's themes, sources and vocabularies."""
    folder = resources.files(__package__) / "templates"
    templates = sorted(
        (item.name, item.read_text(encoding="utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".j2")
    )
    return key(
        json.dumps(templates),
        markdown.__version__,
        json.dumps(labels_for(language), sort_keys=True),
        repr((deck.default_language, deck.themes, deck.sources, deck.vocabularies)),
    )


def card_html(
    deck: Deck, card: Card, language: str, settings: PrintSettings, qr_image: Callable[[str], str]
) -> str:
    """The card's print fragment (front and back), as it appears in PDFs and card pages."""
    return (
        _templates()
        .get_template("card.html.j2")
        .render(
            c=print_card(deck, card, language, settings, qr_image), format=settings.format.lower()
        )
    )


BROWSER_ONLY = "  /* ---- browser only:"


@cache
def card_css(browser: bool = True) -> str:
    """The print stylesheet, shared with the site (written to docs/afdrukken/card.css).

    The PDFs get it without its browser-only tail (rules WeasyPrint does not know and would
    warn about: print-color-adjust, hiding the site's frame), closed after the cut.
    """
    css = (resources.files(__package__) / "templates" / "card.css").read_text(encoding="utf-8")
    if browser:
        return css
    return css[: css.index(BROWSER_ONLY)].rstrip() + "\n}\n"


def print_styles() -> tuple[str, str]:
    """The stylesheets of every card PDF: the fonts' @font-face rules, then the print
    stylesheet. A layout worker parses them once (see ``workers``), not once per document."""
    return fonts_css(), card_css(browser=False)


@cache
def fonts_css() -> str:
    """@font-face rules for the PDFs: Atkinson Hyperlegible (SIL OFL), embedded by WeasyPrint."""
    import fontpkg_atkinson_hyperlegible as atkinson

    rules = []
    for weight, style, name in (
        (400, "normal", "Regular"),
        (700, "normal", "Bold"),
        (400, "italic", "Italic"),
        (700, "italic", "BoldItalic"),
    ):
        path = atkinson.ROOT / "files" / f"AtkinsonHyperlegible-{name}.ttf"
        rules.append(
            f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


def document_html(settings: PrintSettings, language: str, title: str, body: str) -> str:
    """A whole HTML document of card layouts (``body``, HTML), as WeasyPrint lays it out with
    ``print_styles()``: the site is its author, the site's description its subject."""
    brand = settings.brand
    return (
        _templates()
        .get_template("document.html.j2")
        .render(
            language=language,
            title=title,
            author=brand.name(language),
            description=brand.description(language),
            body=Markup(body),
        )
    )


_MARKDOWN = markdown.Markdown()


def _inline(text: str) -> Markup:
    """Card Markdown of one line or paragraph, as inline HTML."""
    rendered = _MARKDOWN.reset().convert(" ".join(urls.card_link_words(text).split()))
    return Markup(re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL))


def _block(text: str) -> Markup:
    """Card Markdown as HTML. Cards hold no raw HTML (``check`` refuses it), so what
    Python-Markdown makes of them is safe to put in as it is. (Markup only around the
    finished string: ``re`` on a Markup escapes the pieces it puts together.)"""
    return Markup(_MARKDOWN.reset().convert(urls.card_link_words(text)))


@cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader(__package__, "templates"), undefined=StrictUndefined, autoescape=True
    )

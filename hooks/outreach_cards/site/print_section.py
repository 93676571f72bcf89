"""The print step's outcome on the site: the card page's print section (its PDF and its print
layout for the browser) and what the print page lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from .. import urls
from ..locales import format_number, labels_for
from ..model import Card, Deck
from ..print.assemble import fold_layout
from ..print.formats import PrintSettings
from ..print.results import PrintResult


@dataclass(frozen=True)
class PrintedDeck:
    """The print step's outcome, as the site pages need it."""

    settings: PrintSettings
    result: PrintResult


def card_print_context(deck: Deck, card: Card, language: str, printed: PrintedDeck) -> dict:
    """What the card page's print section (templates/partials/print_section.md.j2) shows: the
    card's PDF, the facts about it, and the marker of the card's print layout."""
    from .pages import file_size

    labels, fmt = labels_for(language), printed.settings.card_format
    file = printed.result.file(language, urls.card_pdf(card.id))
    facts = (
        f"PDF, {fmt.name}, {file.pages} {labels['print_pages_unit']}, "
        f"{file_size(file.size, language)}"
    )
    return {
        "print_file": file,
        "print_facts": facts,
        "print_layout": print_layout_marker(language, card.id),
    }


def print_layout_marker(language: str, card_id: str) -> Markup:
    """Where a card's print layout goes in a generated page. The layout (a few kB of HTML,
    a QR code among them) is put in by ``fill_print_layouts`` once the page is HTML: Markdown
    and Material's search then do not parse it (for every card page and, all cards at once,
    the deck builder), which made a build with PDFs markedly slower than one without. Markup:
    the templates put the comment in as it is (its two parts escaped)."""
    return Markup("<!-- oc-print-layout {} {} -->").format(language, card_id)


_LAYOUT_MARKER = re.compile(r"<!-- oc-print-layout ([a-z]{2,3}(?:-[A-Za-z]+)?) ([a-z0-9-]+) -->")


def fill_print_layouts(page: str, fragments: dict[tuple[str, str], str]) -> str:
    """``page`` (HTML) with every print layout marker replaced by the card's layout."""
    if "<!-- oc-print-layout " not in page:
        return page
    return _LAYOUT_MARKER.sub(lambda match: site_fragment(fragments[(match[1], match[2])]), page)


_HEADING_ID = re.compile(r'(<h[1-6]\b[^>]*?) id="oc-[^"]*"')


def site_fragment(fragment: str) -> str:
    """A print layout for a web page: its headings lose their ids, which only the PDFs use
    (on a web page they would be targets nobody links to, and Material's search would start an
    empty result at each, were the layouts ever indexed)."""
    return _HEADING_ID.sub(r"\1", fragment)


def fold_per_page(fmt) -> int:
    """How many cards (front and back side by side) the fold-over deck puts on an A4 page."""
    _, across, down = fold_layout(fmt)
    return across * down


def print_page_context(deck: Deck, language: str, printed: PrintedDeck) -> dict:
    """What the print page template lists: the whole-deck files, the theme and card PDFs."""
    labels, fmt, result = labels_for(language), printed.settings.card_format, printed.result
    per_sheet = fmt.columns * fmt.rows
    whole = [
        (result.file(language, urls.DECK_PDF), labels["print_deck_what"].format(n=len(deck.cards))),
        (result.file(language, urls.SHEETS_PDF), labels["print_sheets_what"].format(per=per_sheet)),
        (result.file(language, urls.PRINT_SHOP_PDF), labels["print_shop_what"]),
        (
            result.file(language, urls.FOLD_PDF),
            labels["print_fold_what"].format(per=fold_per_page(fmt)),
        ),
        (result.file(language, urls.DUPLEX_TEST_PDF), labels["duplex_test_what"]),
    ]
    themes = [
        (result.file(language, urls.theme_pdf(theme.key, fold)), theme, what)
        for theme in deck.themes
        if deck.cards_in_theme(theme.key)
        for fold, what in ((False, labels["print_duplex"]), (True, labels["print_fold"]))
    ]
    cards = [(result.file(language, urls.card_pdf(card.id)), card) for card in deck.cards]
    # 105 × 148 mm; a half millimetre as the language writes it (74,5 in Dutch)
    size = (
        " × ".join(format_number(mm, language, "0.###") for mm in (fmt.width_mm, fmt.height_mm))
        + " mm"
    )
    sets = [
        (result.file(language, urls.set_pdf(card_set.id, sheets, fold)), card_set, what)
        for card_set in deck.sets
        for sheets, fold, what in (
            (False, False, labels["print_duplex"]),
            (True, False, labels["print_sheets_title"]),
            (False, True, labels["print_fold"]),
        )
    ]
    # A facilitator sheet per format, then per set: (file, title, the page's Markdown source)
    facilitator = [
        (
            result.file(language, urls.format_sheet_pdf(work_format.id)),
            work_format.text[language].title,
            urls.format_source(work_format.id),
        )
        for work_format in deck.formats
    ] + [
        (
            result.file(language, urls.set_sheet_pdf(card_set.id)),
            card_set.title[language],
            urls.set_source(card_set.id),
        )
        for card_set in deck.sets
    ]
    return {
        "fmt": fmt,
        "fmt_size": size,
        "facilitator": facilitator,
        "whole": whole,
        "themes": themes,
        "cards": cards,
        "sets": sets,
    }

"""Facilitator sheets ("begeleidersblad"): an A4 PDF per work format and per set, to print for
a session.

A format's sheet: its facts (group, time, audience), purpose, materials and space, the steps
with their clock times (0:05–0:15) and minutes, what to watch out for, the online variant, and
the cards it names (its own, then its sets') with their reflection questions. A set's sheet:
its cards in reading order, each with its front and every reflection question, and the
formats that use the set. Both end with the page's address and say whose suggestion it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..locales import labels_for
from ..model import Card, CardSet, Deck, WorkFormat
from ..urls import Urls, format_page, set_page
from .layout import _block, _inline, _templates


@dataclass(frozen=True)
class TimedStep:
    start: str  # "0:05"
    end: str
    minutes: int
    text: object  # Markup


def clock(minutes: int) -> str:
    """Minutes from the start as a clock time: 0:05, 1:30."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def timed_steps(work_format: WorkFormat, language: str) -> list[TimedStep]:
    """The format's steps in ``language`` with the time each starts and ends."""
    steps, elapsed = [], 0
    for step in work_format.text[language].steps:
        steps.append(
            TimedStep(
                clock(elapsed), clock(elapsed + step.minutes), step.minutes, _inline(step.text)
            )
        )
        elapsed += step.minutes
    return steps


def _page_footer(labels: dict[str, str]) -> str:
    """The CSS ``content`` of the page-number footer: "Pagina 1 van 2" in the language's words."""
    pieces = (
        labels["facilitator_page"].replace("{page}", "\0page\0").replace("{pages}", "\0pages\0")
    )
    parts = []
    for piece in pieces.split("\0"):
        if piece in ("page", "pages"):
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)


def _card_entries(deck: Deck, card_ids: tuple[str, ...], language: str) -> list[dict]:
    entries = []
    for card_id in card_ids:
        card: Card = deck.card(card_id)
        text = card.text[language]
        entries.append(
            {
                "number": card.number,
                "title": text.title,
                "theme": deck.theme(card.theme).title[language],
                "colour": deck.theme(card.theme).colour,
                "front": _block(text.front),
                "questions": [_inline(question) for question in text.questions],
            }
        )
    return entries


def _render(language: str, **context: object) -> str:
    labels = labels_for(language)
    return (
        _templates()
        .get_template("facilitator.html.j2")
        .render(language=language, L=labels, page_footer=_page_footer(labels), **context)
    )


def format_sheet_html(
    deck: Deck,
    work_format: WorkFormat,
    language: str,
    title: str,
    author: str,
    description: str,
    urls: Urls,
) -> str:
    """The facilitator sheet of ``work_format`` in ``language``, as HTML for WeasyPrint."""
    text = work_format.text[language]
    smallest, largest = work_format.group
    audience = (
        deck.vocabularies.audiences[work_format.audience].label[language]
        if work_format.audience
        else ""
    )
    return _render(
        language,
        title=title,
        author=author,
        description=description,
        heading=text.title,
        kind="format",
        facts=labels_for(language)["format_facts"].format(
            group=str(smallest) if smallest == largest else f"{smallest}–{largest}",
            minutes=work_format.minutes,
        )
        + (f" · {audience}" if audience else ""),
        purpose=_block(text.purpose),
        materials=[_inline(item) for item in text.materials],
        space=_block(text.space),
        steps=timed_steps(work_format, language),
        watch_out=[_inline(item) for item in text.watch_out],
        online=_block(text.online),
        sources=[deck.sources[key] for key in work_format.sources],
        cards=_card_entries(deck, deck.format_cards(work_format), language),
        address=urls.page(language, format_page(work_format.id)),
    )


def set_sheet_html(
    deck: Deck,
    card_set: CardSet,
    language: str,
    title: str,
    author: str,
    description: str,
    urls: Urls,
) -> str:
    """The facilitator sheet of ``card_set`` in ``language``, as HTML for WeasyPrint."""
    return _render(
        language,
        title=title,
        author=author,
        description=description,
        heading=card_set.title[language],
        kind="set",
        facts=labels_for(language)["set_count"].format(n=len(card_set.cards)),
        purpose=_block(card_set.intro[language]),
        cards=_card_entries(deck, card_set.cards, language),
        formats=[
            (work_format.text[language].title, work_format.minutes)
            for work_format in deck.formats_for_set(card_set.id)
        ],
        address=urls.page(language, set_page(card_set.id)),
    )

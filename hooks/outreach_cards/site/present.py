"""The presentation mode (``/presenteren/``): what its page needs besides the cards.

The page holds every card (front and back) rendered by the build, so it works offline and
without JavaScript (then it is a list of all cards). Its script (docs/assets/present.js) shows
the cards of one selection, named in the address: ``?theme=<key>``, ``?set=<id>``,
``?format=<id>`` or ``?cards=<id>,<id>``; no selection is the whole deck. The selections are
given to the script as data (an ``application/json`` script, which the page's
Content-Security-Policy does not need to allow).
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..model import Deck, WorkFormat

BACK_TIPS = 3  # the tips on a slide's back: a projected card holds only a few


def format_cards(deck: Deck, work_format: WorkFormat) -> list[str]:
    """A format's cards (``Deck.format_cards``); the whole deck when it names none."""
    return list(deck.format_cards(work_format)) or [card.id for card in deck.cards]


def present_selections(deck: Deck, language: str) -> Markup:
    """Every selection the address can name, as the JSON the page's script reads: the deck's
    cards in order, each theme's, each set's, each format's (with its steps' minutes, for the
    timer; the steps' words are on the page)."""
    data = {
        "deck": [card.id for card in deck.cards],
        "theme": {
            theme.key: [card.id for card in deck.cards_in_theme(theme.key)] for theme in deck.themes
        },
        "set": {card_set.id: list(card_set.cards) for card_set in deck.sets},
        "format": {
            work_format.id: {
                "cards": format_cards(deck, work_format),
                "minutes": [step.minutes for step in work_format.text[language].steps],
            }
            for work_format in deck.formats
        },
    }
    # "</" cannot end the script early: JSON allows "<\/" for "</".
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/"))

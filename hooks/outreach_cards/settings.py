"""An organisation's settings in mkdocs.yml's ``extra:``, checked before anything is built.

    extra:
      sets: [eerste-week, voor-teamverantwoordelijken]   # which sets to publish (default: all)
      colours: {primary: "#1d5b86", accent: "#a04000"}   # header and links, accent for hover/focus
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from .deck import MIN_CONTRAST, contrast_with_white
from .model import Deck
from .problems import did_you_mean

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
COLOUR_NAMES = ("primary", "accent")


class SettingsError(ValueError):
    """A setting in mkdocs.yml that cannot be used; the message says which and why."""


def select_sets(deck: Deck, wanted: Any) -> Deck:
    """The deck with only the sets named in ``extra.sets`` (all when the setting is absent)."""
    if wanted is None:
        return deck
    if not isinstance(wanted, list) or not all(isinstance(item, str) for item in wanted):
        raise SettingsError("mkdocs.yml: extra.sets must be a list of set ids, e.g. [eerste-week]")
    known = {card_set.id for card_set in deck.sets}
    for set_id in wanted:
        if set_id not in known:
            raise SettingsError(
                f"mkdocs.yml: extra.sets names '{set_id}', which is not a set in cards/sets/"
                f"{did_you_mean(set_id, known)}")
    return dataclasses.replace(deck, sets=tuple(s for s in deck.sets if s.id in wanted))


def check_colours(colours: Any) -> None:
    """``extra.colours``: #rrggbb values on which white text (the header) and which as text on
    white (links) reach the WCAG AA contrast of 4.5:1."""
    if colours is None:
        return
    if not isinstance(colours, dict):
        raise SettingsError("mkdocs.yml: extra.colours must be a group, e.g. {primary: '#1d5b86'}")
    for name, value in colours.items():
        if name not in COLOUR_NAMES:
            raise SettingsError(f"mkdocs.yml: extra.colours.{name} is not a setting"
                                f"{did_you_mean(name, COLOUR_NAMES)}")
        if not isinstance(value, str) or not COLOUR.fullmatch(value):
            raise SettingsError(f"mkdocs.yml: extra.colours.{name} must be a colour like '#1d5b86' "
                                f"(in quotes), not {value!r}")
        ratio = contrast_with_white(value)
        if ratio < MIN_CONTRAST:
            raise SettingsError(
                f"mkdocs.yml: extra.colours.{name} '{value}' has a contrast of {ratio:.2f}:1 with "
                f"white, it needs at least {MIN_CONTRAST}:1 (WCAG AA): choose a darker colour")

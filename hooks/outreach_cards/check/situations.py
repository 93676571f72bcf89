"""Rules for the situations registry ("Waar sta je voor?"): each key once, its text in every
language, every card it leads to in the deck, no HTML."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from .common import items, languages_complete, listed, no_html, refer, unique_in_list
from .context import CheckContext


def situation_entries(context: CheckContext) -> Iterator[Problem]:
    """Each situation has its own key, a text in every language and known cards."""
    source = context.situations
    if source is None:
        return
    yield from unique_in_list(source, "situations", "key")
    for index, entry in items(source.data, "situations"):
        text = entry.get("text")
        if isinstance(text, dict):
            yield from languages_complete(
                context.languages,
                source,
                ("situations", index, "text"),
                text,
                context.in_progress,
            )
        for position, card_id in enumerate(listed(entry.get("cards"))):
            yield from refer(
                source,
                ("situations", index, "cards", position),
                card_id,
                context.card_ids,
                "card",
                "cards/",
            )
    yield from no_html(source)


RULES = (situation_entries,)

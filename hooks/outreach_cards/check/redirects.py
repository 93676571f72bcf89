"""Rules for the redirects registry: each old id once, never a current card's id, and leading
to a card that exists."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from .common import items, refer
from .context import CheckContext


def redirect_entries(context: CheckContext) -> Iterator[Problem]:
    """Each old id leads to one existing card, and no card still has it."""
    redirects = context.redirects
    if redirects is None:
        return
    seen: dict[str, int] = {}
    for index, entry in items(redirects.data, "redirects"):
        old, new = entry.get("from"), entry.get("to")
        if isinstance(old, str):
            if old in context.card_ids:
                yield redirects.problem(
                    ("redirects", index, "from"),
                    f"'{old}' is the id of a card now: an old id cannot lead elsewhere while "
                    "a card still has it (remove this entry or rename that card)",
                )
            elif old in seen:
                yield redirects.problem(
                    ("redirects", index, "from"),
                    f"'{old}' already leads to a card on line "
                    f"{redirects.line(('redirects', seen[old], 'from'))}: keep one entry per "
                    "old id",
                )
            else:
                seen[old] = index
        yield from refer(
            redirects,
            ("redirects", index, "to"),
            new,
            context.card_ids,
            "card",
            "cards/; point old ids at the card's current id",
        )


RULES = (redirect_entries,)

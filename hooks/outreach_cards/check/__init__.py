"""The deck's rules beyond the schemas: references between files, uniqueness, languages,
plain language. Every problem names its file, line and field.

A rule is a function of the :class:`CheckContext` returning problems; every rule is listed
once in :data:`RULES`. Rules read only the context, never what another rule found, so the
order in which they run never matters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..problems import Problem
from . import cards, redirects, registries, sets
from .context import CheckContext

Rule = Callable[[CheckContext], Iterable[Problem]]

RULES: tuple[Rule, ...] = (*registries.RULES, *cards.RULES, *sets.RULES, *redirects.RULES)


def check_deck(context: CheckContext, rules: Sequence[Rule] = RULES) -> list[Problem]:
    """Every problem the ``rules`` find in the deck, sorted by file, line and field."""
    return sorted(problem for rule in rules for problem in rule(context))


__all__ = ["RULES", "CheckContext", "Rule", "check_deck"]

"""The deck's rules beyond the schemas: references between files, uniqueness, languages,
plain language. Every problem names its file, line and field.

A rule is a function of the :class:`CheckContext` returning problems; every rule is listed
once in :data:`RULES` (problems: they fail the check and the build) or :data:`ADVICE` (shown by
``outreach-cards check``; the deck still passes). Rules read only the context, never what
another rule found, so the order in which they run never matters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..problems import Problem
from . import (
    cards,
    characters,
    formats,
    glossary,
    links,
    policy,
    redirects,
    registries,
    sets,
    situations,
)
from .context import CheckContext

Rule = Callable[[CheckContext], Iterable[Problem]]

RULES: tuple[Rule, ...] = (
    *registries.RULES,
    *cards.RULES,
    *policy.RULES,
    *sets.RULES,
    *redirects.RULES,
    *glossary.RULES,
    *characters.RULES,
    *links.RULES,
    *situations.RULES,
    *formats.RULES,
)
ADVICE: tuple[Rule, ...] = (*policy.ADVICE, *glossary.ADVICE)


def check_deck(context: CheckContext, rules: Sequence[Rule] = RULES) -> list[Problem]:
    """Every problem the ``rules`` find in the deck, sorted by file, line and field."""
    return sorted(problem for rule in rules for problem in rule(context))


def advise(context: CheckContext) -> list[Problem]:
    """Every piece of advice on the deck (things to improve that do not fail it), sorted."""
    return check_deck(context, ADVICE)


__all__ = ["ADVICE", "RULES", "CheckContext", "Rule", "advise", "check_deck"]

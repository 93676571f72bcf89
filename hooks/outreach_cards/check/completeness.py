"""How far each language's translation is: counted on the deck's files, for the languages
table of ``outreach-cards check`` while a language is in progress."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .common import items, mapping
from .context import CheckContext


@dataclass(frozen=True)
class Completeness:
    """For one language: how many cards, sets and registry entries have its text."""

    language: str
    in_progress: bool
    cards: tuple[int, int]  # (translated, all)
    sets: tuple[int, int]
    registry_entries: tuple[int, int]


def _registry_texts(context: CheckContext) -> Iterator[dict[str, Any]]:
    """Every text per language in the registries: term labels, theme texts, section titles
    (a language's own label is in that language, not per language)."""
    for source in context.registries.values():
        if source is None:
            continue
        for list_name in mapping(source):
            if list_name == "languages":
                continue
            for _, entry in items(source.data, list_name):
                for field in ("text", "label"):
                    if isinstance(entry.get(field), dict):
                        yield entry[field]
                for _, section in items(entry, "sections"):
                    if isinstance(section.get("title"), dict):
                        yield section["title"]


def _count(texts: list[Any], language: str) -> tuple[int, int]:
    return sum(1 for text in texts if isinstance(text, dict) and language in text), len(texts)


def completeness(context: CheckContext) -> list[Completeness]:
    """Per language of the deck, in the deck's order, what has its text."""
    cards = [mapping(source).get("text") for source in context.cards]
    sets = [mapping(source).get("text") for source in context.sets]
    registry = list(_registry_texts(context))
    return [
        Completeness(
            language,
            language in context.in_progress,
            _count(cards, language),
            _count(sets, language),
            _count(registry, language),
        )
        for language in context.languages
    ]


def completeness_table(rows: list[Completeness]) -> str:
    """The rows as an aligned table, e.g. ``fr (in progress)  1 of 46  0 of 3  12 of 60``."""
    table = [["language", "cards translated", "sets translated", "registry entries translated"]]
    for row in rows:
        table.append(
            [row.language + (" (in progress)" if row.in_progress else "")]
            + [f"{done} of {total}" for done, total in (row.cards, row.sets, row.registry_entries)]
        )
    widths = [max(len(line[index]) for line in table) for index in range(len(table[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in table
    )

"""Rules for the curated sets: unique orders, ids that are file names, known cards and audience,
complete translations, no HTML."""

from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem
from .common import id_is_file_name, languages_complete, listed, no_html, refer, unique_across_files
from .context import CheckContext


def set_identity(context: CheckContext) -> Iterator[Problem]:
    """Each set has its own order, and its id is its file's name."""
    yield from unique_across_files(context.sets, "order", "set", int)
    for source in context.sets:
        yield from id_is_file_name(source, "the set's")


def set_contents(context: CheckContext) -> Iterator[Problem]:
    """A set's audience and cards are known, its text is in every language, without HTML."""
    for source in context.sets:
        data = source.data
        if not isinstance(data, dict):
            continue
        yield from refer(
            source,
            ("audience",),
            data.get("audience"),
            context.terms["audiences"],
            "audience",
            "vocabularies.yaml",
        )
        text = data.get("text")
        if isinstance(text, dict):
            yield from languages_complete(
                context.languages, source, ("text",), text, context.in_progress
            )
        for index, card_id in enumerate(listed(data.get("cards"))):
            yield from refer(source, ("cards", index), card_id, context.card_ids, "card", "cards/")
        yield from no_html(source)


RULES = (set_identity, set_contents)

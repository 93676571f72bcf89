"""Rules for the work formats (cards/formats/): unique orders, ids that are file names, known
cards, sets, sources and audience, complete translations, steps whose minutes add up to the
format's time and are the same in every language, a group whose smallest size is not above its
largest, no HTML."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load.yamlsource import YamlSource
from ..problems import Problem
from .common import (
    id_is_file_name,
    is_whole_number,
    languages_complete,
    listed,
    no_html,
    refer,
    unique_across_files,
)
from .context import CheckContext


def format_identity(context: CheckContext) -> Iterator[Problem]:
    """Each format has its own order, and its id is its file's name."""
    yield from unique_across_files(context.formats, "order", "format", int)
    for source in context.formats:
        yield from id_is_file_name(source, "the format's")


def format_contents(context: CheckContext) -> Iterator[Problem]:
    """A format's audience, cards, sets and sources are known; its text is in every language,
    without HTML; its group and its steps' minutes add up."""
    for source in context.formats:
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
        for field, known, what, where in (
            ("cards", context.card_ids, "card", "cards/"),
            ("sets", context.set_ids, "set", "cards/sets/"),
            ("sources", context.sources, "source", "sources.yaml"),
        ):
            for index, value in enumerate(listed(data.get(field))):
                yield from refer(source, (field, index), value, known, what, where)
        group = data.get("group")
        if isinstance(group, dict):
            smallest, largest = group.get("min"), group.get("max")
            if is_whole_number(smallest) and is_whole_number(largest) and smallest > largest:
                yield source.problem(
                    ("group", "min"),
                    f"the group's min ({smallest}) is more than its max ({largest}): "
                    "swap them or correct one",
                )
        text = data.get("text")
        if isinstance(text, dict):
            yield from languages_complete(
                context.languages, source, ("text",), text, context.in_progress
            )
            yield from _step_minutes(source, data.get("minutes"), text)
        yield from no_html(source)


def _minutes(block: Any) -> list[int] | None:
    """The minutes of a language's steps, or ``None`` when a step is malformed (its schema
    reports it)."""
    steps = block.get("steps") if isinstance(block, dict) else None
    if not isinstance(steps, list) or not steps:
        return None
    minutes = [step.get("minutes") if isinstance(step, dict) else None for step in steps]
    return minutes if all(is_whole_number(value) for value in minutes) else None


def _step_minutes(source: YamlSource, total: Any, text: dict[str, Any]) -> Iterator[Problem]:
    """The first language's steps add up to ``minutes``; every other language has the same
    number of steps with the same minutes."""
    languages = list(text)
    first = languages[0]
    reference = _minutes(text[first])
    if reference is None:
        return
    if is_whole_number(total) and sum(reference) != total:
        yield source.problem(
            ("minutes",),
            f"is {total}, but the steps in text.{first} add up to {sum(reference)} minutes "
            f"({' + '.join(map(str, reference))}): make the two the same",
        )
    for language in languages[1:]:
        minutes = _minutes(text[language])
        if minutes is None:
            continue
        if len(minutes) != len(reference):
            yield source.problem(
                ("text", language, "steps"),
                f"has {len(minutes)} steps, text.{first} has {len(reference)}: every language "
                "has the same steps",
            )
            continue
        for index, (value, wanted) in enumerate(zip(minutes, reference, strict=True)):
            if value != wanted:
                yield source.problem(
                    ("text", language, "steps", index, "minutes"),
                    f"is {value}, but the same step in text.{first} takes {wanted} minutes: "
                    "every language has the same minutes",
                )


RULES = (format_identity, format_contents)

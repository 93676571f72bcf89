"""Helpers the rules share: references to known keys, uniqueness, complete languages, no HTML."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from ..load.yamlsource import FieldPath, YamlSource
from ..problems import Problem, did_you_mean, show

RAW_HTML = re.compile(
    r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?\s*>|<!--|<\?|javascript:", re.IGNORECASE
)
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The well-formed entries of a registry list, with their index."""
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]


def mapping(source: YamlSource) -> dict[str, Any]:
    """The file's data when it is a mapping, else an empty one (its schema reports why)."""
    return source.data if isinstance(source.data, dict) else {}


def listed(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty one (its schema reports why)."""
    return value if isinstance(value, list) else []


def is_whole_number(value: Any) -> bool:
    """True for an int that is not a bool (YAML's ``yes`` is no order or number)."""
    return isinstance(value, int) and not isinstance(value, bool)


def strings(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text value inside ``value``, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, path + (index,))


def refer(
    source: YamlSource,
    path: FieldPath,
    value: Any,
    known: Iterable[str] | None,
    what: str,
    where: str,
) -> Iterator[Problem]:
    """A problem when ``value`` is text that is not one of ``known`` (``None``: the registry
    could not be read, so nothing can be said)."""
    if isinstance(value, str) and known is not None and value not in known:
        yield source.problem(
            path, f"unknown {what} '{value}' (not in {where}){did_you_mean(value, known)}"
        )


def unique_in_list(source: YamlSource, list_name: str, field: str) -> Iterator[Problem]:
    """Each entry of the list ``list_name`` has its own ``field``: later ones name the first."""
    first: dict[Any, int] = {}
    for index, entry in items(source.data, list_name):
        value = entry.get(field)
        if value is None or isinstance(value, (dict, list)):
            continue
        if value in first:
            yield source.problem(
                (list_name, index, field),
                f"{show(value)} is already used by {list_name}[{first[value]}] on line "
                f"{source.line((list_name, first[value], field))}: each {field} must be unique",
            )
        else:
            first[value] = index


def unique_across_files(
    sources: Iterable[YamlSource], field: str, kind: str, wanted: type = str
) -> Iterator[Problem]:
    """Each file of one ``kind`` ("card", "set") has its own top-level ``field``: a file
    repeating one names the first file that has it."""
    first: dict[Any, YamlSource] = {}
    for source in sources:
        value = mapping(source).get(field)
        if not (is_whole_number(value) if wanted is int else isinstance(value, wanted)):
            continue
        if value in first:
            other = first[value]
            yield source.problem(
                (field,),
                f"{field} {show(value)} is already used by {other.path.name} (line "
                f"{other.line((field,))}): every {kind} needs its own {field}",
            )
        else:
            first[value] = source


def id_is_file_name(source: YamlSource, whose: str) -> Iterator[Problem]:
    """A valid id equals the file's name, because it is the permalink."""
    value = mapping(source).get("id")
    if isinstance(value, str) and SLUG.fullmatch(value) and value != source.path.stem:
        yield source.problem(
            ("id",),
            f"id '{value}' differs from the file name '{source.path.name}': the id "
            f"is {whose} permalink, so rename the file to {value}.yaml",
        )


def languages_complete(
    languages: list[str],
    source: YamlSource,
    path: FieldPath,
    value: dict[str, Any],
    in_progress: Collection[str] = (),
) -> Iterator[Problem]:
    """A text per language has every language of the deck, and no other. A language
    ``in_progress`` may be missing: the model then shows the default language's text."""
    for language in languages:
        if language not in value and language not in in_progress:
            yield source.problem(
                path, f"missing the '{language}' translation: add {path[-1]}.{language}"
            )
    for language in value:
        if languages and language not in languages:
            yield source.problem(
                path + (language,),
                f"unknown language '{language}'{did_you_mean(language, languages)} "
                "(the deck's languages are listed in registries/vocabularies.yaml)",
            )


def no_html(source: YamlSource) -> Iterator[Problem]:
    """No text value of the file holds raw HTML or a script link."""
    if "\\" not in source.text and not RAW_HTML.search(source.text):
        # Every value is the file's text less quotes, indentation and folded line breaks,
        # none of which can make a match; an escape (a backslash) could, so such a file
        # is read value by value.
        return
    for path, text in strings(source.data):
        match = RAW_HTML.search(text)
        if match:
            yield source.problem(
                path,
                f"raw HTML or script {show(match.group(0))} is not allowed: write plain text "
                "with Markdown (**bold**, *italic*, [link](https://...)) instead",
            )

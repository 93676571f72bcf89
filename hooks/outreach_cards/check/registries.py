"""Rules for the registries: unique keys, complete translations, readable theme colours, icons."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..icons import icon_exists
from ..load.yamlsource import YamlSource
from ..problems import Problem
from .common import items, languages_complete, no_html, unique_in_list
from .context import CheckContext

MIN_CONTRAST = 4.5  # WCAG AA for normal text


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of white text on ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def registry_entries(context: CheckContext) -> Iterator[Problem]:
    """In every registry list: unique keys, every text and label in every language (but one
    in progress), a default language that is not in progress, no HTML."""
    for source in context.registries.values():
        if source is None:
            continue
        for list_name in source.data if isinstance(source.data, dict) else ():
            yield from unique_in_list(source, list_name, "key")
            if list_name == "languages":
                yield from _default_language_complete(source)
                continue  # a language's label is in its own language, not per language
            for index, entry in items(source.data, list_name):
                for field in ("text", "label"):
                    if isinstance(entry.get(field), dict):
                        yield from languages_complete(
                            context.languages,
                            source,
                            (list_name, index, field),
                            entry[field],
                            context.in_progress,
                        )
        yield from no_html(source)


def source_sections(context: CheckContext) -> Iterator[Problem]:
    """Every section of a source has its title in every language."""
    sources = context.registries.get("sources")
    if sources is None:
        return
    for index, entry in items(sources.data, "sources"):
        for number, section in items(entry, "sections"):
            if isinstance(section.get("title"), dict):
                yield from languages_complete(
                    context.languages,
                    sources,
                    ("sources", index, "sections", number, "title"),
                    section["title"],
                    context.in_progress,
                )


def _default_language_complete(source: YamlSource) -> Iterator[Problem]:
    """The default language (the first) is never in progress: it is what the others fall
    back to, so it must be complete."""
    languages = items(source.data, "languages")
    if languages and languages[0][1].get("in_progress") is True:
        index, entry = languages[0]
        yield source.problem(
            ("languages", index, "in_progress"),
            f"the default language '{entry.get('key')}' cannot be in progress: every other "
            "language falls back to its texts; remove in_progress here, or put a complete "
            "language first",
        )


def theme_order(context: CheckContext) -> Iterator[Problem]:
    """Each theme has its own place in the deck's order."""
    themes = context.registries.get("themes")
    if themes is not None:
        yield from unique_in_list(themes, "themes", "order")


def theme_look(context: CheckContext) -> Iterator[Problem]:
    """White text is readable on each theme's colour, and each icon exists."""
    themes = context.registries.get("themes")
    if themes is None:
        return
    for index, entry in items(themes.data, "themes"):
        colour = entry.get("colour")
        if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            ratio = contrast_with_white(colour)
            if ratio < MIN_CONTRAST:
                yield themes.problem(
                    ("themes", index, "colour"),
                    f"white text on '{colour}' has a contrast of {ratio:.2f}:1, it needs at least "
                    f"{MIN_CONTRAST}:1 (WCAG AA): choose a darker colour",
                )
        icon = entry.get("icon")
        if isinstance(icon, str) and "/" in icon and not icon_exists(icon):
            yield themes.problem(
                ("themes", index, "icon"),
                f"icon '{icon}' is not one of Material for MkDocs' icons: pick one from "
                "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/",
            )


RULES = (registry_entries, source_sections, theme_order, theme_look)

"""Rules for the card files: unique ids and numbers, known references, complete translations
with the same tips, quotations and sound fragments that name who said them, no HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..load.files import AUDIO_DIR
from ..load.yamlsource import FieldPath, YamlSource
from ..problems import Problem
from .common import id_is_file_name, languages_complete, listed, no_html, refer, unique_across_files
from .context import CheckContext

AUDIO_FILE = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*\.(mp3|m4a|ogg|opus|webm|wav)")


def card_identity(context: CheckContext) -> Iterator[Problem]:
    """Each card has its own id and number, and its id is its file's name."""
    yield from unique_across_files(context.cards, "id", "card", str)
    yield from unique_across_files(context.cards, "number", "card", int)
    for source in context.cards:
        yield from id_is_file_name(source, "the")


def card_references(context: CheckContext) -> Iterator[Problem]:
    """Theme, audience, covered sections, places, life domains, sources and related cards are
    known (a card cannot be related to itself)."""
    for source, data in context.card_files():
        yield from refer(
            source, ("theme",), data.get("theme"), context.themes, "theme", "themes.yaml"
        )
        yield from refer(
            source,
            ("audience",),
            data.get("audience"),
            context.terms["audiences"],
            "audience",
            "vocabularies.yaml",
        )
        for index, value in enumerate(listed(data.get("covers"))):
            yield from refer(
                source,
                ("covers", index),
                value,
                context.sections,
                "source section",
                "the sections in sources.yaml",
            )
        for field in ("places", "life_domains"):
            for index, value in enumerate(listed(data.get(field))):
                yield from refer(
                    source,
                    (field, index),
                    value,
                    context.terms[field],
                    field.replace("_", " ")[:-1],
                    "vocabularies.yaml",
                )
        for field in ("sources", "own_sources"):
            for index, value in enumerate(listed(data.get(field))):
                yield from refer(
                    source, (field, index), value, context.sources, "source", "sources.yaml"
                )
        own = data.get("id")
        others = context.card_ids - {own if isinstance(own, str) else "", source.path.stem}
        for index, value in enumerate(listed(data.get("related"))):
            yield from refer(source, ("related", index), value, others, "card", "cards/")


def card_text(context: CheckContext) -> Iterator[Problem]:
    """The card's text is in every language, each with the same tips and questions."""
    for source, data in context.card_files():
        text = data.get("text")
        if isinstance(text, dict):
            yield from languages_complete(
                context.languages, source, ("text",), text, context.in_progress
            )
            yield from _same_shape(context.languages, source, text, context.terms["audiences"])
            yield from _own_explanation(source, data, text)


def _own_explanation(
    source: YamlSource, data: dict[str, Any], text: dict[str, Any]
) -> Iterator[Problem]:
    """The project's own explanation is in every language of the card or in none, and its
    public sources belong to one."""
    blocks = {lang: block for lang, block in text.items() if isinstance(block, dict)}
    having = [lang for lang, block in blocks.items() if "own_explanation" in block]
    for language in blocks:
        if having and language not in having:
            yield source.problem(
                ("text", language),
                f"has no own_explanation but text.{having[0]}.own_explanation has one: the "
                "project's own explanation is in every language of the card or in none",
            )
    if "own_sources" in data and not having:
        yield source.problem(
            ("own_sources",),
            "names the sources of the card's own explanation, but no language has one: add "
            "text.<language>.own_explanation or remove own_sources",
        )


def _known(keys: set[str] | None, value: Any) -> bool:
    """Whether ``value`` is one of ``keys`` (any string when the registry could not be read)."""
    return isinstance(value, str) and (keys is None or value in keys)


def _same_shape(
    languages: list[str], source: YamlSource, text: dict[str, Any], audiences: set[str] | None
) -> Iterator[Problem]:
    """Every translation has the same tips (same audiences, same order) and questions."""
    reference = next((lang for lang in languages if isinstance(text.get(lang), dict)), None)
    if reference is None:
        return
    for language, block in text.items():
        if language == reference or not isinstance(block, dict):
            continue
        for field in ("tips", "questions"):
            ours, theirs = block.get(field), text[reference].get(field)
            if not isinstance(ours, list) or not isinstance(theirs, list):
                continue
            if len(ours) != len(theirs):
                yield source.problem(
                    ("text", language, field),
                    f"has {len(ours)} {field[:-1]}{'s' if len(ours) != 1 else ''} but "
                    f"text.{reference}.{field} has {len(theirs)}: every language needs the "
                    "same ones, in the same order",
                )
            elif field == "tips":
                for index, (tip, original) in enumerate(zip(ours, theirs, strict=True)):
                    if (
                        isinstance(tip, dict)
                        and isinstance(original, dict)
                        and tip.get("for") != original.get("for")
                        # a misspelt audience is reported where it is, not in the translation
                        and _known(audiences, original.get("for"))
                        and _known(audiences, tip.get("for"))
                    ):
                        yield source.problem(
                            ("text", language, "tips", index, "for"),
                            f"is '{tip.get('for')}' but the same tip in text.{reference} is "
                            f"for '{original.get('for')}': keep the tips in the same order",
                        )


def card_testimonies(context: CheckContext) -> Iterator[Problem]:
    """Each testimony names who said it where, and is quoted in every language and its own."""
    for source, data in context.card_files():
        for index, testimony in enumerate(listed(data.get("testimonies"))):
            if not isinstance(testimony, dict):
                continue
            path: FieldPath = ("testimonies", index)
            yield from _attribution(context, source, path, testimony)
            quote = testimony.get("quote")
            if isinstance(quote, dict):
                yield from languages_complete(
                    context.languages, source, path + ("quote",), quote, context.in_progress
                )
                original = testimony.get("original")
                if isinstance(original, str) and original not in quote:
                    yield source.problem(
                        path + ("original",),
                        f"the original language '{original}' has no quote: add quote.{original} "
                        "with the exact words from the source",
                    )
                elif isinstance(original, str):
                    yield from _added_words(source, path + ("quote",), quote, original)


def _added_words(
    source: YamlSource, path: FieldPath, quote: dict[str, Any], original: str
) -> Iterator[Problem]:
    """Words a translation adds to a quotation (an explanation of a name) stand in square
    brackets, as the sources do: a translation has as many round brackets as the original."""
    words = quote[original]
    if not isinstance(words, str):
        return
    for language, translation in quote.items():
        if language == original or not isinstance(translation, str):
            continue
        added = translation.count("(") - words.count("(")
        if added > 0:
            yield source.problem(
                path + (language,),
                f"has {added} more part{'s' if added > 1 else ''} in round brackets than the "
                f"original quote.{original}: put words added to a quotation in square brackets "
                "[like this], as the sources do",
            )


def card_audio(context: CheckContext) -> Iterator[Problem]:
    """Each sound fragment names who speaks, has its file, and a transcript in every language
    and in the language spoken."""
    for source, data in context.card_files():
        for index, fragment in enumerate(listed(data.get("audio"))):
            if not isinstance(fragment, dict):
                continue
            path: FieldPath = ("audio", index)
            yield from _attribution(context, source, path, fragment)
            for field in ("title", "transcript"):
                if isinstance(fragment.get(field), dict):
                    yield from languages_complete(
                        context.languages,
                        source,
                        path + (field,),
                        fragment[field],
                        context.in_progress,
                    )
            file = fragment.get("file")
            if (
                isinstance(file, str)
                and AUDIO_FILE.fullmatch(file)
                and not (context.audio_dir / file).is_file()
            ):
                yield source.problem(
                    path + ("file",),
                    f"the sound file '{file}' is not in cards/{AUDIO_DIR}/: add it there, or "
                    "correct the name",
                )
            original = fragment.get("original")
            transcript = fragment.get("transcript")
            if (
                isinstance(original, str)
                and isinstance(transcript, dict)
                and original not in transcript
            ):
                yield source.problem(
                    path + ("original",),
                    f"the spoken language '{original}' has no transcript: add "
                    f"transcript.{original} with every word that is said",
                )


def _attribution(
    context: CheckContext, source: YamlSource, path: FieldPath, words: dict[str, Any]
) -> Iterator[Problem]:
    """Who said it, in which source, how it was recorded: a testimony or a sound fragment."""
    for field, terms, what, where in (
        ("speaker", context.terms["speaker_roles"], "speaker role", "vocabularies.yaml"),
        ("source", context.sources, "source", "sources.yaml"),
        ("provenance", context.terms["provenances"], "provenance", "vocabularies.yaml"),
    ):
        yield from refer(source, path + (field,), words.get(field), terms, what, where)


def card_html(context: CheckContext) -> Iterator[Problem]:
    """No card holds raw HTML or a script link."""
    for source, _ in context.card_files():
        yield from no_html(source)


RULES = (card_identity, card_references, card_text, card_testimonies, card_audio, card_html)

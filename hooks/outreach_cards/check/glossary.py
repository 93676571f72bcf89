"""Rules for the glossary (cards/registries/glossary.yaml, optional): each term once, in the
deck's first language, explained in every language; and the cards held to it: a card whose
text in the first language uses a term says it in every other language with the glossary's
word, and never with a word the glossary lists as wrong."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import text_uses
from ..problems import Problem
from .common import items, listed, refer, strings, unique_in_list
from .context import CheckContext


def terms(context: CheckContext) -> list[tuple[int, dict[str, Any]]]:
    """The well-formed entries of the glossary (none without one)."""
    return items(context.glossary.data, "terms") if context.glossary else []


def _words(entry: dict[str, Any], field: str) -> dict[str, Any]:
    value = entry.get(field)
    return value if isinstance(value, dict) else {}


def glossary_entries(context: CheckContext) -> Iterator[Problem]:
    """Each key once; every term has a word in the first language and an explanation in every
    complete language; its source, if any, is in sources.yaml."""
    glossary = context.glossary
    if glossary is None or not context.languages:
        return
    yield from unique_in_list(glossary, "terms", "key")
    first = context.languages[0]
    for index, entry in terms(context):
        words = entry.get("words")
        if isinstance(words, dict) and not isinstance(words.get(first), str):
            yield glossary.problem(
                ("terms", index, "words"),
                f"term '{entry.get('key')}' has no word in '{first}', the deck's first "
                "language: the cards are checked from that word",
            )
        explanation = _words(entry, "explanation")
        for language in context.languages:
            if language not in explanation and language not in context.in_progress:
                yield glossary.problem(
                    ("terms", index, "explanation"),
                    f"term '{entry.get('key')}' has no explanation in '{language}'",
                )
        yield from refer(
            glossary,
            ("terms", index, "source"),
            entry.get("source"),
            context.sources,
            "source",
            "sources.yaml; use null when the explanation is the project's own",
        )


def glossary_renderings(context: CheckContext) -> Iterator[Problem]:
    """A card whose first-language text uses a term uses the glossary's word for it in each
    other language's text, and no wrong rendering anywhere (the first one found, per field)."""
    if context.glossary is None or not context.languages:
        return
    first = context.languages[0]
    entries = [entry for _, entry in terms(context)]
    for source, data in context.card_files():
        text = data.get("text")
        if not isinstance(text, dict):
            continue
        original = " ".join(value for _, value in strings(text.get(first)))
        for language in context.languages[1:]:
            fields = list(strings(text.get(language), ("text", language)))
            if not fields:
                continue  # (a missing language is reported by the card rules)
            translated = " ".join(value for _, value in fields)
            for entry in entries:
                words, wrong = _words(entry, "words"), _words(entry, "wrong")
                word, rendering = words.get(first), words.get(language)
                # (each wrong word looked for in the whole text first: mostly it is not there)
                suspects = [
                    w
                    for w in listed(wrong.get(language))
                    if isinstance(w, str) and text_uses(translated, w)
                ]
                for path, value in fields if suspects else ():
                    bad = next(
                        (w for w in suspects if text_uses(value, w)),
                        None,
                    )
                    if bad is not None:
                        better = f": write '{rendering}'" if isinstance(rendering, str) else ""
                        yield source.problem(
                            path,
                            f"'{bad}' is a wrong rendering of '{word}' (glossary term "
                            f"'{entry.get('key')}'){better}",
                        )
                if (
                    isinstance(word, str)
                    and isinstance(rendering, str)
                    and text_uses(original, word)
                    and not text_uses(translated, rendering)
                ):
                    yield source.problem(
                        ("text", language),
                        f"the '{first}' text uses '{word}' (glossary term '{entry.get('key')}'): "
                        f"the '{language}' text should say '{rendering}'",
                    )


def unused_terms(context: CheckContext) -> Iterator[Problem]:
    """Advice: a term no card's first-language text uses."""
    glossary = context.glossary
    if glossary is None or not context.languages:
        return
    first = context.languages[0]
    texts = [
        " ".join(value for _, value in strings(data.get("text", {}).get(first)))
        for _, data in context.card_files()
        if isinstance(data.get("text"), dict)
    ]
    for index, entry in terms(context):
        word = _words(entry, "words").get(first)
        if isinstance(word, str) and not any(text_uses(text, word) for text in texts):
            yield glossary.problem(
                ("terms", index, "words", first),
                f"no card uses '{word}' (glossary term '{entry.get('key')}'): remove the term "
                "or keep it for cards to come",
            )


RULES = (glossary_entries, glossary_renderings)
ADVICE = (unused_terms,)

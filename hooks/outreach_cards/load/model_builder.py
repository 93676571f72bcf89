"""The typed model built from a deck's checked files.

It lives in ``load/`` rather than in ``model.py`` because it is the one place that knows the
YAML's shape (field names, optional fields, text to strip); ``model.py`` stays the typed model
that everything downstream reads without knowing where it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from ..model import (
    AudioFragment,
    Card,
    CardSet,
    CardText,
    Deck,
    FormatText,
    GlossaryTerm,
    Language,
    Situation,
    Source,
    Step,
    Term,
    Testimony,
    Theme,
    Tip,
    Vocabularies,
    WorkFormat,
)
from .files import DeckFiles
from .yamlsource import YamlSource

T = TypeVar("T")


def filled(value: dict[str, T], languages: Sequence[str], fallback: str) -> dict[str, T]:
    """``value`` with every one of ``languages``: a missing one (only a language in progress
    can be missing once checked) gets ``value[fallback]``. Added after the languages present,
    so that a complete text keeps its order and the output stays the same."""
    absent = {language: value[fallback] for language in languages if language not in value}
    return {**value, **absent} if absent else value


def missing(value: dict[str, Any], languages: Sequence[str]) -> tuple[str, ...]:
    """The ``languages`` that ``value`` has no text for."""
    return tuple(language for language in languages if language not in value)


def _spoken(item: dict[str, Any], field: str, languages: Sequence[str]) -> dict[str, str]:
    """A testimony's quote or a fragment's transcript per language, trimmed; a language in
    progress without it gets the words in the language spoken (``original``)."""
    words = {lang: text.strip() for lang, text in item[field].items()}
    return filled(words, languages, item["original"])


def build_deck(files: DeckFiles) -> Deck:
    """The deck of ``files``, which must have passed every check (schemas and rules)."""
    vocab = files.registries["vocabularies"].data  # type: ignore[union-attr]
    themes = files.registries["themes"].data  # type: ignore[union-attr]
    sources = files.registries["sources"].data  # type: ignore[union-attr]

    languages = tuple(
        Language(entry["key"], entry["label"], entry.get("in_progress", False))
        for entry in vocab["languages"]
    )
    keys = tuple(language.key for language in languages)
    default = keys[0]

    def terms(name: str) -> dict[str, Term]:
        return {
            entry["key"]: Term(entry["key"], filled(dict(entry["label"]), keys, default))
            for entry in vocab[name]
        }

    vocabularies = Vocabularies(
        languages=languages,
        audiences=terms("audiences"),
        places=terms("places"),
        life_domains=terms("life_domains"),
        speaker_roles=terms("speaker_roles"),
        provenances=terms("provenances"),
    )
    theme_list = sorted(
        (_theme(entry, keys) for entry in themes["themes"]), key=lambda theme: theme.order
    )
    source_map = {entry["key"]: _source(entry, keys) for entry in sources["sources"]}
    cards = sorted(
        (build_card(source, keys) for source in files.cards), key=lambda card: card.number
    )
    sets = sorted(
        (_card_set(source, keys) for source in files.sets), key=lambda card_set: card_set.order
    )
    redirects = {
        entry["from"]: entry["to"]
        for entry in (files.redirects.data["redirects"] if files.redirects else ())
    }
    glossary = tuple(
        GlossaryTerm(
            entry["key"],
            dict(entry["words"]),
            filled(dict(entry["explanation"]), keys, default),
            entry.get("source"),
        )
        for entry in (files.glossary.data["terms"] if files.glossary else ())
    )
    situations = tuple(
        Situation(
            entry["key"],
            filled({lang: text["title"] for lang, text in entry["text"].items()}, keys, default),
            filled({lang: text["intro"] for lang, text in entry["text"].items()}, keys, default),
            tuple(entry["cards"]),
        )
        for entry in (files.situations.data["situations"] if files.situations else ())
    )
    formats = sorted(
        (_work_format(source, keys) for source in files.formats),
        key=lambda work_format: work_format.order,
    )
    return Deck(
        cards=tuple(cards),
        formats=tuple(formats),
        glossary=glossary,
        situations=situations,
        themes=tuple(theme_list),
        sources=source_map,
        vocabularies=vocabularies,
        sets=tuple(sets),
        redirects=redirects,
        audio_dir=files.audio_dir,
    )


def _theme(entry: dict[str, Any], languages: Sequence[str]) -> Theme:
    text = filled(entry["text"], languages, languages[0])
    return Theme(
        key=entry["key"],
        order=entry["order"],
        colour=entry["colour"],
        icon=entry["icon"],
        title={lang: block["title"] for lang, block in text.items()},
        description={lang: block["description"] for lang, block in text.items()},
    )


def _source(entry: dict[str, Any], languages: Sequence[str]) -> Source:
    return Source(
        key=entry["key"],
        short=entry["short"],
        authors=tuple(entry["authors"]),
        title=entry["title"],
        kind=entry["kind"],
        year=entry.get("year"),
        publisher=entry.get("publisher"),
        url=entry.get("url"),
        note=entry.get("note"),
        document=entry.get("document"),
        sections={
            section["key"]: filled(dict(section["title"]), languages, languages[0])
            for section in entry.get("sections", ())
        },
    )


def _card_set(source: YamlSource, languages: Sequence[str]) -> CardSet:
    data = source.data
    text = filled(data["text"], languages, languages[0])
    return CardSet(
        id=data["id"],
        order=data["order"],
        title={lang: block["title"].strip() for lang, block in text.items()},
        intro={lang: block["intro"].strip() for lang, block in text.items()},
        cards=tuple(data["cards"]),
        audience=data.get("audience"),
        path=source.path,
    )


def _work_format(source: YamlSource, languages: Sequence[str]) -> WorkFormat:
    data = source.data
    text = filled(data["text"], languages, languages[0])
    return WorkFormat(
        id=data["id"],
        order=data["order"],
        group=(data["group"]["min"], data["group"]["max"]),
        minutes=data["minutes"],
        text={
            lang: FormatText(
                title=block["title"].strip(),
                purpose=block["purpose"].strip(),
                materials=tuple(item.strip() for item in block["materials"]),
                space=block["space"].strip(),
                steps=tuple(Step(step["minutes"], step["text"].strip()) for step in block["steps"]),
                watch_out=tuple(item.strip() for item in block["watch_out"]),
                online=block["online"].strip(),
            )
            for lang, block in text.items()
        },
        cards=tuple(data.get("cards", ())),
        sets=tuple(data.get("sets", ())),
        sources=tuple(data.get("sources", ())),
        audience=data.get("audience"),
        path=source.path,
    )


def build_card(source: YamlSource, languages: Sequence[str] = ()) -> Card:
    """The card of one checked card file. Every one of ``languages`` (the deck's, default
    first) that the file lacks gets the default language's text and is listed in
    ``Card.untranslated``; a missing quote or transcript is the original words."""
    data = source.data
    default = languages[0] if languages else next(iter(data["text"]))
    text = {
        language: CardText(
            title=block["title"].strip(),
            front=block["front"].strip(),
            body=block["body"].strip(),
            tips=tuple(Tip(tip["for"], tip["text"].strip()) for tip in block["tips"]),
            questions=tuple(question.strip() for question in block["questions"]),
            own_explanation=block["own_explanation"].strip()
            if "own_explanation" in block
            else None,
        )
        for language, block in data["text"].items()
    }
    return Card(
        id=data["id"],
        number=data["number"],
        theme=data["theme"],
        audience=data["audience"],
        sources=tuple(data["sources"]),
        covers=tuple(data["covers"]),
        places=tuple(data.get("places", ())),
        life_domains=tuple(data.get("life_domains", ())),
        related=tuple(data.get("related", ())),
        own_sources=tuple(data.get("own_sources", ())),
        text=filled(text, languages, default),
        untranslated=missing(data["text"], languages),
        testimonies=tuple(
            Testimony(
                quote=_spoken(item, "quote", languages),
                original=item["original"],
                speaker=item["speaker"],
                source=item["source"],
                provenance=item["provenance"],
                locator=item.get("locator"),
                untranslated=missing(item["quote"], languages),
            )
            for item in data.get("testimonies", ())
        ),
        audio=tuple(
            AudioFragment(
                file=item["file"],
                title=filled(dict(item["title"]), languages, default),
                transcript=_spoken(item, "transcript", languages),
                original=item["original"],
                speaker=item["speaker"],
                source=item["source"],
                provenance=item["provenance"],
                duration=item.get("duration"),
                untranslated=missing(item["transcript"], languages),
            )
            for item in data.get("audio", ())
        ),
        path=source.path,
    )

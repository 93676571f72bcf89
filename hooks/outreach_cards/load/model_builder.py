"""The typed model built from a deck's checked files.

It lives in ``load/`` rather than in ``model.py`` because it is the one place that knows the
YAML's shape (field names, optional fields, text to strip); ``model.py`` stays the typed model
that everything downstream reads without knowing where it came from.
"""

from __future__ import annotations

from typing import Any

from ..model import (
    AudioFragment,
    Card,
    CardSet,
    CardText,
    Deck,
    Language,
    Source,
    Term,
    Testimony,
    Theme,
    Tip,
    Vocabularies,
)
from .files import DeckFiles
from .yamlsource import YamlSource


def build_deck(files: DeckFiles) -> Deck:
    """The deck of ``files``, which must have passed every check (schemas and rules)."""
    vocab = files.registries["vocabularies"].data  # type: ignore[union-attr]
    themes = files.registries["themes"].data  # type: ignore[union-attr]
    sources = files.registries["sources"].data  # type: ignore[union-attr]

    def terms(name: str) -> dict[str, Term]:
        return {entry["key"]: Term(entry["key"], dict(entry["label"])) for entry in vocab[name]}

    vocabularies = Vocabularies(
        languages=tuple(Language(entry["key"], entry["label"]) for entry in vocab["languages"]),
        audiences=terms("audiences"),
        places=terms("places"),
        life_domains=terms("life_domains"),
        speaker_roles=terms("speaker_roles"),
        provenances=terms("provenances"),
    )
    theme_list = sorted((_theme(entry) for entry in themes["themes"]),
                        key=lambda theme: theme.order)
    source_map = {entry["key"]: _source(entry) for entry in sources["sources"]}
    cards = sorted((build_card(source) for source in files.cards), key=lambda card: card.number)
    sets = sorted((_card_set(source) for source in files.sets),
                  key=lambda card_set: card_set.order)
    redirects = {entry["from"]: entry["to"]
                 for entry in (files.redirects.data["redirects"] if files.redirects else ())}
    return Deck(cards=tuple(cards), themes=tuple(theme_list), sources=source_map,
                vocabularies=vocabularies, sets=tuple(sets), redirects=redirects,
                audio_dir=files.audio_dir)


def _theme(entry: dict[str, Any]) -> Theme:
    return Theme(
        key=entry["key"], order=entry["order"], colour=entry["colour"], icon=entry["icon"],
        title={lang: text["title"] for lang, text in entry["text"].items()},
        description={lang: text["description"] for lang, text in entry["text"].items()},
    )


def _source(entry: dict[str, Any]) -> Source:
    return Source(
        key=entry["key"], short=entry["short"], authors=tuple(entry["authors"]),
        title=entry["title"], kind=entry["kind"], year=entry.get("year"),
        publisher=entry.get("publisher"), url=entry.get("url"), note=entry.get("note"),
        document=entry.get("document"),
        sections={section["key"]: dict(section["title"]) for section in entry.get("sections", ())},
    )


def _card_set(source: YamlSource) -> CardSet:
    data = source.data
    return CardSet(
        id=data["id"], order=data["order"],
        title={lang: text["title"].strip() for lang, text in data["text"].items()},
        intro={lang: text["intro"].strip() for lang, text in data["text"].items()},
        cards=tuple(data["cards"]), audience=data.get("audience"), path=source.path)


def build_card(source: YamlSource) -> Card:
    """The card of one checked card file."""
    data = source.data
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
        text={
            language: CardText(
                title=block["title"].strip(),
                front=block["front"].strip(),
                body=block["body"].strip(),
                tips=tuple(Tip(tip["for"], tip["text"].strip()) for tip in block["tips"]),
                questions=tuple(question.strip() for question in block["questions"]),
            )
            for language, block in data["text"].items()
        },
        testimonies=tuple(
            Testimony(
                quote={lang: quote.strip() for lang, quote in item["quote"].items()},
                original=item["original"], speaker=item["speaker"], source=item["source"],
                provenance=item["provenance"], locator=item.get("locator"),
            )
            for item in data.get("testimonies", ())
        ),
        audio=tuple(
            AudioFragment(
                file=item["file"], title=dict(item["title"]),
                transcript={lang: text.strip() for lang, text in item["transcript"].items()},
                original=item["original"], speaker=item["speaker"], source=item["source"],
                provenance=item["provenance"], duration=item.get("duration"),
            )
            for item in data.get("audio", ())
        ),
        path=source.path,
    )

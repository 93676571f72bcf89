"""The deck as data for organisations: ``api/v1/cards.json`` per language, checked against the
JSON Schema published beside it at ``api/v1/cards.schema.json``.

Every URL in it is absolute (under ``site_url``), so the file can be copied and reused
elsewhere. Texts (front, body, tips, questions, set introductions) are Markdown, as in the
card files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import urls
from .atomic import write_text_atomic
from .load.schema import is_valid, load_schema
from .model import Card, Deck
from .urls import EXPORT_FILE, Urls

SCHEMA_FILE = urls.EXPORT_SCHEMA_FILE
VERSION = 1


class ExportError(RuntimeError):
    """The export does not match its own schema (a bug in this module, not in the cards)."""


def export_schema(site_url: str) -> dict[str, Any]:
    """The published schema, with its stable address as ``$id``."""
    schema = dict(load_schema("export"))
    schema["$id"] = Urls(site_url, "").export_schema
    return schema


def card_export(
    deck: Deck, language: str, site_url: str, pdfs: bool, site_name: str
) -> dict[str, Any]:
    """Everything in the deck in ``language``, as plain data."""
    at = Urls(site_url, deck.default_language)
    root = at.root(language)
    vocab = deck.vocabularies

    def labels(terms: dict) -> dict[str, str]:
        return {key: term.label[language] for key, term in terms.items()}

    def card(card: Card) -> dict[str, Any]:
        text = card.text[language]
        return {
            "id": card.id,
            "number": card.number,
            "url": root + urls.card_page(card.id),
            "embed_url": root + urls.embed_page(card.id),
            "pdf": root + urls.card_pdf(card.id) if pdfs else None,
            "theme": card.theme,
            "audience": card.audience,
            "places": list(card.places),
            "life_domains": list(card.life_domains),
            "related": list(card.related),
            "sources": list(card.sources),
            "covers": list(card.covers),
            "title": text.title,
            "front": text.front,
            "body": text.body,
            "own_explanation": text.own_explanation,
            "own_sources": list(card.own_sources),
            "tips": [{"for": tip.audience, "text": tip.text} for tip in text.tips],
            "questions": list(text.questions),
            "testimonies": [
                {
                    "quote": testimony.quote[language],
                    "is_translation": testimony.is_translation(language),
                    "original_language": testimony.original,
                    "original_quote": testimony.quote[testimony.original],
                    "speaker": testimony.speaker,
                    "source": testimony.source,
                    "locator": testimony.locator,
                    "provenance": testimony.provenance,
                }
                for testimony in card.testimonies
            ],
            "audio": [
                {
                    "url": at.audio(fragment.file),
                    "title": fragment.title[language],
                    "transcript": fragment.transcript[language],
                    "is_translation": fragment.is_translation(language),
                    "original_language": fragment.original,
                    "speaker": fragment.speaker,
                    "source": fragment.source,
                    "provenance": fragment.provenance,
                    "duration": fragment.duration,
                }
                for fragment in card.audio
            ],
        }

    return {
        "$schema": at.export_schema,
        "version": VERSION,
        "language": language,
        "languages": list(deck.languages),
        "title": site_name,
        "url": root,
        "themes": [
            {
                "key": theme.key,
                "order": theme.order,
                "colour": theme.colour,
                "icon": theme.icon,
                "title": theme.title[language],
                "description": theme.description[language],
                "url": root + urls.theme_page(theme.key),
                "pdf": root + urls.theme_pdf(theme.key)
                if pdfs and deck.cards_in_theme(theme.key)
                else None,
            }
            for theme in deck.themes
        ],
        "sets": [
            {
                "id": card_set.id,
                "order": card_set.order,
                "title": card_set.title[language],
                "intro": card_set.intro[language],
                "audience": card_set.audience,
                "cards": list(card_set.cards),
                "url": root + urls.set_page(card_set.id),
                "pdf": {
                    "deck": root + urls.set_pdf(card_set.id),
                    "sheets": root + urls.set_pdf(card_set.id, sheets=True),
                }
                if pdfs
                else None,
            }
            for card_set in deck.sets
        ],
        "sources": [
            {
                "key": source.key,
                "short": source.short,
                "entry": source.entry,
                "authors": list(source.authors),
                "title": source.title,
                "kind": source.kind,
                "year": source.year,
                "publisher": source.publisher,
                "url": source.url,
                "note": source.note,
                "sections": {key: title[language] for key, title in source.sections.items()},
            }
            for source in deck.sources.values()
        ],
        "vocabularies": {
            "audiences": labels(vocab.audiences),
            "places": labels(vocab.places),
            "life_domains": labels(vocab.life_domains),
            "speaker_roles": labels(vocab.speaker_roles),
            "provenances": labels(vocab.provenances),
        },
        "redirects": dict(deck.redirects),
        "glossary": [
            {
                "key": term.key,
                "word": term.words.get(language, term.words[deck.default_language]),
                "words": dict(term.words),
                "explanation": term.explanation[language],
                "source": term.source,
                "cards": [item.id for item in deck.cards_using(term)],
            }
            for term in deck.glossary
        ],
        "situations": [
            {
                "key": situation.key,
                "title": situation.title[language],
                "intro": situation.intro[language],
                "url": root + urls.situation_page(situation.key),
                "cards": list(situation.cards),
            }
            for situation in deck.situations
        ],
        "formats": [
            {
                "id": work_format.id,
                "order": work_format.order,
                "audience": work_format.audience,
                "title": text.title,
                "purpose": text.purpose,
                "group": {"min": work_format.group[0], "max": work_format.group[1]},
                "minutes": work_format.minutes,
                "materials": list(text.materials),
                "space": text.space,
                "steps": [{"minutes": step.minutes, "text": step.text} for step in text.steps],
                "watch_out": list(text.watch_out),
                "online": text.online,
                "cards": list(work_format.cards),
                "sets": list(work_format.sets),
                "sources": list(work_format.sources),
                "url": root + urls.format_page(work_format.id),
            }
            for work_format in deck.formats
            for text in (work_format.text[language],)
        ],
        "cards": [card(item) for item in deck.cards],
    }


def export_problems(data: dict[str, Any], site_url: str) -> list[str]:
    """Where ``data`` breaks the published schema (empty when it is valid)."""
    if is_valid(data, "export"):  # the quick check; jsonschema says what is wrong
        return []
    from jsonschema import Draft202012Validator  # imported only to explain invalid data

    validator = Draft202012Validator(export_schema(site_url))
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(data)
    ]


def write_export(
    deck: Deck,
    language: str,
    site_root: Path,
    site_url: str,
    pdfs: bool,
    site_name: str,
    with_schema: bool,
) -> dict[str, Any]:
    """Write ``cards.json`` of ``language`` under ``site_root`` (and the schema, for the default
    language); raise :class:`ExportError` if the data breaks the schema."""
    data = card_export(deck, language, site_url, pdfs, site_name)
    problems = export_problems(data, site_url)
    if problems:
        raise ExportError(
            "api/v1/cards.json does not match its schema:\n" + "\n".join(problems[:20])
        )
    _write_json(site_root / EXPORT_FILE, data)
    if with_schema:
        _write_json(site_root / SCHEMA_FILE, export_schema(site_url))
    return data


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

"""Everything the rules need to know about a deck, computed once before any rule runs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..load.files import DeckFiles
from ..load.yamlsource import YamlSource
from .common import items, mapping

VOCABULARIES = ("audiences", "places", "life_domains", "speaker_roles", "provenances")


class CheckContext:
    """The files of a deck and the keys they define, for rules that look across files.

    Built up front from what was read, so that no rule depends on another having run. A key
    set is ``None`` when its registry could not be read: references to it are then not
    checked (the missing registry is the problem reported).
    """

    def __init__(self, files: DeckFiles) -> None:
        self.files = files
        self.registries: dict[str, YamlSource | None] = files.registries
        self.cards: tuple[YamlSource, ...] = files.cards
        self.sets: tuple[YamlSource, ...] = files.sets
        self.formats: tuple[YamlSource, ...] = files.formats
        self.redirects: YamlSource | None = files.redirects
        self.glossary: YamlSource | None = files.glossary
        self.situations: YamlSource | None = files.situations
        self.audio_dir: Path = files.audio_dir
        vocabularies = self.registries.get("vocabularies")
        self.languages: list[str] = [
            entry["key"]
            for _, entry in items(vocabularies.data if vocabularies else None, "languages")
            if isinstance(entry.get("key"), str)
        ]
        # Languages still being translated: a text missing in one of them is no problem.
        self.in_progress: frozenset[str] = frozenset(
            entry["key"]
            for _, entry in items(vocabularies.data if vocabularies else None, "languages")
            if isinstance(entry.get("key"), str) and entry.get("in_progress") is True
        )
        self.terms: dict[str, set[str] | None] = {
            name: self._keys("vocabularies", name) for name in VOCABULARIES
        }
        self.themes = self._keys("themes", "themes")
        self.sources = self._keys("sources", "sources")
        sources = self.registries.get("sources")
        self.sections: set[str] | None = (
            None
            if sources is None
            else {
                f"{entry['key']}/{section['key']}"
                for _, entry in items(sources.data, "sources")
                if isinstance(entry.get("key"), str)
                for _, section in items(entry, "sections")
                if isinstance(section.get("key"), str)
            }
        )
        # The ids of the cards and sets, and the names of their files: a file that cannot be
        # read, or whose id is wrong, has its own problem; a link to it by its file's name is
        # no second one (one fault, one message).
        self.card_ids: set[str] = {
            card_id
            for source in self.cards
            if isinstance(card_id := mapping(source).get("id"), str)
        } | {path.stem for path in files.card_paths}
        self.set_ids: set[str] = {
            set_id for source in self.sets if isinstance(set_id := mapping(source).get("id"), str)
        } | {path.stem for path in files.set_paths}

    def _keys(self, registry: str, key: str) -> set[str] | None:
        """The keys in a registry list; ``None`` when the registry itself could not be read."""
        source = self.registries.get(registry)
        if source is None:
            return None
        return {
            entry["key"]
            for _, entry in items(source.data, key)
            if isinstance(entry.get("key"), str)
        }

    def all_files(self) -> Iterator[YamlSource]:
        """Every file of the deck that could be read: registries, cards, sets, redirects and
        the glossary, situations and formats."""
        yield from (source for source in self.registries.values() if source is not None)
        yield from self.cards
        yield from self.sets
        yield from self.formats
        for source in (self.redirects, self.glossary, self.situations):
            if source is not None:
                yield source

    def card_files(self) -> Iterator[tuple[YamlSource, dict[str, Any]]]:
        """Every card file whose data is a mapping, with that data."""
        for source in self.cards:
            if isinstance(source.data, dict):
                yield source, source.data

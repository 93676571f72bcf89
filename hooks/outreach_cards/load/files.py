"""Which files make up a deck, each read and checked against its schema.

Folder layout::

    cards/<id>.yaml                    one file per card
    cards/registries/themes.yaml       theme registry
    cards/registries/sources.yaml      source registry
    cards/registries/vocabularies.yaml languages and controlled terms
    cards/registries/redirects.yaml    old card ids and the card each now is (optional)
    cards/registries/glossary.yaml     terms, the word for each in every language (optional)
    cards/registries/situations.yaml   situations and the cards that help in each (optional)
    cards/sets/<id>.yaml               curated sets of cards (optional)
    cards/formats/<id>.yaml            work formats for a group session (optional)
    cards/audio/<file>                 sound files of the cards' audio fragments (optional)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .schema import schema_problems
from .yamlsource import YamlSource, read_yaml

REGISTRY_DIR = "registries"
REGISTRIES = ("vocabularies", "themes", "sources")
SETS_DIR = "sets"
FORMATS_DIR = "formats"
AUDIO_DIR = "audio"
REDIRECTS = "redirects"
GLOSSARY = "glossary"
SITUATIONS = "situations"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=\S*card\.schema\.json\s*$")


@dataclass(frozen=True)
class DeckFiles:
    """The files of a deck folder as read, and the problems found reading them.

    A file that breaks its schema is still here: the cross-file checks read only fields of the
    right type, and the model is built only when no file has a problem. A file that could not
    be read at all (a YAML syntax error, not UTF-8) is left out; a missing registry is ``None``.
    """

    folder: Path
    registries: dict[str, YamlSource | None]
    cards: tuple[YamlSource, ...]
    sets: tuple[YamlSource, ...]
    redirects: YamlSource | None
    problems: tuple[Problem, ...]
    glossary: YamlSource | None = None
    situations: YamlSource | None = None
    # Every card and set file found, also those that could not be read: a card whose file has
    # a syntax error is still a card, so that links to it from other files are no second fault.
    card_paths: tuple[Path, ...] = ()
    set_paths: tuple[Path, ...] = ()
    formats: tuple[YamlSource, ...] = ()
    format_paths: tuple[Path, ...] = ()

    @property
    def audio_dir(self) -> Path:
        """Where the sound files of the cards' audio fragments are."""
        return self.folder / AUDIO_DIR


def read_deck_files(cards_dir: Path) -> DeckFiles:
    """Read every file of the deck in ``cards_dir`` and check each against its schema."""
    cards_dir = Path(cards_dir)
    problems: list[Problem] = []
    registries = {
        name: _read_checked(cards_dir / REGISTRY_DIR / f"{name}.yaml", name, problems)
        for name in REGISTRIES
    }
    cards = []
    card_paths = []
    for path in sorted(cards_dir.iterdir()):
        if path.is_file() and path.suffix == ".yml":
            problems.append(
                Problem(path, 1, "", f"card files end in .yaml: rename it to {path.stem}.yaml")
            )
        elif path.is_file() and path.suffix == ".yaml":
            card_paths.append(path)
            cards.append(_read_checked(path, "card", problems))
    if not cards and not problems:
        problems.append(Problem(cards_dir, 1, "", "holds no card files (<id>.yaml)"))

    sets, set_paths = _read_folder(cards_dir / SETS_DIR, "set", problems)
    formats, format_paths = _read_folder(cards_dir / FORMATS_DIR, "format", problems)
    redirects_path = cards_dir / REGISTRY_DIR / f"{REDIRECTS}.yaml"
    redirects = (
        _read_checked(redirects_path, "redirects", problems) if redirects_path.is_file() else None
    )
    glossary_path = cards_dir / REGISTRY_DIR / f"{GLOSSARY}.yaml"
    glossary = (
        _read_checked(glossary_path, "glossary", problems) if glossary_path.is_file() else None
    )
    situations_path = cards_dir / REGISTRY_DIR / f"{SITUATIONS}.yaml"
    situations = (
        _read_checked(situations_path, "situations", problems)
        if situations_path.is_file()
        else None
    )
    return DeckFiles(
        folder=cards_dir,
        glossary=glossary,
        situations=situations,
        registries=registries,
        cards=tuple(source for source in cards if source is not None),
        sets=tuple(source for source in sets if source is not None),
        redirects=redirects,
        problems=tuple(problems),
        card_paths=tuple(card_paths),
        set_paths=tuple(set_paths),
        formats=tuple(source for source in formats if source is not None),
        format_paths=tuple(format_paths),
    )


def _read_folder(
    folder: Path, schema: str, problems: list[Problem]
) -> tuple[list[YamlSource | None], list[Path]]:
    """The ``<id>.yaml`` files of an optional folder (sets, formats), each checked against
    ``schema``, and the paths of every one found (also those that could not be read)."""
    sources, paths = [], []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            if path.suffix == ".yml":
                problems.append(
                    Problem(
                        path, 1, "", f"{schema} files end in .yaml: rename it to {path.stem}.yaml"
                    )
                )
                continue
            paths.append(path)
            sources.append(_read_checked(path, schema, problems))
    return sources, paths


def _read_checked(path: Path, schema: str, problems: list[Problem]) -> YamlSource | None:
    if not path.is_file():
        problems.append(
            Problem(path, 1, "", f"is missing: the deck needs a {schema} registry here")
        )
        return None
    source, read_problems = read_yaml(path)
    problems.extend(read_problems)
    if source is None:
        return None
    problems.extend(schema_problems(source, schema))
    first_line = source.text.splitlines()[0] if source.text else ""
    if schema == "card" and not SCHEMA_LINE.match(first_line):
        problems.append(
            Problem(
                path,
                1,
                "",
                "must start with the line '# yaml-language-server: "
                "$schema=../hooks/outreach_cards/schemas/card.schema.json' so editors check it",
            )
        )
    return source

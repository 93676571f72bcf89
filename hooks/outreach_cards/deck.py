"""Load a deck folder, check everything a schema cannot say, and build the typed model.

Folder layout::

    cards/<id>.yaml                    one file per card
    cards/registries/themes.yaml       theme registry
    cards/registries/sources.yaml      source registry
    cards/registries/vocabularies.yaml languages and controlled terms
    cards/registries/redirects.yaml    old card ids and the card each now is (optional)
    cards/sets/<id>.yaml               curated sets of cards (optional)
    cards/audio/<file>                 sound files of the cards' audio fragments (optional)

:func:`load_deck` reports every problem of a run at once, by raising :class:`DeckError`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

from .model import (AudioFragment, Card, CardSet, CardText, Deck, Language, Source, Term,
                    Testimony, Theme, Tip, Vocabularies)
from .problems import DeckError, Problem, did_you_mean, show
from .icons import icon_exists
from .load.schema import schema_problems
from .load.yamlsource import FieldPath, YamlSource, read_yaml

REGISTRY_DIR = "registries"
REGISTRIES = ("vocabularies", "themes", "sources")
SETS_DIR = "sets"
AUDIO_DIR = "audio"
REDIRECTS = "redirects"
AUDIO_FILE = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*\.(mp3|m4a|ogg|opus|webm|wav)")
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=\S*card\.schema\.json\s*$")
RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?\s*>|<!--|<\?|javascript:", re.I)
MIN_CONTRAST = 4.5
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def load_deck(cards_dir: Path) -> Deck:
    """The checked deck in ``cards_dir``; raises :class:`DeckError` listing every problem."""
    cards_dir = Path(cards_dir)
    problems: list[Problem] = []
    registries: dict[str, YamlSource | None] = {}
    for name in REGISTRIES:
        registries[name] = _read_checked(cards_dir / REGISTRY_DIR / f"{name}.yaml", name, problems)
    card_sources = []
    for path in sorted(cards_dir.iterdir()):
        if path.is_file() and path.suffix == ".yml":
            problems.append(Problem(path, 1, "", f"card files end in .yaml: rename it to {path.stem}.yaml"))
        elif path.is_file() and path.suffix == ".yaml":
            card_sources.append(_read_checked(path, "card", problems))
    if not card_sources and not problems:
        problems.append(Problem(cards_dir, 1, "", "holds no card files (<id>.yaml)"))

    set_sources = []
    sets_dir = cards_dir / SETS_DIR
    for path in sorted(sets_dir.iterdir()) if sets_dir.is_dir() else ():
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            if path.suffix == ".yml":
                problems.append(Problem(path, 1, "", f"set files end in .yaml: rename it to {path.stem}.yaml"))
                continue
            set_sources.append(_read_checked(path, "set", problems))
    redirects_path = cards_dir / REGISTRY_DIR / f"{REDIRECTS}.yaml"
    redirects = _read_checked(redirects_path, "redirects", problems) if redirects_path.is_file() else None

    checker = _Checker(registries, problems, cards_dir / AUDIO_DIR)
    checker.check_registries()
    checker.check_cards([source for source in card_sources if source is not None])
    checker.check_sets([source for source in set_sources if source is not None])
    checker.check_redirects(redirects)
    if problems:
        raise DeckError(problems, root=cards_dir.parent)
    return checker.build()


def deck_fingerprint(cards_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file of the deck: changes when any file does."""
    return tuple(
        (path.as_posix(), stat.st_size, stat.st_mtime_ns)
        for path in sorted(Path(cards_dir).rglob("*.y*ml"))
        for stat in (path.stat(),)
    )


def _read_checked(path: Path, schema: str, problems: list[Problem]) -> YamlSource | None:
    if not path.is_file():
        problems.append(Problem(path, 1, "", f"is missing: the deck needs a {schema} registry here"))
        return None
    source, read_problems = read_yaml(path)
    problems.extend(read_problems)
    if source is None:
        return None
    found = schema_problems(source, schema)
    problems.extend(found)
    if schema == "card" and not SCHEMA_LINE.match(source.text.splitlines()[0] if source.text else ""):
        problems.append(
            Problem(path, 1, "", "must start with the line '# yaml-language-server: "
                    "$schema=../hooks/outreach_cards/schemas/card.schema.json' so editors check it")
        )
    # A file that breaks its schema still gets the cross-file checks, which read only fields
    # of the right type; the model is built only when no file has a problem.
    return source


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The well-formed entries of a registry list, with their index."""
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]


def _strings(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text value inside ``value``, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of white text on ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


class _Checker:
    """Cross-file checks (references, uniqueness, languages, HTML) and the model build."""

    def __init__(self, registries: dict[str, YamlSource | None], problems: list[Problem],
                 audio_dir: Path) -> None:
        self.registries = registries
        self.problems = problems
        self.audio_dir = audio_dir
        self.cards: list[YamlSource] = []
        self.sets: list[YamlSource] = []
        self.redirects: YamlSource | None = None
        self.card_ids: set[str] = set()
        vocab = registries["vocabularies"]
        self.languages: list[str] = [
            entry["key"] for _, entry in _items(vocab.data if vocab else None, "languages")
            if isinstance(entry.get("key"), str)
        ]
        self.terms: dict[str, set[str] | None] = {
            name: self._keys("vocabularies", name)
            for name in ("audiences", "places", "life_domains", "speaker_roles", "provenances")
        }
        self.themes = self._keys("themes", "themes")
        self.sources = self._keys("sources", "sources")
        sources = registries["sources"]
        self.sections: set[str] | None = None if sources is None else {
            f"{entry['key']}/{section['key']}"
            for _, entry in _items(sources.data, "sources")
            for _, section in _items(entry, "sections") if isinstance(section.get("key"), str)
        }

    def _keys(self, registry: str, key: str) -> set[str] | None:
        """The keys in a registry list; ``None`` when the registry itself could not be read."""
        source = self.registries[registry]
        if source is None:
            return None
        return {
            entry["key"] for _, entry in _items(source.data if source else None, key)
            if isinstance(entry.get("key"), str)
        }

    # -- registries -----------------------------------------------------------------------

    def check_registries(self) -> None:
        for name, source in self.registries.items():
            if source is None:
                continue
            for list_name in source.data if isinstance(source.data, dict) else ():
                self._unique(source, list_name, "key")
                for index, entry in _items(source.data, list_name):
                    for field in ("text", "label"):
                        if isinstance(entry.get(field), dict) and list_name != "languages":
                            self._languages_complete(source, (list_name, index, field), entry[field])
            self._no_html(source, source.data)
        sources = self.registries["sources"]
        for index, entry in _items(sources.data if sources else None, "sources"):
            for number, section in _items(entry, "sections"):
                if isinstance(section.get("title"), dict):
                    self._languages_complete(  # type: ignore[union-attr]
                        sources, ("sources", index, "sections", number, "title"), section["title"])
        themes = self.registries["themes"]
        if themes is not None:
            self._unique(themes, "themes", "order")
            for index, entry in _items(themes.data, "themes"):
                self._check_theme_look(themes, index, entry)

    def _check_theme_look(self, source: YamlSource, index: int, entry: dict[str, Any]) -> None:
        colour = entry.get("colour")
        if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            ratio = contrast_with_white(colour)
            if ratio < MIN_CONTRAST:
                self.problems.append(source.problem(
                    ("themes", index, "colour"),
                    f"white text on '{colour}' has a contrast of {ratio:.2f}:1, it needs at least "
                    f"{MIN_CONTRAST}:1 (WCAG AA): choose a darker colour",
                ))
        icon = entry.get("icon")
        if isinstance(icon, str) and "/" in icon and not icon_exists(icon):
            self.problems.append(source.problem(
                ("themes", index, "icon"),
                f"icon '{icon}' is not one of Material for MkDocs' icons: pick one from "
                "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/",
            ))

    def _unique(self, source: YamlSource, list_name: str, field: str) -> None:
        first: dict[Any, int] = {}
        for index, entry in _items(source.data, list_name):
            value = entry.get(field)
            if value is None or isinstance(value, (dict, list)):
                continue
            if value in first:
                self.problems.append(source.problem(
                    (list_name, index, field),
                    f"{show(value)} is already used by {list_name}[{first[value]}] on line "
                    f"{source.line((list_name, first[value], field))}: each {field} must be unique",
                ))
            else:
                first[value] = index

    def _languages_complete(self, source: YamlSource, path: FieldPath, value: dict[str, Any]) -> None:
        for language in self.languages:
            if language not in value:
                self.problems.append(source.problem(
                    path, f"missing the '{language}' translation: add {path[-1]}.{language}"
                ))
        for language in value:
            if self.languages and language not in self.languages:
                self.problems.append(source.problem(
                    path + (language,),
                    f"unknown language '{language}'{did_you_mean(language, self.languages)} "
                    "(the deck's languages are listed in registries/vocabularies.yaml)",
                ))

    def _no_html(self, source: YamlSource, data: Any) -> None:
        if "\\" not in source.text and not RAW_HTML.search(source.text):
            # Every value is the file's text less quotes, indentation and folded line breaks,
            # none of which can make a match; an escape (a backslash) could, so such a file
            # is read value by value.
            return
        for path, text in _strings(data):
            match = RAW_HTML.search(text)
            if match:
                self.problems.append(source.problem(
                    path,
                    f"raw HTML or script {show(match.group(0))} is not allowed: write plain text "
                    "with Markdown (**bold**, *italic*, [link](https://...)) instead",
                ))

    # -- cards ----------------------------------------------------------------------------

    def check_cards(self, cards: list[YamlSource]) -> None:
        self.cards = cards
        by_id: dict[str, YamlSource] = {}
        by_number: dict[int, YamlSource] = {}
        for source in cards:
            data = source.data if isinstance(source.data, dict) else {}
            card_id = data.get("id")
            if isinstance(card_id, str):
                if card_id in by_id:
                    self._duplicate(source, "id", card_id, by_id[card_id])
                else:
                    by_id[card_id] = source
                self._id_is_file_name(source, card_id, "the")
            number = data.get("number")
            if isinstance(number, int) and not isinstance(number, bool):
                if number in by_number:
                    self._duplicate(source, "number", number, by_number[number])
                else:
                    by_number[number] = source
        self.card_ids = set(by_id)
        for source in cards:
            if isinstance(source.data, dict):
                self._check_card(source, source.data, set(by_id))

    def _id_is_file_name(self, source: YamlSource, value: Any, whose: str) -> None:
        if isinstance(value, str) and SLUG.fullmatch(value) and value != source.path.stem:
            self.problems.append(source.problem(
                ("id",), f"id '{value}' differs from the file name '{source.path.name}': the id "
                f"is {whose} permalink, so rename the file to {value}.yaml"))

    def _duplicate(self, source: YamlSource, field: str, value: Any, other: YamlSource) -> None:
        self.problems.append(source.problem(
            (field,),
            f"{field} {show(value)} is already used by {other.path.name} (line "
            f"{other.line((field,))}): every card needs its own {field}",
        ))

    def _check_card(self, source: YamlSource, data: dict[str, Any], card_ids: set[str]) -> None:
        self._refer(source, ("theme",), data.get("theme"), self.themes, "theme", "themes.yaml")
        self._refer(source, ("audience",), data.get("audience"), self.terms["audiences"],
                    "audience", "vocabularies.yaml")
        covers = data.get("covers")
        for index, value in enumerate(covers if isinstance(covers, list) else []):
            self._refer(source, ("covers", index), value, self.sections, "source section",
                        "the sections in sources.yaml")
        for field, vocabulary in (("places", "places"), ("life_domains", "life_domains"),
                                  ("sources", None), ("related", None)):
            values = data.get(field)
            for index, value in enumerate(values if isinstance(values, list) else []):
                path = (field, index)
                if field == "sources":
                    self._refer(source, path, value, self.sources, "source", "sources.yaml")
                elif field == "related":
                    self._refer(source, path, value, card_ids - {data.get("id")}, "card", "cards/")
                else:
                    self._refer(source, path, value, self.terms[vocabulary], field.replace("_", " ")[:-1],
                                "vocabularies.yaml")
        text = data.get("text")
        if isinstance(text, dict):
            self._languages_complete(source, ("text",), text)
            self._same_shape(source, text)
        testimonies = data.get("testimonies")
        for index, testimony in enumerate(testimonies if isinstance(testimonies, list) else []):
            if not isinstance(testimony, dict):
                continue
            path: FieldPath = ("testimonies", index)
            self._check_attribution(source, path, testimony)
            quote = testimony.get("quote")
            if isinstance(quote, dict):
                self._languages_complete(source, path + ("quote",), quote)
                original = testimony.get("original")
                if isinstance(original, str) and original not in quote:
                    self.problems.append(source.problem(
                        path + ("original",),
                        f"the original language '{original}' has no quote: add quote.{original} "
                        "with the exact words from the source",
                    ))
        audio = data.get("audio")
        for index, fragment in enumerate(audio if isinstance(audio, list) else []):
            if isinstance(fragment, dict):
                self._check_audio(source, ("audio", index), fragment)
        self._no_html(source, data)

    def _check_attribution(self, source: YamlSource, path: FieldPath, words: dict[str, Any]) -> None:
        """Who said it, in which source, how it was recorded: a testimony or a sound fragment."""
        for field, terms, what, where in (
                ("speaker", self.terms["speaker_roles"], "speaker role", "vocabularies.yaml"),
                ("source", self.sources, "source", "sources.yaml"),
                ("provenance", self.terms["provenances"], "provenance", "vocabularies.yaml")):
            self._refer(source, path + (field,), words.get(field), terms, what, where)

    def _check_audio(self, source: YamlSource, path: FieldPath, fragment: dict[str, Any]) -> None:
        self._check_attribution(source, path, fragment)
        for field in ("title", "transcript"):
            if isinstance(fragment.get(field), dict):
                self._languages_complete(source, path + (field,), fragment[field])
        file = fragment.get("file")
        if isinstance(file, str) and AUDIO_FILE.fullmatch(file) and not (self.audio_dir / file).is_file():
            self.problems.append(source.problem(
                path + ("file",),
                f"the sound file '{file}' is not in cards/{AUDIO_DIR}/: add it there, or correct "
                "the name",
            ))
        original = fragment.get("original")
        transcript = fragment.get("transcript")
        if isinstance(original, str) and isinstance(transcript, dict) and original not in transcript:
            self.problems.append(source.problem(
                path + ("original",),
                f"the spoken language '{original}' has no transcript: add transcript.{original} "
                "with every word that is said",
            ))

    # -- sets and redirects ---------------------------------------------------------------

    def check_sets(self, sets: list[YamlSource]) -> None:
        self.sets = sets
        first: dict[str, YamlSource] = {}
        for source in sets:
            data = source.data if isinstance(source.data, dict) else {}
            self._id_is_file_name(source, data.get("id"), "the set's")
            order = data.get("order")
            if isinstance(order, int) and not isinstance(order, bool):
                if order in first:
                    self._duplicate(source, "order", order, first[order])
                else:
                    first[order] = source
            self._refer(source, ("audience",), data.get("audience"), self.terms["audiences"],
                        "audience", "vocabularies.yaml")
            text = data.get("text")
            if isinstance(text, dict):
                self._languages_complete(source, ("text",), text)
            cards = data.get("cards")
            for index, card_id in enumerate(cards if isinstance(cards, list) else []):
                self._refer(source, ("cards", index), card_id, self.card_ids, "card", "cards/")
            self._no_html(source, data)

    def check_redirects(self, redirects: YamlSource | None) -> None:
        self.redirects = redirects
        if redirects is None:
            return
        seen: dict[str, int] = {}
        for index, entry in _items(redirects.data, "redirects"):
            old, new = entry.get("from"), entry.get("to")
            if isinstance(old, str):
                if old in self.card_ids:
                    self.problems.append(redirects.problem(
                        ("redirects", index, "from"),
                        f"'{old}' is the id of a card now: an old id cannot lead elsewhere while "
                        "a card still has it (remove this entry or rename that card)"))
                elif old in seen:
                    self.problems.append(redirects.problem(
                        ("redirects", index, "from"),
                        f"'{old}' already leads to a card on line "
                        f"{redirects.line(('redirects', seen[old], 'from'))}: keep one entry per old id"))
                else:
                    seen[old] = index
            self._refer(redirects, ("redirects", index, "to"), new, self.card_ids, "card",
                        "cards/; point old ids at the card's current id")

    def _refer(self, source: YamlSource, path: FieldPath, value: Any, known: set[str] | None,
               what: str, where: str) -> None:
        if isinstance(value, str) and known is not None and value not in known:
            self.problems.append(source.problem(
                path, f"unknown {what} '{value}' (not in {where}){did_you_mean(value, known)}"
            ))

    def _same_shape(self, source: YamlSource, text: dict[str, Any]) -> None:
        """Every translation has the same tips (same audiences, same order) and questions."""
        reference = next((lang for lang in self.languages if isinstance(text.get(lang), dict)), None)
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
                    self.problems.append(source.problem(
                        ("text", language, field),
                        f"has {len(ours)} {field[:-1]}{'s' if len(ours) != 1 else ''} but "
                        f"text.{reference}.{field} has {len(theirs)}: every language needs the "
                        "same ones, in the same order",
                    ))
                elif field == "tips":
                    for index, (tip, original) in enumerate(zip(ours, theirs)):
                        if isinstance(tip, dict) and isinstance(original, dict) and \
                                tip.get("for") != original.get("for"):
                            self.problems.append(source.problem(
                                ("text", language, "tips", index, "for"),
                                f"is '{tip.get('for')}' but the same tip in text.{reference} is "
                                f"for '{original.get('for')}': keep the tips in the same order",
                            ))

    # -- model ----------------------------------------------------------------------------

    def build(self) -> Deck:
        vocab = self.registries["vocabularies"].data  # type: ignore[union-attr]
        themes = self.registries["themes"].data  # type: ignore[union-attr]
        sources = self.registries["sources"].data  # type: ignore[union-attr]

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
        theme_list = sorted(
            (Theme(
                key=entry["key"], order=entry["order"], colour=entry["colour"], icon=entry["icon"],
                title={lang: text["title"] for lang, text in entry["text"].items()},
                description={lang: text["description"] for lang, text in entry["text"].items()},
            ) for entry in themes["themes"]),
            key=lambda theme: theme.order,
        )
        source_map = {
            entry["key"]: Source(
                key=entry["key"], short=entry["short"], authors=tuple(entry["authors"]),
                title=entry["title"], kind=entry["kind"], year=entry.get("year"),
                publisher=entry.get("publisher"), url=entry.get("url"), note=entry.get("note"),
                document=entry.get("document"),
                sections={section["key"]: dict(section["title"])
                          for section in entry.get("sections", ())},
            )
            for entry in sources["sources"]
        }
        cards = sorted((self._card(source) for source in self.cards), key=lambda card: card.number)
        sets = sorted((CardSet(
            id=source.data["id"], order=source.data["order"],
            title={lang: text["title"].strip() for lang, text in source.data["text"].items()},
            intro={lang: text["intro"].strip() for lang, text in source.data["text"].items()},
            cards=tuple(source.data["cards"]), audience=source.data.get("audience"),
            path=source.path) for source in self.sets), key=lambda card_set: card_set.order)
        redirects = {entry["from"]: entry["to"]
                     for entry in (self.redirects.data["redirects"] if self.redirects else ())}
        return Deck(cards=tuple(cards), themes=tuple(theme_list), sources=source_map,
                    vocabularies=vocabularies, sets=tuple(sets), redirects=redirects,
                    audio_dir=self.audio_dir)

    @staticmethod
    def _card(source: YamlSource) -> Card:
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

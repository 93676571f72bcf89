"""The typed deck model, built once from validated YAML. Nothing downstream reads raw dicts."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path


@dataclass(frozen=True)
class Language:
    """A language of the deck. One ``in_progress`` is still being translated: where a text
    lacks it, the model holds the default language's text (see :attr:`Card.untranslated`)."""

    key: str
    label: str
    in_progress: bool = False


@dataclass(frozen=True)
class Term:
    """A controlled term (audience, place, life domain, speaker role, provenance)."""

    key: str
    label: dict[str, str]


@dataclass(frozen=True)
class GlossaryTerm:
    """A term of the glossary: the word for it and a plain explanation, per language; the key
    of the source that explains it, or None when the explanation is the project's own."""

    key: str
    words: dict[str, str]
    explanation: dict[str, str]
    source: str | None = None


@cache
@functools.lru_cache(maxsize=4096)
def term_pattern(word: str) -> re.Pattern[str]:
    """Where a text uses ``word``: at the start of a word, in any letter case, its parts split
    by any white space (also a line break), up to the end of the word it starts
    ('Het leefloon', 'leefloonaanvraag' whole; not 'zorgleefloon'). The check and the glossary
    links on the pages both find terms with it."""
    parts = (re.escape(part) for part in word.split())
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"\w*", re.IGNORECASE)


def text_uses(text: str, word: str) -> bool:
    """Whether ``text`` uses ``word`` (see ``term_pattern``)."""
    # (a quick no where the text lacks the word's first part in any case: most texts do)
    first = word.split()[:1]
    if first and first[0].isascii() and first[0].casefold() not in text.casefold():
        return False
    return term_pattern(word).search(text) is not None


@dataclass(frozen=True)
class Vocabularies:
    languages: tuple[Language, ...]
    audiences: dict[str, Term]
    places: dict[str, Term]
    life_domains: dict[str, Term]
    speaker_roles: dict[str, Term]
    provenances: dict[str, Term]


@dataclass(frozen=True)
class Theme:
    key: str
    order: int
    colour: str
    icon: str
    title: dict[str, str]
    description: dict[str, str]


@dataclass(frozen=True)
class Source:
    key: str
    short: str
    authors: tuple[str, ...]
    title: str
    kind: str
    year: int | None = None
    publisher: str | None = None
    url: str | None = None
    note: str | None = None
    document: str | None = None  # file name of the seed text the tests check quotations against
    sections: dict[str, dict[str, str]] = field(default_factory=dict)  # key → title per language

    @property
    def entry(self) -> str:
        """The full bibliographic entry, e.g. ``Recht-Op vzw (2022). Title. Publisher.``"""
        year = f" ({self.year})" if self.year else " (s.d.)"
        parts = [", ".join(self.authors) + year + ".", f"*{self.title}*."]
        if self.publisher:
            parts.append(self.publisher.rstrip(".") + ".")
        return " ".join(parts)


@dataclass(frozen=True)
class Tip:
    audience: str  # "professional" or "organisation"
    text: str


@dataclass(frozen=True)
class CardText:
    """Everything on a card in one language."""

    title: str
    front: str
    body: str
    tips: tuple[Tip, ...]
    questions: tuple[str, ...]
    # What the card explains that its sources do not say, in the project's own words.
    own_explanation: str | None = None

    @property
    def plain(self) -> str:
        """Every text of the card in this language, joined: title, front, body, the project's
        own explanation, tips, questions (what the glossary rule reads)."""
        return " ".join(
            [
                self.title,
                self.front,
                self.body,
                self.own_explanation or "",
                *(tip.text for tip in self.tips),
                *self.questions,
            ]
        )


@dataclass(frozen=True)
class Testimony:
    """An exact quotation from a source. ``quote[original]`` is word for word."""

    quote: dict[str, str]
    original: str
    speaker: str
    source: str
    provenance: str
    locator: str | None = None
    # Languages (in progress) whose quote is missing: ``quote`` holds the original words there.
    untranslated: tuple[str, ...] = ()

    def is_translation(self, language: str) -> bool:
        """True where ``quote[language]`` is a translation, not the speaker's own words."""
        return language != self.original and language not in self.untranslated


@dataclass(frozen=True)
class AudioFragment:
    """A recorded voice on a card, with what is said in it. ``transcript[original]`` is word
    for word; ``file`` lies in cards/audio/."""

    file: str
    title: dict[str, str]
    transcript: dict[str, str]
    original: str
    speaker: str
    source: str
    provenance: str
    duration: str | None = None
    # Languages (in progress) whose transcript is missing: it holds the words as spoken there.
    untranslated: tuple[str, ...] = ()

    def is_translation(self, language: str) -> bool:
        """True where ``transcript[language]`` is a translation, not the words as spoken."""
        return language != self.original and language not in self.untranslated


@dataclass(frozen=True)
class Card:
    id: str
    number: int
    theme: str
    audience: str
    sources: tuple[str, ...]
    covers: tuple[str, ...]  # "<source>/<section>" keys, for the coverage map
    text: dict[str, CardText]
    places: tuple[str, ...] = ()
    life_domains: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    testimonies: tuple[Testimony, ...] = ()
    audio: tuple[AudioFragment, ...] = ()
    # Public sources of the card's own explanation (``CardText.own_explanation``), if any.
    own_sources: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)
    # Languages (in progress) the card's text is not translated into: ``text`` holds the
    # default language's text for them, and the card page says so.
    untranslated: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardSet:
    """A curated set of cards in reading order (an onboarding path, an intervision session)."""

    id: str
    order: int
    title: dict[str, str]
    intro: dict[str, str]
    cards: tuple[str, ...]
    audience: str | None = None
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Situation:
    """A situation a professional meets ("Waar sta je voor?"), with the cards that help, in the
    order to read them."""

    key: str
    title: dict[str, str]
    intro: dict[str, str]
    cards: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One step of a work format, with its time."""

    minutes: int
    text: str


@dataclass(frozen=True)
class FormatText:
    """A work format's words in one language."""

    title: str
    purpose: str
    materials: tuple[str, ...]
    space: str
    steps: tuple[Step, ...]
    watch_out: tuple[str, ...]
    online: str


@dataclass(frozen=True)
class WorkFormat:
    """A way to work with the cards in a group ("werkvorm"): the project's own suggestion,
    drawing on ``sources`` where they describe it (intervision, focus groups)."""

    id: str
    order: int
    group: tuple[int, int]  # (smallest, largest), the facilitator not counted
    minutes: int
    text: dict[str, FormatText]
    cards: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    audience: str | None = None
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Deck:
    """All cards and registries. Cards are in deck-number order, themes in theme order."""

    cards: tuple[Card, ...]
    themes: tuple[Theme, ...]
    sources: dict[str, Source]
    vocabularies: Vocabularies
    sets: tuple[CardSet, ...] = ()
    redirects: dict[str, str] = field(default_factory=dict)  # old card id → current card id
    glossary: tuple[GlossaryTerm, ...] = ()  # in the order of glossary.yaml
    situations: tuple[Situation, ...] = ()  # in the order of situations.yaml
    formats: tuple[WorkFormat, ...] = ()  # in their order
    audio_dir: Path | None = field(default=None, compare=False)  # where the audio files are

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language.key for language in self.vocabularies.languages)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def default_language_label(self) -> str:
        """The default language's name in itself, e.g. Nederlands."""
        return self.vocabularies.languages[0].label

    def led_by(self, language: str) -> Deck:
        """The same deck with ``language`` as its default (first) language: the quick preview
        of another language than the default builds that language alone, at the site's root."""
        languages = self.vocabularies.languages
        first = [item for item in languages if item.key == language]
        if not first:
            raise KeyError(f"the deck has no language '{language}'")
        rest = tuple(item for item in languages if item.key != language)
        return dataclasses.replace(
            self, vocabularies=dataclasses.replace(self.vocabularies, languages=(*first, *rest))
        )

    def cards_using(self, term: GlossaryTerm) -> tuple[Card, ...]:
        """The cards whose text in the default language uses ``term``'s word."""
        return self._glossary_cards[term.key]

    @cached_property
    def _glossary_cards(self) -> dict[str, tuple[Card, ...]]:
        """Per glossary term, the cards that use it: read once per deck, for the page of each
        language, the export and the tests alike."""
        language = self.default_language
        texts = [(card, card.text[language].plain) for card in self.cards]
        return {
            term.key: tuple(
                card
                for card, text in texts
                if language in term.words and text_uses(text, term.words[language])
            )
            for term in self.glossary
        }

    def card(self, card_id: str) -> Card:
        return self._cards_by_id[card_id]

    def theme(self, key: str) -> Theme:
        return self._themes_by_key[key]

    def card_set(self, set_id: str) -> CardSet:
        return next(card_set for card_set in self.sets if card_set.id == set_id)

    def cards_in_set(self, set_id: str) -> tuple[Card, ...]:
        return tuple(self.card(card_id) for card_id in self.card_set(set_id).cards)

    def work_format(self, format_id: str) -> WorkFormat:
        return next(work_format for work_format in self.formats if work_format.id == format_id)

    def format_cards(self, work_format: WorkFormat) -> tuple[str, ...]:
        """The cards a format names, then those of its sets (each once, in that order); none
        when it names neither (any card will do)."""
        chosen: list[str] = []
        sets = {card_set.id: card_set for card_set in self.sets}
        for card_id in (
            *work_format.cards,
            *(
                card_id
                for set_id in work_format.sets
                if set_id in sets
                for card_id in sets[set_id].cards
            ),
        ):
            if card_id not in chosen:
                chosen.append(card_id)
        return tuple(chosen)

    def formats_for_set(self, set_id: str) -> tuple[WorkFormat, ...]:
        """The formats that name the set ``set_id`` as suiting them."""
        return tuple(work_format for work_format in self.formats if set_id in work_format.sets)

    def cards_in_theme(self, key: str) -> tuple[Card, ...]:
        return tuple(card for card in self.cards if card.theme == key)

    def covering(self) -> dict[str, list[Card]]:
        """``"<source>/<section>"`` → the cards covering it, for every section of every source."""
        covering: dict[str, list[Card]] = {
            f"{source.key}/{section}": []
            for source in self.sources.values()
            for section in source.sections
        }
        for card in self.cards:
            for section in card.covers:
                covering[section].append(card)
        return covering

    @cached_property
    def _themes_by_key(self) -> dict[str, Theme]:
        return {theme.key: theme for theme in self.themes}

    @cached_property  # frozen dataclasses allow it: it writes the instance's __dict__ directly
    def _cards_by_id(self) -> dict[str, Card]:
        return {card.id: card for card in self.cards}

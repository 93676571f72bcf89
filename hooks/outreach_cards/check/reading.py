"""Reading-level figures of a card's front text: words per sentence and a readability score.

The score comes from the language's :class:`ReadingFormula`: Flesch-Douma for Dutch
(206.835 − 0.93 × words per sentence − 77 × syllables per word) and Flesch Reading Ease for
English (206.835 − 1.015 × words per sentence − 84.6 × syllables per word). Syllables are
counted with pyphen's hyphenation dictionaries (offline). Higher is easier; 60 and above reads
as plain language. A language without a formula still gets its sentence figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyphen

from ..model import Card

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")


@dataclass(frozen=True)
class ReadingFormula:
    """A Flesch-type readability score: ``base − per_word × words per sentence −
    per_syllable × syllables per word``, syllables counted with a pyphen dictionary."""

    name: str
    base: float
    per_word: float  # per word per sentence
    per_syllable: float  # per syllable per word
    dictionary: str  # pyphen's language code, e.g. "nl_NL"

    def score(self, words_per_sentence: float, syllables_per_word: float) -> float:
        """The score, rounded to one decimal."""
        return round(
            self.base - self.per_word * words_per_sentence - self.per_syllable * syllables_per_word,
            1,
        )


FORMULAS: dict[str, ReadingFormula] = {
    "nl": ReadingFormula("Flesch-Douma", 206.835, 0.93, 77.0, "nl_NL"),
    "en": ReadingFormula("Flesch Reading Ease", 206.835, 1.015, 84.6, "en_US"),
}


def formula_for(language: str) -> ReadingFormula | None:
    """The readability formula of ``language``, or ``None`` if it has none."""
    return FORMULAS.get(language)


def no_formula(language: str) -> str:
    """Why a language has no score: names the language and where a formula is added."""
    return (
        f"no readability formula for '{language}': add one to FORMULAS in "
        "hooks/outreach_cards/check/reading.py"
    )


@dataclass(frozen=True)
class ReadingFigures:
    """How easy a front text is to read."""

    words_per_sentence: float
    longest_sentence: int  # in words
    readability: float | None  # by the language's formula; None if it has none
    missing_readability: str = ""  # why readability is None


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (split after '.', '!' or '?')."""
    return [part for part in SENTENCE_END.split(" ".join(text.split())) if WORD.search(part)]


@cache
def _hyphenator(dictionary: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=dictionary)


@cache
def syllables(word: str, dictionary: str) -> int:
    """Syllables of ``word`` by pyphen's ``dictionary`` (e.g. ``"nl_NL"``): its hyphenation
    points plus one (kept: a deck repeats words)."""
    if word.isdigit():
        return len(word)
    return len(_hyphenator(dictionary).positions(word.lower())) + 1


def front_figures(card: Card, language: str) -> ReadingFigures:
    """Reading figures of ``card``'s front text in ``language``."""
    parts = [WORD.findall(sentence) for sentence in sentences(card.text[language].front)]
    words = [word for part in parts for word in part]
    words_per_sentence = len(words) / len(parts)
    longest = max(len(part) for part in parts)
    formula = formula_for(language)
    if formula is None:
        return ReadingFigures(
            round(words_per_sentence, 1), longest, None, missing_readability=no_formula(language)
        )
    syllables_per_word = sum(syllables(word, formula.dictionary) for word in words) / len(words)
    return ReadingFigures(
        words_per_sentence=round(words_per_sentence, 1),
        longest_sentence=longest,
        readability=formula.score(words_per_sentence, syllables_per_word),
    )

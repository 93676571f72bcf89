"""Reading-level figures of a card's front text: words per sentence and a readability score.

The score is Flesch-Douma for Dutch (206.835 − 0.93 × words per sentence − 77 × syllables per
word) and Flesch Reading Ease for English (206.835 − 1.015 × words per sentence − 84.6 ×
syllables per word). Syllables are counted with pyphen's hyphenation dictionaries (offline).
Higher is easier; 60 and above reads as plain language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyphen

from ..model import Card

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")
# (base, per word per sentence, per syllable per word) and the hyphenation dictionary
FORMULAS = {
    "nl": ((206.835, 0.93, 77.0), "nl_NL"),
    "en": ((206.835, 1.015, 84.6), "en_US"),
}


@dataclass(frozen=True)
class ReadingFigures:
    """How easy a front text is to read."""

    words_per_sentence: float
    longest_sentence: int  # in words
    readability: float  # Flesch-Douma (nl) or Flesch Reading Ease (en)


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (split after '.', '!' or '?')."""
    return [part for part in SENTENCE_END.split(" ".join(text.split())) if WORD.search(part)]


@cache
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=FORMULAS[language][1])


@cache
def syllables(word: str, language: str) -> int:
    """Syllables of ``word``: its hyphenation points plus one (kept: a deck repeats words)."""
    if word.isdigit():
        return len(word)
    return len(_hyphenator(language).positions(word.lower())) + 1


def front_figures(card: Card, language: str) -> ReadingFigures:
    """Reading figures of ``card``'s front text in ``language``."""
    (base, per_word, per_syllable), _ = FORMULAS[language]
    parts = [WORD.findall(sentence) for sentence in sentences(card.text[language].front)]
    words = [word for part in parts for word in part]
    words_per_sentence = len(words) / len(parts)
    syllables_per_word = sum(syllables(word, language) for word in words) / len(words)
    return ReadingFigures(
        words_per_sentence=round(words_per_sentence, 1),
        longest_sentence=max(len(part) for part in parts),
        readability=round(base - per_word * words_per_sentence - per_syllable * syllables_per_word, 1),
    )

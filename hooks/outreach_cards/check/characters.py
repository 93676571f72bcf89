"""Rules for the characters of every text: nothing invisible, nothing that turns the text round.

YAML already refuses raw control characters in a file (the loader reports them); these rules
find what it lets through: a control character written as an escape ("\\a" in double quotes),
invisible formatting characters (zero-width spaces, joiners, the byte-order mark) and the
direction marks and overrides that make a text show in another order than it is stored (a
reader, a screen reader and the search would each get another text), and letters typed as a
base letter plus a combining accent, which look the same as the composed letter but do not
match it in the search, the glossary or a quotation's check against its source.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..problems import Problem
from .common import strings
from .context import CheckContext

# Allowed although invisible or a control: line breaks and tabs in block texts, and the soft
# hyphen (U+00AD), a hyphenation hint a long Dutch compound may carry.
_ALLOWED = frozenset("\n\t\u00ad")


def _name(character: str) -> str:
    return unicodedata.name(character, "unnamed").lower()


def _where(text: str, index: int) -> str:
    before = text[max(0, index - 20) : index].split("\n")[-1].strip()
    return f" after '{before}'" if before else " at the start"


def clean_characters(context: CheckContext) -> Iterator[Problem]:
    """No control or invisible formatting character in any text (the first one per field),
    and every accented letter as one character (Unicode NFC)."""
    for source in context.all_files():
        for path, text in strings(source.data):
            # (str.isprintable, in C, is true for nearly every text: only then is it read
            # character by character)
            hidden = (
                None
                if text.replace("\n", " ").replace("\t", " ").isprintable()
                else next(
                    (
                        index
                        for index, character in enumerate(text)
                        if character not in _ALLOWED
                        and unicodedata.category(character) in ("Cc", "Cf")
                    ),
                    None,
                )
            )
            if hidden is not None:
                character = text[hidden]
                yield source.problem(
                    path,
                    f"holds the invisible character U+{ord(character):04X} "
                    f"({_name(character)}){_where(text, hidden)}: delete it (retype the words "
                    "around it if your editor does not show it)",
                )
            elif not unicodedata.is_normalized("NFC", text):
                composed = unicodedata.normalize("NFC", text)
                index = next(
                    (i for i, (a, b) in enumerate(zip(text, composed, strict=False)) if a != b),
                    min(len(text), len(composed)),
                )
                yield source.problem(
                    path,
                    f"has a letter typed as a letter and a separate accent{_where(text, index)} "
                    f"('{composed[index : index + 1]}' written as two characters): type the "
                    "accented letter as one character",
                )


RULES = (clean_characters,)

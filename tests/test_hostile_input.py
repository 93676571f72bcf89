"""Broken and hostile input: every file gives a clean pass or problems with file, line, field
and a fix, never a traceback; the bounds on size, depth and aliases hold; one fault gives one
message. The fuzz harness (test_fuzz.py) tries the same at random; these are the exact
messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_cards.deck import load_deck
from outreach_cards.load.yamlsource import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES

from .helpers import problems, replace_in, write_card

CARD = "cards/eerste.yaml"


def test_a_byte_order_mark_and_windows_line_ends_pass(deck_dir: Path) -> None:
    """As a Windows editor may save a card: a BOM first, CRLF line ends."""
    path = deck_dir / "eerste.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    deck = load_deck(deck_dir)
    assert deck.card("eerste").text["nl"].title == "Een titel"
    assert deck.card("eerste").text["nl"].tips[0].text == "Een tip voor de professional."


def test_a_tab_for_indentation(deck_dir: Path) -> None:
    """A syntax error in one card is one message: the card that links to it is not also
    reported for a link to an unknown card."""
    replace_in(deck_dir / "tweede.yaml", "related: []", "related: [eerste]")
    replace_in(deck_dir / "eerste.yaml", "  nl:\n    title", "  nl:\n\ttitle")
    assert problems(deck_dir) == [
        f"{CARD}:11: file: YAML syntax error: found character '\\t' that cannot start any token: "
        "check indentation, colons and quotes"
    ]


def test_a_control_character_in_the_file(deck_dir: Path) -> None:
    replace_in(deck_dir / "eerste.yaml", "title: Een titel", "title: Een\x07 titel")
    assert problems(deck_dir) == [
        f"{CARD}:11: file: holds the control character U+0007 at column 15, which YAML does not "
        "allow (most editors do not show it): delete it, or type the text again"
    ]


def test_a_control_character_written_as_an_escape(deck_dir: Path) -> None:
    replace_in(deck_dir / "eerste.yaml", "title: Een titel", 'title: "Een\\x1b titel"')
    assert problems(deck_dir) == [
        f"{CARD}:11: field 'text.nl.title': holds the invisible character U+001B (unnamed) "
        "after 'Een': delete it (retype the words around it if your editor does not show it)"
    ]


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u200b", "zero width space"),
        ("\u202e", "right-to-left override"),
        ("\u2067", "right-to-left isolate"),
        ("\ufeff", "zero width no-break space"),
    ],
)
def test_an_invisible_character_in_a_text(deck_dir: Path, character: str, name: str) -> None:
    replace_in(deck_dir / "eerste.yaml", "text: A tip for", f"text: A tip{character} for")
    assert problems(deck_dir) == [
        f"{CARD}:25: field 'text.en.tips[0].text': holds the invisible character "
        f"U+{ord(character):04X} ({name}) after 'A tip': delete it (retype the words around it "
        "if your editor does not show it)"
    ]


def test_a_soft_hyphen_is_allowed(deck_dir: Path) -> None:
    """A hyphenation hint in a long compound is invisible on purpose."""
    replace_in(deck_dir / "eerste.yaml", "Uitleg over", "Uit\u00adleg over")
    assert load_deck(deck_dir).card("eerste").text["nl"].body.startswith("Uit\u00adleg")


def test_an_invisible_character_in_an_id_is_one_message(deck_dir: Path) -> None:
    """The id is no slug: that message, with its fix, and not a second one on the character."""
    replace_in(deck_dir / "eerste.yaml", "id: eerste", "id: eer\u200bste")
    assert problems(deck_dir) == [
        f"{CARD}:2: field 'id': 'eer\\u200bste' is not a valid slug: use lowercase letters, "
        "digits and hyphens, e.g. 'eerste'"
    ]


def test_an_accent_typed_as_a_separate_character(deck_dir: Path) -> None:
    replace_in(deck_dir / "eerste.yaml", "title: Een titel", "title: Eén titel")
    replace_in(deck_dir / "eerste.yaml", "title: Eén", "title: Ee\u0301n")
    assert problems(deck_dir) == [
        f"{CARD}:11: field 'text.nl.title': has a letter typed as a letter and a separate "
        "accent after 'E' ('é' written as two characters): type the accented letter as one "
        "character"
    ]


def test_a_file_over_the_size_bound(deck_dir: Path) -> None:
    path = deck_dir / "eerste.yaml"
    replace_in(path, "Uitleg over de kaart.", "Uitleg " * (MAX_FILE_BYTES // 7))
    assert path.stat().st_size > MAX_FILE_BYTES
    assert problems(deck_dir) == [
        f"{CARD}:1: file: is {path.stat().st_size // 1024} kB, more than the 256 kB a deck "
        "file may have: split it, or check that it is the file you meant"
    ]


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 5_000])
def test_nesting_over_the_depth_bound(deck_dir: Path, levels: int) -> None:
    """Over the bound by a little (the reader stops) or by thousands of levels (PyYAML's
    composer runs out of stack first): the same message."""
    path = deck_dir / "eerste.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "extra: " + "[" * levels + "]" * levels + "\n",
        encoding="utf-8",
    )
    line = 37 if levels == MAX_DEPTH + 1 else 1
    assert problems(deck_dir) == [
        f"{CARD}:{line}: file: nests mappings or lists more than 20 levels deep: a deck file "
        "needs far fewer; check the indentation and the brackets"
    ]


def test_aliases_that_expand_beyond_the_bound(deck_dir: Path) -> None:
    """The "billion laughs": nine levels of nine aliases each would be 387 million values."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        aliases = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{aliases}]")
    path = deck_dir / "eerste.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    assert problems(deck_dir) == [
        f"{CARD}:37: file: holds more than {MAX_VALUES} values once its aliases (*name) are "
        "written out: write the values out without anchors (&name) and aliases, and keep the "
        "file to one card or one registry"
    ]


def test_a_misspelt_audience_is_one_message(deck_dir: Path) -> None:
    """Reported in the Dutch tip where it is, not also as a tip order mismatch in English."""
    replace_in(deck_dir / "eerste.yaml", "      - for: professional", "      - for: profesional")
    assert problems(deck_dir) == [
        f"{CARD}:15: field 'text.nl.tips[0].for': 'profesional' is not allowed — did you mean "
        "'professional'?"
    ]


def test_a_list_where_the_id_is_expected(deck_dir: Path) -> None:
    replace_in(deck_dir / "eerste.yaml", "id: eerste", "id: [eerste]")
    assert problems(deck_dir) == [
        f"{CARD}:2: field 'id': should be text, got a list (lines starting with '- ') ['eerste']"
    ]


def test_a_mapping_where_a_text_is_expected(deck_dir: Path) -> None:
    replace_in(deck_dir / "eerste.yaml", "title: Een titel", "title: {a: b}")
    assert problems(deck_dir) == [
        f"{CARD}:11: field 'text.nl.title': should be text, got a group of fields {{'a': 'b'}}"
    ]


def test_a_text_where_a_list_is_expected(deck_dir: Path) -> None:
    replace_in(deck_dir / "eerste.yaml", "related: []", "related: tweede")
    assert problems(deck_dir) == [
        f"{CARD}:7: field 'related': should be a list (lines starting with '- '), got text 'tweede'"
    ]


def test_a_glossary_with_wrong_types(deck_dir: Path) -> None:
    """No wrong renderings listed (null) and a list as its source: problems, no traceback."""
    (deck_dir / "registries" / "glossary.yaml").write_text(
        "# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/glossary.schema.json\n"
        "terms:\n"
        "  - key: titel\n"
        "    words: {nl: titel, en: title}\n"
        "    wrong: {en: null}\n"
        "    explanation: {nl: De naam van de kaart., en: The name of the card.}\n"
        "    source: [recht-op-2022]\n",
        encoding="utf-8",
    )
    assert problems(deck_dir) == [
        "cards/registries/glossary.yaml:5: field 'terms[0].wrong.en': is empty but should be a "
        "list (lines starting with '- '): fill it in",
        "cards/registries/glossary.yaml:7: field 'terms[0].source': should be text or empty "
        "(null), got a list (lines starting with '- ') ['recht-op-2022']",
    ]


def test_an_empty_card_file_next_to_a_good_one(deck_dir: Path) -> None:
    write_card(deck_dir, "derde", 3)
    (deck_dir / "derde.yaml").write_text("", encoding="utf-8")
    assert problems(deck_dir) == [
        "cards/derde.yaml:1: file: is empty: a card or registry file needs its fields"
    ]

"""The card checker: every kind of content error gives one exact message with file, line, field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from outreach_cards.cli import main
from outreach_cards.deck import load_deck
from outreach_cards.load.schema import front_text_limit
from outreach_cards.model import Card, CardText, Tip
from outreach_cards.model import Testimony as Quotation  # not a pytest class
from outreach_cards.problems import DeckError

from .helpers import CARD, REPO, problems, write_card


def test_valid_deck_loads_into_the_typed_model(deck_dir: Path) -> None:
    """A valid deck loads: cards in number order, typed text, tips and testimonies per language."""
    deck = load_deck(deck_dir)
    assert [card.id for card in deck.cards] == ["eerste", "tweede"]
    card = deck.card("eerste")
    assert isinstance(card, Card)
    assert card.text["nl"] == CardText(
        title="Een titel",
        front="Een korte voorkant van de kaart.",
        body="Uitleg over de kaart.",
        tips=(Tip("professional", "Een tip voor de professional."),),
        questions=("Een vraag voor de groep",),
    )
    assert card.testimonies == (
        Quotation(
            quote={
                "nl": "Een letterlijk citaat uit de bron.",
                "en": "A literal quote from the source.",
            },
            original="nl",
            speaker="person-in-poverty",
            source="recht-op-2022",
            provenance="published-anonymised",
        ),
    )
    assert card.testimonies[0].is_translation("en") and not card.testimonies[0].is_translation("nl")
    assert deck.languages == ("nl", "en") and deck.default_language == "nl"
    assert [theme.key for theme in deck.themes][:2] == ["wat", "waarom"]


def test_yaml_syntax_error(deck_dir: Path) -> None:
    """A YAML syntax error names the line where the parser stopped."""
    write_card(deck_dir, "eerste", 1, ("    title: Een titel", "    title: [Een titel"))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:12: file: YAML syntax error: expected ',' or ']', but got ':': "
        "check indentation, colons and quotes"
    ]


def test_unknown_field_suggests_the_right_name(deck_dir: Path) -> None:
    """A misspelt field is reported at its own line with a 'did you mean'."""
    write_card(deck_dir, "eerste", 1, ("    title: Een titel", "    titel: Een titel"))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:10: field 'text.nl.title': missing required field 'title': add it",
        "cards/eerste.yaml:11: field 'text.nl.titel': unknown field 'titel' — did you mean 'title'?",
    ]


def test_missing_field_points_at_its_parent(deck_dir: Path) -> None:
    """A missing required field is reported at the line of the mapping that lacks it."""
    write_card(deck_dir, "eerste", 1, ("    front: A short front of the card.\n", ""))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:19: field 'text.en.front': missing required field 'front': add it"
    ]


def test_wrong_type(deck_dir: Path) -> None:
    """A value of the wrong type says what was expected and quotes what came."""
    write_card(deck_dir, "eerste", 1, ("number: 1", "number: twaalf"))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:3: field 'number': should be a whole number, got text 'twaalf'"
    ]


def test_duplicate_id_names_the_other_file(deck_dir: Path) -> None:
    """Two cards with one id: the second names the first file and its line."""
    write_card(deck_dir, "eerste", 3, name="kopie")
    assert problems(deck_dir) == [
        "cards/kopie.yaml:2: field 'id': id 'eerste' differs from the file name 'kopie.yaml': "
        "the id is the permalink, so rename the file to eerste.yaml",
        "cards/kopie.yaml:2: field 'id': id 'eerste' is already used by eerste.yaml (line 2): "
        "every card needs its own id",
    ]


def test_duplicate_number(deck_dir: Path) -> None:
    """Two cards with one deck number: the message names the other card."""
    write_card(deck_dir, "tweede", 1)
    assert problems(deck_dir) == [
        "cards/tweede.yaml:3: field 'number': number 1 is already used by eerste.yaml (line 3): "
        "every card needs its own number"
    ]


def test_dangling_references(deck_dir: Path) -> None:
    """Unknown theme, related card, source, place and speaker role: each named, with suggestions."""
    write_card(
        deck_dir,
        "eerste",
        1,
        ("theme: hoe", "theme: hoee"),
        ("related: []", "related: [twede]"),
        ("sources: [recht-op-2022]", "sources: [recht-op]"),
        ("places: [home]", "places: [thuis]"),
        ("speaker: person-in-poverty", "speaker: professional"),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:4: field 'theme': unknown theme 'hoee' (not in themes.yaml) — did you mean 'hoe'?",
        "cards/eerste.yaml:6: field 'places[0]': unknown place 'thuis' (not in vocabularies.yaml) — "
        "expected one of: 'home', 'online', 'other-service', 'own-service', 'public-space', 'vindplaats'",
        "cards/eerste.yaml:7: field 'related[0]': unknown card 'twede' (not in cards/) — did you mean 'tweede'?",
        "cards/eerste.yaml:8: field 'sources[0]': unknown source 'recht-op' (not in sources.yaml) — "
        "did you mean 'recht-op-2022'?",
        "cards/eerste.yaml:33: field 'testimonies[0].speaker': unknown speaker role 'professional' "
        "(not in vocabularies.yaml) — did you mean 'social-professional'?",
    ]


def test_card_may_not_relate_to_itself(deck_dir: Path) -> None:
    """A card listing itself as related is a dangling reference."""
    write_card(deck_dir, "eerste", 1, ("related: []", "related: [eerste]"))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:7: field 'related[0]': unknown card 'eerste' (not in cards/) — "
        "expected one of: 'tweede'"
    ]


def test_missing_translation(deck_dir: Path) -> None:
    """A card without English text is incomplete, at the line of 'text'."""
    text = CARD.format(id="eerste", number=1)
    (deck_dir / "eerste.yaml").write_text(
        text[: text.index("  en:")] + text[text.index("testimonies:") :], encoding="utf-8"
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:9: field 'text': missing the 'en' translation: add text.en"
    ]


def test_translation_with_other_tips(deck_dir: Path) -> None:
    """Tips must match across languages: in number, and in audience order."""
    write_card(
        deck_dir,
        "eerste",
        1,
        (
            "        text: A tip for the professional.\n",
            "        text: A tip for the professional.\n"
            "      - for: organisation\n        text: An extra tip.\n",
        ),
    )
    write_card(
        deck_dir,
        "tweede",
        2,
        (
            "      - for: professional\n        text: A tip",
            "      - for: organisation\n        text: A tip",
        ),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:23: field 'text.en.tips': has 2 tips but text.nl.tips has 1: "
        "every language needs the same ones, in the same order",
        "cards/tweede.yaml:24: field 'text.en.tips[0].for': is 'organisation' but the same tip in "
        "text.nl is for 'professional': keep the tips in the same order",
    ]


def test_testimony_without_translation(deck_dir: Path) -> None:
    """A quotation lacking one language is incomplete; one lacking its original too."""
    write_card(deck_dir, "eerste", 1, ("      en: A literal quote from the source.\n", ""))
    write_card(deck_dir, "tweede", 2, ("      nl: Een letterlijk citaat uit de bron.\n", ""))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:29: field 'testimonies[0].quote': missing the 'en' translation: add quote.en",
        "cards/tweede.yaml:29: field 'testimonies[0].quote': missing the 'nl' translation: add quote.nl",
        "cards/tweede.yaml:31: field 'testimonies[0].original': the original language 'nl' has no "
        "quote: add quote.nl with the exact words from the source",
    ]


def test_raw_html_and_script_are_refused(deck_dir: Path) -> None:
    """HTML tags and javascript: links are refused wherever they stand."""
    write_card(
        deck_dir,
        "eerste",
        1,
        (
            "    body: Uitleg over de kaart.",
            "    body: Uitleg <script>alert(1)</script> over de kaart.",
        ),
        (
            "        text: Een tip voor de professional.",
            "        text: Een <b>tip</b> voor de professional.",
        ),
    )
    write_card(
        deck_dir,
        "tweede",
        2,
        ("    body: Explanation of the card.", "    body: See [this](javascript:alert(1)) card."),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:13: field 'text.nl.body': raw HTML or script '<script>' is not allowed: "
        "write plain text with Markdown (**bold**, *italic*, [link](https://...)) instead",
        "cards/eerste.yaml:16: field 'text.nl.tips[0].text': raw HTML or script '<b>' is not "
        "allowed: write plain text with Markdown (**bold**, *italic*, [link](https://...)) instead",
        "cards/tweede.yaml:22: field 'text.en.body': raw HTML or script 'javascript:' is not "
        "allowed: write plain text with Markdown (**bold**, *italic*, [link](https://...)) instead",
    ]


def test_markdown_and_comparisons_are_not_html(deck_dir: Path) -> None:
    """Markdown, autolinks and a lone '<' in plain text are allowed."""
    write_card(
        deck_dir,
        "eerste",
        1,
        ("    body: Uitleg over de kaart.", '    body: "**Vet**, <https://example.org> en 3 < 5."'),
    )
    assert (
        load_deck(deck_dir).card("eerste").text["nl"].body
        == "**Vet**, <https://example.org> en 3 < 5."
    )


def test_front_text_over_the_pocket_card_limit(deck_dir: Path) -> None:
    """A front one character over the limit says its length, the limit and by how much to cut."""
    assert front_text_limit() == 280
    write_card(
        deck_dir,
        "eerste",
        1,
        ("    front: Een korte voorkant van de kaart.", "    front: " + "a" * 281),
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:12: field 'text.nl.front': front text has 281 characters; a pocket card "
        "holds at most 280 (the limit in card.schema.json): shorten it by 1"
    ]


def test_empty_file(deck_dir: Path) -> None:
    """An empty card file is reported, not skipped."""
    (deck_dir / "leeg.yaml").write_text("", encoding="utf-8")
    assert problems(deck_dir) == [
        "cards/leeg.yaml:1: file: is empty: a card or registry file needs its fields"
    ]


def test_file_not_in_utf8(deck_dir: Path) -> None:
    """A Latin-1 file names the line of the first byte that is not UTF-8."""
    text = CARD.format(id="eerste", number=1).replace("Een titel", "Een café")
    (deck_dir / "eerste.yaml").write_bytes(text.encode("latin-1"))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:11: file: is not valid UTF-8 (byte b'\\xe9' at offset 218): "
        "save the file as UTF-8 in your editor"
    ]


def test_duplicate_key_is_not_silently_dropped(deck_dir: Path) -> None:
    """A key written twice in one mapping names both lines (YAML would keep only the last)."""
    write_card(
        deck_dir, "eerste", 1, ("audience: professional", "audience: professional\ntheme: wie")
    )
    assert problems(deck_dir) == [
        "cards/eerste.yaml:6: field 'theme': 'theme' appears twice (first on line 4): keep one"
    ]


def test_missing_schema_line(deck_dir: Path) -> None:
    """A card must start with the yaml-language-server line, so editors check it while typing."""
    path = deck_dir / "eerste.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    assert problems(deck_dir) == [
        "cards/eerste.yaml:1: file: must start with the line '# yaml-language-server: "
        "$schema=../hooks/outreach_cards/schemas/card.schema.json' so editors check it"
    ]


def test_invalid_id_suggests_a_slug(deck_dir: Path) -> None:
    """An id that is no slug gets a slug suggested."""
    write_card(deck_dir, "eerste", 1, ("id: eerste", "id: Eerste Kaart"))
    assert problems(deck_dir) == [
        "cards/eerste.yaml:2: field 'id': 'Eerste Kaart' is not a valid slug: use lowercase "
        "letters, digits and hyphens, e.g. 'eerste-kaart'"
    ]


def test_registry_problems(deck_dir: Path) -> None:
    """Theme registry: low contrast, unknown icon, missing translation, duplicate order."""
    themes = deck_dir / "registries" / "themes.yaml"
    text = themes.read_text(encoding="utf-8")
    for old, new in (
        ('colour: "#1d5b86"', 'colour: "#ffcc00"'),
        ("icon: material/alert-circle-outline", "icon: material/no-such-icon"),
        (
            '      en: {title: "Where?", description: "At home, in the street, where people '
            'already go, online and at your own door."}\n',
            "",
        ),
        ("order: 4", "order: 3"),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    themes.write_text(text, encoding="utf-8")
    assert problems(deck_dir) == [
        "cards/registries/themes.yaml:6: field 'themes[0].colour': white text on '#ffcc00' has a "
        "contrast of 1.51:1, it needs at least 4.5:1 (WCAG AA): choose a darker colour",
        "cards/registries/themes.yaml:14: field 'themes[1].icon': icon 'material/no-such-icon' is not "
        "one of Material for MkDocs' icons: pick one from "
        "https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/",
        "cards/registries/themes.yaml:22: field 'themes[2].text': missing the 'en' translation: add text.en",
        "cards/registries/themes.yaml:25: field 'themes[3].order': 3 is already used by themes[2] on "
        "line 19: each order must be unique",
    ]


def test_all_problems_of_a_run_are_reported_together(deck_dir: Path) -> None:
    """Three broken files: every problem, sorted by file and line, then one count line."""
    write_card(deck_dir, "eerste", 1, ("theme: hoe", "theme: hoee"))
    write_card(deck_dir, "tweede", 2, ("number: 2", "number: -2"))
    (deck_dir / "derde.yaml").write_text("id: [", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_deck(deck_dir)
    report = caught.value.report().splitlines()
    assert [line.split(":")[0] for line in report[:-1]] == [
        "cards/derde.yaml",
        "cards/eerste.yaml",
        "cards/tweede.yaml",
    ]
    assert report[-1] == "3 problems in 3 files."


def test_check_command_exit_codes_and_output(
    deck_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`outreach-cards check`: 0 with a summary, 1 with the report on stderr, 2 without a folder."""
    assert main(["check", str(deck_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # (the registries are the real deck's: their themes and sources are counted from the files)
    registries = deck_dir / "registries"
    themes = len(yaml.safe_load((registries / "themes.yaml").read_text())["themes"])
    sources = len(yaml.safe_load((registries / "sources.yaml").read_text())["sources"])
    assert lines[0] == (
        f"2 cards, {themes} themes, {sources} sources checked in 2 languages (nl, en): no problems."
    )
    assert lines[1] == (
        "Front text (nl): 6.0 words per sentence on average, longest sentence 6 "
        "words, Flesch-Douma 98.6 at the lowest."
    )
    assert lines[3].startswith(
        "Coverage: 1 of 28 source sections covered; not yet: sam-toegankelijkheid/wat-is-het, "
    )
    assert len(lines) == 4
    write_card(deck_dir, "eerste", 1, ("theme: hoe", "theme: hoee"))
    assert main(["check", str(deck_dir)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "cards/eerste.yaml:4: field 'theme': unknown theme 'hoee' (not in themes.yaml) — did you mean "
        "'hoe'?\n1 problem in 1 file.\n"
    )
    assert main(["check", str(deck_dir / "nothing")]) == 2


def test_check_command_as_a_process_prints_no_traceback(deck_dir: Path) -> None:
    """The real command, in a process: exit 1, the message on stderr, no Python traceback."""
    (deck_dir / "eerste.yaml").write_bytes(b"\xff\xfe")
    result = subprocess.run(
        [sys.executable, "-m", "outreach_cards", "check", str(deck_dir)],
        capture_output=True,
        text=True,
        cwd=deck_dir.parent,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("cards/eerste.yaml:1: file: is not valid UTF-8 (byte b'\\xff'")


def test_the_real_deck_validates() -> None:
    """Every card in cards/ passes the check, and every card file became a card."""
    deck = load_deck(REPO / "cards")
    assert len(deck.cards) == len(list((REPO / "cards").glob("*.yaml")))
    assert len(deck.cards) >= 8

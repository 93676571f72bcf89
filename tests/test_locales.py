"""Interface words as data: the locale files, their loader, and Babel's number formatting."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach_cards.load.yamlsource import read_yaml
from outreach_cards.locales import LABELS

LOCALE_DIR = Path(__file__).resolve().parent.parent / "hooks" / "outreach_cards" / "locales"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_locale_file_holds_the_old_dict_exactly(language: str) -> None:
    """Each YAML file has the dict's keys in the dict's order and each value character for
    character (the move from Python to YAML changes no word)."""
    source, problems = read_yaml(LOCALE_DIR / f"{language}.yaml")
    assert problems == []
    assert list(source.data) == list(LABELS[language])
    assert source.data == LABELS[language]
    assert source.text.startswith(
        "# yaml-language-server: $schema=../schemas/locale.schema.json\n")

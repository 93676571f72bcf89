"""Interface words as data: the locale files, their loader, and numbers written by Babel."""

from __future__ import annotations

import logging
import string
from pathlib import Path

import pytest

from outreach_cards.load.schema import load_schema, schema_problems
from outreach_cards.load.yamlsource import read_yaml
from outreach_cards.locales import (
    DEFAULT_LANGUAGE,
    LOCALE_DIR,
    LocaleError,
    Locales,
    format_number,
    labels_for,
)
from outreach_cards.site.pages import file_size

from .helpers import FIXTURE_DECK, REPO, build, copy_project

LOG = "mkdocs.hooks.cards.locales"
LANGUAGES = sorted(path.stem for path in LOCALE_DIR.glob("*.yaml"))


def placeholders(text: str) -> set[str]:
    """The ``{names}`` that ``str.format`` fills in ``text``."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def write(folder: Path, language: str, text: str) -> Path:
    """Write ``<folder>/<language>.yaml``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{language}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_package_has_the_two_languages_of_the_deck() -> None:
    """The locale folder is the package's, and holds Dutch (the default) and English."""
    assert LOCALE_DIR == REPO / "hooks" / "outreach_cards" / "locales"
    assert LANGUAGES == ["en", "nl"] and DEFAULT_LANGUAGE == "nl"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_default_languages_keys_and_placeholders(language: str) -> None:
    """The same keys, in the same order, as nl.yaml, and the same {placeholders} in each value."""
    reference, _ = read_yaml(LOCALE_DIR / f"{DEFAULT_LANGUAGE}.yaml")
    source, problems = read_yaml(LOCALE_DIR / f"{language}.yaml")
    assert problems == []
    assert list(source.data) == list(reference.data)
    differing = {
        key: (placeholders(reference.data[key]), placeholders(text))
        for key, text in source.data.items()
        if placeholders(text) != placeholders(reference.data[key])
    }
    assert differing == {}


def test_placeholders_are_found() -> None:
    """The placeholder helper of these tests sees the names, not literal text or doubled braces."""
    assert placeholders("{n} van {total} kaarten") == {"n", "total"}
    assert placeholders("{{n}} and no more") == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_locale_files_pass_their_schema(language: str) -> None:
    """Each file starts with its schema line for editors and matches locale.schema.json:
    non-empty text under lowercase keys."""
    source, problems = read_yaml(LOCALE_DIR / f"{language}.yaml")
    assert problems == []
    assert source.text.startswith("# yaml-language-server: $schema=../schemas/locale.schema.json\n")
    assert schema_problems(source, "locale") == []
    assert all(isinstance(text, str) and text.strip() for text in source.data.values())


def test_the_schema_rejects_what_the_pages_cannot_show(tmp_path: Path) -> None:
    """A number, an empty text and a key that is no key name are each reported with its line."""
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(load_schema("locale"))
    path = write(tmp_path, "nl", "card: Kaart\ncards: 3\ndraw: ''\nFilter-All: Alle\n")
    source, _ = read_yaml(path)
    assert [problem.format(tmp_path) for problem in schema_problems(source, "locale")] == [
        "nl.yaml:2: field 'cards': should be text, got a whole number 3",
        "nl.yaml:3: field 'draw': is too short (''): write at least 1 characters",
        "nl.yaml:4: field 'Filter-All': 'Filter-All' is not a valid key: keys have the form "
        "^[a-z][a-z0-9_]*$",
    ]


def test_labels_are_the_files_values_in_file_order() -> None:
    """``labels_for`` gives each file's text unchanged: the folded blocks as one line, the one
    texts with line breaks (print_how, duplex_test_steps) with their lines."""
    for language in LANGUAGES:
        source, _ = read_yaml(LOCALE_DIR / f"{language}.yaml")
        assert labels_for(language) == source.data
        assert list(labels_for(language)) == list(source.data)
    assert labels_for("nl")["card"] == "Kaart" and labels_for("en")["card"] == "Card"
    assert labels_for("en")["filter_count"] == "{n} of {total} cards"
    assert labels_for("nl")["overview_intro"] == (
        "Alle kaarten, per thema. Kies een thema, een doelgroep of een plek om de lijst korter "
        "te maken. Of trek een kaart en laat je verrassen."
    )
    how = labels_for("en")["print_how"].split("\n")
    assert len(how) == 8 and how[0] == "Print at actual size (100 %). Do not choose 'fit to page'."
    assert len(labels_for("nl")["duplex_test_steps"].split("\n")) == 7


def test_a_missing_key_falls_back_to_the_default_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """English without 'draw' shows the Dutch text and warns naming the key, language and file;
    the result keeps the default language's key order."""
    write(tmp_path, "nl", "card: Kaart\ndraw: Trek een kaart\nfilter_count: '{n} kaarten'\n")
    write(tmp_path, "en", "filter_count: '{n} cards'\ncard: Card\n")
    locales = Locales(tmp_path)
    with caplog.at_level(logging.WARNING, logger=LOG):
        labels = locales.labels("en")
    assert labels == {"card": "Card", "draw": "Trek een kaart", "filter_count": "{n} cards"}
    assert list(labels) == ["card", "draw", "filter_count"]
    assert [(record.name, record.levelname, record.getMessage()) for record in caplog.records] == [
        (
            LOG,
            "WARNING",
            f"{(tmp_path / 'en.yaml').as_posix()}: no text for 'draw' in language "
            "'en': using the nl text 'Trek een kaart' until you add 'draw' there",
        )
    ]


def test_a_key_the_default_lacks_is_a_warning_with_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A misspelt key in English is named with its line and the key it was probably meant as;
    it is left out, since no page asks for it."""
    write(tmp_path, "nl", "card: Kaart\ndraw: Trek een kaart\n")
    write(tmp_path, "en", "card: Card\ndraw: Draw a card\ndrow: Draw a card\n")
    with caplog.at_level(logging.WARNING, logger=LOG):
        labels = Locales(tmp_path).labels("en")
    assert labels == {"card": "Card", "draw": "Draw a card"}
    assert [record.getMessage() for record in caplog.records] == [
        f"{(tmp_path / 'en.yaml').as_posix()}:3: key 'drow' is not in "
        f"{(tmp_path / 'nl.yaml').as_posix()}, so nothing shows it: remove it or rename it — "
        "did you mean 'draw'?"
    ]


def test_the_default_language_and_a_complete_one_give_no_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The default language is complete by definition; a language with every key is silent.
    ``default`` chooses which file the others fall back to."""
    write(tmp_path, "nl", "card: Kaart\n")
    write(tmp_path, "en", "card: Card\ndraw: Draw a card\n")
    with caplog.at_level(logging.WARNING, logger=LOG):
        assert Locales(tmp_path).labels("nl") == {"card": "Kaart"}
        assert Locales(tmp_path, default="en").labels("en") == {
            "card": "Card",
            "draw": "Draw a card",
        }
        assert Locales(tmp_path).labels("en") == {"card": "Card"}  # 'draw' unknown to nl
    assert len(caplog.records) == 1 and "key 'draw' is not in" in caplog.records[0].getMessage()


def test_each_file_is_read_once(tmp_path: Path) -> None:
    """A second call gives the same labels without reading the file again (an edit shows in
    the next process)."""
    path = write(tmp_path, "nl", "card: Kaart\n")
    locales = Locales(tmp_path)
    first = locales.labels("nl")
    path.write_text("card: Veranderd\n", encoding="utf-8")
    assert locales.labels("nl") is first and first == {"card": "Kaart"}
    assert Locales(tmp_path).labels("nl") == {"card": "Veranderd"}


def test_a_language_without_a_file_is_a_clear_error(tmp_path: Path) -> None:
    """The error names the file to add: in the package as it stands in the repository, in any
    other folder by its path. It is a KeyError, as before."""
    with pytest.raises(LocaleError) as caught:
        labels_for("fr")
    assert str(caught.value) == (
        "no interface labels for language 'fr': add them to hooks/outreach_cards/locales/fr.yaml"
    )
    assert isinstance(caught.value, KeyError) and caught.value.args[0] == str(caught.value)
    write(tmp_path, "nl", "card: Kaart\n")
    with pytest.raises(LocaleError) as caught:
        Locales(tmp_path).labels("de")
    assert str(caught.value) == (
        f"no interface labels for language 'de': add them to {(tmp_path / 'de.yaml').as_posix()}"
    )


def test_a_broken_locale_file_names_file_line_and_key(tmp_path: Path) -> None:
    """Problems in a locale file stop with file, line and key, all at once; a YAML error and a
    key written twice are reported by the deck's YAML reader."""
    write(tmp_path, "nl", "card: Kaart\ncards: [kaarten]\ndraw:\n")
    with pytest.raises(LocaleError) as caught:
        Locales(tmp_path).labels("nl")
    folder = tmp_path.as_posix()
    assert str(caught.value).split("\n") == [
        f"{folder}/nl.yaml:2: key 'cards': should be text, got a list (lines starting with '- ') "
        "['kaarten']",
        f"{folder}/nl.yaml:3: key 'draw': is empty but should be text: fill it in",
    ]
    write(tmp_path, "en", "card: Card\ncard: Cards\n")
    with pytest.raises(LocaleError) as caught:
        Locales(tmp_path).labels("en")
    assert str(caught.value) == (
        f"{folder}/en.yaml:2: key 'card': 'card' appears twice (first on line 1): keep one"
    )
    write(tmp_path, "de", "card: 'Karte\n")
    with pytest.raises(LocaleError) as caught:
        Locales(tmp_path).labels("de")
    assert str(caught.value).startswith(f"{folder}/de.yaml:2: file: YAML syntax error: ")


def test_babel_writes_decimals_as_the_language_does() -> None:
    """Babel's CLDR data gives the decimal comma of Dutch and the point of English; floats round
    as Python's formatting did (1.05 → 1.1, not Babel's half-even on '1.05' → 1.0)."""
    assert format_number(1.2, "nl", "0.0") == "1,2"
    assert format_number(1.2, "en", "0.0") == "1.2"
    assert format_number(74.5, "nl", "0.###") == "74,5"
    assert format_number(105.0, "nl", "0.###") == "105"
    assert format_number(1.05, "nl", "0.0") == "1,1" == f"{1.05:.1f}".replace(".", ",")
    assert format_number(0.05, "en", "0.0") == "0.1" == f"{0.05:.1f}"
    assert format_number(2.5, "pt-BR", "0.0") == "2,5"


@pytest.mark.parametrize(
    ("size", "nl", "en"),
    [
        (400, "1 kB", "1 kB"),
        (18_300, "18 kB", "18 kB"),
        (999_499, "999 kB", "999 kB"),
        (1_200_000, "1,2 MB", "1.2 MB"),
        (1_050_000, "1,1 MB", "1.1 MB"),
        (12_345_678, "12,3 MB", "12.3 MB"),
    ],
)
def test_file_sizes_read_as_before(size: int, nl: str, en: str) -> None:
    """File sizes on the print page: kB whole, MB with one decimal in the language's way."""
    assert (file_size(size, "nl"), file_size(size, "en")) == (nl, en)


def test_an_incomplete_language_fails_a_strict_build(tmp_path: Path) -> None:
    """A real build (without PDFs) whose English lacks 'draw' warns once, naming the file and
    the key, and `mkdocs build --strict` stops on it."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    english = project / "hooks" / "outreach_cards" / "locales" / "en.yaml"
    english.write_text(
        english.read_text(encoding="utf-8").replace("draw: Draw a card\n", ""), encoding="utf-8"
    )
    result = build(project, OUTREACH_CARDS_PDFS="false", PYTHONPATH=str(project / "hooks"))
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING -  hooks/outreach_cards/locales/en.yaml: no text for 'draw' in "
        "language 'en': using the nl text 'Trek een kaart' until you add 'draw' "
        "there"
    ]
    assert "Aborted with 1 warnings in strict mode!" in result.stdout

"""A language in progress: it builds with the default language's text where a translation is
missing, says so on the card page, and ``outreach-cards check`` counts what is translated.
A language not marked in progress is still required in full."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from outreach_cards.deck import load_deck
from outreach_cards.urls import card_pdf

from .helpers import FIXTURE_DECK, REPO, build, copy_project, qr_codes, read_page, replace_in

SITE = "https://kaarten.example.org/"
TRANSLATED = "wat-is-outreach"  # the one card given text.fr below
UNTRANSLATED = "naar-mensen-toe"
SITE_NAME_FR = "Travail de proximité — cartes d'inspiration"

FRENCH_TEXT = """\
  fr:
    title: Qu'est-ce que l'outreach ? Une carte de test
    front: >-
      Tu vas vers les gens. Tu n'attends pas qu'ils viennent. Ainsi tu touches aussi ceux
      qui ne trouvent pas le chemin de l'aide.
    body: |
      Ceci est une carte de test, écrite pour les tests de ce projet.
    tips:
      - for: professional
        text: Présente-toi brièvement et dis pourquoi tu es là.
      - for: organisation
        text: Donne aux travailleurs le temps d'aller vers les gens.
    questions:
      - Qui ton service n'atteint-il pas aujourd'hui ?
"""


def add_french(project: Path) -> None:
    """French as a language in progress: in the vocabularies, mkdocs.yml and the locales, with
    one card translated."""
    cards = project / "cards"
    replace_in(
        cards / "registries" / "vocabularies.yaml",
        "  - key: en\n    label: English\n",
        "  - key: en\n    label: English\n  - key: fr\n    label: Français\n"
        "    in_progress: true\n",
    )
    replace_in(cards / f"{TRANSLATED}.yaml", "text:\n", "text:\n" + FRENCH_TEXT)
    replace_in(
        project / "mkdocs.yml",
        "        site_name: Outreach work — inspiration cards\n",
        "        site_name: Outreach work — inspiration cards\n"
        "      - locale: fr\n        name: Français\n        build: true\n"
        f"        site_name: {SITE_NAME_FR}\n",
    )
    locales = project / "hooks" / "outreach_cards" / "locales"
    french = locales / "fr.yaml"
    shutil.copy2(locales / "en.yaml", french)
    replace_in(
        french,
        "\nuntranslated_notice: This card is not translated yet. You are reading "
        "the text in {language}.\n",
        "\nuntranslated_notice: Cette carte n'est pas encore traduite. Vous lisez le "
        "texte en {language}.\n",
    )
    replace_in(
        french,
        "\ntranslation_note: Translation by this project.\n",
        "\ntranslation_note: Traduction par ce projet.\n",
    )


def check(cards: Path) -> subprocess.CompletedProcess[str]:
    """``outreach-cards check`` on a deck folder, as an editor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "outreach_cards", "check", str(cards)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def french(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The fixture deck with French in progress, built once (strict, with PDFs)."""
    project = copy_project(tmp_path_factory.mktemp("french") / "project", cards=FIXTURE_DECK)
    add_french(project)
    result = build(project, OUTREACH_CARDS_OFFLINE="false", SITE_URL=SITE)
    return project, result


def test_the_build_passes(french: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """The strict build passes with one card of five in French, reading the copy's fr.yaml
    (the repository has none: the French notice below comes from the copy)."""
    project, result = french
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (REPO / "hooks" / "outreach_cards" / "locales" / "fr.yaml").exists()
    assert (project / "hooks" / "outreach_cards" / "locales" / "fr.yaml").is_file()


def test_the_translated_card_has_its_french_text_and_no_notice(french) -> None:
    """The French page of the translated card: its French title, no notice, no lang switch."""
    project, _ = french
    page = (project / "site" / "fr" / "kaarten" / TRANSLATED / "index.html").read_text()
    assert '<h1 id="card">Qu&#39;est-ce que l&#39;outreach ? Une carte de test</h1>' in page
    assert "Cette carte n&#39;est pas encore traduite" not in page
    assert 'class="admonition note"' not in page


def test_an_untranslated_card_shows_the_notice_and_the_dutch_text(french) -> None:
    """The French page of an untranslated card: the notice from the copy's fr.yaml (in French,
    naming Nederlands), the Dutch title and front marked lang="nl"."""
    project, _ = french
    path = project / "site" / "fr" / "kaarten" / UNTRANSLATED / "index.html"
    page = path.read_text()
    assert (
        '<div class="admonition note">\n<p lang="fr">Cette carte n&#39;est pas encore '
        "traduite. Vous lisez le texte en Nederlands.</p>\n</div>"
    ) in page
    assert '<h1 id="card" lang="nl">Naar mensen toe als organisatie</h1>' in page
    assert len(read_page(path).find("div", **{"class": "oc-card-front", "lang": "nl"})) == 1


def test_an_untranslated_quote_is_the_original_not_a_translation(french) -> None:
    """The translated card's testimony has no quote.fr: it shows the Dutch original words,
    without the note that calls a quote a translation."""
    project, _ = french
    page = (project / "site" / "fr" / "kaarten" / TRANSLATED / "index.html").read_text()
    assert "Ze kwam gewoon langs en vroeg hoe het ging." in page
    assert "Traduction par ce projet." not in page


def test_the_french_pdfs(french, tmp_path: Path) -> None:
    """Each card's French PDF: the title in its metadata (French where translated, else Dutch),
    a QR code that leads to the French page."""
    project, _ = french
    for card_id, title in (
        (TRANSLATED, "1. Qu'est-ce que l'outreach ? Une carte de test"),
        (UNTRANSLATED, "2. Naar mensen toe als organisatie"),
    ):
        path = project / "site" / "fr" / card_pdf(card_id)
        with pikepdf.open(path) as pdf:
            assert str(pdf.docinfo["/Title"]) == f"{title} — {SITE_NAME_FR}"
        assert qr_codes(path, 2, tmp_path) == [f"{SITE}fr/kaarten/{card_id}/"]


def test_check_reports_completeness(french) -> None:
    """``outreach-cards check`` passes and counts what is translated, per language."""
    project, _ = french
    result = check(project / "cards")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "5 cards, 3 themes, 2 sources checked in 3 languages (nl, en, fr): no problems."
    )
    assert lines[1:5] == [
        "language          cards translated  sets translated  registry entries translated",
        "nl                5 of 5            1 of 1           17 of 17",
        "en                5 of 5            1 of 1           17 of 17",
        "fr (in progress)  1 of 5            0 of 1           0 of 17",
    ]
    # Figures of the one French front only, not of the Dutch text the other cards fall back to.
    assert lines[7] == (
        "Front text (fr): 7.7 words per sentence on average, longest sentence 13 words; no "
        "readability formula for 'fr': add one to FORMULAS in "
        "hooks/outreach_cards/check/reading.py."
    )


def test_a_language_not_in_progress_is_still_required(tmp_path: Path) -> None:
    """Without in_progress, the same deck fails: every missing French text is a problem."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    add_french(project)
    replace_in(
        project / "cards" / "registries" / "vocabularies.yaml", "    in_progress: true\n", ""
    )
    result = check(project / "cards")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert (
        "cards/naar-mensen-toe.yaml:10: field 'text': missing the 'fr' translation: add text.fr"
    ) in lines
    # the glossary's term needs a French explanation too
    assert (
        "cards/registries/glossary.yaml:10: field 'terms[0].explanation': term 'aanklampen' "
        "has no explanation in 'fr'"
    ) in lines
    # and each situation a French text
    assert (
        "cards/registries/situations.yaml:4: field 'situations[0].text': missing the 'fr' "
        "translation: add text.fr"
    ) in lines
    # and each work format
    assert (
        "cards/formats/kaart-van-de-week.yaml:12: field 'text': missing the 'fr' translation: "
        "add text.fr"
    ) in lines
    assert lines[-1] == "30 problems in 12 files."


def test_the_default_language_cannot_be_in_progress(tmp_path: Path) -> None:
    """in_progress on the first language is a problem naming file, line and field."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    replace_in(
        project / "cards" / "registries" / "vocabularies.yaml",
        "  - key: nl\n    label: Nederlands\n",
        "  - key: nl\n    label: Nederlands\n    in_progress: true\n",
    )
    result = check(project / "cards")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "cards/registries/vocabularies.yaml:6: field 'languages[0].in_progress': the default "
        "language 'nl' cannot be in progress: every other language falls back to its texts; "
        "remove in_progress here, or put a complete language first",
        "1 problem in 1 file.",
    ]


def test_the_model_falls_back_to_the_default_language(french) -> None:
    """In the model every text has French: the Dutch one where it is missing, recorded on the
    card; a term's label is the Dutch one; the quote in French is the original's words."""
    project, _ = french
    deck = load_deck(project / "cards")
    assert [(language.key, language.in_progress) for language in deck.vocabularies.languages] == [
        ("nl", False),
        ("en", False),
        ("fr", True),
    ]
    card = deck.card(UNTRANSLATED)
    assert card.untranslated == ("fr",)
    assert card.text["fr"] is card.text["nl"]
    assert deck.card(TRANSLATED).untranslated == ()
    assert deck.vocabularies.audiences["both"].label["fr"] == "Voor professional en organisatie"
    testimony = deck.card(TRANSLATED).testimonies[0]
    assert testimony.quote["fr"] == testimony.quote["nl"]
    assert (testimony.is_translation("fr"), testimony.is_translation("en")) == (False, True)

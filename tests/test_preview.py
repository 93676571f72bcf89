"""The quick preview while editing cards (`make preview`, mkdocs-preview.yml): one language at
the site's root, without PDFs and embedded cards; under `mkdocs serve --dirty` an edited card
shows on its own page and on the pages that list it. Built from the small fixture deck."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from outreach_cards.deck import load_deck
from tests.bench_scale import PREVIEW_ARGUMENTS

from .helpers import (
    FIXTURE_DECK,
    MKDOCS,
    broken_links,
    build,
    build_env,
    copy_project,
    free_port,
    make_dry_run,
    read_page,
    replace_in,
    wait_for,
    wait_idle,
)

CARD = "blijf-aanklampen"  # of theme 'hoe'


def _html_files(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("preview") / "project", FIXTURE_DECK)


@pytest.mark.parametrize(
    ("language", "title", "other"),
    [
        ("nl", "Blijf aanklampen, een testkaart", "en"),
        ("en", "Keep reaching out, a test card", "nl"),
    ],
)
def test_the_preview_builds_one_language_at_the_root(
    project: Path, language: str, title: str, other: str
) -> None:
    """Each language alone, at the site's root, with working links (the strict build, and every
    relative link in the site but two to what a preview leaves out): the card page in that
    language, no other language, no embedded cards, no PDFs, no offline edition."""
    site = project / f"site-{language}"
    done = build(project, "-f", "mkdocs-preview.yml", "-d", str(site), PREVIEW_LANGUAGE=language)
    assert done.returncode == 0, done.stderr[-3000:]
    card = read_page(site / "kaarten" / CARD / "index.html")
    assert card.find("html")[0].attrs["lang"] == language
    assert [heading.text for heading in card.find("h1")] == [title]
    assert not (site / other).exists()
    assert not (site / "embed").exists()
    assert not list(site.rglob("*.pdf")) and not list(site.rglob("*.zip"))
    # what a one-language preview leaves out: the offline zip, and the other language's export
    assert broken_links(site) == [
        "index.html: href='offline/outreachend-werken-offline.zip' → missing file",
        "organisaties/index.html: href='../en/api/v1/cards.json' → missing file",
    ]
    # every card of the deck has its page, and every old address its redirect page
    deck = load_deck(FIXTURE_DECK)
    assert {path.parent.name for path in (site / "kaarten").glob("*/index.html")} == {
        card.id for card in deck.cards
    } | set(deck.redirects)
    assert "kaarten/index.html" in _html_files(site)


def test_the_preview_setting_is_checked(project: Path, tmp_path: Path) -> None:
    """extra.preview is a known setting: a misspelt one is named with a suggestion."""
    config = project / "mkdocs-typo.yml"
    config.write_text(
        (project / "mkdocs-preview.yml").read_text().replace("preview: true", "previw: true")
    )
    done = build(project, "-f", config.name, "-d", str(tmp_path / "site"))
    assert done.returncode == 1
    assert "previw" in done.stderr and "did you mean 'preview'" in done.stderr


def test_make_preview_shows_an_edited_card_on_its_page_and_its_theme_page(
    project: Path, tmp_path: Path
) -> None:
    """`mkdocs serve --dirty -f mkdocs-preview.yml` (what `make preview` runs): after a saved
    edit of a card's Dutch title, its card page and its theme page show the new title; the
    other language is not served."""
    port = free_port()
    log = tmp_path / "serve.log"
    card_file = project / "cards" / f"{CARD}.yaml"
    original = card_file.read_text(encoding="utf-8")
    with log.open("w") as output:
        server = subprocess.Popen(
            [*MKDOCS, "serve", *PREVIEW_ARGUMENTS, "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=build_env(project),
            stdout=output,
            stderr=output,
        )
    root = f"http://127.0.0.1:{port}/"
    try:
        shown = wait_for(f"{root}kaarten/{CARD}/", "Blijf aanklampen, een testkaart", 300)
        assert shown is not None, log.read_text()[-3000:]
        wait_idle(log, quiet=1.0)
        replace_in(card_file, "title: Blijf aanklampen, een testkaart", "title: Blijf bellen")
        shown = wait_for(f"{root}kaarten/{CARD}/", '<h1 id="card">Blijf bellen</h1>', 120)
        assert shown is not None, log.read_text()[-3000:]
        assert wait_for(f"{root}themas/hoe/", "Blijf bellen", 60) is not None
        assert wait_for(f"{root}kaarten/", "Blijf bellen", 60) is not None
        assert wait_for(f"{root}en/kaarten/{CARD}/", "</html>", 2) is None
    finally:
        server.terminate()
        server.wait(timeout=30)
        card_file.write_text(original, encoding="utf-8")


def test_a_deck_led_by_another_language() -> None:
    """The preview of English makes English the deck's first language; the rest stays."""
    deck = load_deck(FIXTURE_DECK)
    english = deck.led_by("en")
    assert english.languages == ("en", "nl") and english.default_language == "en"
    assert english.cards == deck.cards and deck.languages == ("nl", "en")
    with pytest.raises(KeyError, match="the deck has no language 'fr'"):
        deck.led_by("fr")


def test_make_preview_runs_what_these_tests_and_the_benchmark_run() -> None:
    """`make preview` (dry run) serves mkdocs-preview.yml with --dirty, in the language asked."""
    assert make_dry_run("preview", "PREVIEW_LANGUAGE=en").splitlines()[-1] == (
        f"PREVIEW_LANGUAGE=en .venv/bin/mkdocs serve {' '.join(PREVIEW_ARGUMENTS)}"
    )

"""The offline edition: built by `mkdocs build` (of the fixture deck), offered as a zip,
working from file://; and the switch that skips it."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from outreach_cards.model import Deck

from .helpers import (
    FIXTURE_DECK,
    broken_links,
    build,
    copy_project,
    policy_problems,
    read_page,
    search,
    watch_policy,
)


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture deck built with the offline edition on (the tests' builds skip it);
    returns its site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("offline-project"), cards=FIXTURE_DECK)
    result = build(project, OUTREACH_CARDS_OFFLINE="true")
    assert result.returncode == 0, result.stderr
    assert "Offline edition: offline/outreachend-werken-offline.zip (" in result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def offline_root(offline_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip from the built site, unpacked as a reader would."""
    archive = offline_site / "offline" / "outreachend-werken-offline.zip"
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    return target / "outreachend-werken"


def test_home_pages_link_the_zip(offline_site: Path) -> None:
    """Both home pages link the zip, and with it in the site no link of the site is broken."""
    for prefix, href in (
        ("", "offline/outreachend-werken-offline.zip"),
        ("en/", "../offline/outreachend-werken-offline.zip"),
    ):
        links = [url for attribute, url in read_page(offline_site / prefix / "index.html").links]
        assert href in links
    assert broken_links(offline_site) == []


def test_a_build_without_the_offline_edition_has_no_zip(tmp_path: Path) -> None:
    """OUTREACH_CARDS_OFFLINE=false (the tests' default) skips the offline edition; a value
    that is no yes or no stops the build and says so."""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    # with the PDFs, as `mkdocs build` makes the offline edition only then
    result = build(project, OUTREACH_CARDS_OFFLINE="false")
    assert result.returncode == 0, result.stderr
    assert "Offline edition" not in result.stderr
    assert not (project / "site" / "offline").exists()
    assert not (project / "build").exists()
    wrong = build(project, OUTREACH_CARDS_OFFLINE="sometimes")
    assert wrong.returncode == 1
    assert "OUTREACH_CARDS_OFFLINE must be true or false, not 'sometimes'" in wrong.stderr


def test_the_zip_holds_every_card_as_a_file_page(offline_root: Path, fixture_deck: Deck) -> None:
    """Every card of both languages is a page ``kaarten/<id>.html`` in the zip; its start page
    says it is the offline edition and loads nothing from unpkg.com."""
    for prefix in ("", "en/"):
        for card in fixture_deck.cards:
            assert (offline_root / prefix / "kaarten" / f"{card.id}.html").is_file(), card.id
    assert (offline_root / "index.html").is_file()
    page = (offline_root / "index.html").read_text(encoding="utf-8")
    assert "Je leest nu de offline versie." in page
    assert "unpkg.com" not in page


@pytest.mark.parametrize(
    "language, prefix, query", [("nl", "", "aanklampen"), ("en", "en/", "persistence")]
)
def test_offline_edition_opened_from_files_shows_a_card_and_finds_it(
    browser, offline_root: Path, fixture_deck: Deck, language: str, prefix: str, query: str
) -> None:
    """From file://, a card page shows, search finds the card (its worker runs in the shim's
    iframe), nothing is fetched from anywhere but the files, and neither page nor the
    search's frame reports a Content-Security-Policy violation."""
    context = browser.new_context()
    violations = watch_policy(context)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto((offline_root / prefix / "index.html").as_uri())
        hits = search(page, query)
        # (only pages of the language searched from: each language has its own index)
        english = [hit for hit in hits if "/en/" in hit]
        assert english == (hits if prefix else [])
        # (the first card among the results: the glossary's entry for the word may come first)
        card = next(hit for hit in hits if "/kaarten/" in hit)
        assert card.endswith(f"/{prefix}kaarten/blijf-aanklampen.html")
        found = violations(page)
        page.goto(Path(card).as_uri())
        assert (
            page.locator("h1").inner_text()
            == fixture_deck.card("blijf-aanklampen").text[language].title
        )
        found += violations(page)
    finally:
        context.close()
    assert {urlsplit(url).scheme for url in requested} <= {"file", "data", "blob"}
    assert found == []


def test_every_offline_page_has_its_policy(offline_root: Path) -> None:
    """The offline edition's pages carry the same Content-Security-Policy as the site's, with
    the hashes of their own inline code; its Web Worker shim is the local one that needs no
    inline script."""
    paths = sorted(offline_root.rglob("*.html"))
    assert [problem for path in paths for problem in policy_problems(path)] == []
    shims = {
        url for path in paths for attribute, url in read_page(path).links if "iframe-worker" in url
    }
    assert {Path(url).name for url in shims} == {"iframe-worker-1.0.4-csp.js"}


def test_offline_pages_keep_relative_alternates(offline_root: Path) -> None:
    """Read from files, the offline edition has no address: its hreflang alternates stay
    relative, without an x-default (the site's are absolute, tests/test_fast_pages.py)."""
    page = read_page(offline_root / "en" / "kaarten" / "blijf-aanklampen.html")
    assert [
        (link.attrs["hreflang"], link.attrs["href"]) for link in page.find("link", rel="alternate")
    ] == [("nl", "../../kaarten/blijf-aanklampen.html"), ("en", "blijf-aanklampen.html")]

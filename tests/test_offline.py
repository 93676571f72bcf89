"""The offline edition: built by `mkdocs build`, offered as a zip, working from file://."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from outreach_cards.model import Deck

from .conftest import search
from .sitewalk import read_page


@pytest.fixture(scope="module")
def offline_root(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip from the built site, unpacked as a reader would."""
    archive = built_site / "offline" / "outreachend-werken-offline.zip"
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    return target / "outreachend-werken"


def test_home_pages_link_the_zip(built_site: Path) -> None:
    """Both home pages link the zip; it holds every card page in both languages."""
    for prefix, href in (("", "offline/outreachend-werken-offline.zip"),
                         ("en/", "../offline/outreachend-werken-offline.zip")):
        links = [url for attribute, url in read_page(built_site / prefix / "index.html").links]
        assert href in links


def test_the_zip_holds_every_card_as_a_file_page(offline_root: Path, deck: Deck) -> None:
    for prefix in ("", "en/"):
        for card in deck.cards:
            assert (offline_root / prefix / "kaarten" / f"{card.id}.html").is_file(), card.id
    assert (offline_root / "index.html").is_file()
    page = (offline_root / "index.html").read_text(encoding="utf-8")
    assert "Je leest nu de offline versie." in page
    assert "unpkg.com" not in page


@pytest.mark.parametrize("language, prefix, query", [("nl", "", "aanklampen"),
                                                     ("en", "en/", "persistence")])
def test_offline_edition_opened_from_files_shows_a_card_and_finds_it(
        browser, offline_root: Path, deck: Deck, language: str, prefix: str, query: str) -> None:
    """From file://, a card page shows, search finds the card, and nothing is fetched from
    anywhere but the files."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto((offline_root / prefix / "index.html").as_uri())
        hits = search(page, query)
        assert hits[0].endswith(f"/{prefix}kaarten/blijf-aanklampen.html")
        page.goto(Path(hits[0]).as_uri())
        assert page.locator("h1").inner_text() == deck.card("blijf-aanklampen").text[language].title
    finally:
        context.close()
    assert {urlsplit(url).scheme for url in requested} <= {"file", "data", "blob"}

"""Shared fixtures: a copy of the project in a temporary folder, built with the real MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from outreach_cards.deck import load_deck
from outreach_cards.model import Deck
from outreach_cards.urls import GENERATED_DIRS

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def copy_project(target: Path) -> Path:
    """Copy what a build needs (config, docs without generated pages, cards, hooks, overrides)."""
    target.mkdir(parents=True, exist_ok=True)
    for config in ("mkdocs.yml", "mkdocs-offline.yml"):
        shutil.copy2(REPO / config, target / config)
    cache = shutil.ignore_patterns("__pycache__")

    def generated(folder: str, names: list[str]) -> set[str]:
        """The generated page folders directly under docs/ (cards/sets/ is content)."""
        skip = set(cache(folder, names))
        if Path(folder) == REPO / "docs":
            skip.update(name for name in names if name in GENERATED_DIRS)
        return skip

    for folder in ("docs", "cards", "hooks", "overrides"):
        shutil.copytree(REPO / folder, target / folder, ignore=generated)
    return target


def build(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` in ``project``, as a user would (``env``: extra variables)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run([*MKDOCS, "build", "--strict", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session", autouse=True)
def shared_print_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PDF cache for the session's builds, so each test build does not render the whole
    deck again. Tests of the cache itself pass their own OUTREACH_CARDS_CACHE."""
    folder = tmp_path_factory.mktemp("print-cache")
    os.environ["OUTREACH_CARDS_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def deck() -> Deck:
    """The real deck in cards/."""
    return load_deck(REPO / "cards")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once into a temporary folder; returns its site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


# -- a real browser ---------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def serve_folder(folder: Path):
    """Serve ``folder`` on a free loopback port, as a static host would; yields the base URL."""
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """The built site served on a free loopback port, as a browser sees it."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. In CI a missing browser fails; elsewhere it skips."""
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: `make test` installs it with apt-get"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site_url: str):
    """A fresh browser page with JavaScript on, 1280 px wide."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
    yield context.new_page()
    context.close()


def search(page, query: str, timeout: float = 30_000) -> list[str]:
    """Type ``query`` into Material's search box; return the paths of the result links."""
    from urllib.parse import urlsplit

    page.click(".md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=timeout)
    links = page.locator(".md-search-result__item > .md-search-result__link")
    return [urlsplit(href).path for href in links.evaluate_all("els => els.map(e => e.href)")]


def tab_and_read(page, presses: int, expression: str, until=lambda value: False) -> list:
    """Press Tab up to ``presses`` times, evaluating ``expression`` after each press; stop
    early once ``until`` holds for the value read."""
    values = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        values.append(page.evaluate(expression))
        if until(values[-1]):
            break
    return values

"""Shared fixtures (the real deck and the fixture deck, the real site built once, a real
browser), the tests' environment, and the tiers: every test is marked ``unit``, ``build`` or
``browser`` here (see pytest_collection_modifyitems)."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from outreach_cards.deck import load_deck
from outreach_cards.model import Deck

from .helpers import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    FIXTURE_DECK,
    REPO,
    build,
    copy_project,
    serve_folder,
    skip_search_index,
    write_card,
)

# -- tiers --------------------------------------------------------------------------------------

# A test that uses one of these fixtures drives Chromium.
BROWSER_FIXTURES = {"browser", "page", "site_url"}
# A test that uses one of these names (itself or through its fixtures) builds a site with
# MkDocs or runs the print step (WeasyPrint).
BUILD_NAMES = {
    "build",
    "built_site",
    "fixture_deck_site",
    "copy_project",
    "render_print",
    "PrintStep",
    "run_benchmark",
}
# Where the names a test uses do not tell: node id (without parameters) → tier.
EXPLICIT_TIERS = {
    # `outreach-cards check --print` on a copy of the real deck lays out every card
    "tests/test_print.py::test_check_print_reports_overflow": "build",
}


def _names(code: types.CodeType) -> set[str]:
    """The global and attribute names a function's code uses, nested functions included."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _names(constant)
    return names


def _tier(item: pytest.Function) -> str:
    explicit = EXPLICIT_TIERS.get(item.nodeid.split("[")[0])
    if explicit:
        return explicit
    if BROWSER_FIXTURES & set(item.fixturenames):
        return "browser"
    if BUILD_NAMES & set(item.fixturenames):
        return "build"
    functions = [item.function]
    for name in item.fixturenames:
        for definition in item._fixtureinfo.name2fixturedefs.get(name, ()):
            functions.append(definition.func)
    # a fixture named by a parameter and fetched with request.getfixturevalue(name)
    manager = item.session._fixturemanager
    for value in getattr(getattr(item, "callspec", None), "params", {}).values():
        if isinstance(value, str) and value.isidentifier():
            functions.extend(
                definition.func for definition in manager.getfixturedefs(value, item) or ()
            )
    used = set().union(
        *(_names(function.__code__) for function in functions if hasattr(function, "__code__"))
    )
    return "build" if BUILD_NAMES & used else "unit"


# -- on both cores (pytest-xdist) ---------------------------------------------------------------

# The order in which `make test` hands tests to the workers (pytest-xdist, on both cores). The
# longest tests (a minute or more each on the shared two-core machine) start first: a long test
# that starts last keeps one core busy while the other has nothing left to do. The first to need
# the real site builds it (with every PDF, about a minute and a half on a fresh clone) while the
# other workers are given long tests that build their own sites, so no worker waits for it
# idle. Only the order changes; a name here that no longer exists changes nothing.
LONGEST_FIRST = (
    "tests/test_accessibility.py::test_every_page_type_passes_axe_asks_only_this_site_and_reflows[nl-light]",
    "tests/test_bench_scale.py::",  # (its module fixture runs the whole benchmark once)
    "tests/test_interrupted_builds.py::",  # (a chain of killed builds, about a minute)
    "tests/test_site.py::test_serve_shows_cards_in_both_languages_and_picks_up_an_edit",
    "tests/test_languages.py::",
    "tests/test_organisation_copy.py::",
    "tests/test_locales.py::",
    "tests/test_print_step.py::",
    "tests/test_fuzz.py::",
    "tests/test_accessibility.py::test_every_page_type_passes_axe_asks_only_this_site_and_reflows",
    "tests/test_accessibility.py::test_without_javascript_every_card_page_is_readable",
    "tests/test_accessibility.py::test_every_page_is_valid_html",
)


def _rank(item: pytest.Item) -> int:
    for rank, prefix in enumerate(LONGEST_FIRST):
        if item.nodeid.startswith(prefix):
            return rank
    return len(LONGEST_FIRST)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its tier, unless it carries a tier mark of its own; put the longest
    tests first (in a stable order, the same in every xdist worker)."""
    tiers = {"unit", "build", "browser"}
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        if not any(mark.name in tiers for mark in item.iter_markers()):
            item.add_marker(_tier(item))
    items.sort(key=_rank)


@functools.cache
def _module_fixtures(path: str) -> bool:
    """Whether the test file at ``path`` defines a fixture of module scope."""
    return 'scope="module"' in (REPO / path).read_text(encoding="utf-8")


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Hand the workers one test at a time, in the order above, but the tests of a file with a
    module-scoped fixture (a build, a print run, the benchmark) all to one worker, so that
    fixture runs once. (xdist's own load scheduler sends batches of neighbouring tests, which
    put the four accessibility tours on one core; its loadgroup does not group on pytest 9.2,
    where a test's node id can no longer be changed.)"""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneAtATime(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if _module_fixtures(path) else nodeid

    config.option.loadscopereorder = False  # (else the files with the most tests go first)
    return OneAtATime(config, log)


# -- the tests' environment ---------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def shared_print_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One PDF cache for the session's builds, so each test build does not render the whole
    deck again. Tests of the cache itself pass their own OUTREACH_CARDS_CACHE."""
    folder = tmp_path_factory.mktemp("print-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CARDS_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session", autouse=True)
def no_offline_edition() -> Iterator[None]:
    """No offline edition in the session's builds (it is a second full build and a zip):
    tests/test_offline.py turns it on for its own build with OUTREACH_CARDS_OFFLINE=true."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CARDS_OFFLINE", "false")
        yield


@pytest.fixture(scope="session", autouse=True)
def no_service_worker() -> Iterator[None]:
    """No service worker in the session's builds (Workbox takes seconds per build): the real
    site of ``built_site`` and tests/test_installable.py's own builds turn it on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_CARDS_SERVICE_WORKER", "false")
        yield


# -- decks and sites ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def deck() -> Deck:
    """The real deck in cards/: for tests of the real content and the real site."""
    return load_deck(REPO / "cards")


@pytest.fixture(scope="session")
def fixture_deck() -> Deck:
    """The fixture deck in tests/fixtures/deck/: for engine tests, which may count it."""
    return load_deck(FIXTURE_DECK)


def _built_once(
    tmp_path_factory: pytest.TempPathFactory,
    worker_id: str,
    name: str,
    cards: Path | None = None,
    **env: str,
) -> Path:
    """A project (the real one, or with ``cards`` as its deck) built once per test run into a
    temporary folder; returns its site/ folder, which tests only read.

    Under pytest-xdist the first worker that needs it builds it, holding a lock in the folder
    all workers of the run share, and the others wait for it and read the same site: one
    build alone takes about half as long as two at once on two cores."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # (each worker's basetemp is a folder in the run's own)
    project, done = root / name, root / f"{name}.built"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            shutil.rmtree(project, ignore_errors=True)  # (what a failed build left)
            result = build(copy_project(project, cards=cards), **env)
            assert result.returncode == 0, result.stderr
            done.touch()
    return project / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The real project built once per test run (without the offline edition, but as published
    with its service worker, which test_installable.py tests); its site/ folder."""
    return _built_once(
        tmp_path_factory, worker_id, "real-project", OUTREACH_CARDS_SERVICE_WORKER="true"
    )


@pytest.fixture(scope="session")
def fixture_deck_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The fixture deck built once per test run as the tests' builds are made (with its PDFs,
    without the offline edition or the service worker), for the tests that only read it: the
    formats, situations, facilitator sheets and presentation pages. Its site/ folder."""
    return _built_once(tmp_path_factory, worker_id, "fixture-project", cards=FIXTURE_DECK)


# -- a real browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
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
        yield _NoServiceWorkers(chromium)
        chromium.close()


class _NoServiceWorkers:
    """The browser, whose new contexts block service workers unless a test asks for them
    (``service_workers="allow"``, as tests/test_installable.py does): a worker would otherwise
    answer later pages of the same context from its precache, and registering it costs time."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_context(**options)

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture
def page(browser, site_url: str, request: pytest.FixtureRequest):
    """A fresh browser page with JavaScript on, 1280 px wide. Its pages load Material's search
    index only in a test marked ``search``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_url)
    if request.node.get_closest_marker("search") is None:
        skip_search_index(context)
    yield context.new_page()
    context.close()


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    """A small valid deck: the real registries (but the glossary and situations) and two
    cards, 'eerste' (1) and 'tweede' (2)."""
    cards = tmp_path / "cards"
    shutil.copytree(REPO / "cards" / "registries", cards / "registries")
    # (not the real deck's glossary: these two cards use none of its terms)
    (cards / "registries" / "glossary.yaml").unlink()
    # (nor its situations, which lead to its cards)
    (cards / "registries" / "situations.yaml").unlink()
    write_card(cards, "eerste", 1)
    write_card(cards, "tweede", 2)
    return cards

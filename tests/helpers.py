"""What several test files share: copying and building a project (with the real deck or the
fixture deck), serving a folder or talking to ``mkdocs serve``, reading a built site back
(pages, ids, links), reading PDFs back (text, sizes, QR codes), a browser's search box, axe-core's
WCAG rules in a browser page.

Test files import from here, never from each other. The scale benchmark (tests/bench_scale.py)
uses the serve helpers too.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pikepdf
import pytest

from outreach_cards.deck import load_deck
from outreach_cards.model import Card, CardText, Tip
from outreach_cards.problems import DeckError
from outreach_cards.urls import GENERATED_DIRS

REPO = Path(__file__).resolve().parent.parent
# The small deck of the engine tests (see its README.md): counted by the tests, unlike cards/.
FIXTURE_DECK = REPO / "tests" / "fixtures" / "deck"
MKDOCS = [sys.executable, "-m", "mkdocs"]
# Where each language's pages are in the built site.
LANGUAGE_ROOT = {"nl": "", "en": "en/"}
# The pages the Lighthouse benchmark measures (tests/bench_lighthouse.py) and
# tests/test_fast_pages.py checks for what Lighthouse looks at: name → path under a language's root.
FAST_PAGES = {
    "home": "",
    "card overview": "kaarten/",
    "overview, one theme": "kaarten/?theme=hoe",
    "card": "kaarten/blijf-aanklampen/",
    "theme": "themas/hoe/",
    "testimonies": "getuigenissen/",
    "glossary": "woordenlijst/",
    "situations": "situaties/",
    "formats": "werkvormen/",
    "presentation": "presenteren/?theme=hoe",
    "deck builder": "samenstellen/",
}


# -- a project in a temporary folder, built with the real MkDocs --------------------------------


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace text in a copied file once, failing if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_project(target: Path, cards: Path | None = None) -> Path:
    """Copy what a build needs (config, docs without generated pages, cards, hooks, overrides)
    into ``target``; ``cards``: another deck folder to use as its cards/ (e.g. FIXTURE_DECK)."""
    target.mkdir(parents=True, exist_ok=True)
    for config in ("mkdocs.yml", "mkdocs-offline.yml", "mkdocs-preview.yml"):
        shutil.copy2(REPO / config, target / config)
    cache = shutil.ignore_patterns("__pycache__")

    def generated(folder: str, names: list[str]) -> set[str]:
        """The generated page folders directly under docs/ (cards/sets/ is content)."""
        skip = set(cache(folder, names))
        if Path(folder) == REPO / "docs":
            skip.update(name for name in names if name in GENERATED_DIRS)
        return skip

    for folder in ("docs", "hooks", "overrides"):
        shutil.copytree(REPO / folder, target / folder, ignore=generated)
    shutil.copytree(cards or REPO / "cards", target / "cards", ignore=cache)
    return target


def build_env(project: Path, **env: str) -> dict[str, str]:
    """The environment of a build or ``mkdocs serve`` of ``project``: the tests' (see conftest)
    with ``env`` on top. The session's print cache gets a folder per deck, named after its card
    files: each print run prunes the PDFs its deck does not use, so a build of the fixture deck
    would otherwise throw away those of the real deck, which the next real build lays out
    again."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    if "OUTREACH_CARDS_CACHE" in os.environ and env["OUTREACH_CARDS_CACHE"] == os.environ.get(
        "OUTREACH_CARDS_CACHE"
    ):
        names = sorted(path.name for path in (project / "cards").glob("*.yaml"))
        deck = hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()[:12]
        env["OUTREACH_CARDS_CACHE"] = str(Path(env["OUTREACH_CARDS_CACHE"]) / deck)
    return env


def build(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` in ``project``, as a user would (``env``: extra variables,
    e.g. ``OUTREACH_CARDS_OFFLINE="true"``; the tests' defaults are set in conftest)."""
    env = build_env(project, **env)
    return subprocess.run(
        [*MKDOCS, "build", "--strict", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def card_ids_built(site: Path, prefix: str) -> set[str]:
    """The ids of the card pages built under ``site/<prefix>kaarten/``."""
    folder = site / prefix / "kaarten"
    return {path.parent.name for path in folder.glob("*/index.html")}


def card_links(page_path: Path, site: Path, prefix: str) -> list[str]:
    """Ids of the cards a page links to, in order (links to /kaarten/<id>/)."""
    page = read_page(page_path)
    cards_dir = (site / prefix / "kaarten").resolve()
    ids = []
    for attribute, url in page.links:
        if attribute != "href" or url.startswith(("http", "#")):
            continue
        target = (page_path.parent / url.split("#")[0]).resolve()
        # (a card is a folder; kaarten/search.css, a stylesheet, is not a card)
        if target.parent == cards_dir and target.name != "kaarten" and not target.suffix:
            ids.append(target.name)
    return ids


def write_sound(path: Path, seconds: float = 1.0) -> Path:
    """A real (silent) WAV file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * int(8000 * seconds))
    return path


# -- serving ------------------------------------------------------------------------------------


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port, as a static host would; yields the base URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    """A loopback port nobody listens on (for ``mkdocs serve -a``)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> bytes | None:
    """The body at ``url``, or None when the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(
    url: str, text: str, seconds: float, interval: float = 0.3, timeout: float = 5
) -> float | None:
    """Seconds until the page at ``url`` holds ``text`` (polled every ``interval`` seconds), or
    None when it does not within ``seconds``."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        body = fetch(url, timeout)
        if body is not None and text in body.decode("utf-8"):
            return time.perf_counter() - started
        time.sleep(interval)
    return None


def builds(log: Path) -> tuple[int, int]:
    """The builds ``mkdocs serve`` has started and finished, from its log: the first build is
    finished when it serves, each rebuild when it reloads the browsers or reports an error.

    Not "Documentation built in 4.69 seconds": MkDocs' build logger drops a message it logged
    before (its DuplicateFilter), so a rebuild as long as an earlier one, to the hundredth of a
    second, has no such line."""
    text = log.read_text(encoding="utf-8", errors="replace")
    finished = (
        ("Serving on http" in text)
        + text.count("Reloading browsers")
        + text.count("An error happened during the rebuild")
    )
    return text.count("Building documentation..."), finished


def wait_idle(log: Path, quiet: float, seconds: float = 600, finished: int = 0) -> tuple[int, int]:
    """Wait until ``mkdocs serve`` has finished every build it started (at least ``finished``)
    and started none for ``quiet`` seconds; the counts then (or at the deadline)."""
    deadline, last, since = time.monotonic() + seconds, None, time.monotonic()
    while time.monotonic() < deadline:
        state = builds(log)
        if state != last:
            last, since = state, time.monotonic()
        elif state[0] == state[1] >= finished and time.monotonic() - since >= quiet:
            break
        time.sleep(0.1)
    return last


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (the print step's forkserver and workers too)."""
    pids, index = [pid], 0
    while index < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[index]}/task"):
                with open(f"/proc/{pids[index]}/task/{task}/children") as children:
                    pids.extend(int(child) for child in children.read().split())
        except OSError:
            pass
        index += 1
    return pids


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting to be reaped does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


# -- a built site read back (stdlib HTML parser only) ---------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    ancestors: tuple[Element, ...] = ()

    def inside(self, css_class: str) -> bool:
        """Whether an enclosing element has ``css_class``."""
        return any(css_class in parent.attrs.get("class", "").split() for parent in self.ancestors)


@dataclass
class HtmlPage:
    """What a test needs of one built page."""

    path: Path
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (attribute, url)
    elements: list[Element] = field(default_factory=list)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with ``tag`` whose attributes include ``attrs`` (class matches one word)."""
        found = []
        for element in self.elements:
            if element.tag != tag:
                continue
            ok = True
            for name, value in attrs.items():
                name = name.rstrip("_").replace("_", "-")
                actual = element.attrs.get(name)
                if name == "class":
                    ok = actual is not None and value in actual.split()
                else:
                    ok = actual == value
                if not ok:
                    break
            if ok:
                found.append(element)
        return found


class _Parser(HTMLParser):
    def __init__(self, page: HtmlPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        element = Element(tag, values, ancestors=tuple(self.open))
        self.page.elements.append(element)
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name in ("href", "src"):
            if name in values:
                self.page.links.append((name, values[name]))
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "path", "wbr"):
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def read_page(path: Path, html: str | None = None) -> HtmlPage:
    """One built HTML page: its elements (with their text), ids and links (``html``: a part
    of the page at ``path`` instead of the whole file)."""
    page = HtmlPage(path)
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8") if html is None else html)
    parser.close()
    return page


def term_links(path: Path) -> list[tuple[str, str | None, str]]:
    """The glossary links of a built page (``a.oc-term``): (href, title, text)."""
    return [
        (element.attrs["href"], element.attrs.get("title"), element.text)
        for element in read_page(path).find("a", class_="oc-term")
    ]


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file a relative URL on ``page`` points to, and its fragment; None for external URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every relative href/src in ``site`` whose file or #fragment does not exist."""
    site = site.resolve()
    pages: dict[Path, HtmlPage] = {path.resolve(): read_page(path) for path in site.rglob("*.html")}
    broken = []
    for path, page in sorted(pages.items()):
        for attribute, url in page.links:
            target = resolve(site, path, url)
            if target is None:
                continue
            file, fragment = target
            where = f"{path.relative_to(site)}: {attribute}='{url}'"
            if not file.is_file():
                broken.append(f"{where} → missing file")
            elif fragment and file.suffix == ".html":
                ids = pages[file].ids if file in pages else read_page(file).ids
                if fragment not in ids:
                    broken.append(f"{where} → no id '{fragment}'")
    return broken


# -- PDFs read back (pikepdf, poppler, zbar) ------------------------------------------------------

MM = 72 / 25.4
A6 = (round(105 * MM, 2), round(148 * MM, 2))  # 297.64 × 419.53 pt
A7 = (round(74 * MM, 2), round(105 * MM, 2))  # 209.76 × 297.64 pt
A4 = (round(210 * MM, 2), round(297 * MM, 2))  # 595.28 × 841.89 pt


def tool(*command: str) -> str:
    """Run a Debian tool (poppler, zbar); `make test` installs them."""
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is missing: `make test` installs it with apt-get")
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pages_text(path: Path) -> list[str]:
    """The text layer of every page, whitespace folded."""
    return [" ".join(page.split()) for page in tool("pdftotext", str(path), "-").split("\f")[:-1]]


def region_text(path: Path, page: int, x_mm: float, y_mm: float, w_mm: float, h_mm: float) -> str:
    """The text inside a rectangle of one page (millimetres from the top left)."""
    box = [str(round(value * MM)) for value in (x_mm, y_mm, w_mm, h_mm)]
    text = tool(
        "pdftotext",
        "-f",
        str(page),
        "-l",
        str(page),
        "-x",
        box[0],
        "-y",
        box[1],
        "-W",
        box[2],
        "-H",
        box[3],
        str(path),
        "-",
    )
    return " ".join(text.split())


def box(page: pikepdf.Page, name: str = "/MediaBox") -> tuple[float, ...]:
    """A page box (MediaBox, TrimBox, ...), in points, rounded to 0.01."""
    return tuple(round(float(value), 2) for value in page.obj.get(name, page.MediaBox))


def size(page: pikepdf.Page, name: str = "/MediaBox") -> tuple[float, float]:
    """Width and height of a page box, in points, rounded to 0.01."""
    x0, y0, x1, y1 = (float(value) for value in page.obj.get(name, page.MediaBox))
    return round(x1 - x0, 2), round(y1 - y0, 2)


def qr_codes(path: Path, page: int, tmp_path: Path) -> list[str]:
    """Every QR code on one page, decoded by zbar from a 300 dpi image."""
    image = tmp_path / f"{path.stem}-{page}"
    tool(
        "pdftoppm",
        "-r",
        "300",
        "-gray",
        "-png",
        "-singlefile",
        "-f",
        str(page),
        "-l",
        str(page),
        str(path),
        str(image),
    )
    return sorted(tool("zbarimg", "--quiet", "--raw", f"{image}.png").split())


# -- a real browser -----------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# -- axe-core in a browser page ------------------------------------------------------------

# The WCAG 2.0, 2.1 and 2.2 rules at levels A and AA (test_accessibility.py, test_keep.py).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DISABLED_RULES: dict[str, str] = {}  # rule id → why it is off; none so far
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def axe_violations(page, inject: bool = True, rules: str = "all") -> list[str]:
    """axe-core's violations on the current page, one line per rule and element (``inject``:
    False when axe-core is already in this page, as after an earlier run on it). ``rules``:
    "all" the WCAG rules, "colour" only COLOUR_RULES, "structure" all but COLOUR_RULES."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    if not inject:
        axe.axe_script = ""  # the page still has it: run it again without reloading 500 kB
    disabled = set(DISABLED_RULES) | (set(COLOUR_RULES) if rules == "structure" else set())
    options = {
        "runOnly": (
            {"type": "rule", "values": [rule for rule in COLOUR_RULES if rule not in disabled]}
            if rules == "colour"
            else {"type": "tag", "values": WCAG_TAGS}
        ),
        "rules": {rule: {"enabled": False} for rule in disabled},
        # every rule still runs; only the violations are collected and sent back, not the
        # thousands of passed nodes (a fifth of the time of a run on the larger pages)
        "resultTypes": ["violations"],
    }
    response = axe.run(page, options=options).response
    return [
        f"{violation['id']}: {node['target']} {node['failureSummary'].splitlines()[-1]}"
        for violation in response["violations"]
        for node in violation["nodes"]
    ]


# Material's search index: every page load fetches it and builds the search in a web worker,
# about 0.3 s of processor time per load on this machine. Browser tests that do not search
# answer its request with an error (the page works as when the index cannot be loaded).
SEARCH_INDEX = "**/search/search_index.json"


def skip_search_index(context: Any, unless: Callable[[], bool] = lambda: False) -> None:
    """Let no page of ``context`` load the search index, unless ``unless()`` holds at that
    moment (a tour turns searching on before its search step)."""

    def answer(route: Any) -> None:
        route.continue_() if unless() else route.abort()

    context.route(SEARCH_INDEX, answer)


def search(page: Any, query: str, timeout: float = 30_000) -> list[str]:
    """Put ``query`` into Material's search box; return the paths of the result links.

    The whole query goes in at once, then one key is let go (Material reads the box on keyup):
    typed key by key, the results of a first part ("under" of "under-protection") could be the
    ones read back on a loaded machine."""
    page.click(".md-search__input")
    page.fill(".md-search__input", query)
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=timeout)
    links = page.locator(".md-search-result__item > .md-search-result__link")
    return [urlsplit(href).path for href in links.evaluate_all("els => els.map(e => e.href)")]


def tab_and_read(
    page: Any, presses: int, expression: str, until: Callable[[Any], bool] = lambda value: False
) -> list:
    """Press Tab up to ``presses`` times, evaluating ``expression`` after each press; stop
    early once ``until`` holds for the value read."""
    values = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        values.append(page.evaluate(expression))
        if until(values[-1]):
            break
    return values


# -- small decks for the checker's tests -------------------------------------------------

# Line numbers matter: tests below point at them.
CARD = """\
# yaml-language-server: $schema=../hooks/outreach_cards/schemas/card.schema.json
id: {id}
number: {number}
theme: hoe
audience: professional
places: [home]
related: []
sources: [recht-op-2022]
text:
  nl:
    title: Een titel
    front: Een korte voorkant van de kaart.
    body: Uitleg over de kaart.
    tips:
      - for: professional
        text: Een tip voor de professional.
    questions:
      - Een vraag voor de groep
  en:
    title: A title
    front: A short front of the card.
    body: Explanation of the card.
    tips:
      - for: professional
        text: A tip for the professional.
    questions:
      - A question for the group
testimonies:
  - quote:
      nl: Een letterlijk citaat uit de bron.
      en: A literal quote from the source.
    original: nl
    speaker: person-in-poverty
    source: recht-op-2022
    provenance: published-anonymised
covers: [recht-op-2022/hoe]
"""


OWN_SET = """\
# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/set.schema.json
id: onze-start
order: 2
text:
  nl:
    title: Onze eerste dag
    intro: Lees deze kaarten op je eerste dag.
  en:
    title: Our first day
    intro: Read these cards on your first day.
cards:
  - huisbezoek-als-gast
  - wat-is-outreach
"""


def add_own_set(cards: Path) -> Path:
    """Add an organisation's own set, 'onze-start' (two cards of the fixture deck), to the deck
    in ``cards``: the fixture deck then has two sets, to publish one of them."""
    path = cards / "sets" / "onze-start.yaml"
    path.write_text(OWN_SET, encoding="utf-8")
    return path


def write_card(
    cards: Path, card_id: str, number: int, *replacements: tuple[str, str], name: str | None = None
) -> Path:
    """Write the template card, with text replacements, as ``<name or id>.yaml``."""
    text = CARD.format(id=card_id, number=number)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = cards / f"{name or card_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- sets, sound fragments and redirects in a deck folder --------------------------------------

# Line numbers matter: tests point at them.
SET = """\
# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/set.schema.json
id: {id}
order: {order}
audience: professional
text:
  nl:
    title: Een set voor de eerste week
    intro: Lees deze kaarten in volgorde.
  en:
    title: A set for the first week
    intro: Read these cards in order.
cards:
  - tweede
  - eerste
"""


def write_set(cards: Path, set_id: str, order: int, *replacements: tuple[str, str]) -> Path:
    text = SET.format(id=set_id, order=order)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    folder = cards / "sets"
    folder.mkdir(exist_ok=True)
    path = folder / f"{set_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def audio_yaml(source: str, provenance: str) -> str:
    """A card's ``audio:`` block of one sound fragment (stem.wav, one second, spoken in Dutch
    by a person in poverty), from ``source`` with ``provenance``; to append to a card file."""
    lines = [
        "audio:",
        "  - file: stem.wav",
        "    title:",
        "      nl: Een stem uit de praktijk",
        "      en: A voice from practice",
        "    transcript:",
        "      nl: Dit is alles wat er gezegd wordt.",
        "      en: This is everything that is said.",
        "    original: nl",
        "    speaker: person-in-poverty",
        f"    source: {source}",
        f"    provenance: {provenance}",
        '    duration: "0:01"',
    ]
    return "\n".join(lines) + "\n"


def write_redirects(deck_dir: Path, entries: str) -> None:
    (deck_dir / "registries" / "redirects.yaml").write_text(
        "# yaml-language-server: $schema=../../hooks/outreach_cards/schemas/redirects.schema.json\n"
        f"redirects:\n{entries}",
        encoding="utf-8",
    )


def problems(deck_dir: Path) -> list[str]:
    """The formatted problems of the deck, relative to its parent folder."""
    with pytest.raises(DeckError) as caught:
        load_deck(deck_dir)
    return [problem.format(deck_dir.parent) for problem in caught.value.problems]


def card_with(fronts: dict[str, str]) -> Card:
    """A card with the given front text per language (the other fields are placeholders)."""
    text = {
        language: CardText(
            title="T", front=front, body="b", tips=(Tip("professional", "t"),), questions=("q",)
        )
        for language, front in fronts.items()
    }
    return Card(
        id="x",
        number=1,
        theme="hoe",
        audience="professional",
        sources=("s",),
        covers=("s/a",),
        text=text,
    )


# -- the Content-Security-Policy of the built pages ---------------------------------------------

CSP_META = "Content-Security-Policy"
# Script types a browser runs (the others, such as Material's JSON configuration, are data).
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Put in every page and frame before its own scripts: the policy's violations, as the page
# reports them to itself.
_CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolations.push(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${location.href}`
  + ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`));
"""


def page_policy(page: HtmlPage) -> list[dict[str, list[str]]]:
    """The Content-Security-Policies of a built page's ``<meta http-equiv>`` elements, each
    as directive → sources."""
    policies = []
    for meta in page.find("meta", http_equiv=CSP_META):
        directives = (part.split() for part in meta.attrs["content"].split(";") if part.strip())
        policies.append({name: sources for name, *sources in directives})
    return policies


def policy_problems(path: Path) -> list[str]:
    """What in a built page its policy does not allow, or that has no place on a locked-down
    page: not one policy, an inline script or style without its hash, an event handler
    attribute (onclick=...), 'unsafe-inline'."""
    page = read_page(path)
    policies = page_policy(page)
    if len(policies) != 1:
        return [f"{path}: {len(policies)} policies"]
    policy, problems = policies[0], []

    def allowed(directive: str, text: str) -> bool:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        return f"'sha256-{digest}'" in policy.get(directive, [])

    for element in page.elements:
        if element.tag == "script" and "src" not in element.attrs:
            kind = element.attrs.get("type", "").strip().lower()
            if kind in EXECUTABLE_SCRIPT_TYPES and not allowed("script-src", element.text):
                problems.append(f"{path}: inline script without its hash: {element.text[:60]}")
        if element.tag == "style" and not allowed("style-src", element.text):
            problems.append(f"{path}: <style> without its hash: {element.text[:60]}")
        if "style" in element.attrs and not (
            "'unsafe-hashes'" in policy["style-src"]
            and allowed("style-src", element.attrs["style"])
        ):
            problems.append(f"{path}: style attribute without its hash: {element.attrs['style']}")
        handlers = [name for name in element.attrs if name.startswith("on")]
        if handlers:
            problems.append(f"{path}: event handler attributes {handlers} on <{element.tag}>")
    if any("'unsafe-inline'" in sources for sources in policy.values()):
        problems.append(f"{path}: 'unsafe-inline'")
    return problems


def watch_policy(context: Any) -> Callable[[Any], list[str]]:
    """Collect the Content-Security-Policy violations of the pages of a Playwright browser
    context: the ones each page and frame reports (``securitypolicyviolation``) and Chromium's
    console messages about the policy (a frame the shim of the offline edition writes reports
    only there). Returns a function that gives, and forgets, what a page has had so far."""
    context.add_init_script(_CSP_WATCH)
    console: list[str] = []
    context.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def violations(page: Any) -> list[str]:
        found = list(console)
        console.clear()
        for frame in page.frames:
            found += frame.evaluate("window.__cspViolations || []")
            frame.evaluate("window.__cspViolations = []")
        return found

    return violations


def make_dry_run(*arguments: str) -> str:
    """What `make -n <arguments>` would run in the repository (the commands a target runs)."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def cms_backend_command() -> str:
    """The command `make edit` starts decap-server with (its first line in `make -n edit`)."""
    shown = make_dry_run("edit")
    line = next(line for line in shown.splitlines() if "BIND_HOST=" in line)
    return line.split(" & ")[0]


def start_cms_backend(project: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start decap-server as `make edit` does, on a free port and for ``project``; returns the
    process (node itself: ``exec``) and its port once it answers."""
    port = free_port()
    command = cms_backend_command().replace("PORT=8081", f"PORT={port}")
    command = command.replace(f"GIT_REPO_DIRECTORY={REPO}", f"GIT_REPO_DIRECTORY={project}")
    process = subprocess.Popen(
        f"exec env {command}",  # (env execs node: the same process)
        shell=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    while time.perf_counter() - started < 30:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process, port
        time.sleep(0.2)
    process.kill()
    raise AssertionError(f"decap-server did not listen on port {port} within 30 s")


def git(project: Path, *arguments: str) -> str:
    """Run git in ``project`` as a test user; its output."""
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@contextlib.contextmanager
def web_editor(target: Path) -> Iterator[tuple[Path, str]]:
    """What `make edit` runs, on a git copy of the fixture deck in ``target``: decap-server on
    it, and its site built with the web editor's local backend, served on 127.0.0.1;
    yields (project, site URL)."""
    project = copy_project(target, cards=FIXTURE_DECK)
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "deck")
    process, port = start_cms_backend(project)
    try:
        done = build(
            project,
            OUTREACH_CARDS_PDFS="false",
            OUTREACH_CARDS_CMS_LOCAL="1",
            OUTREACH_CARDS_CMS_PORT=str(port),
        )
        assert done.returncode == 0, done.stderr
        with serve_folder(project / "site") as url:
            yield project, url
    finally:
        process.kill()
        process.wait()


def listening_addresses(pid: int) -> set[tuple[str, int]]:
    """The (address, port) pairs process ``pid`` listens on over TCP, read from /proc (its
    socket inodes in /proc/<pid>/fd, their state and local address in /proc/net/tcp{,6})."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = set()
    for table in ("tcp", "tcp6"):
        for row in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] != "0A" or fields[9] not in inodes:  # 0A: LISTEN
                continue
            address, port = fields[1].split(":")
            raw = bytes.fromhex(address)
            if table == "tcp":
                host = socket.inet_ntop(socket.AF_INET, raw[::-1])
            else:  # (four little-endian 32-bit words)
                words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
                host = socket.inet_ntop(socket.AF_INET6, words)
            found.add((host, int(port, 16)))
    return found

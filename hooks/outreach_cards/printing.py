"""Printable pocket cards: card PDFs, duplex decks, A4 print sheets and a print-shop variant.

One print layout (``templates/print/*.j2`` + ``card.css``) serves every PDF and the browser's
print of a card page. WeasyPrint lays out the cards of each theme once per language and writes
a tagged PDF (PDF/UA-1) per card; a side whose text does not fit is reported as overflow (card,
language, side) instead of being clipped. Everything else is put together from those card PDFs
with pikepdf: theme decks and the whole deck (fronts and backs alternating), the print-shop deck
(3 mm bleed, trim box) and the A4 sheets (four A6 or eight A7 cards a side, cut marks, backs
placed for long-edge duplex).

Every file lands in a cache folder under a key made of everything that goes into it (its HTML,
the stylesheet, the fonts, the settings and the library versions), so a rebuild with no card
changed renders nothing, and an edit renders only the cards of its theme.
"""

from __future__ import annotations

import copy
import hashlib
import html
import io
import json
import os
import re
import resource
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import metadata, resources
from multiprocessing import get_context
from pathlib import Path

import markdown
import segno
from jinja2 import Environment, PackageLoader, StrictUndefined

from .htmlfix import ROOT_LINK
from .labels import labels_for
from .model import Card, Deck
from .pages import icon_svg
from .problems import DeckError, Problem


@dataclass(frozen=True)
class CardFormat:
    name: str
    width_mm: float
    height_mm: float
    columns: int  # cards across an A4 sheet
    rows: int
    turned: bool  # cards turned a quarter on the sheet (A7: 8 cards on A4 portrait)


FORMATS = {
    "A6": CardFormat("A6", 105, 148, columns=2, rows=2, turned=False),
    "A7": CardFormat("A7", 74, 105, columns=2, rows=4, turned=True),
}
BLEED_MM = 3
PDF_VARIANT = "pdf/ua-1"  # tagged PDF for the card and theme PDFs (WeasyPrint's PDF/UA-1)
CACHE_VERSION = "2"  # raise when the way files are made changes without a template change


class PrintError(DeckError):
    """Cards whose text does not fit their side of the card."""


@dataclass(frozen=True)
class PrintSettings:
    """What the print step needs from mkdocs.yml: the card format and the site's address."""

    format: str = "A6"
    site_url: str = "http://127.0.0.1:8000/"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(
                f"mkdocs.yml: extra.print.format must be one of {', '.join(FORMATS)}, "
                f"not '{self.format}'")
        if not re.match(r"^https?://", self.site_url or ""):
            raise ValueError(
                "mkdocs.yml: site_url must be the site's public address (http:// or https://): "
                "the QR codes on printed cards point to it")

    @property
    def card_format(self) -> CardFormat:
        return FORMATS[self.format]

    def card_url(self, deck: Deck, card: Card, language: str) -> str:
        """The stable, version-free address of a card's page: what its QR code holds. A card
        with audio fragments leads straight to them (its page's #audio section)."""
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        prefix = "" if language == deck.default_language else f"{language}/"
        return f"{base}{prefix}kaarten/{card.id}/" + ("#audio" if card.audio else "")


@dataclass(frozen=True)
class PrintFile:
    """One PDF of the print step, as the site offers it."""

    language: str
    path: str  # under the language's site root, e.g. "pdf/kaarten/x.pdf"
    kind: str  # card, theme, deck, sheets, print-shop
    title: str
    pages: int
    size: int  # bytes
    cache_file: Path


@dataclass
class PrintResult:
    files: list[PrintFile] = field(default_factory=list)
    rendered: int = 0  # files made in this run (the rest came from the cache)
    seconds: float = 0.0
    # Where the time went (wall seconds per phase), and what the layouts cost on every core.
    phases: dict[str, float] = field(default_factory=dict)
    layout_cpu: float = 0.0  # CPU seconds of all layouts, whichever process ran them
    worker_peak_mib: float = 0.0  # the largest resident memory of a process that ran layouts
    # Each card's print layout, (language, card id) → HTML: the PDFs' and the card page's
    fragments: dict[tuple[str, str], str] = field(default_factory=dict)

    def for_language(self, language: str) -> list[PrintFile]:
        return [file for file in self.files if file.language == language]

    def file(self, language: str, path: str) -> PrintFile:
        return next(f for f in self.files if f.language == language and f.path == path)


# ---------------------------------------------------------------------------------------------
# The print layout (HTML)


@dataclass(frozen=True)
class PrintCard:
    """Everything a printed side shows, as ready-made HTML strings."""

    id: str
    anchor: str
    language: str
    number: int
    colour: str
    theme_title: str
    title: str
    front: str
    icon: str
    tip_groups: tuple[tuple[str, tuple[str, ...]], ...]
    testimony: str | None
    testimony_caption: str | None
    question_label: str
    question: str
    source_line: str
    url: str
    qr: str
    qr_label: str
    listen: str | None = None  # a line pointing to the audio fragments behind the QR code


def print_card(deck: Deck, card: Card, language: str, settings: PrintSettings) -> PrintCard:
    """The printed content of ``card`` in ``language``: front text, all tips, the first
    testimony and the first reflection question (the web page, behind the QR code, has all)."""
    text, theme, labels = card.text[language], deck.theme(card.theme), labels_for(language)
    vocab = deck.vocabularies
    groups = []
    for audience in ("professional", "organisation"):
        tips = tuple(_inline(tip.text) for tip in text.tips if tip.audience == audience)
        if tips:
            groups.append((html.escape(vocab.audiences[audience].label[language]), tips))
    testimony = caption = None
    if card.testimonies:
        first = card.testimonies[0]
        testimony = _text(first.quote[language])
        source = deck.sources[first.source]
        parts = [vocab.speaker_roles[first.speaker].label[language], source.short]
        if first.is_translation(language):
            parts.append(labels["print_translation"])
        caption = html.escape(" · ".join(parts))
    url = settings.card_url(deck, card, language)
    sources = ", ".join(deck.sources[key].short for key in card.sources)
    return PrintCard(
        id=card.id, anchor=f"oc-{card.id}", language=language, number=card.number,
        colour=theme.colour, theme_title=html.escape(theme.title[language]),
        title=html.escape(text.title), front=_block(text.front),
        icon=icon_svg(theme.icon).replace("<svg ", '<svg fill="#ffffff" ', 1),
        tip_groups=tuple(groups), testimony=testimony, testimony_caption=caption,
        question_label=html.escape(labels["print_question"]), question=_inline(text.questions[0]),
        source_line=html.escape(f"{labels['sources']}: {sources}"), url=html.escape(url),
        qr=qr_image(url), qr_label=html.escape(labels["print_qr"].format(url=url)),
        listen=html.escape(labels["print_listen"]) if card.audio else None,
    )


_QR_CODES: dict[str, str] = {}  # url → PNG data URI; kept in the cache folder between builds


def qr_image(url: str) -> str:
    """The QR code of ``url`` as a PNG data URI, four pixels per module (segno; error
    correction M, quiet zone of 2), printed with ``image-rendering: pixelated``. A bitmap costs
    WeasyPrint far less than the same code as an SVG path; four pixels a module keep the edges
    sharp in viewers and printers that smooth images anyway (poppler does).

    Choosing the best of segno's eight masks is the slowest part of the print step's
    preparation, so codes are kept (see ``_load_qr_codes``)."""
    uri = _QR_CODES.get(url)
    if uri is None:
        code = segno.make(url, error="m", micro=False)
        uri = _QR_CODES[url] = code.png_data_uri(scale=4, border=2)
    return uri


def _load_qr_codes(cache_dir: Path) -> None:
    path = cache_dir / "qr-codes.json"
    if path.is_file():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            stored = {}
        if stored.get("segno") == segno.__version__ and stored.get("format") == "png-4":
            _QR_CODES.update(stored["codes"])


def _save_qr_codes(cache_dir: Path, urls: set[str]) -> None:
    """Keep the codes of ``urls`` (the deck's current cards) for the next build."""
    codes = {url: _QR_CODES[url] for url in sorted(urls)}
    data = json.dumps({"segno": segno.__version__, "format": "png-4", "codes": codes}, indent=0)
    path = cache_dir / "qr-codes.json"
    if not path.is_file() or path.read_text(encoding="utf-8") != data:
        _write(path, data.encode("utf-8"))


class _Memo:
    """Values kept in a JSON file in the cache folder between builds, and in memory between
    the builds of one process (`mkdocs serve`): the entries the last run used, under keys made
    of everything that goes into them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, object] = {}
        self.used: set[str] = set()
        self.changed = False

    def load(self, cache_dir: Path) -> None:
        self.used = set()
        path = cache_dir / self.name
        if path.is_file():
            try:
                self.values.update(json.loads(path.read_text(encoding="utf-8")))
            except ValueError:
                self.changed = True

    def get(self, key: str, make: Callable[[], object]) -> object:
        self.used.add(key)
        if key not in self.values:
            self.values[key] = make()
            self.changed = True
        return self.values[key]

    def save(self, cache_dir: Path) -> None:
        path = cache_dir / self.name
        if self.changed or len(self.values) != len(self.used) or not path.is_file():
            self.values = {key: self.values[key] for key in sorted(self.used)}
            _write(path, json.dumps(self.values, indent=0).encode("utf-8"))
            self.changed = False


# A card's print layout, under a key of the card, everything else it shows and the templates
# it is made with: a rebuild lays out only the cards that changed, and a new process does not
# lay out again (Markdown, QR code, templates) a deck it laid out before.
_FRAGMENTS = _Memo("fragments.json")
# The page count of each cached PDF ("<file name> <size>" → pages): no PDF is opened to count.
_PAGE_COUNTS = _Memo("page-counts.json")


def _layout_context(deck: Deck, language: str) -> str:
    """What a card's print layout is made with besides the card: templates, labels, Markdown,
    the deck's themes, sources and vocabularies."""
    folder = resources.files("outreach_cards") / "templates" / "print"
    templates = sorted((item.name, item.read_text(encoding="utf-8"))
                       for item in folder.iterdir() if item.name.endswith(".j2"))
    return _key(json.dumps(templates), markdown.__version__,
                json.dumps(labels_for(language), sort_keys=True),
                repr((deck.default_language, deck.themes, deck.sources, deck.vocabularies)))


def card_html(deck: Deck, card: Card, language: str, settings: PrintSettings) -> str:
    """The card's print fragment (front and back), as it appears in PDFs and card pages."""
    return _templates().get_template("print/card.html.j2").render(
        c=print_card(deck, card, language, settings), format=settings.format.lower())


BROWSER_ONLY = "  /* ---- browser only:"


@cache
def card_css(browser: bool = True) -> str:
    """The print stylesheet, shared with the site (written to docs/afdrukken/card.css).

    The PDFs get it without its browser-only tail (rules WeasyPrint does not know and would
    warn about: print-color-adjust, hiding the site's frame), closed after the cut.
    """
    css = (resources.files("outreach_cards") / "templates" / "print" / "card.css").read_text(
        encoding="utf-8")
    if browser:
        return css
    return css[:css.index(BROWSER_ONLY)].rstrip() + "\n}\n"


@cache
def fonts_css() -> str:
    """@font-face rules for the PDFs: Atkinson Hyperlegible (SIL OFL), embedded by WeasyPrint."""
    import fontpkg_atkinson_hyperlegible as atkinson

    rules = []
    for weight, style, name in ((400, "normal", "Regular"), (700, "normal", "Bold"),
                                (400, "italic", "Italic"), (700, "italic", "BoldItalic")):
        path = atkinson.ROOT / "files" / f"AtkinsonHyperlegible-{name}.ttf"
        rules.append(f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-weight: {weight}; '
                     f'font-style: {style}; src: url("{path.as_uri()}"); }}')
    return "\n".join(rules)


def document_html(deck: Deck, language: str, title: str, body: str) -> str:
    labels = labels_for(language)
    return _templates().get_template("print/document.html.j2").render(
        language=language, title=html.escape(title), author=html.escape(labels["print_author"]),
        description=html.escape(labels["print_description"]), fonts_css=fonts_css(),
        card_css=card_css(browser=False), body=body)


# ---------------------------------------------------------------------------------------------
# On the site: the card page's print section and the print page


@dataclass(frozen=True)
class PrintedDeck:
    """The print step's outcome, as the site pages need it."""

    settings: PrintSettings
    result: PrintResult


def card_print_section(deck: Deck, card: Card, language: str, printed: PrintedDeck) -> str:
    """Markdown for the end of a card page: a link to the card's PDF, and the card's print
    layout, hidden on screen and shown (alone) when the browser prints the page."""
    from .pages import file_size

    labels, fmt = labels_for(language), printed.settings.card_format
    file = printed.result.file(language, f"pdf/kaarten/{card.id}.pdf")
    facts = f"PDF, {fmt.name}, {file.pages} {labels['print_pages_unit']}, {file_size(file.size, language)}"
    return (f"## {labels['print_section']} {{ #print }}\n\n"
            f'<p class="oc-print-download"><a href="{ROOT_LINK}{file.path}">{html.escape(labels["print_card_pdf"])}'
            f"</a> ({facts})</p>\n\n"
            f"{labels['print_card_hint']}\n\n"
            # An <aside>, not a <div>: Material's search ends an exclusion at the first closing
            # tag of the same name, and the layout is full of divs.
            f'<aside class="oc-print-layout" role="none" data-search-exclude>\n'
            f"{print_layout_marker(language, card.id)}\n</aside>")


def print_layout_marker(language: str, card_id: str) -> str:
    """Where a card's print layout goes in a generated page. The layout (a few kB of HTML,
    a QR code among them) is put in by ``fill_print_layouts`` once the page is HTML: Markdown
    and Material's search then do not parse it (for every card page and, all cards at once,
    the deck builder), which made a build with PDFs markedly slower than one without."""
    return f"<!-- oc-print-layout {language} {card_id} -->"


_LAYOUT_MARKER = re.compile(r"<!-- oc-print-layout ([a-z]{2,3}(?:-[A-Za-z]+)?) ([a-z0-9-]+) -->")


def fill_print_layouts(page: str, fragments: dict[tuple[str, str], str]) -> str:
    """``page`` (HTML) with every print layout marker replaced by the card's layout."""
    if "<!-- oc-print-layout " not in page:
        return page
    return _LAYOUT_MARKER.sub(lambda match: site_fragment(fragments[(match[1], match[2])]), page)


_HEADING_ID = re.compile(r'(<h[1-6]\b[^>]*?) id="oc-[^"]*"')


def site_fragment(fragment: str) -> str:
    """A print layout for a web page: its headings lose their ids, which only the PDFs use
    (on a web page they would be targets nobody links to, and Material's search would start an
    empty result at each, were the layouts ever indexed)."""
    return _HEADING_ID.sub(r"\1", fragment)


def print_page_context(deck: Deck, language: str, printed: PrintedDeck) -> dict:
    """What the print page template lists: the whole-deck files, the theme and card PDFs."""
    labels, fmt, result = labels_for(language), printed.settings.card_format, printed.result
    per_sheet = fmt.columns * fmt.rows
    whole = [(result.file(language, "pdf/kaartenset.pdf"),
              labels["print_deck_what"].format(n=len(deck.cards))),
             (result.file(language, "pdf/kaartenset-a4.pdf"),
              labels["print_sheets_what"].format(per=per_sheet)),
             (result.file(language, "pdf/kaartenset-drukkerij.pdf"), labels["print_shop_what"])]
    themes = [(result.file(language, f"pdf/themas/{theme.key}.pdf"), theme)
              for theme in deck.themes if deck.cards_in_theme(theme.key)]
    cards = [(result.file(language, f"pdf/kaarten/{card.id}.pdf"), card) for card in deck.cards]
    size = f"{fmt.width_mm:g} × {fmt.height_mm:g} mm"
    if language == "nl":
        size = size.replace(".", ",")
    sets = [(result.file(language, f"pdf/sets/{card_set.id}{suffix}.pdf"), card_set, what)
            for card_set in deck.sets
            for suffix, what in (("", labels["print_duplex"]), ("-a4", labels["print_sheets_title"]))]
    return {"fmt": fmt, "fmt_size": size, "whole": whole, "themes": themes, "cards": cards,
            "sets": sets}


# ---------------------------------------------------------------------------------------------
# The print step


@dataclass(frozen=True)
class _Job:
    """One WeasyPrint layout: cards of one theme in one language, written as one PDF per
    card. Plain data, so a worker process can take it."""

    language: str
    label: str  # for the progress log
    html: str
    cards: tuple[tuple[str, str, Path], ...]  # (card id, PDF title, target)


@dataclass(frozen=True)
class _Assembly:
    """A PDF put together from card PDFs with pikepdf: a theme deck, the whole deck, the
    print-shop deck (bleed) or the A4 sheets (imposed)."""

    key: str
    language: str
    kind: str  # theme, deck, print-shop, sheets
    title: str
    members: tuple[Path, ...]  # card PDFs (front, back), in deck order
    target: Path
    colours: tuple[str, ...] = ()  # theme colour per member: the print-shop bleed behind fronts


def render_print(deck: Deck, settings: PrintSettings, cache_dir: Path, *,
                 log: Callable[[str], None] = lambda message: None,
                 workers: int | None = None) -> PrintResult:
    """Render every PDF of the deck in every language into ``cache_dir`` (only what changed).

    Raises PrintError listing every side that does not fit. A PDF is assembled as soon as its
    cards are laid out, while other layouts run; none is after a side was found to overflow
    (those made before hold only cards that fit, and are kept in the cache).
    """
    started = time.perf_counter()
    env = _fingerprint(settings)
    # One folder per settings and library versions: `check --print` and a build with another
    # site_url or format do not throw away each other's files when the cache is pruned.
    cache_dir = cache_dir / _key(env)[:12]
    cache_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or min(2, os.cpu_count() or 1)
    for attempt in (1, 2):
        pool = None
        if workers > 1 and (workers in _POOLS
                            or len(list(cache_dir.glob("*.pdf"))) < len(deck.cards)):
            # Most of the deck is to be rendered (or the workers run already): start them now,
            # so that their start (and WeasyPrint's import) overlaps with preparing the documents.
            pool = _pool(workers)
        try:
            return _render_print(deck, settings, cache_dir, env, started, log, workers, pool)
        except BrokenProcessPool:
            # A kept worker died (stopped, out of memory) since the last build: start new ones
            # and lay out again; a second death is an error.
            _POOLS.pop(workers, None)
            if attempt == 2:
                raise
            log("Print: a layout worker had stopped; starting new ones")
    raise AssertionError("unreachable")


# The layout workers, started once per process and kept: under `mkdocs serve` an edit's
# layouts go to workers that have WeasyPrint and the fonts loaded already.
_POOLS: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor:
    if workers not in _POOLS:
        _POOLS[workers] = _start_pool(workers)
    return _POOLS[workers]


def _start_pool(workers: int) -> ProcessPoolExecutor:
    context = get_context("forkserver")  # not fork: `mkdocs serve` runs threads
    context.set_forkserver_preload(["weasyprint"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_watch_owner, initargs=(os.getpid(),))
    for _ in range(workers):
        pool.submit(_warm_up)
    return pool


def _watch_owner(owner: int) -> None:
    """(In a worker) Stop when the process that started the workers is gone.

    A worker waits for its next layout on a queue it also holds the writing end of, so it
    never learns that `mkdocs serve` was stopped by a signal it did not get itself (SIGTERM
    from an editor or a process manager; Ctrl-C reaches the whole process group): without
    this, the workers (and the forkserver, which waits for them) would stay, each holding
    WeasyPrint and its fonts in memory."""

    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(owner, 0)
            except (ProcessLookupError, PermissionError):  # gone (or its number reused)
                os._exit(0)

    threading.Thread(target=watch, name="watch-owner", daemon=True).start()


def _warm_up() -> None:
    """Load WeasyPrint and the fonts in a worker before its first layout."""
    from weasyprint import HTML

    HTML(string=f"<style>{fonts_css()}</style><p style='font-family: Atkinson Hyperlegible'>"
         "x</p>").render()


def _render_print(deck: Deck, settings: PrintSettings, cache_dir: Path, env: str,
                  started: float, log: Callable[[str], None], workers: int,
                  pool: ProcessPoolExecutor | None) -> PrintResult:
    _load_qr_codes(cache_dir)
    _FRAGMENTS.load(cache_dir)
    _PAGE_COUNTS.load(cache_dir)
    fmt = settings.card_format
    result = PrintResult()
    assemblies: list[_Assembly] = []
    submitted: dict[Future, _Job] = {}
    todo: list[_Job] = []  # the layouts whose PDFs are not in the cache

    def assemble(language: str, path: str, kind: str, title: str, members: list[Path],
                 colours: tuple[str, ...] = ()) -> None:
        key = _key(env, kind, language, title, *colours, *(member.name for member in members))
        assembly = _Assembly(key, language, kind, title, tuple(members),
                             cache_dir / f"{key}.pdf", colours)
        assemblies.append(assembly)
        result.files.append(_file(language, path, kind, title, assembly.target))

    for language in deck.languages:
        labels = labels_for(language)
        name = labels["print_deck_name"]
        context = _layout_context(deck, language)
        # Everything of a card's PDF but its own layout: stylesheets, fonts, metadata.
        shell = _key(env, "shell", document_html(deck, language, "", ""))
        card_pdfs: dict[str, Path] = {}
        for theme in deck.themes:
            cards = deck.cards_in_theme(theme.key)
            if not cards:
                continue
            missing = []  # (card, PDF title, target) of the cards whose PDF is not in the cache
            for card in cards:
                fragment = result.fragments[(language, card.id)] = _FRAGMENTS.get(
                    _key(env, context, repr(card)),
                    lambda card=card: card_html(deck, card, language, settings))
                title = f"{card.number}. {card.text[language].title} — {name}"
                # A card's PDF depends on its own layout only (a card alone and among others
                # give the same pages), so an edit lays out the edited card alone.
                target = cache_dir / f"{_key(shell, title, fragment)}-{card.id}.pdf"
                card_pdfs[card.id] = target
                result.files.append(_file(language, f"pdf/kaarten/{card.id}.pdf", "card", title,
                                          target))
                if not target.is_file():
                    missing.append((card, title, target))
            if missing:
                # One layout for the missing cards of a theme: per-document costs (styles,
                # fonts) are paid once, and a first build is split into even parts.
                document = document_html(deck, language, f"{theme.title[language]} — {name}",
                                         "\n".join(result.fragments[(language, card.id)]
                                                   for card, _, _ in missing))
                job = _Job(language, f"theme '{theme.key}', {len(missing)} of {len(cards)} cards",
                           document, tuple((card.id, title, target)
                                           for card, title, target in missing))
                todo.append(job)
                if pool is not None:  # start it while the rest is prepared
                    submitted[pool.submit(_render_job, job)] = job
        for theme in deck.themes:
            members = [card_pdfs[card.id] for card in deck.cards_in_theme(theme.key)]
            if members:
                assemble(language, f"pdf/themas/{theme.key}.pdf", "theme",
                         f"{theme.title[language]} — {name}", members)
        members = [card_pdfs[card.id] for card in deck.cards]
        assemble(language, "pdf/kaartenset.pdf", "deck",
                 f"{name} ({fmt.name}, {labels['print_duplex']})", members)
        assemble(language, "pdf/kaartenset-drukkerij.pdf", "print-shop",
                 f"{name} ({fmt.name}, {labels['print_shop']})", members,
                 colours=tuple(deck.theme(card.theme).colour for card in deck.cards))
        assemble(language, "pdf/kaartenset-a4.pdf", "sheets",
                 f"{name} ({fmt.name}, {labels['print_sheets_title']})", members)
        for card_set in deck.sets:
            members = [card_pdfs[card_id] for card_id in card_set.cards]
            title = f"{card_set.title[language]} — {name}"
            assemble(language, f"pdf/sets/{card_set.id}.pdf", "deck",
                     f"{title} ({fmt.name}, {labels['print_duplex']})", members)
            assemble(language, f"pdf/sets/{card_set.id}-a4.pdf", "sheets",
                     f"{title} ({fmt.name}, {labels['print_sheets_title']})", members)

    _save_qr_codes(cache_dir, {settings.card_url(deck, card, language)
                               for language in deck.languages for card in deck.cards})
    result.phases["prepare"] = time.perf_counter() - started
    for language in deck.languages:
        mine = [job for job in todo if job.language == language]
        waiting = sum(len(job.cards) for job in mine)
        log(f"Print ({language}): {len(deck.cards)} cards: {waiting} to lay out "
            f"({len(mine)} layout{'' if len(mine) == 1 else 's'}), "
            f"{len(deck.cards) - waiting} from the cache")
    phase = time.perf_counter()
    made = [assembly for assembly in assemblies if not assembly.target.is_file()]
    unmade = list(made)

    def assemble_ready() -> None:
        """Make the PDFs whose cards are all laid out, while the workers lay out the rest
        (a language's decks while the next language is laid out): the main process would
        only wait."""
        ready = [assembly for assembly in unmade
                 if all(member.is_file() for member in assembly.members)]
        for assembly in ready:
            _assemble(assembly, fmt)
            unmade.remove(assembly)
        if ready:
            languages = ", ".join(sorted({assembly.language for assembly in ready}))
            log(f"Print: {len(ready)} PDF{'' if len(ready) == 1 else 's'} assembled "
                f"({languages})")

    overflows = sorted(set(_run(todo, workers, log, result, pool, submitted, assemble_ready)))
    result.phases["layout"] = time.perf_counter() - phase
    if overflows:
        root = deck.cards[0].path.parent.parent if deck.cards else None
        raise PrintError([_overflow_problem(deck, fmt, *overflow) for overflow in overflows],
                         root=root)
    phase = time.perf_counter()
    assemble_ready()
    result.phases["assemble"] = time.perf_counter() - phase
    result.rendered = len(todo) + len(made)
    result.files = [_measured(file) for file in result.files]
    _FRAGMENTS.save(cache_dir)
    _PAGE_COUNTS.save(cache_dir)
    _prune(cache_dir, {file.cache_file for file in result.files})
    result.seconds = time.perf_counter() - started
    log(f"Print: {len(result.files)} PDFs in {len(deck.languages)} languages "
        f"({sum(file.pages for file in result.files)} pages) in {result.seconds:.1f} s; "
        f"layouts rendered: {len(todo)}, PDFs assembled: {len(made)}, the rest from the cache")
    return result


def publish(result: PrintResult, language: str, site_root: Path) -> int:
    """Copy the PDFs of ``language`` under its site root (``site/`` or ``site/en/``)."""
    copied = 0
    for file in result.for_language(language):
        target = site_root / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.stat().st_size != file.size \
                or target.read_bytes() != file.cache_file.read_bytes():
            shutil.copyfile(file.cache_file, target)
            copied += 1
    return copied


def _run(layouts: list[_Job], workers: int, log: Callable[[str], None], result: PrintResult,
         pool: ProcessPoolExecutor | None, submitted: dict[Future, _Job],
         meanwhile: Callable[[], None]) -> list[tuple]:
    """Lay out ``layouts`` (those in ``submitted`` are already under way in ``pool``), on two
    cores where there is enough work, calling ``meanwhile`` after each layout done in a worker
    but the last, while no side overflowed. Returns the overflows."""
    overflows: list[tuple] = []
    totals = {job.language: 0 for job in layouts}
    for job in layouts:
        totals[job.language] += 1
    done = dict.fromkeys(totals, 0)

    def report(job: _Job, outcome: tuple[list[tuple], float, float]) -> None:
        found, cpu, peak = outcome
        overflows.extend(found)
        result.layout_cpu += cpu
        result.worker_peak_mib = max(result.worker_peak_mib, peak)
        done[job.language] += 1
        log(f"Print ({job.language}): {done[job.language]} of {totals[job.language]} "
            f"layouts ({job.label})")

    # Largest first, so the workers finish together.
    waiting = set(submitted.values())
    layouts = sorted((job for job in layouts if job not in waiting),
                     key=lambda job: len(job.html), reverse=True)
    if pool is None and workers > 1 and (workers in _POOLS
                                         or sum(len(job.cards) for job in layouts) >= 12):
        pool = _pool(workers)
    if pool is not None:
        futures = {**submitted, **{pool.submit(_render_job, job): job for job in layouts}}
        left = len(futures)
        for future in as_completed(futures):
            report(futures[future], future.result())
            left -= 1
            if left and not overflows:
                meanwhile()
    else:
        for job in layouts:
            report(job, _render_job(job))
    return overflows


def _render_job(job: _Job) -> tuple[list[tuple], float, float]:
    """Lay out one document of cards and write a PDF per card, unless a side overflows (then
    nothing is written). Returns the overflows, the CPU seconds it took and the process's
    peak memory in MiB."""
    started = time.process_time()
    overflows = _render_cards(job)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return overflows, time.process_time() - started, peak


def _render_cards(job: _Job) -> list[tuple]:
    from weasyprint import HTML

    document = HTML(string=job.html, base_url=str(Path.cwd())).render()
    overflows = []
    for card_id, _, _ in job.cards:
        overflows.extend((card_id, job.language, side, pages)
                         for side, pages in _overflowing_sides(document, f"oc-{card_id}"))
    if not overflows and len(document.pages) != 2 * len(job.cards):
        pages = f"{len(document.pages)} pages instead of {2 * len(job.cards)} ({job.label})"
        overflows.append(("", job.language, pages, 0))
    if overflows:
        return overflows
    for index, (_, title, target) in enumerate(job.cards):
        card = document.copy(document.pages[2 * index:2 * index + 2])
        card.metadata = copy.copy(document.metadata)
        card.metadata.title = title
        _write(target, card.write_pdf(pdf_variant=PDF_VARIANT))
    return []


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all (a worker may be stopped half-way)."""
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(target)


def _overflowing_sides(document, anchor: str) -> list[tuple[str, int]]:
    """The sides of one card that do not fit, with the pages each takes.

    A side that runs onto a second page does not fit. The front has the card's fixed height,
    so its text must also end above the theme icon: the anchors ``-front-end`` and ``-icon``
    give their measured positions (x0, y0, x1, y1 in CSS px) on the page.
    """
    found = []
    for side in ("front", "back"):
        pages = [index for index, page in enumerate(document.pages)
                 if f"{anchor}-{side}" in page.anchors]
        if len(pages) > 1:
            found.append((side, len(pages)))
    if not any(side == "front" for side, _ in found):
        first = next(page.anchors for page in document.pages if f"{anchor}-front" in page.anchors)
        end, icon = first.get(f"{anchor}-front-end"), first.get(f"{anchor}-icon")
        if end is None or icon is None or end[1] > icon[1]:
            found.insert(0, ("front", 1))
    return found


def _overflow_problem(deck: Deck, fmt: CardFormat, card_id: str, language: str, side: str,
                      pages: int) -> Problem:
    if not card_id:  # not a card's fault: the print layout itself (template, CSS) is off
        return Problem(Path("hooks/outreach_cards/templates/print/card.css"), 0, "layout",
                       f"a print layout ({language}) came out with {side}")
    card = deck.card(card_id)
    field = "front" if side == "front" else "tips"
    if side == "front":
        how = "its text runs into the theme icon" if pages == 1 else f"it needs {pages} pages"
        advice = "shorten the title or the front text"
    else:
        how = f"it needs {pages} pages"
        advice = "shorten the tips, the first testimony or the first question"
    return Problem(card.path, _field_line(card.path, ("text", language, field)),
                   f"text.{language}.{field}",
                   f"card '{card_id}' ({language}): the {side} does not fit on an {fmt.name} card "
                   f"({how}); {advice}")


def _field_line(path: Path, field: tuple[str, ...]) -> int:
    from .yamlsource import read_yaml

    source, _ = read_yaml(path)
    return source.line(field) if source is not None else 0


MM = 72 / 25.4  # PDF points per millimetre
A4_MM = (210, 297)


def _assemble(assembly: _Assembly, fmt: CardFormat) -> None:
    """Make one assembled PDF from its card PDFs (pikepdf; deterministic bytes)."""
    import pikepdf

    with ExitStack() as stack:
        sources = [stack.enter_context(pikepdf.open(member)) for member in assembly.members]
        pdf = stack.enter_context(pikepdf.new())
        if assembly.kind == "sheets":
            _impose(pdf, sources, fmt)
        else:
            for source in sources:
                pdf.pages.extend(source.pages)
        if assembly.kind == "print-shop":
            for index, page in enumerate(pdf.pages):
                front = index % 2 == 0
                _add_bleed(pdf, page, assembly.colours[index // 2] if front else "#ffffff")
        pdf.docinfo[pikepdf.Name.Title] = assembly.title
        pdf.docinfo[pikepdf.Name.Producer] = "outreach-cards (WeasyPrint, pikepdf)"
        pdf.Root.Lang = assembly.language
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
    _write(assembly.target, buffer.getvalue())


def _impose(pdf, sources, fmt: CardFormat) -> None:
    """A4 sheets: per group of cards a page of fronts, then a page of backs placed so that each
    back lands behind its front when printed double-sided and flipped on the long edge (the
    columns swap). A7 cards stand turned a quarter: fronts to the right, backs to the left, so
    both read upright after the flip. Short cut marks where the cards meet."""
    import pikepdf

    per_sheet = fmt.columns * fmt.rows
    width, height = fmt.width_mm * MM, fmt.height_mm * MM
    cell_w, cell_h = (height, width) if fmt.turned else (width, height)
    page_w, page_h = A4_MM[0] * MM, A4_MM[1] * MM
    top = page_h - (page_h - fmt.rows * cell_h) / 2  # the cards centred top to bottom
    for start in range(0, len(sources), per_sheet):
        group = sources[start:start + per_sheet]
        for side in (0, 1):  # front, back
            sheet = pdf.add_blank_page(page_size=(page_w, page_h))
            forms, operations = pikepdf.Dictionary(), []
            for index, source in enumerate(group):
                row, column = divmod(index, fmt.columns)
                if side == 1:
                    column = fmt.columns - 1 - column
                x, y = column * cell_w, top - (row + 1) * cell_h
                if not fmt.turned:
                    matrix = (1, 0, 0, 1, x, y)
                elif side == 0:  # turned right: the card's top to the sheet's right
                    matrix = (0, -1, 1, 0, x, y + width)
                else:  # turned left
                    matrix = (0, 1, -1, 0, x + height, y)
                name = f"/Card{index}"
                forms[name] = pdf.copy_foreign(source.pages[side].as_form_xobject())
                operations.append("q {} cm {} Do Q".format(
                    " ".join(f"{value:.4f}" for value in matrix), name))
            operations.append(_cut_marks(fmt, cell_w, cell_h, top))
            sheet.Resources = pikepdf.Dictionary(XObject=forms)
            sheet.Contents = pdf.make_stream("\n".join(operations).encode("ascii"))


def _cut_marks(fmt: CardFormat, cell_w: float, cell_h: float, top: float) -> str:
    """5 mm cut lines on every edge where two cards meet (black on a thin white halo, so they
    show on coloured fronts too), marked as an artifact."""
    length = 5 * MM
    right, bottom = fmt.columns * cell_w, top - fmt.rows * cell_h
    lines = []
    for column in range(1, fmt.columns):
        x = column * cell_w
        for row in range(fmt.rows + 1):
            y = min(max(top - row * cell_h - length / 2, bottom), top - length)
            lines.append((x, y, x, y + length))
    for row in range(fmt.rows + 1):
        y = top - row * cell_h
        for column in range(fmt.columns + 1):
            x = min(max(column * cell_w - length / 2, 0), right - length)
            lines.append((x, y, x + length, y))
    path = " ".join(f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l" for x0, y0, x1, y1 in lines)
    return (f"/Artifact BMC q 1 1 1 RG 1.2 w {path} S 0 0 0 RG 0.4 w {path} S Q EMC")


def _add_bleed(pdf, page, colour: str) -> None:
    """Grow the page by the bleed on every side (the trim box keeps the card's size) and paint
    the bleed in ``colour`` under the page's content, marked as an artifact."""
    import pikepdf

    bleed = BLEED_MM * MM
    x0, y0, x1, y1 = (float(value) for value in page.MediaBox)
    media = [x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed]
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    page.contents_add(pdf.make_stream(
        (f"/Artifact BMC q {red:.4f} {green:.4f} {blue:.4f} rg {media[0]:.3f} {media[1]:.3f} "
         f"{media[2] - media[0]:.3f} {media[3] - media[1]:.3f} re f Q EMC").encode("ascii")),
        prepend=True)
    page.MediaBox = pikepdf.Array(media)
    page.BleedBox = pikepdf.Array(media)
    page.TrimBox = pikepdf.Array([x0, y0, x1, y1])
    if "/CropBox" in page:
        del page.CropBox


def _file(language: str, path: str, kind: str, title: str, target: Path) -> PrintFile:
    return PrintFile(language=language, path=path, kind=kind, title=title, pages=0, size=0,
                     cache_file=target)


def _measured(file: PrintFile) -> PrintFile:
    """``file`` with the page count and size of its rendered PDF."""
    size = file.cache_file.stat().st_size
    counted = _PAGE_COUNTS.get(f"{file.cache_file.name} {size}",
                               lambda: page_count(file.cache_file))
    return replace(file, pages=counted, size=size)


@cache
def _page_count(path: Path, size: int) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def page_count(path: Path) -> int:
    return _page_count(path, path.stat().st_size)


def _prune(cache_dir: Path, keep: set[Path]) -> None:
    """Remove cached PDFs this deck no longer uses, so the cache does not grow without end."""
    for path in cache_dir.glob("*.pdf"):
        if path not in keep:
            path.unlink(missing_ok=True)
    for path in cache_dir.glob("*.tmp"):
        path.unlink(missing_ok=True)


def _fingerprint(settings: PrintSettings) -> str:
    versions = {name: metadata.version(name)
                for name in ("weasyprint", "pydyf", "pikepdf", "segno", "fontpkg-atkinson-hyperlegible")}
    return json.dumps([CACHE_VERSION, versions, settings.format, settings.site_url])


def _key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


_MARKDOWN = markdown.Markdown()


def _inline(text: str) -> str:
    """Card Markdown of one line or paragraph, as inline HTML."""
    rendered = _block(" ".join(text.split()))
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.DOTALL)


def _block(text: str) -> str:
    return _MARKDOWN.reset().convert(text)


def _text(text: str) -> str:
    return html.escape(" ".join(text.split()))


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("outreach_cards", "templates"),
                       undefined=StrictUndefined, autoescape=False)

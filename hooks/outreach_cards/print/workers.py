"""The layout workers: processes that lay out card documents with WeasyPrint.

A layout is one HTML document of cards (the missing cards of one theme in one language); the
worker writes one tagged PDF per card, unless a side does not fit (then nothing is written and
the overflows come back). ``LayoutWorkers`` starts the processes once and keeps them: under
`mkdocs serve` an edit's layouts go to workers that have WeasyPrint and the fonts loaded.
"""

from __future__ import annotations

import copy
import os
import resource
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from .cache import write_atomic
from .layout import print_styles

PDF_VARIANT = "pdf/ua-1"  # tagged PDF for the card and theme PDFs (WeasyPrint's PDF/UA-1)

# (card id, language, side or what went wrong, pages the side takes)
Overflow = tuple[str, str, str, int]


@dataclass(frozen=True)
class LayoutJob:
    """One WeasyPrint layout: cards of one theme in one language, written as one PDF per
    card. Plain data, so a worker process can take it."""

    language: str
    label: str  # for the progress log
    html: str
    cards: tuple[tuple[str, str, Path], ...]  # (card id, PDF title, target)


class LayoutWorkers:
    """A pool of layout worker processes, started on first use and kept until ``close``."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def submit(self, job: LayoutJob) -> Future:
        if self._pool is None:
            self._pool = _start_pool(self.workers)
        return self._pool.submit(render_job, job)

    def start(self) -> None:
        """Start the processes now (their start overlaps with preparing the documents)."""
        if self._pool is None:
            self._pool = _start_pool(self.workers)

    def close(self) -> None:
        """Stop the processes (also those that died: a new ``submit`` starts new ones). Waits
        until the pool's manager thread has closed its pipe: without waiting, Python 3.11's exit
        handler could write to that pipe while it closed, and a failed `mkdocs build` ended with
        "OSError: [Errno 9] Bad file descriptor" from concurrent.futures (seen once in CI)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _start_pool(workers: int) -> ProcessPoolExecutor:
    context = get_context("forkserver")  # not fork: `mkdocs serve` runs threads
    context.set_forkserver_preload(["weasyprint"])
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_watch_owner, initargs=(os.getpid(),)
    )
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
    """Load WeasyPrint, parse the stylesheets and load the fonts in a worker before its first
    layout."""
    from weasyprint import HTML

    font_config, stylesheets = _stylesheets()
    HTML(string="<p style='font-family: Atkinson Hyperlegible'>x</p>").render(
        stylesheets=stylesheets, font_config=font_config
    )


@cache
def _stylesheets():
    """The print stylesheets, parsed once per process, with the font configuration their
    @font-face rules load the fonts into (WeasyPrint wants the two together)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    return font_config, [CSS(string=css, font_config=font_config) for css in print_styles()]


def render_job(job: LayoutJob) -> tuple[list[Overflow], float, float]:
    """Lay out one document of cards and write a PDF per card, unless a side overflows (then
    nothing is written). Returns the overflows, the CPU seconds it took and the process's
    peak memory in MiB."""
    started = time.process_time()
    overflows = _render_cards(job)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return overflows, time.process_time() - started, peak


def _render_cards(job: LayoutJob) -> list[Overflow]:
    from weasyprint import HTML

    font_config, stylesheets = _stylesheets()
    document = HTML(string=job.html, base_url=str(Path.cwd())).render(
        stylesheets=stylesheets, font_config=font_config
    )
    overflows: list[Overflow] = []
    for card_id, _, _ in job.cards:
        overflows.extend(
            (card_id, job.language, side, pages)
            for side, pages in overflowing_sides(document, f"oc-{card_id}")
        )
    if not overflows and len(document.pages) != 2 * len(job.cards):
        pages = f"{len(document.pages)} pages instead of {2 * len(job.cards)} ({job.label})"
        overflows.append(("", job.language, pages, 0))
    if overflows:
        return overflows
    for index, (_, title, target) in enumerate(job.cards):
        card = document.copy(document.pages[2 * index : 2 * index + 2])
        card.metadata = copy.copy(document.metadata)
        card.metadata.title = title
        write_atomic(target, card.write_pdf(pdf_variant=PDF_VARIANT))
    return []


def overflowing_sides(document, anchor: str) -> list[tuple[str, int]]:
    """The sides of one card that do not fit, with the pages each takes.

    A side that runs onto a second page does not fit. The front has the card's fixed height,
    so its text must also end above the theme icon: the anchors ``-front-end`` and ``-icon``
    give their measured positions (x0, y0, x1, y1 in CSS px) on the page.
    """
    found = []
    for side in ("front", "back"):
        pages = [
            index for index, page in enumerate(document.pages) if f"{anchor}-{side}" in page.anchors
        ]
        if len(pages) > 1:
            found.append((side, len(pages)))
    if not any(side == "front" for side, _ in found):
        first = next(page.anchors for page in document.pages if f"{anchor}-front" in page.anchors)
        end, icon = first.get(f"{anchor}-front-end"), first.get(f"{anchor}-icon")
        if end is None or icon is None or end[1] > icon[1]:
            found.insert(0, ("front", 1))
    return found

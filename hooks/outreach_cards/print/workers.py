"""The layout workers: processes that lay out card documents with WeasyPrint.

A layout is one HTML document of cards (the missing cards of one theme in one language); the
worker writes one tagged PDF per card, unless a side does not fit (then nothing is written and
the overflows come back). ``LayoutWorkers`` starts the processes on first use and stops them
at ``close`` (the print step does so when a run's layouts are done). Each pool has a temporary
folder of its own, removed at ``close``: WeasyPrint writes the fonts of the stylesheets'
@font-face rules into a temporary folder per process that it removes only when the process
exits normally, and a worker ends with ``os._exit`` (or is killed), so every worker left one
behind in /tmp (about 230 kB each; over a thousand were found after a day of tests). Only a
build that is killed itself still leaves its pool's folder.

A worker tells the build when it starts and when it begins a layout (a queue of notices), so
the build knows which layouts were under way when a worker died (``WorkersStopped``: the step
runs them again, each alone, and fails naming the cards of one that stops a worker again) and
how long each has taken (``LayoutsTimedOut`` past ``layout_time_limit``: the workers are
killed and the step fails naming the cards).
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import os
import resource
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from .. import faults
from ..memory import release
from .cache import write_checked
from .layout import print_styles

PDF_VARIANT = "pdf/ua-1"  # tagged PDF for the card and theme PDFs (WeasyPrint's PDF/UA-1)

# (card id, language, side or what went wrong, pages the side takes)
Overflow = tuple[str, str, str, int]
# What a layout hands back: its overflows, the CPU seconds it took, the worker's peak MiB.
Outcome = tuple[list[Overflow], float, float]

LAYOUT_TIMEOUT = "OUTREACH_CARDS_LAYOUT_TIMEOUT"
DEFAULT_TIMEOUT = 300.0  # seconds for a layout of up to CARDS_PER_TIMEOUT cards
CARDS_PER_TIMEOUT = 10


def layout_time_limit(cards: int, seconds: float = DEFAULT_TIMEOUT) -> float:
    """How long a layout of ``cards`` cards may take in a worker before it counts as hung:
    ``seconds`` (OUTREACH_CARDS_LAYOUT_TIMEOUT, 300 by default: a hundred times what ten cards
    take on a slow machine) per ten cards, at least ``seconds``."""
    return seconds * max(1.0, cards / CARDS_PER_TIMEOUT)


def timeout_setting() -> float:
    """OUTREACH_CARDS_LAYOUT_TIMEOUT in seconds (DEFAULT_TIMEOUT when unset); ValueError with a
    message when it is not a number above 0."""
    value = os.environ.get(LAYOUT_TIMEOUT, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError(f"{LAYOUT_TIMEOUT} must be a number of seconds above 0, not '{value}'")
    return seconds


class WorkersStopped(Exception):
    """A layout worker died (killed, out of memory, a crash in WeasyPrint): the pool is gone.
    ``running``: the layouts under way in some worker then; ``lost``: every layout whose result
    did not come (the running ones too)."""

    def __init__(self, running: list[LayoutJob], lost: list[LayoutJob]) -> None:
        super().__init__(f"a layout worker stopped ({len(running)} layouts under way)")
        self.running, self.lost = running, lost


class LayoutsTimedOut(Exception):
    """Layouts that took longer than their limit; the workers were killed."""

    def __init__(self, jobs: list[LayoutJob], limits: list[float]) -> None:
        super().__init__(f"{len(jobs)} layouts took too long")
        self.jobs, self.limits = jobs, limits


@dataclass(frozen=True)
class LayoutJob:
    """One WeasyPrint layout: cards of one theme in one language, written as one PDF per
    card. Plain data, so a worker process can take it."""

    language: str
    label: str  # for the progress log
    html: str
    cards: tuple[tuple[str, str, Path], ...]  # (card id, PDF title, target)

    @property
    def key(self) -> str:
        """Names the job in the workers' notices (one layout per theme and language)."""
        return f"{self.language} {self.label}"


class LayoutWorkers:
    """A pool of layout worker processes, started on first use and kept until ``close``."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._notices = None  # the pool's queue: (pid, "") at a worker's start, (pid, job key)
        self._pids: set[int] = set()  # the pool's worker processes
        self._under_way: dict[str, float] = {}  # job key → when a worker began it (monotonic)
        self._folder: str | None = None  # the workers' temporary folder

    @property
    def started(self) -> bool:
        return self._pool is not None

    def submit(self, job: LayoutJob) -> Future:
        self.start()
        return self._pool.submit(render_job, job)

    def start(self) -> None:
        """Start the processes now (their start overlaps with preparing the documents)."""
        if self._pool is None:
            context = get_context("forkserver")  # not fork: `mkdocs serve` runs threads
            context.set_forkserver_preload(["weasyprint"])
            self._notices = context.SimpleQueue()
            self._pids, self._under_way = set(), {}
            self._folder = tempfile.mkdtemp(prefix="outreach-cards-layout-")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(os.getpid(), self._notices, self._folder),
            )
            for _ in range(self.workers):
                self._pool.submit(_warm_up)

    def results(
        self, futures: dict[Future, LayoutJob], limit: Callable[[LayoutJob], float]
    ) -> Iterator[tuple[LayoutJob, Outcome]]:
        """Each job's outcome as soon as it is done. Raises WorkersStopped when a worker died
        (the pool is closed then), LayoutsTimedOut when a job ran longer than ``limit(job)``
        seconds (its workers are killed and the pool closed)."""
        pending = dict(futures)
        while pending:
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            self._read_notices()
            lost = []
            for future in done:
                job = pending.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    lost.append(job)
                    continue
                self._under_way.pop(job.key, None)
                yield job, outcome
            if lost:
                lost.extend(pending.values())
                running = [job for job in lost if job.key in self._under_way]
                self.close()
                raise WorkersStopped(running, lost)
            now = time.monotonic()
            late = [
                job
                for job in pending.values()
                if now - self._under_way.get(job.key, now) > limit(job)
            ]
            if late:
                self.kill()
                raise LayoutsTimedOut(late, [limit(job) for job in late])

    def _read_notices(self) -> None:
        while self._notices is not None and not self._notices.empty():
            pid, job_key = self._notices.get()
            self._pids.add(pid)
            if job_key:
                self._under_way[job_key] = time.monotonic()

    def kill(self) -> None:
        """Kill the worker processes (a layout hangs) and close the pool."""
        self._read_notices()
        for pid in self._pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.close()

    def close(self) -> None:
        """Stop the processes (also those that died: a new ``submit`` starts new ones). Waits
        until the pool's manager thread has closed its pipe: without waiting, Python 3.11's exit
        handler could write to that pipe while it closed, and a failed `mkdocs build` ended with
        "OSError: [Errno 9] Bad file descriptor" from concurrent.futures (seen once in CI)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._notices = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


_notices = None  # (in a worker) the queue to tell the build what this worker does


def _start_worker(owner: int, notices, folder: str) -> None:
    """(In a worker) Say that this worker is up (the build may have to kill it), keep
    temporary files in the pool's ``folder``, and watch the build's process."""
    global _notices
    _notices = notices
    tempfile.tempdir = folder  # (WeasyPrint's fonts: see the module's docstring)
    faults.set_build_pid(owner)
    notices.put((os.getpid(), ""))
    _watch_owner(owner)


def _watch_owner(owner: int) -> None:
    """(In a worker) Stop when the process that started the workers is gone.

    A worker waits for its next layout on a queue it also holds the writing end of, so it
    never learns that `mkdocs serve` was stopped by a signal it did not get itself (SIGTERM
    from an editor or a process manager; Ctrl-C reaches the whole process group), nor that a
    build was killed: without this, the workers (and the forkserver, which waits for them)
    would stay, each holding WeasyPrint and its fonts in memory."""

    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(owner, 0)
            except (ProcessLookupError, PermissionError):  # gone (or its number reused)
                # (The pool's folder stays: removing it here took the fonts away from a layout
                # still under way in this worker, which then wrote a card PDF in another font
                # into the cache before the exit; seen once in CI. A killed build leaves it.)
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
    # Let it go before the interpreter tears down WeasyPrint's modules: kept to the end, its
    # __del__ then calls a function already gone and Python prints "Exception ignored …
    # TypeError" at the exit of a process that laid out cards itself (seen in CI).
    atexit.register(_stylesheets.cache_clear)
    return font_config, [CSS(string=css, font_config=font_config) for css in print_styles()]


def let_stylesheets_go() -> None:
    """(In the build process, after a run that laid out cards itself) Let the parsed
    stylesheets and their fonts go: WeasyPrint removes their font folder now, not at the exit
    that SIGTERM to `mkdocs serve` skips (a folder left in /tmp at every stop), and the server
    does not keep the fonts between edits. The next such layout parses them again (about half
    a second)."""
    _stylesheets.cache_clear()


def render_job(job: LayoutJob) -> Outcome:
    """Lay out one document of cards and write a PDF per card, unless a side overflows (then
    nothing is written). Returns the overflows, the CPU seconds it took and the process's
    peak memory in MiB."""
    started = time.process_time()
    if _notices is not None:
        _notices.put((os.getpid(), job.key))
    overflows = _render_cards(job)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    release()  # (the worker waits, maybe for hours under `mkdocs serve`: not at its peak size)
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
    for index, (card_id, title, target) in enumerate(job.cards):
        if _notices is not None:
            faults.in_worker(card_id, target.parent)
        card = document.copy(document.pages[2 * index : 2 * index + 2])
        card.metadata = copy.copy(document.metadata)
        card.metadata.title = title
        write_checked(target, card.write_pdf(pdf_variant=PDF_VARIANT))
        faults.at("print-after-first-pdf")
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

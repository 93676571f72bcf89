"""The print step: every PDF of the deck in every language, laid out only where the cache
does not hold it already.

``PrintStep`` owns what lives longer than one run: the cache's memos (print layouts, page
counts, QR codes) and the layout workers. The MkDocs hook keeps one for the process (under
`mkdocs serve` the memos spare a rebuild every card that did not change); ``outreach-cards
check --print`` and the tests make their own (``render_print``). The workers live for one run
only: they stop as soon as its layouts are done, before the decks are assembled. Kept, they
waited beside `mkdocs serve` for the next edit at the size of their largest layout (at 1000
cards two workers held 343 MiB between edits, and the build process assembled the decks beside
them); an edit lays out its few cards in the build process instead, and a larger change starts
new workers.

A cached PDF is used only when it matches its checksum (see ``cache``); a damaged one is made
again (and said so in the log), and the files that hold it wait for it. A layout worker that
dies has its layouts run again in new workers, those it was laying out each alone; a layout
that stops a worker again, or takes longer than OUTREACH_CARDS_LAYOUT_TIMEOUT allows, fails
the step with a problem naming its cards.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from .. import urls
from ..atomic import copy_atomic
from ..locales import labels_for
from ..memory import release
from ..model import Deck
from ..problems import Problem
from .assemble import Assembly, assemble
from .cache import Checked, Memo, key, page_count, prune, settings_fingerprint
from .duplex_test import duplex_test_html
from .facilitator import format_sheet_html, set_sheet_html
from .formats import CardFormat, PrintSettings
from .layout import card_html, document_html, layout_context, print_styles
from .qr import QrCodes
from .results import LayoutError, PreflightError, PrintError, PrintFile, PrintResult
from .workers import (
    LAYOUT_TIMEOUT,
    LayoutJob,
    LayoutsTimedOut,
    LayoutWorkers,
    Outcome,
    Overflow,
    WorkersStopped,
    layout_time_limit,
    let_stylesheets_go,
    render_job,
    timeout_setting,
)

Log = Callable[[str], None]

# The most cards in one layout (one document in a worker). At 1000 cards, layouts of whole
# themes (88 to 168 cards) made workers of 150 to 220 MiB.
LAYOUT_CARDS = 40


class PrintStep:
    """Renders the deck's PDFs into a cache folder, with layout workers for each run."""

    def __init__(self, cache_root: Path, workers: int | None = None) -> None:
        self.cache_root = Path(cache_root)
        self.workers = LayoutWorkers(workers or min(2, os.cpu_count() or 1))
        # A card's print layout, under a key of the card, everything else it shows and the
        # templates it is made with: a rebuild lays out only the cards that changed, and a
        # new process does not lay out again (Markdown, QR code, templates) a deck it laid
        # out before.
        self.fragments = Memo("fragments.json")
        # The page count of each cached PDF ("<file name> <size>" → pages): no PDF is opened.
        self.page_counts = Memo("page-counts.json")
        self.qr_codes = QrCodes()
        self.checked = Checked()  # the cached PDFs verified against their checksums

    def __enter__(self) -> PrintStep:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.workers.close()

    def run(
        self, deck: Deck, settings: PrintSettings, *, log: Log = lambda message: None
    ) -> PrintResult:
        """Render every PDF of ``deck`` in every language (only what changed).

        Raises PrintError listing every side that does not fit, LayoutError naming the cards
        of a layout that stopped a worker twice or took too long. A PDF is assembled as soon as
        its cards are laid out, while other layouts run; none is after a side was found to
        overflow (those made before hold only cards that fit, and are kept in the cache).
        """
        started = time.perf_counter()
        try:
            self.timeout = timeout_setting()
        except ValueError as error:
            problem = Problem(Path("(environment)"), 0, LAYOUT_TIMEOUT, str(error))
            raise LayoutError([problem]) from None
        env = settings_fingerprint(settings)
        # One folder per settings and library versions: `check --print` and a build with
        # another site_url or format do not throw away each other's files when pruned.
        cache_dir = self.cache_root / key(env)[:12]
        cache_dir.mkdir(parents=True, exist_ok=True)
        if self.workers.workers > 1 and len(list(cache_dir.glob("*.pdf"))) < len(deck.cards):
            # Most of the deck is to be rendered: start the workers now, so that their start
            # (and WeasyPrint's import) overlaps with preparing.
            self.workers.start()
        try:
            return _Run(self, deck, settings, cache_dir, env, started, log).run()
        finally:
            self.workers.close()  # (stopped already when the layouts were done)
            let_stylesheets_go()


def render_print(
    deck: Deck,
    settings: PrintSettings,
    cache_dir: Path,
    *,
    log: Log = lambda message: None,
    workers: int | None = None,
) -> PrintResult:
    """One print run with workers of its own, stopped afterwards."""
    with PrintStep(cache_dir, workers) as step:
        return step.run(deck, settings, log=log)


def publish(result: PrintResult, language: str, site_root: Path) -> int:
    """Copy the PDFs of ``language`` under its site root (``site/`` or ``site/en/``)."""
    copied = 0
    for file in result.for_language(language):
        target = site_root / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if (
            not target.is_file()
            or target.stat().st_size != file.size
            or target.read_bytes() != file.cache_file.read_bytes()
        ):
            copy_atomic(file.cache_file, target)
            copied += 1
    return copied


class _Run:
    """One run of the step: plan the layouts and assemblies, run them, measure the files."""

    def __init__(
        self,
        step: PrintStep,
        deck: Deck,
        settings: PrintSettings,
        cache_dir: Path,
        env: str,
        started: float,
        log: Log,
    ) -> None:
        self.step, self.deck, self.settings = step, deck, settings
        self.cache_dir, self.env, self.started, self.log = cache_dir, env, started, log
        self.fmt: CardFormat = settings.card_format
        self.result = PrintResult()
        self.assemblies: list[Assembly] = []
        self.submitted: dict[Future, LayoutJob] = {}
        self.todo: list[LayoutJob] = []  # the layouts whose PDFs are not in the cache
        self.pending: set[Path] = set()  # the card PDFs to be laid out (not yet done)
        self.damaged: list[Path] = []  # cached PDFs that did not match their checksums

    def run(self) -> PrintResult:
        step, deck, result, log = self.step, self.deck, self.result, self.log
        damaged_memos = [
            name
            for name, damaged in (
                (step.qr_codes.FILE, step.qr_codes.load(self.cache_dir)),
                (step.fragments.name, step.fragments.load(self.cache_dir)),
                (step.page_counts.name, step.page_counts.load(self.cache_dir)),
            )
            if damaged
        ]
        for name in damaged_memos:
            log(f"Print: {name} in the cache was damaged; making its values again")
        for language in deck.languages:
            self._plan(language)
        step.qr_codes.save(
            self.cache_dir,
            {
                self.settings.card_url(deck, card, language)
                for language in deck.languages
                for card in deck.cards
            },
        )
        result.phases["prepare"] = time.perf_counter() - self.started
        for language in deck.languages:
            mine = [job for job in self.todo if job.language == language]
            waiting = sum(len(job.cards) for job in mine)
            log(
                f"Print ({language}): {len(deck.cards)} cards: {waiting} to lay out "
                f"({len(mine)} layout{'' if len(mine) == 1 else 's'}), "
                f"{len(deck.cards) - waiting} from the cache"
            )
        phase = time.perf_counter()
        made = [assembly for assembly in self.assemblies if not self._cached(assembly.target)]
        self.unmade = list(made)
        if self.damaged:
            one = len(self.damaged) == 1
            log(
                f"Print: {len(self.damaged)} cached PDF{'' if one else 's'} "
                f"{'was' if one else 'were'} damaged "
                f"({', '.join(path.name for path in self.damaged)}); "
                f"rendering {'it' if one else 'them'} again"
            )
        overflows = sorted(set(self._layouts()))
        # Let the workers go before the decks are assembled (see the module's docstring).
        step.workers.close()
        result.phases["layout"] = time.perf_counter() - phase
        if overflows:
            root = deck.cards[0].path.parent.parent if deck.cards else None
            raise PrintError(
                [_overflow_problem(deck, self.fmt, *overflow) for overflow in overflows], root=root
            )
        phase = time.perf_counter()
        self._assemble_ready()
        result.phases["assemble"] = time.perf_counter() - phase
        result.rendered = len(self.todo) + len(made)
        result.files = [self._measured(file) for file in result.files]
        step.fragments.save(self.cache_dir)
        step.page_counts.save(self.cache_dir)
        prune(self.cache_dir, {file.cache_file for file in result.files})
        result.seconds = time.perf_counter() - self.started
        log(
            f"Print: {len(result.files)} PDFs in {len(deck.languages)} languages "
            f"({sum(file.pages for file in result.files)} pages) in {result.seconds:.1f} s; "
            f"layouts rendered: {len(self.todo)}, PDFs assembled: {len(made)}, "
            "the rest from the cache"
        )
        return result

    # -- planning ---------------------------------------------------------------------------

    def _plan(self, language: str) -> None:
        """The card PDFs of ``language`` (a layout per theme for those not in the cache) and
        every PDF assembled from them."""
        deck, fmt, result, cache_dir = self.deck, self.fmt, self.result, self.cache_dir
        labels = labels_for(language)
        brand = self.settings.brand
        name = brand.name(language)
        context = layout_context(deck, language)
        # Everything of a card's PDF but its own layout: stylesheets, fonts, metadata.
        shell = key(
            self.env,
            "shell",
            language,
            document_html(self.settings, language, "", ""),
            *print_styles(),
        )
        card_pdfs: dict[str, Path] = {}
        for theme in deck.themes:
            cards = deck.cards_in_theme(theme.key)
            if not cards:
                continue
            missing = []  # (card, PDF title, target) of the cards whose PDF is not cached
            for card in cards:
                # The language in the key, not only its words: two languages with the same
                # interface words still differ in their text, `lang` and QR codes.
                fragment = result.fragments[(language, card.id)] = self.step.fragments.get(
                    key(self.env, language, context, repr(card)),
                    lambda card=card: card_html(
                        deck, card, language, self.settings, self.step.qr_codes.image
                    ),
                )
                title = brand.titled(f"{card.number}. {card.text[language].title}", language)
                # A card's PDF depends on its own layout only (a card alone and among others
                # give the same pages), so an edit lays out the edited card alone.
                target = cache_dir / f"{key(shell, title, fragment)}-{card.id}.pdf"
                card_pdfs[card.id] = target
                result.files.append(_file(language, urls.card_pdf(card.id), "card", title, target))
                if not self._cached(target):
                    missing.append((card, title, target))
                    self.pending.add(target)
            # One layout for the missing cards of a theme (per-document costs are paid once,
            # and a first build is split into even parts), in parts of at most LAYOUT_CARDS:
            # a worker's memory grows with its document and stays near its peak until it
            # stops, so a theme of many cards would make it as large as the theme.
            parts = -(-len(missing) // LAYOUT_CARDS)
            for part in range(parts):
                chunk = missing[part * LAYOUT_CARDS : (part + 1) * LAYOUT_CARDS]
                label = f"theme '{theme.key}', {len(chunk)} of {len(cards)} cards"
                if parts > 1:
                    label += f", part {part + 1} of {parts}"
                document = document_html(
                    self.settings,
                    language,
                    brand.titled(theme.title[language], language),
                    "\n".join(result.fragments[(language, card.id)] for card, _, _ in chunk),
                )
                job = LayoutJob(
                    language,
                    label,
                    document,
                    tuple((card.id, title, target) for card, title, target in chunk),
                )
                self.todo.append(job)
                if self.step.workers.started:  # start it while the rest is prepared
                    self.submitted[self.step.workers.submit(job)] = job
        for theme in deck.themes:
            members = [card_pdfs[card.id] for card in deck.cards_in_theme(theme.key)]
            if members:
                title = brand.titled(theme.title[language], language)
                self._assembly(language, urls.theme_pdf(theme.key), "theme", title, members)
                self._assembly(
                    language,
                    urls.theme_pdf(theme.key, fold=True),
                    "fold",
                    f"{title} ({fmt.name}, {labels['print_fold']})",
                    members,
                )
        members = [card_pdfs[card.id] for card in deck.cards]
        self._assembly(
            language,
            urls.DECK_PDF,
            "deck",
            f"{name} ({fmt.name}, {labels['print_duplex']})",
            members,
        )
        self._assembly(
            language,
            urls.PRINT_SHOP_PDF,
            "print-shop",
            f"{name} ({fmt.name}, {labels['print_shop']})",
            members,
            colours=tuple(deck.theme(card.theme).colour for card in deck.cards),
        )
        self._assembly(
            language,
            urls.SHEETS_PDF,
            "sheets",
            f"{name} ({fmt.name}, {labels['print_sheets_title']})",
            members,
        )
        self._assembly(
            language, urls.FOLD_PDF, "fold", f"{name} ({fmt.name}, {labels['print_fold']})", members
        )
        description = brand.description(language)
        addresses = urls.Urls(self.settings.site_url, deck.default_language)
        test_title = brand.titled(labels["duplex_test_title"], language)
        self._assembly(
            language,
            urls.DUPLEX_TEST_PDF,
            "duplex-test",
            test_title,
            [],
            html=duplex_test_html(language, test_title, name, description),
        )
        for card_set in deck.sets:
            members = [card_pdfs[card_id] for card_id in card_set.cards]
            title = brand.titled(card_set.title[language], language)
            self._assembly(
                language,
                urls.set_pdf(card_set.id),
                "deck",
                f"{title} ({fmt.name}, {labels['print_duplex']})",
                members,
            )
            self._assembly(
                language,
                urls.set_pdf(card_set.id, sheets=True),
                "sheets",
                f"{title} ({fmt.name}, {labels['print_sheets_title']})",
                members,
            )
            self._assembly(
                language,
                urls.set_pdf(card_set.id, fold=True),
                "fold",
                f"{title} ({fmt.name}, {labels['print_fold']})",
                members,
            )
            sheet_title = f"{title} ({labels['facilitator_sheet']})"
            self._assembly(
                language,
                urls.set_sheet_pdf(card_set.id),
                "facilitator",
                sheet_title,
                [],
                html=set_sheet_html(
                    deck, card_set, language, sheet_title, name, description, addresses
                ),
            )
        for work_format in deck.formats:
            sheet_title = brand.titled(
                f"{work_format.text[language].title} ({labels['facilitator_sheet']})", language
            )
            self._assembly(
                language,
                urls.format_sheet_pdf(work_format.id),
                "facilitator",
                sheet_title,
                [],
                html=format_sheet_html(
                    deck, work_format, language, sheet_title, name, description, addresses
                ),
            )

    def _assembly(
        self,
        language: str,
        path: str,
        kind: str,
        title: str,
        members: list[Path],
        colours: tuple[str, ...] = (),
        html: str = "",
    ) -> None:
        # (only the A4 sheets move their backs: the other files stay cached when it changes)
        offset = self.settings.duplex_offset if kind == "sheets" else (0.0, 0.0)
        name = key(
            self.env,
            kind,
            language,
            title,
            html,
            *colours,
            *map(str, offset),
            *(m.name for m in members),
        )
        assembly = Assembly(
            name,
            language,
            kind,
            title,
            tuple(members),
            self.cache_dir / f"{name}.pdf",
            colours,
            tuple(float(value) for value in offset),
            html,
        )
        self.assemblies.append(assembly)
        self.result.files.append(_file(language, path, kind, title, assembly.target))

    # -- running ----------------------------------------------------------------------------

    def _assemble_ready(self) -> None:
        """Make the PDFs whose cards are all laid out, while the workers lay out the rest
        (a language's decks while the next language is laid out): the main process would
        only wait."""
        ready = [
            assembly
            for assembly in self.unmade
            if not any(member in self.pending for member in assembly.members)
        ]
        for assembly in ready:
            findings = assemble(assembly, self.fmt)
            if findings:
                raise self._preflight_error(assembly, findings)
            self.unmade.remove(assembly)
        if ready:
            release()  # (the decks' pages, read and written with pikepdf, are freed)
            languages = ", ".join(sorted({assembly.language for assembly in ready}))
            self.log(
                f"Print: {len(ready)} PDF{'' if len(ready) == 1 else 's'} assembled ({languages})"
            )

    def _preflight_error(self, assembly: Assembly, findings: list) -> PreflightError:
        """The preflight's findings on ``assembly`` (the print-shop deck), each naming the file
        as the site has it and, for a page, the card and side it shows (a card PDF's name ends
        in its card's id, see ``_plan``)."""
        prefix = urls.Urls(self.settings.site_url, self.deck.default_language).prefix(
            assembly.language
        )
        path = Path(prefix + urls.PRINT_SHOP_PDF)
        problems = []
        for finding in findings:
            message = str(finding)
            if finding.page:
                member = assembly.members[(finding.page - 1) // 2]
                card_id = member.stem.split("-", 1)[1]
                side = "front" if finding.page % 2 else "back"
                message = f"page {finding.page} (card '{card_id}', {side}): {finding.what}"
            problems.append(Problem(path, 0, "", message))
        return PreflightError(problems)

    def _cached(self, target: Path) -> bool:
        """Whether ``target`` is in the cache and matches its checksum (a damaged file is
        noted, and made again over it: not deleted, since another build may be reading it)."""
        state = self.step.checked.state(target)
        if state == "damaged":
            self.damaged.append(target)
        return state == "intact"

    def _layouts(self) -> list[Overflow]:
        """Lay out every job (those submitted already are under way), on two cores where there
        is enough work, assembling what is ready after each layout done in a worker but the
        last, while no side overflowed. Returns the overflows."""
        layouts, submitted, workers = self.todo, self.submitted, self.step.workers
        overflows: list[Overflow] = []
        totals = {job.language: 0 for job in layouts}
        for job in layouts:
            totals[job.language] += 1
        done = dict.fromkeys(totals, 0)

        def report(job: LayoutJob, outcome: Outcome) -> None:
            found, cpu, peak = outcome
            overflows.extend(found)
            self.pending.difference_update(target for _, _, target in job.cards)
            self.result.layout_cpu += cpu
            self.result.worker_peak_mib = max(self.result.worker_peak_mib, peak)
            done[job.language] += 1
            self.log(
                f"Print ({job.language}): {done[job.language]} of {totals[job.language]} "
                f"layouts ({job.label})"
            )

        # Largest first, so the workers finish together.
        waiting = set(submitted.values())
        layouts = sorted(
            (job for job in layouts if job not in waiting),
            key=lambda job: len(job.html),
            reverse=True,
        )
        if workers.workers > 1 and (
            workers.started or submitted or sum(len(job.cards) for job in layouts) >= 12
        ):
            futures = {**submitted, **{workers.submit(job): job for job in layouts}}
            left = len(futures)
            for job, outcome in self._in_workers(futures):
                report(job, outcome)
                left -= 1
                if left and not overflows:
                    self._assemble_ready()
        else:
            for job in layouts:
                report(job, render_job(job))
        return overflows

    def _in_workers(self, futures: dict[Future, LayoutJob]) -> Iterator[tuple[LayoutJob, Outcome]]:
        """The outcome of every layout in ``futures`` as it comes, from workers that are
        replaced when one dies. The layouts under way when a worker died (one of them killed
        it, or something outside did) run again each alone in new workers, then the others
        lost with the pool together: a layout that stops a worker again, alone, fails the step
        naming its cards. Never in this process: a crash here would end the build without a
        word. A layout that takes longer than its limit fails the step too (its worker would
        otherwise hold the build for ever)."""
        workers = self.step.workers
        alone: list[LayoutJob] = []  # under way when a worker died: to run again, each alone
        together: list[LayoutJob] = []  # the others lost with the pool
        batch: list[LayoutJob] | None = None  # (None: the futures given)
        unexplained = 0  # workers that died with no layout under way

        def limit(job: LayoutJob) -> float:
            return layout_time_limit(len(job.cards), self.step.timeout)

        while True:
            try:
                if batch is not None:
                    futures = {}
                    for job in batch:
                        futures[workers.submit(job)] = job
                yield from workers.results(futures, limit)
            except (WorkersStopped, BrokenProcessPool) as error:
                workers.close()
                if isinstance(error, WorkersStopped):
                    running, lost = error.running, error.lost
                else:  # (from submit: the pool had broken already)
                    running, lost = [], list(batch or futures.values())
                if running and batch is not None and len(batch) == 1 and batch[0] in running:
                    message = (
                        f"its print layout ({running[0].label}) stopped a layout worker twice, "
                        "the second time laid out alone (WeasyPrint crashed or ran out of "
                        "memory on it); look for what is unusual in its text"
                    )
                    raise self._layout_error([(running[0], message)]) from None
                if running:
                    self.log(
                        "Print: a layout worker stopped while laying out "
                        + "; ".join(f"{job.label} ({job.language})" for job in running)
                        + "; starting new ones, laying out "
                        + ("that one" if len(running) == 1 else "each of those")
                        + " again alone"
                    )
                else:
                    unexplained += 1
                    if unexplained > 2:
                        raise LayoutError(
                            [
                                Problem(
                                    Path("hooks/outreach_cards/print/workers.py"),
                                    0,
                                    "",
                                    "the layout workers keep stopping before they lay out "
                                    "anything (out of memory? WeasyPrint or its fonts broken?)",
                                )
                            ]
                        ) from None
                    self.log("Print: a layout worker had stopped; starting new ones")
                alone.extend(job for job in running if job not in alone)
                together.extend(job for job in lost if job not in running and job not in together)
            except LayoutsTimedOut as error:
                raise self._layout_error(
                    [
                        (
                            job,
                            f"its print layout ({job.label}) took more than {seconds:.0f} s, so "
                            f"the layout workers were stopped ({LAYOUT_TIMEOUT}: "
                            f"{self.step.timeout:g} s per layout of up to ten cards); look for "
                            "what is unusual in its text",
                        )
                        for job, seconds in zip(error.jobs, error.limits, strict=True)
                    ]
                ) from None
            else:
                if not alone and not together:
                    return
            if alone:
                batch = [alone.pop(0)]
            else:
                batch, together = together, []

    def _layout_error(self, failures: list[tuple[LayoutJob, str]]) -> LayoutError:
        """A problem for every card of each failed layout: which of them the layout could not
        get past is not known (the worker is gone), so each is named, in its language's text."""
        problems = []
        for job, message in failures:
            for card_id, _, _ in job.cards:
                card = self.deck.card(card_id)
                problems.append(
                    Problem(
                        card.path,
                        _field_line(card.path, ("text", job.language)),
                        f"text.{job.language}",
                        f"card '{card_id}' ({job.language}): {message}",
                    )
                )
        return LayoutError(problems, root=self.deck.cards[0].path.parent.parent)

    def _measured(self, file: PrintFile) -> PrintFile:
        """``file`` with the page count and size of its rendered PDF."""
        size = file.cache_file.stat().st_size
        counted = self.step.page_counts.get(
            f"{file.cache_file.name} {size}", lambda: page_count(file.cache_file)
        )
        return replace(file, pages=counted, size=size)


def _file(language: str, path: str, kind: str, title: str, target: Path) -> PrintFile:
    return PrintFile(
        language=language, path=path, kind=kind, title=title, pages=0, size=0, cache_file=target
    )


def _overflow_problem(
    deck: Deck, fmt: CardFormat, card_id: str, language: str, side: str, pages: int
) -> Problem:
    if not card_id:  # not a card's fault: the print layout itself (template, CSS) is off
        return Problem(
            Path("hooks/outreach_cards/print/templates/card.css"),
            0,
            "layout",
            f"a print layout ({language}) came out with {side}",
        )
    card = deck.card(card_id)
    field = "front" if side == "front" else "tips"
    if side == "front":
        how = "its text runs into the theme icon" if pages == 1 else f"it needs {pages} pages"
        advice = "shorten the title or the front text"
    else:
        how = f"it needs {pages} pages"
        advice = "shorten the tips, the first testimony or the first question"
    return Problem(
        card.path,
        _field_line(card.path, ("text", language, field)),
        f"text.{language}.{field}",
        f"card '{card_id}' ({language}): the {side} does not fit on an {fmt.name} card "
        f"({how}); {advice}",
    )


def _field_line(path: Path, field: tuple[str, ...]) -> int:
    from ..load.yamlsource import read_yaml

    source, _ = read_yaml(path)
    return source.line(field) if source is not None else 0

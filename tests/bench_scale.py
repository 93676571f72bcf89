"""Benchmark at scale (a script, not a test: the machine is shared and noisy).

    .venv/bin/python -m tests.bench_scale [--sizes 100 1000] [--repeat 2] [--repeat-small 5]
                                          [--profile missed|all|none]
                                          [--output tests/benchmark-results.md]

In one run on one machine, for a synthetic deck of each size (valid cards made from the real
cards' text, in the deck's two languages, in a temporary folder), it measures:

- ``outreach-cards check`` on the deck, as an editor runs it (a new process);
- the full site build without the print step (``OUTREACH_CARDS_PDFS=false``, from a ``docs/``
  without generated pages) and, as the floor, a plain Material + search + i18n build of the
  same pages written as ordinary Markdown files: the project's ``docs/`` after our build, with
  ``mkdocs.yml`` minus ``hooks`` and ``watch``. It reports the ratio and the time per card, and
  checks that both sides built the same HTML files;
- the print step (``render_print``, two layout workers) cold (an empty cache, a new process)
  and warm (nothing changed: in the same process, as under ``mkdocs serve``, and in a new
  process, as a second ``mkdocs build``), and as the floor a bare WeasyPrint render, in one
  process, of as many plain A6 pages as the cards have (``tests/bench_print.py``'s floor);
- on the smallest deck: ``mkdocs serve`` on a free port, one card's Dutch title edited, and the
  seconds until the served card page shows the new title (without and with the print step),
  and the same for the floor (``mkdocs serve`` of the plain Markdown, the page's title edited);
- the peak memory of every step: the larger of the exact peak of its main process and the
  sampled sum (every 50 ms) of all its processes (proportional set sizes, so shared pages
  count once), print workers included.

Where a target is missed, the step is then profiled (cProfile, a new process; see
``tests/bench_profile.py``) and the profiles follow the table.

Every timing runs ``--repeat`` times (the smallest deck's ``--repeat-small`` times: its steps take
seconds, so noise weighs most there; site and floor builds alternate) and the best is reported;
the memory is the highest of the runs. It prints a Markdown table and writes it to ``--output``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.bench_profile import Profile, markdown, summarise
from tests.helpers import free_port, process_tree, wait_for, wait_idle

REPO = Path(__file__).resolve().parent.parent
SCHEMA_LINE = "# yaml-language-server: $schema=../hooks/outreach_cards/schemas/card.schema.json\n"
MKDOCS = [sys.executable, "-m", "mkdocs"]
PRINT_SETTINGS = ("A6", "https://kaarten.example.org/")
# The floor's mkdocs.yml: the same site, without our hooks (nor the folders they watch).
FLOOR_CONFIG = "INHERIT: mkdocs.yml\nhooks: []\nwatch: []\n"
CHECK_RUNS = 5  # the fewest runs of `outreach-cards check` at any size
TARGETS = {
    "site": 1.25,  # site build / floor, at every size
    "growth": 0.20,  # growth of the site build's time per card, smallest to largest deck
    "check": 2.0,  # seconds, largest deck
    "serve": 3.0,  # seconds from the saved edit to the new title on the served page
    "print": 1.5,  # cold print step / bare WeasyPrint, at every size
    "warm": 1.0,  # seconds, at every size
    "memory": 1024.0,  # MiB, every step of the largest deck
}


# -- synthetic decks --------------------------------------------------------------------------


class _CardDumper(yaml.SafeDumper):
    """Writes card files as editors do: text with line breaks as ``|`` blocks."""


_CardDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


def write_yaml(path: Path, data: dict, first_line: str = SCHEMA_LINE) -> None:
    """Write a card (or set) file, starting with the schema line editors need."""
    text = yaml.dump(data, Dumper=_CardDumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(first_line + text, encoding="utf-8")


def synthetic_deck(count: int, cards_dir: Path, real_dir: Path = REPO / "cards") -> list[str]:
    """Write a valid deck of ``count`` cards into ``cards_dir``, with the real registries.

    Card ``i`` is real card ``i mod n`` (in deck order), copy ``k = i div n``: its id is
    ``<id>-<k + 1>`` (the first copy keeps the real id), its number ``i + 1``, and its titles
    end in `` (<k + 1>)`` from the second copy on. Related cards point to the same copy and
    are left out where it does not exist; so are the members of the real sets and situations
    and the redirects to cards the deck does not have. Returns the ids in deck order."""
    real = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in real_dir.glob("*.yaml")]
    real.sort(key=lambda card: card["number"])
    shutil.rmtree(cards_dir, ignore_errors=True)
    shutil.copytree(real_dir / "registries", cards_dir / "registries")
    if (real_dir / "audio").is_dir():
        shutil.copytree(real_dir / "audio", cards_dir / "audio")

    def name(card_id: str, copy: int) -> str:
        return card_id if copy == 0 else f"{card_id}-{copy + 1}"

    made = [name(real[index % len(real)]["id"], index // len(real)) for index in range(count)]
    present = set(made)
    for index, card_id in enumerate(made):
        copy = index // len(real)
        card = dict(real[index % len(real)], id=card_id, number=index + 1)
        card["related"] = [
            other
            for other in (name(related, copy) for related in card.get("related", ()))
            if other in present
        ]
        if copy:
            card["text"] = {
                language: dict(text, title=f"{text['title']} ({copy + 1})")
                for language, text in card["text"].items()
            }
        write_yaml(cards_dir / f"{card_id}.yaml", card)
    redirects = cards_dir / "registries" / "redirects.yaml"
    if redirects.is_file():  # only those leading to a card of this deck
        first_line = redirects.read_text(encoding="utf-8").split("\n", 1)[0]
        entries = yaml.safe_load(redirects.read_text(encoding="utf-8"))
        kept = [
            entry
            for entry in entries.get("redirects") or ()
            if entry["to"] in present and entry["from"] not in present
        ]
        if kept != (entries.get("redirects") or []):
            write_yaml(redirects, dict(entries, redirects=kept), first_line + "\n")
    situations = cards_dir / "registries" / "situations.yaml"
    if situations.is_file():  # each with the cards of this deck, if two or more are left
        first_line = situations.read_text(encoding="utf-8").split("\n", 1)[0]
        entries = yaml.safe_load(situations.read_text(encoding="utf-8"))
        kept = [
            dict(entry, cards=[card for card in entry["cards"] if card in present])
            for entry in entries["situations"]
        ]
        kept = [entry for entry in kept if len(entry["cards"]) >= 2]
        if kept:
            write_yaml(situations, dict(entries, situations=kept), first_line + "\n")
        else:
            situations.unlink()
    for path in sorted((real_dir / "sets").glob("*.yaml")):
        first_line, _ = path.read_text(encoding="utf-8").split("\n", 1)
        card_set = yaml.safe_load(path.read_text(encoding="utf-8"))
        card_set["cards"] = [card for card in card_set["cards"] if card in present]
        if card_set["cards"]:
            (cards_dir / "sets").mkdir(exist_ok=True)
            write_yaml(cards_dir / "sets" / path.name, card_set, first_line + "\n")
    return made


def make_project(count: int, folder: Path, hooks: Path = REPO / "hooks") -> Path:
    """A copy of the project (config, docs, overrides, ``hooks``) with a synthetic deck."""
    from tests.conftest import copy_project

    project = copy_project(folder)
    if hooks.resolve() != (REPO / "hooks").resolve():
        shutil.rmtree(project / "hooks")
        shutil.copytree(
            hooks, project / "hooks", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
    synthetic_deck(count, project / "cards")
    return project


def edit_title(card_file: Path, language: str, title: str) -> None:
    """Give the card in ``card_file`` a new title in ``language``, as an editor would."""
    card = yaml.safe_load(card_file.read_text(encoding="utf-8"))
    card["text"][language]["title"] = title
    write_yaml(card_file, card)


# -- running a step, with its peak memory ------------------------------------------------------


@dataclass
class Run:
    """One step in its own process: wall seconds, peak memory (MiB), CPU seconds (of the
    process and the children it waited for) and what it printed."""

    seconds: float
    peak_mib: float
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    cpu: float = 0.0

    def check(self, what: str) -> Run:
        if self.returncode != 0:
            raise RuntimeError(f"{what} failed ({self.returncode}):\n{self.stderr[-3000:]}")
        return self


def _resident_mib(pids: list[int]) -> float:
    """The memory of ``pids`` together: their proportional set sizes, so that pages they share
    (the print workers fork from one process with WeasyPrint loaded) count once."""
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += (
                    next(int(line.split()[1]) for line in rollup if line.startswith("Pss:")) / 1024
                )
        except (OSError, StopIteration, ValueError):
            pass
    return total


class _MemoryWatch:
    """Samples the resident memory of a process tree every 50 ms, keeping the peak."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_mib = pid, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mib = max(self.peak_mib, _resident_mib(process_tree(self.pid)))
            self._stop.wait(0.05)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mib


def child_env(project: Path | None, **env: str) -> dict[str, str]:
    """The environment of a step: our package from the project's hooks/ (what the hook
    imports too), no MkDocs 2 banner."""
    python_path = [str(project / "hooks")] if project else []
    python_path.append(str(REPO))
    if os.environ.get("PYTHONPATH"):
        python_path.append(os.environ["PYTHONPATH"])
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join(python_path),
        **env,
    }


def run(command: Sequence[str], cwd: Path, env: dict[str, str], timeout: float = 3600) -> Run:
    """Run ``command`` to its end: wall time, and peak memory of its process tree."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        watch = _MemoryWatch(process.pid)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = max(watch.stop(), usage.ru_maxrss / 1024)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            peak,
            process.returncode,
            out.read(),
            err.read(),
            usage.ru_utime + usage.ru_stime,
        )


def best(runs: list[Run]) -> Run:
    """The fastest run, with the highest memory of them all and the least CPU time."""
    fastest = min(runs, key=lambda one: one.seconds)
    return Run(
        fastest.seconds,
        max(one.peak_mib for one in runs),
        fastest.returncode,
        fastest.stdout,
        fastest.stderr,
        min(one.cpu for one in runs),
    )


# -- the steps ----------------------------------------------------------------------------------


def check_deck(project: Path) -> Run:
    """``outreach-cards check cards``, as an editor runs it."""
    return run(
        [sys.executable, "-m", "outreach_cards", "check", "cards"], project, child_env(project)
    ).check("outreach-cards check")


def site_build(project: Path, site: Path) -> Run:
    """``mkdocs build`` without the print step, from a docs/ without generated pages."""
    from outreach_cards.urls import GENERATED_DIRS

    for folder in GENERATED_DIRS:
        shutil.rmtree(project / "docs" / folder, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    return run(
        [*MKDOCS, "build", "-d", str(site)],
        project,
        child_env(project, OUTREACH_CARDS_PDFS="false"),
    ).check("site build")


def floor_project(project: Path, folder: Path) -> Path:
    """The floor: ``project``'s docs/ as our build left it (generated Markdown included), its
    overrides/ and mkdocs.yml, built without hooks: no cards/, no hooks/ beside it."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copytree(project / "docs", folder / "docs")
    shutil.copytree(project / "overrides", folder / "overrides")
    shutil.copy2(project / "mkdocs.yml", folder / "mkdocs.yml")
    (folder / "mkdocs-floor.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    return folder


def floor_build(floor: Path, site: Path) -> Run:
    """Plain Material + search + i18n on the same Markdown files."""
    shutil.rmtree(site, ignore_errors=True)
    return run(
        [*MKDOCS, "build", "-f", "mkdocs-floor.yml", "-d", str(site)], floor, child_env(None)
    ).check("floor build")


def html_pages(site: Path) -> list[str]:
    """Every HTML file of a built site, relative to it."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def print_step(project: Path, cache: Path, warm_repeat: int) -> tuple[Run, dict]:
    """The print step in a new process: cold (if ``cache`` is empty) then warm in the same
    process ``warm_repeat`` times; its figures."""
    done = run(
        [
            sys.executable,
            "-c",
            "from tests.bench_scale import _print_child; _print_child()",
            str(project / "cards"),
            str(cache),
            str(warm_repeat),
        ],
        REPO,
        child_env(project),
    ).check("print step")
    return done, json.loads(done.stdout.strip().splitlines()[-1])


def _print_child() -> None:
    """(In the step's process) render_print into argv[2], then again argv[3] times."""
    from outreach_cards.deck import load_deck
    from outreach_cards.print.formats import PrintSettings
    from outreach_cards.print.step import render_print

    cards, cache, warm_repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    deck = load_deck(cards)
    settings = PrintSettings(*PRINT_SETTINGS)
    started = time.perf_counter()
    result = render_print(deck, settings, cache)
    first = time.perf_counter() - started
    warm = []
    for _ in range(warm_repeat):
        started = time.perf_counter()
        render_print(deck, settings, cache)
        warm.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "seconds": first,
                "warm": warm,
                "rendered": result.rendered,
                "files": len(result.files),
                "card_pages": sum(file.pages for file in result.files if file.kind == "card"),
                "worker_peak_mib": result.worker_peak_mib,
                "layout_cpu": result.layout_cpu,
                "main_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def print_floor(pages: int) -> tuple[Run, dict]:
    """A bare WeasyPrint render of ``pages`` plain A6 pages, in a new process."""
    done = run(
        [
            sys.executable,
            "-c",
            "from tests.bench_scale import _floor_child; _floor_child()",
            str(pages),
        ],
        REPO,
        child_env(None),
    ).check("bare WeasyPrint")
    return done, json.loads(done.stdout.strip().splitlines()[-1])


def _floor_child() -> None:
    """(In the step's process) tests/bench_print's floor: plain pages, WeasyPrint's import
    included, as the print step's workers import it too."""
    from tests.bench_print import bare_render, plain_pages

    document = plain_pages(int(sys.argv[1]))
    started = time.perf_counter()
    pages = bare_render(document)
    print(json.dumps({"seconds": time.perf_counter() - started, "pages": pages}))


# `make preview`: the quick preview of one language while editing (see the README)
PREVIEW = "preview"
PREVIEW_ARGUMENTS = ("--dirty", "-f", "mkdocs-preview.yml")


@dataclass
class ServeEdit:
    """``mkdocs serve`` picking up an edit of one card."""

    label: str
    first_build: float  # seconds from the start until the card page is served
    edits: list[float]  # seconds from each saved edit until the served page shows it
    peak_mib: float
    cards: int = 0


def serve_edit(
    label: str,
    folder: Path,
    command: Sequence[str],
    env: dict[str, str],
    page: str,
    shown: str,
    edit: Callable[[int], str],
    restore: Callable[[], None],
    edits: int,
) -> ServeEdit:
    """Start ``mkdocs serve`` (``command``) in ``folder``; wait until ``page`` shows ``shown``;
    then ``edits`` times: wait until the server is idle, ``edit`` (which returns the text the
    edit puts on the page) and poll ``page`` until it shows it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as temporary:
        log = Path(temporary) / "serve.log"
        with log.open("w") as output:
            started = time.perf_counter()
            server = subprocess.Popen(
                [*command, "-a", f"127.0.0.1:{port}"],
                cwd=folder,
                env=env,
                stdout=output,
                stderr=output,
            )
            watch = _MemoryWatch(server.pid)
            try:
                if wait_for(url, shown, 1800, interval=0.02, timeout=120) is None:
                    raise RuntimeError(f"{label}: never served {url}:\n{log.read_text()[-3000:]}")
                first_build = time.perf_counter() - started
                seconds = []
                for number in range(1, edits + 1):
                    wait_idle(log, quiet=1.5)
                    started = time.perf_counter()
                    text = edit(number)
                    if wait_for(url, text, 600, interval=0.02, timeout=120) is None:
                        raise RuntimeError(
                            f"{label}: edit {number} never showed on {url}:\n"
                            f"{log.read_text()[-3000:]}"
                        )
                    seconds.append(time.perf_counter() - started)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
                peak = watch.stop()
                restore()
    return ServeEdit(label, first_build, seconds, peak)


def first_card(project: Path) -> dict:
    """The data of the deck's card number 1."""
    return min(
        (
            yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in (project / "cards").glob("*.yaml")
        ),
        key=lambda data: data["number"],
    )


def serve_card_edit(
    project: Path, pdfs: bool, cache: Path, edits: int, preview: bool = False
) -> ServeEdit:
    """``mkdocs serve`` on ``project``, the first card's Dutch title edited in its YAML;
    ``preview``: ``make preview`` instead (mkdocs-preview.yml, Dutch alone, ``--dirty``)."""
    card = first_card(project)
    card_file, title = project / "cards" / f"{card['id']}.yaml", card["text"]["nl"]["title"]

    def edit(number: int) -> str:
        edit_title(card_file, "nl", f"Bewerkt {number}: {title}"[:70])
        return f"Bewerkt {number}: "

    env = child_env(project, OUTREACH_CARDS_PDFS=str(pdfs).lower(), OUTREACH_CARDS_CACHE=str(cache))
    return serve_edit(
        PREVIEW if preview else f"ours, {'with' if pdfs else 'without'} PDFs",
        project,
        [*MKDOCS, "serve", *PREVIEW_ARGUMENTS] if preview else [*MKDOCS, "serve"],
        env,
        f"kaarten/{card['id']}/",
        html.escape(title, quote=False),
        edit,
        lambda: edit_title(card_file, "nl", title),
        edits,
    )


def serve_floor_edit(floor: Path, card_id: str, edits: int) -> ServeEdit:
    """The floor: ``mkdocs serve`` of the plain Markdown, the same card page's Dutch title
    edited in its Markdown file."""
    page = floor / "docs" / "kaarten" / f"{card_id}.md"
    original = page.read_text(encoding="utf-8")
    title = yaml.safe_load(original.split("---")[1])["title"]

    def edit(number: int) -> str:
        page.write_text(
            original.replace(title, f"Bewerkt {number}: {title}"[:70]), encoding="utf-8"
        )
        return f"Bewerkt {number}: "

    return serve_edit(
        "floor",
        floor,
        [*MKDOCS, "serve", "-f", "mkdocs-floor.yml"],
        child_env(None),
        f"kaarten/{card_id}/",
        html.escape(title, quote=False),
        edit,
        lambda: page.write_text(original, encoding="utf-8"),
        edits,
    )


# -- the benchmark ------------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Every measure of one deck size (best of the repeats; memory: the highest)."""

    cards: int
    languages: int
    check: Run
    site: Run
    floor: Run
    site_pages: list[str]
    floor_pages: list[str]
    print_cold: Run
    print_figures: dict  # of the fastest cold run
    print_warm_same: float  # best warm run in the same process
    print_warm_new: Run
    print_floor: Run
    print_floor_figures: dict


@dataclass
class Report:
    sizes: list[SizeResult]
    serve: list[ServeEdit] = field(default_factory=list)
    serve_cards: int = 0
    repeat: int = 1
    repeat_small: int = 0  # runs of the smallest deck's timings (0: as ``repeat``)
    started: str = ""
    load: tuple[float, ...] = ()  # 1-minute load average at the start and the end
    profiles: list[str] = field(default_factory=list)  # Markdown, of the missed targets' steps


def measure_size(
    count: int, work: Path, repeat: int, hooks: Path, log: Callable[[str], None]
) -> SizeResult:
    """All steps of one deck size, each ``repeat`` times."""
    log(f"{count} cards: making the project")
    project = make_project(count, work / f"project-{count}", hooks)
    languages = len(
        yaml.safe_load(
            (project / "cards" / "registries" / "vocabularies.yaml").read_text(encoding="utf-8")
        )["languages"]
    )
    log(f"{count} cards: outreach-cards check")
    # `check` takes a second or two: at least 5 runs, so one quiet moment of the machine counts
    check = best([check_deck(project) for _ in range(max(repeat, CHECK_RUNS))])
    sites, floors = [], []
    floor = None
    for attempt in range(repeat):  # ours and the floor in turn, so drift hits both alike
        log(f"{count} cards: site build ({attempt + 1} of {repeat})")
        sites.append(site_build(project, work / f"site-{count}"))
        site_pages = html_pages(work / f"site-{count}")
        if floor is None:
            floor = floor_project(project, work / f"floor-{count}")
        log(f"{count} cards: floor build ({attempt + 1} of {repeat})")
        floors.append(floor_build(floor, work / f"floor-site-{count}"))
        floor_pages = html_pages(work / f"floor-site-{count}")
    colds = []
    for attempt in range(repeat):
        log(f"{count} cards: print step, cold ({attempt + 1} of {repeat})")
        cache = work / f"cache-{count}"
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(print_step(project, cache, warm_repeat=3))
    cold, figures = min(colds, key=lambda pair: pair[1]["seconds"])
    cold = Run(figures["seconds"], max(one.peak_mib for one, _ in colds), 0, "", "")
    warm_same = min(min(values["warm"]) for _, values in colds)
    log(f"{count} cards: print step, warm in a new process")
    warm_runs = [print_step(project, work / f"cache-{count}", warm_repeat=0) for _ in range(repeat)]
    warm_new = Run(
        min(values["seconds"] for _, values in warm_runs),
        max(one.peak_mib for one, _ in warm_runs),
        0,
        "",
        "",
    )
    floors_print = []
    for attempt in range(repeat):
        log(
            f"{count} cards: bare WeasyPrint, {figures['card_pages']} pages "
            f"({attempt + 1} of {repeat})"
        )
        floors_print.append(print_floor(figures["card_pages"]))
    floor_run, floor_figures = min(floors_print, key=lambda pair: pair[1]["seconds"])
    floor_run = Run(
        floor_figures["seconds"], max(one.peak_mib for one, _ in floors_print), 0, "", ""
    )
    return SizeResult(
        count,
        languages,
        check,
        best(sites),
        best(floors),
        site_pages,
        floor_pages,
        cold,
        figures,
        warm_same,
        warm_new,
        floor_run,
        floor_figures,
    )


def run_benchmark(
    sizes: Sequence[int],
    work: Path,
    repeat: int = 2,
    hooks: Path = REPO / "hooks",
    serve: bool = True,
    log: Callable[[str], None] = print,
    repeat_small: int = 0,
    profile: str | Sequence[str] = "missed",
    serve_sizes: Sequence[int] | None = None,
    serve_edits: int | None = None,
) -> Report:
    """Measure every size, then ``mkdocs serve`` on the decks of ``serve_sizes`` (all sizes
    when not given): ours without and with PDFs, ``make preview`` and the floor; then profile
    the steps of the missed targets (``profile``: ``missed``, ``all`` steps, ``none``, or the
    targets to profile, named as ``missed`` names them, met or not). The
    smallest deck's timings run ``repeat_small`` times when it is given: they take seconds,
    so the machine's noise weighs most there, and more runs cost little. Each serve makes
    ``serve_edits`` edits when it is given, else as many as the repeats and at least two."""
    report = Report(
        [],
        repeat=repeat,
        started=time.strftime("%Y-%m-%d %H:%M"),
        load=(os.getloadavg()[0],),
        repeat_small=repeat_small,
    )
    smallest = min(sizes)
    for count in sorted(sizes):
        runs = repeat_small if repeat_small and count == smallest else repeat
        report.sizes.append(measure_size(count, work, runs, hooks, log))
    if serve:
        report.serve_cards = smallest
        for cards in sorted(sizes if serve_sizes is None else serve_sizes):
            project = work / f"project-{cards}"
            edits = serve_edits or max(
                2, repeat_small if repeat_small and cards == smallest else repeat
            )
            for pdfs in (False, True):
                log(f"{cards} cards: mkdocs serve, {'with' if pdfs else 'without'} PDFs")
                cache = work / f"serve-cache-{cards}-{pdfs}"
                report.serve.append(serve_card_edit(project, pdfs, cache, edits))
            log(f"{cards} cards: make preview (mkdocs serve of mkdocs-preview.yml, Dutch)")
            cache = work / f"serve-cache-{cards}-preview"
            report.serve.append(serve_card_edit(project, False, cache, edits, preview=True))
            log(f"{cards} cards: mkdocs serve of the floor")
            report.serve.append(
                serve_floor_edit(work / f"floor-{cards}", first_card(project)["id"], edits)
            )
            for edit in report.serve[-4:]:
                edit.cards = cards
    report.load += (os.getloadavg()[0],)
    if profile == "none":
        return report
    if isinstance(profile, str):
        targets = missed(report, every=profile == "all")
    else:
        targets, every = list(profile), missed(report, every=True)
        unknown = [target for target in targets if target not in every]
        if unknown:
            raise ValueError(f"no such target to profile: {', '.join(unknown)} (of {every})")
    report.profiles = profile_missed(report, work, targets, log)
    return report


# -- verdicts ----------------------------------------------------------------------------------


def site_ratio(size: SizeResult) -> float:
    return size.site.seconds / size.floor.seconds


def print_ratio(size: SizeResult) -> float:
    return size.print_cold.seconds / size.print_floor.seconds


def growth(report: Report, build: Callable[[SizeResult], Run] = lambda size: size.site) -> float:
    """How much the time per card grew from the smallest to the largest deck."""
    smallest, largest = report.sizes[0], report.sizes[-1]
    return (build(largest).seconds / largest.cards) / (build(smallest).seconds / smallest.cards) - 1


def serve_seconds(edit: ServeEdit) -> float:
    return min(edit.edits)


def missed(report: Report, every: bool = False) -> list[str]:
    """The missed targets a profile can explain (``every``: all of them, met or not): ``site
    <cards>``, ``growth``, ``print <cards>``, ``serve without PDFs``, ``serve with PDFs``."""
    found = [
        f"site {size.cards}" for size in report.sizes if every or site_ratio(size) > TARGETS["site"]
    ]
    if len(report.sizes) > 1 and (every or growth(report) > TARGETS["growth"]):
        found.append("growth")
    found += [
        f"print {size.cards}"
        for size in report.sizes
        if every or print_ratio(size) > TARGETS["print"]
    ]
    found += [
        serve_target(edit)
        for edit in report.serve
        if edit.label == PREVIEW
        and edit.cards == report.serve_cards
        and (every or serve_seconds(edit) >= TARGETS["serve"])
    ]
    if every:
        found += [
            serve_target(edit)
            for edit in report.serve
            if edit.label.startswith("ours") and edit.cards == report.serve_cards
        ]
    return found


def serve_target(edit: ServeEdit) -> str:
    """``serve without PDFs``, ``serve with PDFs``, ``serve preview``."""
    return f"serve {edit.label.removeprefix('ours, ')}"


# -- profiles of the missed targets --------------------------------------------------------------


def profile_missed(
    report: Report, work: Path, targets: Sequence[str], log: Callable[[str], None]
) -> list[str]:
    """Profile (cProfile, a new process each) the steps behind ``targets`` (as ``missed``
    names them): our site build at the sizes where it was too slow against the floor (at every
    size when the time per card grew too much, with a table of the growth by package), the
    rebuild after one card's edit under `mkdocs serve`, the cold print step in one process.
    Returns the Markdown of each."""
    sections: list[str] = []
    folder = work / "profiles"
    folder.mkdir(exist_ok=True)
    builds = sorted(
        {int(target.split()[1]) for target in targets if target.startswith("site ")}
        | ({size.cards for size in report.sizes} if "growth" in targets else set())
    )
    built = {}
    for cards in builds:
        log(f"{cards} cards: profiling the site build")
        project = work / f"project-{cards}"
        out = folder / f"site-{cards}.prof"
        run(
            [
                sys.executable,
                "-c",
                "from tests.bench_profile import build_child; build_child()",
                "mkdocs.yml",
                str(work / f"profile-site-{cards}"),
                str(out),
            ],
            project,
            child_env(project, OUTREACH_CARDS_PDFS="false"),
        ).check("profiled site build")
        built[cards] = summarise(out, project, f"Site build without PDFs, {cards} cards", cards)
    if built:
        sections.append("### Site build\n\n" + markdown(list(built.values())))
    if "growth" in targets and len(built) > 1:
        sections.append(growth_by_package(built[min(built)], built[max(built)]))
    rebuilds = []
    for target in targets:
        if target.startswith("serve "):
            pdfs = target == "serve with PDFs"
            preview = target == "serve preview"
            cards = report.serve_cards
            project = work / f"project-{cards}"
            card = first_card(project)
            what = "in the preview" if preview else f"{'with' if pdfs else 'without'} PDFs"
            log(f"{cards} cards: profiling the rebuild after an edit, {what}")
            out = folder / f"rebuild-{'preview' if preview else pdfs}.prof"
            shutil.rmtree(work / "profile-cache", ignore_errors=True)
            run(
                [
                    sys.executable,
                    "-c",
                    "from tests.bench_profile import rebuild_child; rebuild_child()",
                    "mkdocs-preview.yml" if preview else "mkdocs.yml",
                    str(work / f"profile-serve-{cards}"),
                    str(out),
                    str(project / "cards" / f"{card['id']}.yaml"),
                    f"Bewerkt: {card['text']['nl']['title']}"[:70],
                    *(["dirty"] if preview else []),
                ],
                project,
                child_env(
                    project,
                    OUTREACH_CARDS_PDFS=str(pdfs).lower(),
                    OUTREACH_CARDS_CACHE=str(work / "profile-cache"),
                ),
            ).check("profiled rebuild")
            rebuilds.append(
                summarise(
                    out,
                    project,
                    f"Rebuild after one card's title was edited, {what}, {cards} cards "
                    "(as under `mkdocs serve`, "
                    "after a first build in the same process"
                    f"{'; the kept layout workers are not in it' if pdfs else ''}"
                    f"{'; `make preview`: Dutch alone, a dirty rebuild' if preview else ''})",
                    cards,
                )
            )
    if rebuilds:
        sections.append("### `mkdocs serve`: the rebuild after an edit\n\n" + markdown(rebuilds))
    prints = []
    for target in targets:
        if target.startswith("print "):
            cards = int(target.split()[1])
            project = work / f"project-{cards}"
            log(f"{cards} cards: profiling the print step")
            out = folder / f"print-{cards}.prof"
            shutil.rmtree(work / "profile-cache", ignore_errors=True)
            run(
                [
                    sys.executable,
                    "-c",
                    "from tests.bench_profile import print_child; print_child()",
                    str(project / "cards"),
                    str(work / "profile-cache"),
                    str(out),
                    *PRINT_SETTINGS,
                ],
                REPO,
                child_env(project),
            ).check("profiled print step")
            prints.append(
                summarise(
                    out,
                    project,
                    f"Print step cold, {cards} cards, in one "
                    "process (no layout workers: the layouts are in it)",
                    cards,
                )
            )
    if prints:
        sections.append("### Print step\n\n" + markdown(prints))
    return sections


def growth_by_package(small: Profile, large: Profile, shown: int = 8) -> str:
    """The time per card by where the code lives, at both sizes (the ``shown`` largest at the
    larger size), and how it changed."""

    def per_card(profile: Profile, package: str) -> float:
        return 1000 * profile.packages.get(package, 0.0) / profile.cards

    packages = sorted(large.packages, key=lambda package: per_card(large, package), reverse=True)[
        :shown
    ]
    lines = [
        f"Time per card by where the code lives, {small.cards} → {large.cards} cards "
        f"(self time in cProfile; the {shown} largest at {large.cards} cards):",
        "",
        f"| where the code lives | {small.cards} cards | {large.cards} cards | growth |",
        "|---|---|---|---|",
    ]
    for package in packages:
        before, after = per_card(small, package), per_card(large, package)
        lines.append(f"| {package} | {before:.1f} ms | {after:.1f} ms | {after - before:+.1f} ms |")
    total_before = 1000 * small.seconds / small.cards
    total_after = 1000 * large.seconds / large.cards
    lines.append(
        f"| all | {total_before:.1f} ms | {total_after:.1f} ms | "
        f"{100 * (total_after / total_before - 1):+.0f} % |"
    )
    return "\n".join(lines) + "\n"


# -- the table ----------------------------------------------------------------------------------


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _mib(value: float) -> str:
    return f"{value:.0f} MiB"


def table(report: Report) -> str:
    """The results as a Markdown table: one column per deck size, the target and its verdict."""
    sizes = report.sizes
    largest, smallest = sizes[-1], sizes[0]
    header = ["measure", *(f"{size.cards} cards" for size in sizes), "target", "verdict"]
    rows: list[list[str]] = []

    def row(
        name: str, cell: Callable[[SizeResult], str], target: str = "", verdict: str = ""
    ) -> None:
        rows.append([name, *(cell(size) for size in sizes), target, verdict])

    row("Deck", lambda s: f"{s.cards} cards × {s.languages} languages")
    row(
        "`outreach-cards check` (a new process)",
        lambda s: f"{s.check.seconds:.2f} s, {_mib(s.check.peak_mib)}",
        f"< {TARGETS['check']:g} s at {largest.cards} cards",
        _met(largest.check.seconds < TARGETS["check"]),
    )

    def build_cell(build: Run, cards: int) -> str:
        return (
            f"{build.seconds:.1f} s ({1000 * build.seconds / cards:.0f} ms a card; CPU "
            f"{build.cpu:.1f} s), {_mib(build.peak_mib)}"
        )

    row("Site build without PDFs (ours)", lambda s: build_cell(s.site, s.cards))
    row(
        "Floor: Material + search + i18n, the same Markdown, no hooks",
        lambda s: build_cell(s.floor, s.cards),
    )
    same = all(s.site_pages == s.floor_pages for s in sizes)
    row(
        "HTML files built: ours, floor",
        lambda s: (
            f"{len(s.site_pages)}, {len(s.floor_pages)}"
            f"{' (the same files)' if s.site_pages == s.floor_pages else ' (**differ**)'}"
        ),
        "the same files",
        _met(same),
    )
    row(
        "**Site build / floor** (CPU time's ratio in brackets)",
        lambda s: f"**{site_ratio(s):.2f}×** ({s.site.cpu / s.floor.cpu:.2f}×)",
        f"≤ {TARGETS['site']:g}×",
        _met(max(map(site_ratio, sizes)) <= TARGETS["site"]),
    )
    if len(sizes) > 1:
        ours, floor_growth = growth(report), growth(report, lambda s: s.floor)
        row(
            f"Site build time per card, growth from {smallest.cards} cards (floor's in brackets)",
            lambda s: "" if s is smallest else f"{100 * ours:+.0f} % ({100 * floor_growth:+.0f} %)",
            f"≤ +{100 * TARGETS['growth']:.0f} %",
            _met(ours <= TARGETS["growth"]),
        )
    row(
        "Print step cold (empty cache, 2 layout workers)",
        lambda s: (
            f"{s.print_cold.seconds:.1f} s for {s.print_figures['card_pages']} card pages, "
            f"{s.print_figures['files']} PDFs "
            f"({1000 * s.print_cold.seconds / s.print_figures['card_pages']:.0f} ms a page; "
            f"layouts' CPU {s.print_figures['layout_cpu']:.1f} s); "
            f"{_mib(s.print_cold.peak_mib)} all processes, largest worker "
            f"{_mib(s.print_figures['worker_peak_mib'])}"
        ),
    )
    row(
        "Floor: bare WeasyPrint, as many plain A6 pages (1 process)",
        lambda s: (
            f"{s.print_floor.seconds:.1f} s for {s.print_floor_figures['pages']} pages "
            f"({1000 * s.print_floor.seconds / s.print_floor_figures['pages']:.0f} ms a "
            "page), "
            f"{_mib(s.print_floor.peak_mib)}"
        ),
    )
    row(
        "**Print cold / floor**",
        lambda s: f"**{print_ratio(s):.2f}×**",
        f"≤ {TARGETS['print']:g}×",
        _met(max(map(print_ratio, sizes)) <= TARGETS["print"]),
    )
    row(
        "Print step warm, same process (as under `mkdocs serve`)",
        lambda s: f"{s.print_warm_same:.2f} s",
        f"< {TARGETS['warm']:g} s",
        _met(max(s.print_warm_same for s in sizes) < TARGETS["warm"]),
    )
    row(
        "Print step warm, new process (a second `mkdocs build`)",
        lambda s: f"{s.print_warm_new.seconds:.2f} s, {_mib(s.print_warm_new.peak_mib)}",
        f"< {TARGETS['warm']:g} s",
        _met(max(s.print_warm_new.seconds for s in sizes) < TARGETS["warm"]),
    )
    names = {
        "ours, without PDFs": "`mkdocs serve`, both languages, without PDFs: one card's title "
        "edited, until the served page shows it",
        "ours, with PDFs": "`mkdocs serve`, both languages, with PDFs (`make serve`): one card's "
        "title edited, until the served page shows it",
        PREVIEW: "`make preview` (Dutch alone, no PDFs, no embedded cards, `--dirty`): one card's "
        "title edited, until the served page shows it",
        "floor": "Floor: `mkdocs serve` of the plain Markdown, both languages, the card page's "
        "title edited",
    }
    served = {(edit.label, edit.cards): edit for edit in report.serve}
    for label in dict.fromkeys(edit.label for edit in report.serve):
        preview = served.get((PREVIEW, report.serve_cards)) if label == PREVIEW else None
        row(
            names[label],
            lambda s, label=label: (
                (
                    f"{serve_seconds(edit):.2f} s (first build {edit.first_build:.1f} s), "
                    f"{_mib(edit.peak_mib)}"
                )
                if (edit := served.get((label, s.cards)))
                else ""
            ),
            f"< {TARGETS['serve']:g} s at {report.serve_cards} cards" if preview else "",
            _met(serve_seconds(preview) < TARGETS["serve"]) if preview else "",
        )
    steps = {
        "check": largest.check.peak_mib,
        "site build": largest.site.peak_mib,
        "print step": largest.print_cold.peak_mib,
        "warm print": largest.print_warm_new.peak_mib,
    }
    for edit in report.serve:
        if edit.cards == largest.cards and edit.label != "floor":
            steps[f"`mkdocs serve`, {edit.label.removeprefix('ours, ')}"] = edit.peak_mib
    heaviest = max(steps, key=steps.get)
    row(
        "Peak memory of our steps (the heaviest named)",
        lambda s: "" if s is not largest else f"{_mib(steps[heaviest])} ({heaviest})",
        f"< {TARGETS['memory'] / 1024:g} GiB at {largest.cards} cards",
        _met(steps[heaviest] < TARGETS["memory"]),
    )
    load = ", ".join(f"{value:.1f}" for value in report.load)
    small = (
        f" ({report.repeat_small} for the {report.sizes[0].cards}-card deck and its "
        "`mkdocs serve` edits)"
        if report.repeat_small and report.repeat_small != report.repeat and len(report.sizes) > 1
        else ""
    )
    lines = [
        (
            f"Benchmark at scale, {report.started}, on {platform.machine()} with {os.cpu_count()} "
            f"cores, Python {platform.python_version()}: synthetic decks made from the real cards' "
            f"text. Times are the best of {report.repeat} runs{small} "
            "(the machine is shared and noisy: "
            f"load average {load} at the start and the end), memory the highest; a step's memory "
            "is the peak of all its processes. Made by `.venv/bin/python -m tests.bench_scale`."
        ),
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(cells) + " |" for cells in rows),
    ]
    return "\n".join(lines)


def results(report: Report) -> str:
    """The table and, where targets were missed, the profiles of their steps."""
    if not report.profiles:
        return table(report)
    return "\n\n".join(
        [
            table(report),
            "## Where the time goes where a target was missed\n\n"
            "Each step profiled again with cProfile, in a new process; the profiler slows Python "
            "code down more than C code, so the shares are a guide, the times above are the "
            "measure. Self time by where the code lives (`ours: hooks/` is this project's Python, "
            "`ours: overrides/` its templates; C functions count for the code that called them) "
            "and the functions with the most self time.",
            *(section.strip() for section in report.profiles),
        ]
    )


def main(argv: list[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[100, 1000],
        help="deck sizes in cards (default: 100 1000)",
    )
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of every timing, the best reported (default: 2)"
    )
    parser.add_argument(
        "--repeat-small",
        type=int,
        default=5,
        help="runs of every timing of the smallest deck, whose steps take seconds (default: 5)",
    )
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    parser.add_argument(
        "--work", type=Path, help="keep the projects and sites here (default: a temporary folder)"
    )
    parser.add_argument(
        "--hooks",
        type=Path,
        default=REPO / "hooks",
        help="benchmark this hooks/ folder instead of the repository's",
    )
    parser.add_argument(
        "--no-serve", dest="serve", action="store_false", help="leave out the mkdocs serve edit"
    )
    parser.add_argument(
        "--serve-sizes",
        type=int,
        nargs="+",
        help="the deck sizes of the mkdocs serve edits (default: every size)",
    )
    parser.add_argument(
        "--profile",
        choices=("missed", "all", "none"),
        default="missed",
        help="profile (cProfile) the steps of the missed targets (default), of "
        "all targets, or none",
    )
    args = parser.parse_args(argv)
    if min(args.repeat, args.repeat_small, *args.sizes) < 1:
        parser.error("--repeat, --repeat-small and --sizes must be at least 1")

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as temporary:
        work = args.work.resolve() if args.work else Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        report = run_benchmark(
            args.sizes,
            work,
            args.repeat,
            args.hooks,
            args.serve,
            log,
            args.repeat_small,
            args.profile,
            args.serve_sizes,
        )
    text = results(report)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()

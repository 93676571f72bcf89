"""The scale benchmark (tests/bench_scale.py) builds what it says, on a tiny deck.

Its timings are never asserted (the machine is shared and noisy): only that each step made
what it claims, that both sides of each ratio built the same pages, and the table's rows.
"""

from __future__ import annotations

import cProfile
import dataclasses
import importlib.util
from pathlib import Path

import pytest

from outreach_cards.deck import load_deck
from outreach_cards.load.schema import load_schema
from tests.bench_profile import STDLIB, Profile, summarise, where
from tests.bench_scale import (
    FLOOR_CONFIG,
    SCHEMA_LINE,
    Report,
    Run,
    growth_by_package,
    missed,
    results,
    run_benchmark,
    synthetic_deck,
    table,
)
from tests.helpers import wait_idle as bench_wait_idle

REPO = Path(__file__).resolve().parent.parent
TINY = 3
# The steps the tiny run profiles: the site build, the preview's rebuild and the print step. The
# two-language rebuilds without and with PDFs run the same profiling code as the preview's with
# other settings, and cost 12 s more (20 s in the suite): `--profile all` runs them.
PROFILED = (f"site {TINY}", "serve preview", f"print {TINY}")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    """One run of the whole benchmark on a deck of three cards (each step once, the steps of
    PROFILED profiled), and its folder.

    Where its time went (56 s alone, about 90 s in the suite, with every step profiled): not
    the three cards, but about 20 new processes that each import MkDocs or WeasyPrint and build
    the hand-written pages again (1.5-2 s each), four `mkdocs serve` runs of 4-8 s and five
    profiled steps of 3-8 s. These tests assert what was made, not how fast: so `check` runs
    once, the server counts as quiet after 0.5 s (it has finished every build it started either
    way), each serve makes one edit, and three of the five steps are profiled."""
    import tests.bench_scale as bench

    work = tmp_path_factory.mktemp("bench-scale")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bench, "CHECK_RUNS", 1)
        patch.setattr(
            bench,
            "wait_idle",
            lambda log, quiet, **kwargs: bench_wait_idle(log, min(quiet, 0.5), **kwargs),
        )
        report = run_benchmark(
            [TINY], work, repeat=1, log=lambda message: None, profile=PROFILED, serve_edits=1
        )
    return report, work


def _html_of(markdown: str) -> str:
    """Where mkdocs-static-i18n (suffix structure) builds a Markdown file: ``a/b.en.md`` →
    ``en/a/b/index.html``."""
    stem = markdown.removesuffix(".md")
    prefix = ""
    if stem.endswith(".en"):
        stem, prefix = stem.removesuffix(".en"), "en/"
    if stem == "index" or stem.endswith("/index"):
        return f"{prefix}{stem}.html"
    return f"{prefix}{stem}/index.html"


def test_synthetic_deck_is_valid_numbered_and_made_from_the_real_cards(tmp_path: Path) -> None:
    """A synthetic deck larger than the real one passes the check: numbers 1..n, the first copy
    keeps the real ids and titles, the second is ``<id>-2`` titled ``<title> (2)``, related
    cards stay within a copy, and every file starts with the schema line."""
    real = load_deck(REPO / "cards")
    count = len(real.cards) + 4
    ids = synthetic_deck(count, tmp_path / "cards")
    deck = load_deck(tmp_path / "cards")
    assert [card.id for card in deck.cards] == ids
    assert [card.number for card in deck.cards] == list(range(1, count + 1))
    assert ids[: len(real.cards)] == [card.id for card in real.cards]
    copy = deck.card(f"{real.cards[0].id}-2")
    assert copy.number == len(real.cards) + 1
    assert copy.text["nl"].title == f"{real.cards[0].text['nl'].title} (2)"
    assert copy.text["en"].front == real.cards[0].text["en"].front
    assert all(other.endswith("-2") for other in copy.related)
    assert all(
        path.read_text(encoding="utf-8").startswith(SCHEMA_LINE)
        for path in (tmp_path / "cards").glob("*.yaml")
    )


def test_a_deck_of_1000_cards_can_be_numbered() -> None:
    """The card schema lets a deck number 1000 cards (the benchmark's largest deck)."""
    assert load_schema("card")["properties"]["number"]["maximum"] >= 1000


def test_check_checked_the_synthetic_deck(tiny: tuple[Report, Path]) -> None:
    """`outreach-cards check` ran on the three synthetic cards and found no problem."""
    report, _ = tiny
    assert report.sizes[0].check.stdout.startswith(f"{TINY} cards, ")
    assert "no problems." in report.sizes[0].check.stdout.splitlines()[0]


def test_site_and_floor_build_the_same_pages(tiny: tuple[Report, Path]) -> None:
    """Our build and the floor build the same HTML files: one per Markdown page the floor was
    given (both languages), a page for every synthetic card, and 404.html."""
    report, work = tiny
    size = report.sizes[0]
    markdown = sorted(
        path.relative_to(work / f"floor-{TINY}" / "docs").as_posix()
        for path in (work / f"floor-{TINY}" / "docs").rglob("*.md")
    )
    assert size.site_pages == size.floor_pages
    assert size.site_pages == sorted(["404.html", *map(_html_of, markdown)])
    for card_id in synthetic_deck(TINY, work / "ids"):
        assert f"kaarten/{card_id}/index.html" in size.site_pages
        assert f"en/kaarten/{card_id}/index.html" in size.site_pages


def test_the_floor_runs_no_hook(tiny: tuple[Report, Path]) -> None:
    """The floor is docs/, overrides/ and mkdocs.yml without hooks: no cards, no hook code,
    and none of the hook's own output (the JSON export) in its site, which ours has."""
    _, work = tiny
    floor = work / f"floor-{TINY}"
    assert sorted(path.name for path in floor.iterdir()) == [
        "docs",
        "mkdocs-floor.yml",
        "mkdocs.yml",
        "overrides",
    ]
    assert (floor / "mkdocs-floor.yml").read_text(encoding="utf-8") == FLOOR_CONFIG
    assert (work / f"site-{TINY}" / "api" / "v1" / "cards.json").is_file()
    assert not (work / f"floor-site-{TINY}" / "api").exists()


def test_print_step_and_floor_lay_out_as_many_pages(tiny: tuple[Report, Path]) -> None:
    """The print step made the card PDFs of every card, side and language, cold; the bare
    WeasyPrint floor laid out exactly as many pages; the warm runs rendered nothing."""
    report, _ = tiny
    size = report.sizes[0]
    pages = TINY * 2 * size.languages
    assert size.languages == 2
    assert size.print_figures["card_pages"] == pages
    assert size.print_figures["rendered"] > 0
    assert size.print_floor_figures["pages"] == pages
    assert size.print_figures["warm"] and size.print_warm_new.seconds > 0


def test_serve_showed_every_edit(tiny: tuple[Report, Path]) -> None:
    """`mkdocs serve` (ours without and with PDFs, and the floor) served each edited title."""
    report, work = tiny
    assert [(edit.label, edit.cards) for edit in report.serve] == [
        ("ours, without PDFs", TINY),
        ("ours, with PDFs", TINY),
        ("preview", TINY),
        ("floor", TINY),
    ]
    assert all(len(edit.edits) == 1 and edit.peak_mib > 0 for edit in report.serve)
    # every edit was undone
    assert synthetic_deck(TINY, work / "again") and all(
        (work / f"project-{TINY}" / "cards" / path.name).read_bytes() == path.read_bytes()
        for path in (work / "again").glob("*.yaml")
    )


def test_every_step_has_its_peak_memory(tiny: tuple[Report, Path]) -> None:
    """Each step's peak memory was recorded."""
    size = tiny[0].sizes[0]
    assert all(
        run.peak_mib > 10
        for run in (
            size.check,
            size.site,
            size.floor,
            size.print_cold,
            size.print_warm_new,
            size.print_floor,
        )
    )


def test_table_rows(tiny: tuple[Report, Path]) -> None:
    """The table has one column per deck size and the expected rows, targets and verdicts."""
    report, _ = tiny
    larger = dataclasses.replace(report.sizes[0], cards=2 * TINY)
    lines = table(dataclasses.replace(report, sizes=[report.sizes[0], larger])).splitlines()
    assert lines[2] == f"| measure | {TINY} cards | {2 * TINY} cards | target | verdict |"
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[4:]]
    assert [row[0] for row in rows] == [
        "Deck",
        "`outreach-cards check` (a new process)",
        "Site build without PDFs (ours)",
        "Floor: Material + search + i18n, the same Markdown, no hooks",
        "HTML files built: ours, floor",
        "**Site build / floor** (CPU time's ratio in brackets)",
        f"Site build time per card, growth from {TINY} cards (floor's in brackets)",
        "Print step cold (empty cache, 2 layout workers)",
        "Floor: bare WeasyPrint, as many plain A6 pages (1 process)",
        "**Print cold / floor**",
        "Print step warm, same process (as under `mkdocs serve`)",
        "Print step warm, new process (a second `mkdocs build`)",
        "`mkdocs serve`, both languages, without PDFs: one card's title edited, until the "
        "served page shows it",
        "`mkdocs serve`, both languages, with PDFs (`make serve`): one card's title edited, "
        "until the served page shows it",
        "`make preview` (Dutch alone, no PDFs, no embedded cards, `--dirty`): one card's title "
        "edited, until the served page shows it",
        "Floor: `mkdocs serve` of the plain Markdown, both languages, the card page's title edited",
        "Peak memory of our steps (the heaviest named)",
    ]
    assert rows[0][1:3] == [f"{TINY} cards × 2 languages", f"{2 * TINY} cards × 2 languages"]
    assert rows[4][1].endswith("(the same files)") and rows[4][-1] == "met"
    assert [row[-2] for row in rows if row[-2]] == [
        "< 2 s at 6 cards",
        "the same files",
        "≤ 1.25×",
        "≤ +20 %",
        "≤ 1.5×",
        "< 1 s",
        "< 1 s",
        f"< 3 s at {TINY} cards",
        "< 1 GiB at 6 cards",
    ]
    assert all(row[-1] in ("met", "**missed**") for row in rows if row[-2])
    assert "Times are the best of 1 runs (the machine" in lines[0]
    more = table(dataclasses.replace(report, sizes=[report.sizes[0], larger], repeat_small=5))
    assert (
        "Times are the best of 1 runs (5 for the 3-card deck and its `mkdocs serve` edits) "
        "(the machine"
    ) in more.splitlines()[0]


def test_missed_names_each_target_missed(tiny: tuple[Report, Path]) -> None:
    """``missed`` names the site and print ratios by deck size, the growth, and each served
    edit of ours (never the floor's) that took 3 s or more."""
    report, _ = tiny
    size = report.sizes[0]
    slow = dataclasses.replace(
        size, site=Run(2.6, 1), floor=Run(2.0, 1), print_cold=Run(3.1, 1), print_floor=Run(2.0, 1)
    )
    fast = dataclasses.replace(
        size,
        cards=30,
        site=Run(25.0, 1),
        floor=Run(20.0, 1),
        print_cold=Run(30.0, 1),
        print_floor=Run(20.0, 1),
    )
    serve = [
        dataclasses.replace(edit, edits=[seconds, 9.0])
        for edit, seconds in zip(report.serve, (5.0, 6.0, 3.0, 5.0), strict=True)
    ]
    assert missed(dataclasses.replace(report, sizes=[slow, fast], serve=serve)) == [
        f"site {TINY}",
        f"print {TINY}",
        "serve preview",
    ]
    # the 3 s target is the preview's: the full serve and the floor only report their times
    serve[2] = dataclasses.replace(serve[2], edits=[2.9, 9.0])
    assert missed(dataclasses.replace(report, sizes=[fast], serve=serve)) == []
    # 30 cards in 25 s: the time per card fell from 0.87 to 0.83 s; in 40 s it grew by 54 %
    grown = dataclasses.replace(fast, site=Run(40.0, 1))
    assert missed(dataclasses.replace(report, sizes=[slow, grown], serve=[])) == [
        f"site {TINY}",
        "site 30",
        "growth",
        f"print {TINY}",
    ]


def test_summarise_charges_c_functions_to_their_callers(tmp_path: Path) -> None:
    """A profile's self time goes to where the code lives; a C function's to the code that
    called it: here our module's ``str.join`` calls count for ``ours: hooks/``."""
    project = tmp_path / "project"
    (project / "hooks").mkdir(parents=True)
    module_file = project / "hooks" / "spend.py"
    module_file.write_text(
        "def spend(n):\n"
        "    total = 0\n"
        "    for _ in range(n):\n"
        "        total += len('-'.join(map(str, range(50))))\n"
        "    return total\n",
        encoding="utf-8",
    )
    spec = importlib.util.spec_from_file_location("spend", module_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    profiler = cProfile.Profile()
    profiler.runcall(module.spend, 3000)
    profiler.dump_stats(str(tmp_path / "spend.prof"))
    profile = summarise(tmp_path / "spend.prof", project, "spend", cards=3)
    # (the profiler's own `disable`, called by no Python code, is the rest: "C functions")
    assert set(profile.packages) <= {"ours: hooks/", "C functions"}
    assert profile.packages["ours: hooks/"] > 0.95 * profile.seconds
    by_name = {name: (place, calls) for name, place, _, calls in profile.top}
    assert by_name["spend"] == ("hooks/spend.py:1", 1)
    assert by_name["method 'join' of 'str' objects"] == ("C, called from ours: hooks/", 3000)


def test_where_the_code_lives(tmp_path: Path) -> None:
    """Files of the project, of an installed package, of the standard library (also frozen)."""
    site_packages = Path(importlib.util.find_spec("mkdocs").origin).parent.parent
    assert where(str(tmp_path / "overrides" / "main.html"), tmp_path) == "ours: overrides/"
    assert where(str(site_packages / "markdown" / "core.py"), tmp_path) == "markdown"
    assert where(str(site_packages / "six.py"), tmp_path) == "six"
    assert where(str(STDLIB / "json" / "decoder.py"), tmp_path) == "Python standard library"
    assert where("<frozen posixpath>", tmp_path) == "Python standard library"
    assert where("<string>", tmp_path) == "other"


def test_growth_by_package_table() -> None:
    """The time per card at both sizes, by where the code lives, the largest first."""
    small = Profile("a", 1.0, 10, {"markdown": 0.6, "ours: hooks/": 0.4}, [])
    large = Profile("b", 15.0, 100, {"markdown": 12.0, "ours: hooks/": 3.0}, [])
    assert growth_by_package(small, large).splitlines() == [
        "Time per card by where the code lives, 10 → 100 cards (self time in cProfile; the 8 "
        "largest at 100 cards):",
        "",
        "| where the code lives | 10 cards | 100 cards | growth |",
        "|---|---|---|---|",
        "| markdown | 60.0 ms | 120.0 ms | +60.0 ms |",
        "| ours: hooks/ | 40.0 ms | 30.0 ms | -10.0 ms |",
        "| all | 100.0 ms | 150.0 ms | +50 % |",
    ]


def test_every_step_profiled(tiny: tuple[Report, Path]) -> None:
    """The steps asked for (PROFILED: the site build, the preview's rebuild and the cold print
    step) were profiled (each a new process) and their Markdown follows the table; our code,
    MkDocs' and WeasyPrint's show where they ran."""
    report, work = tiny
    sections = report.profiles
    assert [section.splitlines()[0] for section in sections] == [
        "### Site build",
        "### `mkdocs serve`: the rebuild after an edit",
        "### Print step",
    ]
    assert sections[0].splitlines()[2].startswith(f"**Site build without PDFs, {TINY} cards**: ")
    assert "without PDFs" not in sections[1] and "with PDFs" not in sections[1]
    assert (
        f"**Rebuild after one card's title was edited, in the preview, {TINY} cards (as under "
        "`mkdocs serve`, after a first build in the same process; `make preview`: Dutch alone, "
        "a dirty rebuild)**"
    ) in sections[1]
    assert f"**Print step cold, {TINY} cards, in one process" in sections[2]
    for section, package in zip(sections, ("mkdocs", "mkdocs", "weasyprint"), strict=True):
        assert f"\n| {package} | " in section
    # our hook ran in the profiled build (from the project's hooks/) and its share is stated
    site = summarise(work / "profiles" / f"site-{TINY}.prof", work / f"project-{TINY}", "", TINY)
    ours = (
        100
        * sum(seconds for package, seconds in site.packages.items() if package.startswith("ours: "))
        / site.seconds
    )
    assert site.packages["ours: hooks/"] > 0 and f"; our own code {ours:.0f} %." in sections[0]
    assert sorted(path.name for path in (work / "profiles").iterdir()) == [
        f"print-{TINY}.prof",
        "rebuild-preview.prof",
        f"site-{TINY}.prof",
    ]
    text = results(report)
    assert text.startswith(table(report) + "\n\n## Where the time goes where a target was missed")
    assert text.endswith(sections[-1].strip())
    # the edited card was put back after the profiled rebuilds
    assert synthetic_deck(TINY, work / "again-profiled") and all(
        (work / f"project-{TINY}" / "cards" / path.name).read_bytes() == path.read_bytes()
        for path in (work / "again-profiled").glob("*.yaml")
    )

"""Interrupted and concurrent builds (issue 18): a real `mkdocs build` of the fixture deck
killed with SIGKILL during the print step, during assembly and during the offline zip leaves
the next build correct; damaged cache files are rendered again, never published; two builds
on one cache at once both succeed; a layout worker that dies or hangs is replaced, or the
build fails naming the card, in a bounded time.

Every build here is a real process; the moment a build is killed is chosen with the fault
injection of ``outreach_cards.faults`` (OUTREACH_CARDS_FAULT), for tests only. Every PDF (and
the offline zip) is compared byte for byte with those of one clean build, the reference.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from outreach_cards.print.cache import checksum_path, read_json
from outreach_cards.urls import DECK_PDF

from .helpers import FIXTURE_DECK, MKDOCS, build, build_env, copy_project

ZIP = "offline/outreachend-werken-offline.zip"
MEMOS = ("fragments.json", "page-counts.json", "qr-codes.json")


@dataclass(frozen=True)
class Reference:
    site: Path
    cache: Path  # the print step's folder in the cache (one per settings)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """A clean build of the fixture deck with the offline edition, on an empty cache."""
    root = tmp_path_factory.mktemp("reference")
    project = copy_project(root / "project", cards=FIXTURE_DECK)
    result = build(project, OUTREACH_CARDS_CACHE=str(root / "cache"), OUTREACH_CARDS_OFFLINE="true")
    assert result.returncode == 0, result.stderr
    (folder,) = (root / "cache").iterdir()
    return Reference(project / "site", folder)


def published(site: Path, with_zip: bool = True) -> dict[str, bytes]:
    """Every PDF of a built site (both languages), and the offline zip, by path."""
    files = {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.pdf")}
    if with_zip:
        files[ZIP] = (site / ZIP).read_bytes()
    # Per language: the deck in four forms and the duplex test sheet, six card PDFs (five cards
    # and the old address of one), the set in four forms (with its facilitator sheet), three
    # themes in two forms, the format's facilitator sheet.
    assert len([name for name in files if name.endswith(".pdf")]) == 2 * (5 + 6 + 4 + 3 * 2 + 1)
    return files


def assert_cache_sound(cache: Path, reference: Reference) -> None:
    """What a build left in the cache is correct or ignored: every PDF there is the
    reference's, byte for byte, and matches its checksum; every memo reads back; the rest are
    temporary files."""
    (folder,) = cache.iterdir()
    for path in folder.iterdir():
        if path.name.endswith(".pdf"):
            assert path.read_bytes() == (reference.cache / path.name).read_bytes(), path.name
            assert checksum_path(path).is_file(), path.name
        elif path.name in MEMOS:
            value, damaged = read_json(path)
            assert isinstance(value, dict) and not damaged, path.name
        else:
            assert path.name.endswith((".pdf.sha256", ".tmp")), path.name


def session_processes(session: int) -> list[int]:
    """The processes still running in the session ``session`` (a build started in its own)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] not in ("Z", "X"):
                found.append(int(entry))
    return found


@dataclass
class Run:
    returncode: int
    stderr: str
    seconds: float
    left: list[int]  # processes of the build still running after it ended


def start(project: Path, log: Path, **env: str) -> subprocess.Popen:
    """`mkdocs build --strict` in ``project`` in a session of its own (so that what it leaves
    can be found and stopped), its log into ``log``."""
    with log.open("w") as output:
        return subprocess.Popen(
            [*MKDOCS, "build", "--strict"],
            cwd=project,
            env=build_env(project, **env),
            stdout=output,
            stderr=output,
            start_new_session=True,
        )


def finish(process: subprocess.Popen, log: Path, started: float) -> Run:
    """Wait for a build of ``start``; then wait a little for its workers, forkserver and
    offline build to end with it, and kill whatever of it still runs."""
    try:
        returncode = process.wait(timeout=300)
    except subprocess.TimeoutExpired:
        returncode = None
    seconds = time.monotonic() - started
    deadline = time.monotonic() + 5
    while session_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = session_processes(process.pid)
    if left:
        os.killpg(process.pid, signal.SIGKILL)
    assert returncode is not None, f"the build did not end:\n{log.read_text()}"
    return Run(returncode, log.read_text(encoding="utf-8", errors="replace"), seconds, left)


def run_build(project: Path, **env: str) -> Run:
    log = project.parent / f"build-{time.monotonic_ns()}.log"
    started = time.monotonic()
    return finish(start(project, log, **env), log, started)


def test_a_build_killed_at_any_step_leaves_the_next_build_correct(
    reference: Reference, tmp_path: Path
) -> None:
    """SIGKILL during the print step (the first card PDF just written), during assembly (an
    assembled PDF written but not yet renamed) and during the offline zip (written, not yet
    renamed): after each, what the cache holds is correct (the reference's bytes) or a
    temporary file, and the next build, itself killed at the next step, carries on; the
    last, normal build publishes the reference's PDFs and zip, byte for byte. (One chain of
    builds, each the "next build" of the one before.)"""
    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    cache = tmp_path / "cache"
    env = {"OUTREACH_CARDS_CACHE": str(cache), "OUTREACH_CARDS_OFFLINE": "true"}

    during_print = run_build(project, OUTREACH_CARDS_FAULT="print-after-first-pdf", **env)
    assert during_print.returncode == -signal.SIGKILL, during_print.stderr
    assert "Print (nl): 5 cards: 5 to lay out (3 layouts), 0 from the cache" in during_print.stderr
    assert during_print.left == []  # the workers and the forkserver ended with it
    (folder,) = cache.iterdir()
    cards = list(folder.glob("*-*.pdf"))
    assert 1 <= len(cards) < 10
    assert_cache_sound(cache, reference)

    during_assembly = run_build(project, OUTREACH_CARDS_FAULT="assemble-before-rename", **env)
    assert during_assembly.returncode == -signal.SIGKILL, during_assembly.stderr
    assembled = [path for path in folder.glob("*.pdf") if "-" not in path.name]
    assert assembled == []  # (the first assembly was killed before its rename)
    assert list(folder.glob("*.tmp"))  # (that assembly, written but not renamed)
    assert_cache_sound(cache, reference)

    during_zip = run_build(project, OUTREACH_CARDS_FAULT="offline-before-rename", **env)
    assert during_zip.returncode == -signal.SIGKILL, during_zip.stderr
    assert "layouts rendered: " in during_zip.stderr
    assert not (project / "site" / ZIP).exists()
    assert list((project / "site" / "offline").glob("*.tmp"))  # the zip, not renamed
    assert_cache_sound(cache, reference)

    last = run_build(project, **env)
    assert last.returncode == 0, last.stderr
    assert "layouts rendered: 0, PDFs assembled: 0, the rest from the cache" in last.stderr
    assert published(project / "site") == published(reference.site)
    assert list((project / "site").rglob("*.tmp")) == []
    assert_cache_sound(cache, reference)


def test_damaged_cache_files_are_rendered_again_never_published(
    reference: Reference, tmp_path: Path
) -> None:
    """In a copy of the reference's cache: one card PDF truncated, one with bytes flipped, one
    without its checksum, the whole deck's PDF truncated, the print layouts' memo corrupt and
    the QR codes' memo truncated. The next build says which PDFs were damaged, lays out
    exactly those three cards (one layout each) and assembles exactly the deck again, makes
    the memos again and publishes the reference's PDFs."""
    cache = tmp_path / "cache"
    shutil.copytree(reference.cache, cache / reference.cache.name)
    folder = cache / reference.cache.name
    card_pdf = {
        card: sorted(folder.glob(f"*-{card}.pdf"))[0]
        for card in ("blijf-aanklampen", "huisbezoek-als-gast", "naar-mensen-toe")
    }  # (three themes: a layout each)
    truncated, flipped, unchecked = card_pdf.values()
    truncated.write_bytes(truncated.read_bytes()[: truncated.stat().st_size // 2])
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 8] = bytes(
        255 - byte for byte in data[len(data) // 2 :][:8]
    )
    flipped.write_bytes(bytes(data))
    checksum_path(unchecked).unlink()
    deck = next(
        path
        for path in folder.glob("*.pdf")
        if path.read_bytes() == (reference.site / DECK_PDF).read_bytes()
    )
    deck.write_bytes(deck.read_bytes()[:-100])
    memo = folder / "fragments.json"
    text = memo.read_bytes()
    memo.write_bytes(text.replace(b"Blijf aanklampen", b"Blijf aanklbmpen", 1))
    assert memo.read_bytes() != text
    qr_codes = folder / "qr-codes.json"
    qr_codes.write_bytes(qr_codes.read_bytes()[:-1])

    project = copy_project(tmp_path / "project", cards=FIXTURE_DECK)
    result = build(project, OUTREACH_CARDS_CACHE=str(cache))
    assert result.returncode == 0, result.stderr
    damaged = re.search(
        r"Print: 4 cached PDFs were damaged \(([^)]*)\); rendering them again", result.stderr
    )
    assert damaged, result.stderr
    assert sorted(damaged[1].split(", ")) == sorted(
        path.name for path in (truncated, flipped, unchecked, deck)
    )
    for name in ("fragments.json", "qr-codes.json"):
        assert f"Print: {name} in the cache was damaged; making its values again" in result.stderr
    assert "layouts rendered: 3, PDFs assembled: 1, the rest from the cache" in result.stderr
    assert published(project / "site", with_zip=False) == published(reference.site, False)
    assert_cache_sound(cache, reference)


def test_two_builds_on_one_cache_at_once_both_succeed_even_if_a_worker_dies(
    reference: Reference, tmp_path: Path
) -> None:
    """Two checkouts built at the same time on one empty cache (two CI jobs), and in the first
    a layout worker exits in the middle of a layout (at 'wat-is-outreach', the second card of
    its theme, once): that build starts new workers and lays out again what was under way;
    both succeed, and every PDF of both is the reference's. (Two scenarios in one pair of
    builds: each build is a few seconds of the suite.)"""
    cache = tmp_path / "cache"
    projects = [copy_project(tmp_path / name, cards=FIXTURE_DECK) for name in ("one", "two")]
    started = time.monotonic()
    logs = [project.parent / f"{project.name}.log" for project in projects]
    faults = [{"OUTREACH_CARDS_FAULT": "worker-exit-once:wat-is-outreach"}, {}]
    processes = []
    for project, log, fault in zip(projects, logs, faults, strict=True):
        processes.append(start(project, log, OUTREACH_CARDS_CACHE=str(cache), **fault))
        time.sleep(0.5)  # (the first a little ahead, so that it lays out 'wat-is-outreach' too)
    runs = [finish(process, log, started) for process, log in zip(processes, logs, strict=True)]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert run.left == []
    for run in runs:  # (both laid out every card: they ran at the same time)
        assert "Print (nl): 5 cards: 5 to lay out (3 layouts), 0 from the cache" in run.stderr
    assert re.search(
        r"Print: a layout worker stopped while laying out [^\n]*theme 'wat', 2 of 2 cards "
        r"\((nl|en)\)[^\n]*; starting new ones, laying out (that one|each of those) again alone",
        runs[0].stderr,
    ), runs[0].stderr
    assert "a layout worker" not in runs[1].stderr
    (folder,) = cache.iterdir()
    (folder / "fault-wat-is-outreach.done").unlink()  # (the fault's own marker)
    expected = published(reference.site, with_zip=False)
    for project in projects:
        assert published(project / "site", with_zip=False) == expected
    assert_cache_sound(cache, reference)


def test_a_worker_that_always_dies_or_hangs_fails_the_build_naming_the_cards(
    tmp_path: Path,
) -> None:
    """A layout that kills its worker every time (at 'wat-is-outreach'), and one that hangs (at
    'blijf-aanklampen', with a 30-second limit): each build fails within a bounded time with a
    problem per card of that layout, in its file, at its language's text, and no traceback;
    no worker is left running. (The two builds run at the same time, each on its own cache.)"""
    runs = {}
    started = time.monotonic()
    for fault, extra in (
        ("worker-exit:wat-is-outreach", {}),
        # (30 s: long enough that the other layouts, on a loaded two-core machine, stay under it;
        # 20 s was once not)
        ("worker-hang:blijf-aanklampen", {"OUTREACH_CARDS_LAYOUT_TIMEOUT": "30"}),
    ):
        name = fault.split(":")[0]
        project = copy_project(tmp_path / name, cards=FIXTURE_DECK)
        log = tmp_path / f"{name}.log"
        env = {"OUTREACH_CARDS_CACHE": str(tmp_path / f"{name}-cache"), **extra}
        runs[name] = (start(project, log, OUTREACH_CARDS_FAULT=fault, **env), log, project)
    results = {name: finish(process, log, started) for name, (process, log, _) in runs.items()}

    def line(card: str, language: str) -> int:
        lines = (FIXTURE_DECK / f"{card}.yaml").read_text(encoding="utf-8").splitlines()
        return lines.index(f"  {language}:") + 1

    crashed = results["worker-exit"]
    assert crashed.returncode == 1, crashed.stderr
    assert "Cards could not be laid out for print; nothing was built:" in crashed.stderr
    language = re.search(r"card 'wat-is-outreach' \((nl|en)\): its print layout", crashed.stderr)
    assert language, crashed.stderr
    for card in ("naar-mensen-toe", "wat-is-outreach"):
        assert (
            f"cards/{card}.yaml:{line(card, language[1])}: field 'text.{language[1]}': card "
            f"'{card}' ({language[1]}): its print layout (theme 'wat', 2 of 2 cards) stopped a "
            "layout worker twice, the second time laid out alone (WeasyPrint crashed or ran "
            "out of memory on it); look for what is unusual in its text"
        ) in crashed.stderr
    assert "2 problems in 2 files." in crashed.stderr

    hung = results["worker-hang"]
    assert hung.returncode == 1, hung.stderr
    # The card's layout hangs in either language; both may be under way when the first one
    # runs out of time (the two workers take the last two layouts together), and each of those
    # is a problem.
    languages = sorted(
        set(re.findall(r"card 'blijf-aanklampen' \((nl|en)\): its print layout", hung.stderr))
    )
    assert languages in (["nl"], ["en"], ["en", "nl"]), hung.stderr
    for language in languages:
        assert (
            f"cards/blijf-aanklampen.yaml:{line('blijf-aanklampen', language)}: field "
            f"'text.{language}': card 'blijf-aanklampen' ({language}): its print layout "
            "(theme 'hoe', 1 of 1 cards) took more than 30 s, so the layout workers were stopped "
            "(OUTREACH_CARDS_LAYOUT_TIMEOUT: 30 s per layout of up to ten cards); look for what "
            "is unusual in its text"
        ) in hung.stderr
    assert (
        "1 problem in 1 file." if len(languages) == 1 else "2 problems in 1 file."
    ) in hung.stderr
    for run in results.values():
        assert "Traceback" not in run.stderr
        assert run.left == []
        assert run.seconds < 300  # (bounded: a hang would never end)
    for _, _, project in runs.values():
        assert not (project / "site").exists()


# -- the pieces, without a build ----------------------------------------------------------------


def test_mkdocs_writes_the_site_through_temporary_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``site.atomic`` installed (the hook does it at startup), MkDocs' pages (write_file)
    and copied files (File.copy_file, also with content set by a plugin) are written to a
    temporary name in their folder and renamed."""
    from mkdocs import utils
    from mkdocs.structure.files import File

    from outreach_cards.site import atomic

    for owner, name in ((utils, "write_file"), (utils, "copy_file"), (File, "copy_file")):
        monkeypatch.setattr(owner, name, getattr(owner, name))  # (undone after the test)
    atomic.install()
    renames: list[tuple[Path, Path]] = []
    replace = os.replace

    def recorded(source: str, target: str) -> None:
        renames.append((Path(source), Path(target)))
        replace(source, target)

    monkeypatch.setattr(os, "replace", recorded)
    site, docs = tmp_path / "site", tmp_path / "docs"
    utils.write_file(b"<p>page</p>", str(site / "a" / "index.html"))
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "x.css").write_text("p {}", encoding="utf-8")
    File("assets/x.css", str(docs), str(site), use_directory_urls=True).copy_file()
    generated = File("robots.txt", None, str(site), use_directory_urls=True)
    generated.content_string = "User-agent: *"
    generated.copy_file()
    targets = [site / "a" / "index.html", site / "assets" / "x.css", site / "robots.txt"]
    assert [target for _, target in renames] == targets
    for source, target in renames:
        assert source.parent == target.parent
        assert re.fullmatch(
            rf"{re.escape(target.name)}\.\d+-[0-9a-f]+-[0-9a-f]{{8}}\.tmp", source.name
        )
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *"
    assert sorted(path.name for path in site.rglob("*") if path.is_file()) == [
        "index.html",
        "robots.txt",
        "x.css",
    ]


def test_prune_leaves_what_a_concurrent_build_may_use(tmp_path: Path) -> None:
    """``prune`` removes the PDFs (with their checksums) the deck does not use and temporary
    files, but not a temporary file younger than STALE_AFTER (another build's, being written)
    nor a PDF another build used within UNUSED_AFTER."""
    from outreach_cards.print.cache import STALE_AFTER, UNUSED_AFTER, prune

    old = time.time() - max(STALE_AFTER, UNUSED_AFTER) - 60
    names = {
        "kept.pdf": True,
        "kept.pdf.sha256": True,
        "unused.pdf": True,
        "unused.pdf.sha256": True,
        "recent.pdf": False,
        "recent.pdf.sha256": False,
        "left.pdf.123-ab-cd.tmp": True,
        "in-flight.pdf.456-ef-01.tmp": False,
        "fragments.json": True,
    }
    for name, aged in names.items():
        (tmp_path / name).write_bytes(b"x")
        if aged:
            os.utime(tmp_path / name, (old, old))
    prune(tmp_path, {tmp_path / "kept.pdf"})
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [
            "kept.pdf",
            "kept.pdf.sha256",
            "recent.pdf",
            "recent.pdf.sha256",
            "in-flight.pdf.456-ef-01.tmp",
            "fragments.json",
        ]
    )

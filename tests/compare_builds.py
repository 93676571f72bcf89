"""Prove that a refactor changed no output: build two versions of the project, compare the results.

Usage (from the repository root):

    .venv/bin/python -m tests.compare_builds OLD_COMMIT NEW_COMMIT [--work DIR] [--output report.md]
                                             [--keep] [--site-url URL]

Each commit is exported (``git archive``) into a folder of its own; NEW_COMMIT may also be the
word ``WORKTREE``: the current files of the working tree (the configs, docs/ without its
generated page folders, cards/, hooks/, overrides/, pyproject.toml), so a refactor can be
checked before it is committed. Both are built one after the other with the real
``mkdocs build --strict`` (the site, every PDF and the offline edition), each with an empty
print cache of its own, the same SITE_URL and SOURCE_DATE_EPOCH, and PYTHONPATH set to that
folder's hooks/, so that ``outreach_cards`` comes from the version being built (checked before
the build) and not from the editable install.

Then ``site/`` of the two builds is compared file by file (and ``build/offline/`` when both
have it): files only in one of them, PDFs and other binary files by their bytes, text files
(HTML, XML, JSON, CSS, JS, ...) by their bytes with a short diff, and a differing zip also by
its members. Files that differ in the same way are reported as one group (a count and one
example). A summary goes to the terminal, a Markdown report to --output.

Exit status: 0 identical, 1 differences found, 2 a build (or an export) failed.
Comparing a commit with itself (OLD = NEW = HEAD) checks that the build is deterministic.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
WORKTREE = "WORKTREE"
# What a build needs from the working tree (as in tests/conftest.py's copy_project).
WORKTREE_FILES = ("mkdocs.yml", "mkdocs-offline.yml", "pyproject.toml")
WORKTREE_FOLDERS = ("docs", "cards", "hooks", "overrides")
# The built trees to compare, relative to a project folder.
TREES = {"site": "site", "offline": "build/offline"}
TEXT_KINDS = {".html": "html", ".htm": "html", ".xml": "xml", ".json": "json", ".css": "css",
              ".js": "js", ".mjs": "js", ".map": "text", ".txt": "text", ".md": "text",
              ".svg": "text", ".webmanifest": "text", ".yml": "text", ".yaml": "text",
              ".csv": "text", ".vtt": "text", ".j2": "text"}
BINARY_KINDS = {".pdf": "pdf", ".zip": "zip", ".gz": "gz", ".png": "image", ".jpg": "image",
                ".jpeg": "image", ".gif": "image", ".webp": "image", ".ico": "image",
                ".woff": "font", ".woff2": "font", ".ttf": "font", ".mp3": "audio",
                ".ogg": "audio", ".m4a": "audio"}
DIFF_LINES = 12      # lines of an example diff
LINE_WIDTH = 160     # longer diff lines are cut around the first difference
LIST_IN_TERMINAL = 5  # file names listed per group in the terminal (all of them in the report)
STATUSES = ("differing", "only in old", "only in new")

Reader = Callable[[], bytes]


class Failure(Exception):
    """An export or a build failed: stop with exit status 2."""


@dataclass
class Side:
    """One of the two versions: where it is exported, how its build went."""

    name: str            # "old" or "new"
    commit: str          # the argument as given
    label: str           # short sha and subject, or "working tree"
    project: Path
    cache: Path
    seconds: float = 0.0
    returncode: int | None = None


@dataclass
class Change:
    """One file that differs, or exists in one build only."""

    tree: str
    path: str
    kind: str
    status: str                       # one of STATUSES
    key: tuple[str, ...] = ()         # files with the same key differ in the same way
    detail: list[str] = field(default_factory=list)  # example diff or a note on the bytes


@dataclass
class TreeResult:
    """The comparison of one built tree (site, offline, or the members of a zip)."""

    name: str
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # kind -> counter
    changes: list[Change] = field(default_factory=list)

    def count(self, kind: str, what: str) -> None:
        self.counts.setdefault(kind, Counter())[what] += 1

    def total(self, what: str) -> int:
        return sum(counter[what] for counter in self.counts.values())


# --- exporting and building --------------------------------------------------------------------

def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def describe(commit: str) -> str:
    """A commit as 'abc1234 Subject' (the subject cut to a readable length)."""
    if commit == WORKTREE:
        return f"working tree of {REPO}"
    line = git("log", "-1", "--format=%h %s", commit)
    return line if len(line) <= 90 else line[:89] + "…"


def resolve(commit: str) -> str:
    """The full sha of a commit (or WORKTREE); a Failure if git does not know it."""
    if commit == WORKTREE:
        return commit
    try:
        return git("rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}")
    except subprocess.CalledProcessError:
        raise Failure(f"not a commit: {commit}") from None


def export_commit(sha: str, target: Path) -> None:
    """Write the tree of a commit into ``target`` (git archive | tar -x)."""
    target.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(REPO), "archive", "--format=tar", sha],
                               stdout=subprocess.PIPE)
    untar = subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout)
    archive.stdout.close()  # type: ignore[union-attr]
    if archive.wait() != 0 or untar.returncode != 0:
        raise Failure(f"could not export {sha} into {target}")


def generated_dirs() -> tuple[str, ...]:
    """GENERATED_DIRS of the working tree's hooks/outreach_cards/pages.py, read without
    importing the package (which may be half-way through a refactor)."""
    source = (REPO / "hooks" / "outreach_cards" / "pages.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and getattr(node.targets[0], "id", None) == "GENERATED_DIRS"):
            return tuple(ast.literal_eval(node.value))
    raise Failure("GENERATED_DIRS not found in hooks/outreach_cards/pages.py")


def export_worktree(target: Path) -> None:
    """Copy what a build needs from the working tree (docs/ without its generated pages)."""
    target.mkdir(parents=True)
    skip_generated = set(generated_dirs())
    caches = shutil.ignore_patterns("__pycache__", "*.egg-info")

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = set(caches(folder, names))
        if Path(folder) == REPO / "docs":
            skip.update(name for name in names if name in skip_generated)
        return skip

    for name in WORKTREE_FILES:
        shutil.copy2(REPO / name, target / name)
    for name in WORKTREE_FOLDERS:
        shutil.copytree(REPO / name, target / name, ignore=ignore)


def build_env(side: Side, site_url: str, date: int) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OUTREACH_CARDS_CACHE": str(side.cache),
           "SITE_URL": site_url, "SOURCE_DATE_EPOCH": str(date),
           "PYTHONPATH": str(side.project / "hooks")}
    env.pop("OUTREACH_CARDS_PDFS", None)  # always the full build, whatever the caller's shell has
    return env


def check_import(side: Side, env: dict[str, str]) -> None:
    """``outreach_cards`` must come from the side's own hooks/, not from the editable install."""
    result = subprocess.run(
        [sys.executable, "-c", "import outreach_cards; print(outreach_cards.__file__)"],
        cwd=side.project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure(f"{side.name}: outreach_cards does not import:\n{result.stderr.strip()}")
    found = Path(result.stdout.strip()).resolve()
    print(f"{side.name}: outreach_cards imported from {found}")
    if not found.is_relative_to((side.project / "hooks").resolve()):
        raise Failure(f"{side.name}: outreach_cards is imported from {found}, "
                      f"not from {side.project / 'hooks'}")


def build(side: Side, env: dict[str, str], logs: Path) -> None:
    """``python -m mkdocs build --strict`` in the side's folder; its output goes to log files."""
    side.cache.mkdir(parents=True)
    stdout, stderr = logs / f"{side.name}.stdout.log", logs / f"{side.name}.stderr.log"
    print(f"{side.name}: building {side.label} in {side.project} ...", flush=True)
    start = time.perf_counter()
    with stdout.open("w") as out, stderr.open("w") as err:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                                cwd=side.project, env=env, stdout=out, stderr=err)
    side.seconds = time.perf_counter() - start
    side.returncode = result.returncode
    print(f"{side.name}: exit {result.returncode} after {side.seconds:.1f} s", flush=True)
    if result.returncode != 0:
        tail = stderr.read_text(errors="replace").splitlines()[-40:]
        raise Failure(f"{side.name}: the build of {side.label} failed "
                      f"(exit {result.returncode}); end of its stderr:\n" + "\n".join(tail))


# --- comparing ---------------------------------------------------------------------------------

def kind_of(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return TEXT_KINDS.get(suffix) or BINARY_KINDS.get(suffix) or "other"


def folder_files(root: Path) -> dict[str, Reader]:
    return {path.relative_to(root).as_posix(): path.read_bytes
            for path in sorted(root.rglob("*")) if path.is_file()}


def zip_members(data: bytes) -> dict[str, Reader]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {info.filename: partial(archive.read, info.filename)
            for info in archive.infolist() if not info.is_dir()}


def clip(line: str, column: int) -> str:
    """A long line cut to LINE_WIDTH characters around ``column`` (its first difference)."""
    if len(line) <= LINE_WIDTH:
        return line
    start = max(1, column - LINE_WIDTH // 3)
    end = start + LINE_WIDTH
    before = "…" if start > 1 else ""
    after = "…" if end < len(line) else ""
    return line[0] + before + line[start:end] + after


def text_change(path: str, old: bytes, new: bytes) -> tuple[tuple[str, ...], list[str]]:
    """The grouping key (the changed lines) and a short example diff of two text files."""
    a = old.decode("utf-8", "replace").splitlines()
    b = new.decode("utf-8", "replace").splitlines()
    changed = list(difflib.unified_diff(a, b, lineterm="", n=0))[2:]  # without the headers
    changed = [line for line in changed if not line.startswith("@@")]
    if not changed:  # only line endings or a final newline differ
        return ("(line endings or final newline)",), ["(the lines are equal; line endings or "
                                                      "the final newline differ)"]
    # The page's own name (a card's folder or file name) would make every page's change look
    # different; put a placeholder in the key so that such changes group together.
    names = {Path(path).parent.name, Path(path).stem} - {"index", "", "404"}
    key = []
    for line in changed:
        for name in sorted((n for n in names if len(n) >= 4), key=len, reverse=True):
            line = line.replace(name, "<page>")
        key.append(line)
    removed = next((line[1:] for line in changed if line.startswith("-")), "")
    added = next((line[1:] for line in changed if line.startswith("+")), "")
    column = len(os.path.commonprefix([removed, added])) + 1
    example = list(difflib.unified_diff(a, b, f"old/{path}", f"new/{path}", lineterm="", n=1))
    lines = [clip(line, column) if line[:1] in "+- " else line for line in example[:DIFF_LINES]]
    if len(example) > DIFF_LINES:
        lines.append(f"… ({len(example) - DIFF_LINES} more diff lines)")
    return tuple(key), lines


def binary_note(old: bytes, new: bytes) -> list[str]:
    """Sizes, hashes and the first differing bytes of two binary files."""
    offset = next((i for i, (x, y) in enumerate(zip(old, new)) if x != y), min(len(old), len(new)))
    start = max(0, offset - 16)
    return [f"size {len(old)} → {len(new)} bytes; sha256 {hashlib.sha256(old).hexdigest()[:12]} "
            f"→ {hashlib.sha256(new).hexdigest()[:12]}",
            f"first difference at byte {offset}:",
            f"  old {old[start:offset + 48]!r}",
            f"  new {new[start:offset + 48]!r}"]


def compare_tree(name: str, old: dict[str, Reader], new: dict[str, Reader]) -> list[TreeResult]:
    """Compare two sets of files; a differing zip adds a TreeResult for its members."""
    result = TreeResult(name)
    results = [result]
    for path in sorted(old.keys() | new.keys()):
        kind = kind_of(path)
        if path not in new:
            result.count(kind, "only in old")
            result.changes.append(Change(name, path, kind, "only in old"))
            continue
        if path not in old:
            result.count(kind, "only in new")
            result.changes.append(Change(name, path, kind, "only in new"))
            continue
        result.count(kind, "compared")
        before, after = old[path](), new[path]()
        if before == after:
            result.count(kind, "identical")
            continue
        result.count(kind, "differing")
        if kind in TEXT_KINDS.values():
            key, detail = text_change(path, before, after)
        elif kind == "zip":
            members = compare_tree(f"{name}/{path}", zip_members(before), zip_members(after))
            results.extend(members)
            inner = members[0]
            key = ("zip", path)
            detail = [f"members: {inner.total('compared')} compared, "
                      f"{inner.total('differing')} differing, "
                      f"{inner.total('only in old')} only in old, "
                      f"{inner.total('only in new')} only in new"]
            if not inner.changes:
                detail.append("every member is identical: the difference is in the zip's own "
                              "data (order, dates, compression)")
            detail += binary_note(before, after)
        else:
            key, detail = ("bytes",), binary_note(before, after)
        result.changes.append(Change(name, path, kind, "differing", key, detail))
    return results


def compare(old: Side, new: Side) -> tuple[list[TreeResult], list[str]]:
    """Compare the trees both builds made; also return notes on trees only one of them made."""
    results: list[TreeResult] = []
    notes = []
    for name, relative in TREES.items():
        before, after = old.project / relative, new.project / relative
        if before.is_dir() and after.is_dir():
            results.extend(compare_tree(name, folder_files(before), folder_files(after)))
        elif before.is_dir() or after.is_dir():
            only = "old" if before.is_dir() else "new"
            notes.append(f"{relative}/ exists in the {only} build only (not compared)")
    return results, notes


def groups(results: list[TreeResult]) -> list[list[Change]]:
    """Changes that look the same, together: the same tree, status, kind and grouping key."""
    together: dict[tuple[object, ...], list[Change]] = {}
    order = {result.name: index for index, result in enumerate(results)}
    for result in results:
        for change in result.changes:
            together.setdefault((change.tree, change.status, change.kind, change.key),
                                []).append(change)
    # In the order of the trees (site, its zip's members, offline); larger groups first.
    return sorted(together.values(), key=lambda group: (order[group[0].tree], -len(group),
                                                        group[0].kind, group[0].path))


def headline(group: list[Change]) -> str:
    first = group[0]
    files = f"{len(group)} {first.kind} file{'s' if len(group) > 1 else ''}"
    if first.status != "differing":
        return f"{first.tree}: {files} {first.status}"
    how = " differing in the same way" if len(group) > 1 else " differing"
    return f"{first.tree}: {files}{how}"


# --- reporting ---------------------------------------------------------------------------------

def table(result: TreeResult) -> list[str]:
    """Rows of the per-kind summary of one tree (fixed-width text, also valid Markdown)."""
    columns = ("compared", "identical", *STATUSES)
    rows = [f"| {'kind':<6} | " + " | ".join(f"{c:>11}" for c in columns) + " |",
            "|" + "-" * 8 + "|" + "|".join("-" * 12 + ":" for _ in columns) + "|"]
    for kind in sorted(result.counts):
        counter = result.counts[kind]
        rows.append(f"| {kind:<6} | " + " | ".join(f"{counter[c]:>11}" for c in columns) + " |")
    rows.append(f"| {'all':<6} | " + " | ".join(f"{result.total(c):>11}" for c in columns) + " |")
    return rows


def total_line(result: TreeResult) -> str:
    return (f"{result.name}: {result.total('compared')} files compared, "
            f"{result.total('identical')} identical, {result.total('differing')} differing, "
            f"{result.total('only in old')} only in old, {result.total('only in new')} only in new")


def print_summary(sides: list[Side], results: list[TreeResult], notes: list[str]) -> None:
    print()
    for side in sides:
        print(f"{side.name}: {side.label} (built in {side.seconds:.1f} s)")
    for result in results:
        print()
        print(total_line(result))
        print("\n".join(table(result)))
    for note in notes:
        print(f"note: {note}")
    for group in groups(results):
        print()
        print(headline(group))
        for change in group[:LIST_IN_TERMINAL]:
            print(f"  {change.path}")
        if len(group) > LIST_IN_TERMINAL:
            print(f"  … and {len(group) - LIST_IN_TERMINAL} more")
        if group[0].detail:
            print(f"  example ({group[0].path}):")
            print("\n".join(f"    {line}" for line in group[0].detail))


def markdown(sides: list[Side], results: list[TreeResult], notes: list[str],
             settings: dict[str, str]) -> str:
    identical = not any(result.changes for result in results) and not notes
    lines = ["# Build comparison", "",
             "**Result: identical.**" if identical else "**Result: the builds differ.**", ""]
    for side in sides:
        lines.append(f"- {side.name}: `{side.commit}`: {side.label}; "
                     f"built in {side.seconds:.1f} s")
    lines += [f"- {name}: `{value}`" for name, value in settings.items()]
    for result in results:
        lines += ["", f"## {result.name}", "", total_line(result) + ".", "", *table(result)]
    if notes:
        lines += ["", "## Notes", "", *(f"- {note}" for note in notes)]
    found = groups(results)
    if found:
        lines += ["", "## Differences"]
    for group in found:
        lines += ["", f"### {headline(group)}", ""]
        if group[0].detail:
            fence = "diff" if group[0].kind in TEXT_KINDS.values() else "text"
            lines += [f"Example: `{group[0].path}`", "", f"```{fence}", *group[0].detail, "```",
                      ""]
        lines += ["<details><summary>files</summary>", ""]
        lines += [f"- `{change.path}`" for change in group]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


# --- main --------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the commit before the change")
    parser.add_argument("new", help=f"the commit after the change, or {WORKTREE}")
    parser.add_argument("--work", type=Path, help="where to make the temporary folder "
                        "(default: the system's temporary folder)")
    parser.add_argument("--output", type=Path, help="write a Markdown report here")
    parser.add_argument("--keep", action="store_true",
                        help="keep the exported projects, builds and logs")
    parser.add_argument("--site-url", default="https://kaarten.example.org/",
                        help="SITE_URL for both builds (default: %(default)s)")
    args = parser.parse_args(argv)

    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="compare-builds-", dir=args.work))
    # The build date goes into the sitemaps: the same for both, even if midnight passes between.
    date = int(time.time())
    sides: list[Side] = []
    try:
        for name, commit in (("old", args.old), ("new", args.new)):
            if name == "old" and commit == WORKTREE:
                raise Failure(f"{WORKTREE} can only be the new side")
            sha = resolve(commit)
            side = Side(name, commit, describe(sha), work / name, work / f"{name}-cache")
            if sha == WORKTREE:
                export_worktree(side.project)
            else:
                export_commit(sha, side.project)
            sides.append(side)
        for side in sides:  # one after the other: each build keeps both cores busy
            env = build_env(side, args.site_url, date)
            check_import(side, env)
            build(side, env, work)
        results, notes = compare(*sides)
        print_summary(sides, results, notes)
        if args.output:
            settings = {"SITE_URL": args.site_url, "SOURCE_DATE_EPOCH": str(date),
                        "python": sys.executable}
            args.output.write_text(markdown(sides, results, notes, settings), encoding="utf-8")
            print(f"\nreport: {args.output}")
        differ = any(result.changes for result in results) or bool(notes)
        print("\nresult: " + ("the builds differ" if differ else "identical"))
        return 1 if differ else 0
    except Failure as failure:
        print(f"error: {failure}", file=sys.stderr)
        if not args.keep:
            print("(run with --keep to look at the exported projects and build logs)",
                  file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Where the time goes: cProfile profiles of the scale benchmark's steps (a script's helper,
not a test).

``tests/bench_scale.py`` profiles a step again, in a new process, where its target was missed,
and adds to its results what this module makes of the profile: the step's self time by where
the code lives (our own code in the project's folders, each installed package, Python's standard
library) and the functions with the most self time.

C functions (``<method 'join' of 'str' objects>``) have no package of their own: their time goes
to the packages of the functions that called them, in the shares cProfile recorded per caller;
a C method of an installed package (``pikepdf``) goes to that package.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import sysconfig
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
CALLED_C = "C functions"  # C functions called by C functions: no Python caller to charge


@dataclass
class Profile:
    """One profiled step: its total time in the profiler and where that time went."""

    title: str
    seconds: float  # total self time in the profile (the profiler slows the step down)
    cards: int
    packages: dict[str, float]  # where the code lives → self seconds
    top: list[tuple[str, str, float, int]]  # (function, where, self seconds, calls)


def where(filename: str, project: Path) -> str:
    """Where a function's code lives: ``ours: hooks/`` (a folder of the project), an installed
    package's name, ``Python standard library``, or ``other``."""
    if filename.startswith("<frozen "):  # os, posixpath, importlib: frozen into Python
        return "Python standard library"
    if not filename.startswith(("/", ".")):
        return "other"
    path = Path(filename).resolve()
    if path.is_relative_to(project):
        return f"ours: {path.relative_to(project).parts[0]}/"
    parts = path.parts
    if "site-packages" in parts:
        package = parts[parts.index("site-packages") + 1]
        return package.removesuffix(".py")
    if path.is_relative_to(STDLIB):
        return "Python standard library"
    return "other"


def _location(filename: str, package: str, project: Path) -> str:
    """A function's file, short: from the project, the package or the standard library."""
    if filename.startswith("<"):
        return filename
    path = Path(filename).resolve()
    if package.startswith("ours: "):
        return path.relative_to(project).as_posix()
    if "site-packages" in path.parts:
        return "/".join(path.parts[path.parts.index("site-packages") + 1 :])
    if path.is_relative_to(STDLIB):
        return path.relative_to(STDLIB).as_posix()
    return path.name


def _c_package(name: str) -> str | None:
    """The installed package a C method belongs to, when its name says so (``<method 'save' of
    'pikepdf._core.Pdf' objects>``); None for the standard library's (``'re.Pattern'``)."""
    if " of '" in name:
        owner = name.split(" of '", 1)[1].split("'", 1)[0]
        module = owner.split(".", 1)[0]
        if "." in owner and module not in sys.stdlib_module_names:
            return module
    return None


def summarise(stats_file: Path, project: Path, title: str, cards: int, top: int = 10) -> Profile:
    """The self time of a saved profile by where the code lives, and its ``top`` functions."""
    stats = pstats.Stats(str(stats_file)).stats
    packages: dict[str, float] = defaultdict(float)
    functions = []
    for (filename, line, name), (_, calls, self_time, _, callers) in stats.items():
        if filename == "~":
            owner = _c_package(name)
            if owner:
                packages[owner] += self_time
                label = owner
            else:
                # charge each caller with the part of the time it spent in this C function
                charged = defaultdict(float)
                for (caller_file, _, _), caller_times in callers.items():
                    charged[CALLED_C if caller_file == "~" else where(caller_file, project)] += (
                        caller_times[2]
                    )
                rest = self_time - sum(charged.values())
                if rest > 0:
                    charged[CALLED_C] += rest
                for package, seconds in charged.items():
                    packages[package] += seconds
                label = f"C, called from {max(charged, key=charged.get)}" if charged else "C"
            functions.append((name.strip("<>{}"), label, self_time, calls))
        else:
            package = where(filename, project)
            packages[package] += self_time
            functions.append(
                (name, f"{_location(filename, package, project)}:{line}", self_time, calls)
            )
    functions.sort(key=lambda function: function[2], reverse=True)
    return Profile(title, sum(packages.values()), cards, dict(packages), functions[:top])


def markdown(profiles: list[Profile], shown_packages: int = 8) -> str:
    """The profiles as Markdown: per profile, its time by package (the largest
    ``shown_packages``, the rest summed) and its top functions."""
    lines: list[str] = []
    for profile in profiles:
        total = profile.seconds or 1.0
        ranked = sorted(profile.packages.items(), key=lambda item: item[1], reverse=True)
        shown, rest = ranked[:shown_packages], ranked[shown_packages:]
        ours = sum(seconds for package, seconds in ranked if package.startswith("ours: "))
        lines += [
            f"**{profile.title}**: {profile.seconds:.1f} s of self time in cProfile, "
            f"{1000 * profile.seconds / profile.cards:.0f} ms a card; our own code "
            f"{100 * ours / total:.0f} %.",
            "",
            "| where the code lives | self time | share |",
            "|---|---|---|",
            *(
                f"| {package} | {seconds:.2f} s | {100 * seconds / total:.0f} % |"
                for package, seconds in shown
            ),
        ]
        if rest:
            lines.append(
                f"| {len(rest)} others | {sum(s for _, s in rest):.2f} s | "
                f"{100 * sum(s for _, s in rest) / total:.0f} % |"
            )
        lines += [
            "",
            "| function (most self time first) | where | self time | calls |",
            "|---|---|---|---|",
            *(
                f"| `{name}` | {place} | {seconds:.2f} s | {calls} |"
                for name, place, seconds, calls in profile.top
            ),
            "",
        ]
    return "\n".join(lines)


# -- the profiled steps (each in its own process, started by tests/bench_scale.py) -------------


def _profiled(action, out: Path) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        action()
    finally:
        profiler.disable()
        profiler.dump_stats(str(out))


def _build(config: str, site: str, dirty: bool = False):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # As `mkdocs serve` does for every rebuild: the configuration is read again.
    return lambda: build(load_config(config, site_dir=site), dirty=dirty)


def build_child() -> None:
    """``<config> <site> <out>``: ``mkdocs build`` of the config, profiled into ``out``."""
    config, site, out = sys.argv[1:4]
    _profiled(_build(config, site), Path(out))


def rebuild_child() -> None:
    """``<config> <site> <out> <card file> <new title> [dirty]``: build, give the card a new
    Dutch title, then build again profiled (what `mkdocs serve` does after an edit, in the same
    process: kept print workers and caches included; ``dirty``: as `mkdocs serve --dirty`,
    only the pages whose source changed). The title is put back."""
    from tests.bench_scale import edit_title

    config, site, out, card_file, title = sys.argv[1:6]
    dirty = sys.argv[6:7] == ["dirty"]
    card = Path(card_file)
    original = card.read_bytes()
    _build(config, site)()
    time.sleep(1)  # a newer modification time than the first build saw
    try:
        edit_title(card, "nl", title)
        _profiled(_build(config, site, dirty), Path(out))
    finally:
        card.write_bytes(original)


def print_child() -> None:
    """``<cards> <cache> <out> <format> <site url>``: the cold print step in one process (no
    layout workers, so the layouts are in the profile too), profiled into ``out``."""
    from outreach_cards.deck import load_deck
    from outreach_cards.print.formats import PrintSettings
    from outreach_cards.print.step import render_print

    cards, cache, out, card_format, url = sys.argv[1:6]
    deck = load_deck(Path(cards))
    settings = PrintSettings(card_format, url)
    _profiled(lambda: render_print(deck, settings, Path(cache), workers=1), Path(out))

"""Fuzz the loader and the checker: real cards and registries, broken in every way a file can
be broken, must each give a clean pass or problems with file, line and field; never a traceback.

The deck fuzzed is small but real: the real registries (vocabularies, themes, sources,
glossary, redirects, situations), three real cards and one real set, their links between each
other kept and those to cards left out dropped (a situation left with fewer than two cards too),
so the unbroken deck passes and every problem is the mutation's. Each example breaks one file,
in its text (a byte-order mark, Windows line ends, a tab, an invisible or control character, a
cut-off end, a duplicated line, aliases that expand, deep brackets, bytes that are not UTF-8) or
in its data (any field replaced by a value of another type, emptied, made very long or very
deep, or removed), and reads and checks the deck.

``tests/test_fuzz.py`` runs a few hundred examples with a fixed seed in the suite. For long
runs (the figures go in the note)::

    .venv/bin/python tests/fuzz_deck.py --examples 5000

prints the examples tried, the tracebacks (with the first few), the slowest example and the
largest memory one example took (tracemalloc's peak).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import traceback
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from outreach_cards.deck import load_deck  # noqa: E402
from outreach_cards.load.yamlsource import MAX_FILE_BYTES  # noqa: E402
from outreach_cards.model import Deck  # noqa: E402
from outreach_cards.problems import DeckError  # noqa: E402

CARDS = ("blijf-aanklampen", "huisbezoek", "zeg-wie-je-bent")
SET = "eerste-week"
SCHEMA = "# yaml-language-server: $schema={up}hooks/outreach_cards/schemas/{name}.schema.json\n"

# Characters an editor or a paste can slip into a text.
ODD = (
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u202e",  # right-to-left override
    "\u2067",  # right-to-left isolate
    "\u200f",  # right-to-left mark
    "\ufeff",  # byte-order mark in the middle
    "\u0301",  # combining acute accent
    "\u00ad",  # soft hyphen (allowed)
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\u0085",  # next line (a C1 control)
    "\u2028",  # line separator
    "\t",
    "\r",
    "é",
    "𝕏",  # outside the basic plane
    "\U0001f600",
    "'",
    '"',
    ":",
    "#",
    "&",
    "*",
    "!",
    "%",
    "@",
    "`",
    "{",
    "[",
    "- ",
    "\n",
)


def prepare(target: Path) -> Path:
    """Write the small real deck into ``target`` (the folder that plays ``cards/``)."""
    source = REPO / "cards"
    registries = target / "registries"
    registries.mkdir(parents=True)
    for path in (source / "registries").glob("*.yaml"):
        shutil.copyfile(path, registries / path.name)
    for card_id in CARDS:
        data = yaml.safe_load((source / f"{card_id}.yaml").read_text(encoding="utf-8"))
        data["related"] = [other for other in data.get("related", []) if other in CARDS]
        _dump(target / f"{card_id}.yaml", data, SCHEMA.format(up="../", name="card"))
    situations = registries / "situations.yaml"
    data = yaml.safe_load(situations.read_text(encoding="utf-8"))
    data["situations"] = [
        dict(entry, cards=[card_id for card_id in entry["cards"] if card_id in CARDS])
        for entry in data["situations"]
    ]
    data["situations"] = [entry for entry in data["situations"] if len(entry["cards"]) >= 2]
    _dump(situations, data, SCHEMA.format(up="../../", name="situations"))
    (target / "sets").mkdir()
    data = yaml.safe_load((source / "sets" / f"{SET}.yaml").read_text(encoding="utf-8"))
    data["cards"] = [card_id for card_id in data["cards"] if card_id in CARDS]
    _dump(target / "sets" / f"{SET}.yaml", data, SCHEMA.format(up="../../", name="set"))
    return target


def _dump(path: Path, data: Any, header: str) -> None:
    path.write_text(
        header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )


def deck_files(deck_dir: Path) -> list[Path]:
    """The files a mutation may break, in a fixed order."""
    return sorted(path for path in deck_dir.rglob("*.yaml"))


# -- mutations ------------------------------------------------------------------------------


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, prefix + (index,))
    return found


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.text(
        alphabet=st.sampled_from([c for c in ODD if len(c) == 1]) | st.characters(codec="utf-8"),
        max_size=40,
    ),
    st.sampled_from(["", " ", "~", "null", "yes", "no", "0x1f", "1e9", "-", "x" * 20_000]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(), children, max_size=4)
    ),
    max_leaves=12,
) | st.builds(_nested, st.integers(min_value=5, max_value=60))


@dataclass(frozen=True)
class Mutation:
    """One way of breaking one file: ``describe`` says which, ``apply`` gives the new bytes."""

    file: int  # index into deck_files
    kind: str
    position: float  # where in the file or which field, as a fraction
    value: Any = None
    character: str = ""

    def describe(self, files: list[Path]) -> str:
        shown = repr(self.value)[:60] if self.value is not None else repr(self.character)
        return f"{files[self.file].name}: {self.kind} at {self.position:.2f} ({shown})"

    def apply(self, text: str) -> bytes:
        at = int(self.position * len(text))
        lines = text.split("\n")
        line = int(self.position * (len(lines) - 1))
        if self.kind == "bom":
            return b"\xef\xbb\xbf" + text.encode("utf-8")
        if self.kind == "crlf":
            return text.replace("\n", "\r\n").encode("utf-8")
        if self.kind == "tab":
            lines[line] = lines[line].replace("  ", "\t", 1)
            return "\n".join(lines).encode("utf-8")
        if self.kind == "character":
            return (text[:at] + self.character + text[at:]).encode("utf-8")
        if self.kind == "cut":
            return text[:at].encode("utf-8")
        if self.kind == "duplicate-line":
            lines.insert(line, lines[line])
            return "\n".join(lines).encode("utf-8")
        if self.kind == "aliases":
            bomb = ["a0: &a0 [x, x, x, x, x, x, x, x]"] + [
                f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 8)}]" for n in range(1, 9)
            ]
            return (text + "\n" + "\n".join(bomb) + "\n").encode("utf-8")
        if self.kind == "brackets":
            levels = 10 + int(self.position * 5000)
            return (text + f"\nextra: {'[' * levels}{']' * levels}\n").encode("utf-8")
        if self.kind == "bytes":
            return text[:at].encode("utf-8") + b"\xff\xfe\xc3" + text[at:].encode("utf-8")
        if self.kind == "huge":
            return (text + "\nextra: '" + "x" * (MAX_FILE_BYTES + 10) + "'\n").encode("utf-8")
        # data mutations: replace or remove one field
        header = text.split("\n", 1)[0] + "\n" if text.startswith("#") else ""
        data = yaml.safe_load(text)
        paths = _paths(data)
        path = paths[int(self.position * (len(paths) - 1))]
        if self.kind == "remove" and path:
            parent = _get(data, path[:-1])
            del parent[path[-1]]
        elif self.kind == "replace":
            if path:
                _get(data, path[:-1])[path[-1]] = self.value
            else:
                data = self.value
        try:
            dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        except yaml.YAMLError:
            dumped = repr(data)
        return (header + dumped).encode("utf-8")


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


TEXT_KINDS = ("bom", "crlf", "tab", "cut", "duplicate-line", "aliases", "brackets", "bytes", "huge")


def mutations(files: int) -> st.SearchStrategy[Mutation]:
    """Every kind of breakage, on any of ``files`` files."""
    file = st.integers(min_value=0, max_value=files - 1)
    position = st.floats(min_value=0, max_value=1)
    return st.one_of(
        st.builds(Mutation, file, st.sampled_from(TEXT_KINDS), position),
        st.builds(Mutation, file, st.just("character"), position, character=st.sampled_from(ODD)),
        st.builds(Mutation, file, st.just("remove"), position),
        st.builds(Mutation, file, st.just("replace"), position, value=VALUES),
        st.builds(Mutation, file, st.just("replace"), position, value=SCALARS),
    )


# -- the property -----------------------------------------------------------------------------


class Traceback(AssertionError):
    """The loader or checker raised something other than its own DeckError."""


def check_once(deck_dir: Path, mutation: Mutation) -> Deck | DeckError:
    """Break one file of ``deck_dir`` as ``mutation`` says, read and check the deck, put the
    file back. Returns the deck or the problems; raises Traceback on anything else."""
    files = deck_files(deck_dir)
    path = files[mutation.file]
    original = path.read_bytes()
    try:
        path.write_bytes(mutation.apply(original.decode("utf-8")))
        try:
            outcome: Deck | DeckError = load_deck(deck_dir)
        except DeckError as error:
            outcome = error
        except Exception as error:  # the property: this never happens
            raise Traceback(
                f"{mutation.describe(files)}: {''.join(traceback.format_exception(error))}"
            ) from error
    finally:
        path.write_bytes(original)
    if isinstance(outcome, DeckError):
        for problem in outcome.problems:
            assert problem.path.is_relative_to(deck_dir), problem
            assert isinstance(problem.line, int) and problem.line >= 1, problem
            assert isinstance(problem.field, str), problem
            assert isinstance(problem.message, str) and len(problem.message) > 10, problem
    return outcome


def fuzz_settings(examples: int, seed: int | None) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,  # no .hypothesis folder in the project
        derandomize=seed is None,  # (the suite: the same examples every run)
        phases=(Phase.generate, Phase.shrink) if seed is None else (Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        deck_dir = prepare(Path(tmp) / "cards")
        load_deck(deck_dir)  # the unbroken deck passes
        files = deck_files(deck_dir)
        figures = {"tried": 0, "passed": 0, "problems": 0, "tracebacks": 0}
        slowest: tuple[float, str] = (0.0, "")
        largest: tuple[int, str] = (0, "")
        failures: list[str] = []

        @seed(args.seed)
        @given(mutations(len(files)))
        @fuzz_settings(args.examples, args.seed)
        def run(mutation: Mutation) -> None:
            nonlocal slowest, largest
            figures["tried"] += 1
            tracemalloc.start()
            started = time.process_time()
            try:
                outcome = check_once(deck_dir, mutation)
                figures["passed" if isinstance(outcome, Deck) else "problems"] += 1
            except Traceback as error:
                figures["tracebacks"] += 1
                failures.append(str(error))
            seconds = time.process_time() - started
            if seconds > 1:
                print(f"slow ({seconds:.1f} s): {mutation.describe(files)}", file=sys.stderr)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            slowest = max(slowest, (seconds, mutation.describe(files)))
            largest = max(largest, (peak, mutation.describe(files)))

        run()
    print(
        f"Fuzz (seed {args.seed}): {figures['tried']} examples, {figures['passed']} passed, "
        f"{figures['problems']} gave problems, {figures['tracebacks']} tracebacks"
    )
    print(f"Slowest example: {slowest[0]:.2f} s processor time: {slowest[1]}")
    print(f"Largest memory of one example: {largest[0] / 2**20:.1f} MiB: {largest[1]}")
    for failure in failures[:5]:
        print("\n" + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

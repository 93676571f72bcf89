"""A content problem an editor can act on: file, line, field, bad value and a fix."""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one content file."""

    path: Path
    line: int
    field: str
    message: str

    def format(self, root: Path | None = None) -> str:
        """``cards/x.yaml:12: field 'text.nl.title': <message>`` (path relative to ``root``)."""
        path = self.path
        if root is not None:
            with contextlib.suppress(ValueError):  # a file outside root keeps its own path
                path = self.path.resolve().relative_to(root.resolve())
        where = f"field '{self.field}'" if self.field else "file"
        return f"{path.as_posix()}:{self.line}: {where}: {self.message}"


class DeckError(Exception):
    """Raised when the deck has content problems; carries all of them, sorted."""

    def __init__(self, problems: Iterable[Problem], root: Path | None = None) -> None:
        self.problems = sorted(problems)
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one per line, then a count."""
        lines = [problem.format(self.root) for problem in self.problems]
        files = len({problem.path for problem in self.problems})
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines.append(f"{len(self.problems)} {noun} in {files} file{'s' if files != 1 else ''}.")
        return "\n".join(lines)


def show(value: object, limit: int = 60) -> str:
    """Quote a bad value for a message, shortened to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """`` — did you mean 'x'?`` when a close match exists, else a list of what is allowed."""
    options = sorted(choices)
    if isinstance(value, str):
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
        if close:
            return f" — did you mean '{close[0]}'?"
    if 0 < len(options) <= 12:
        return " — expected one of: " + ", ".join(f"'{option}'" for option in options)
    return ""

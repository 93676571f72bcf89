"""What the print step hands on: every PDF it made, with its pages and size, and each card's
print layout (for the card pages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..problems import DeckError, Problem


class PrintError(DeckError):
    """Cards whose text does not fit their side of the card."""

    headline = "Cards do not fit their printed side"


class LayoutError(PrintError):
    """Cards whose print layout stopped a layout worker twice or took too long."""

    headline = "Cards could not be laid out for print"


class PreflightError(PrintError):
    """The print-shop deck does not pass the preflight a print shop would run on it."""

    headline = "The print-shop file does not pass its preflight"

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        super().__init__(problems, root)
        # In the preflight's order (the whole file, then page by page), not sorted as text,
        # which would put page 10 before page 2.
        self.problems = list(problems)
        self.args = (self.report(),)


@dataclass(frozen=True)
class PrintFile:
    """One PDF of the print step, as the site offers it."""

    language: str
    path: str  # under the language's site root (see urls.card_pdf and the like)
    kind: str  # card, theme, deck, sheets, print-shop, fold, duplex-test
    title: str
    pages: int
    size: int  # bytes
    cache_file: Path


@dataclass
class PrintResult:
    files: list[PrintFile] = field(default_factory=list)
    rendered: int = 0  # files made in this run (the rest came from the cache)
    seconds: float = 0.0
    # Where the time went (wall seconds per phase), and what the layouts cost on every core.
    phases: dict[str, float] = field(default_factory=dict)
    layout_cpu: float = 0.0  # CPU seconds of all layouts, whichever process ran them
    worker_peak_mib: float = 0.0  # the largest resident memory of a process that ran layouts
    # Each card's print layout, (language, card id) → HTML: the PDFs' and the card page's
    fragments: dict[tuple[str, str], str] = field(default_factory=dict)

    def for_language(self, language: str) -> list[PrintFile]:
        return [file for file in self.files if file.language == language]

    def file(self, language: str, path: str) -> PrintFile:
        return next(f for f in self.files if f.language == language and f.path == path)

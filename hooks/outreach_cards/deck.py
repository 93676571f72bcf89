"""The pipeline's front door: read a deck folder, check it, build the typed model.

Reading (which files, their schemas) is :mod:`.load.files`; the rules across files are
:mod:`.check`; the model is built by :mod:`.load.model_builder`. :func:`load_deck` reports
every problem of a run at once, by raising :class:`DeckError`.
"""

from __future__ import annotations

from pathlib import Path

from .check import CheckContext, advise, check_deck
from .load.files import read_deck_files
from .load.model_builder import build_deck
from .model import Deck
from .problems import DeckError, Problem


def load_deck(cards_dir: Path) -> Deck:
    """The checked deck in ``cards_dir``; raises :class:`DeckError` listing every problem."""
    return load_deck_with_advice(cards_dir)[0]


def load_deck_with_advice(cards_dir: Path) -> tuple[Deck, list[Problem]]:
    """The checked deck in ``cards_dir`` and the advice on it (see :data:`.check.ADVICE`);
    raises :class:`DeckError` listing every problem."""
    cards_dir = Path(cards_dir)
    files = read_deck_files(cards_dir)
    context = CheckContext(files)
    problems = [*files.problems, *_after_reading(files.problems, check_deck(context))]
    if problems:
        raise DeckError(problems, root=cards_dir.parent)
    return build_deck(files), advise(context)


def deck_fingerprint(cards_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file of the deck: changes when any file does."""
    return tuple(
        (path.as_posix(), stat.st_size, stat.st_mtime_ns)
        for path in sorted(Path(cards_dir).rglob("*.y*ml"))
        for stat in (path.stat(),)
    )


def _after_reading(read: tuple[Problem, ...], found: list[Problem]) -> list[Problem]:
    """The rules' problems but those on a field that reading (YAML, the schema) found wrong
    already: one fault, one message (an id with a hidden character is not a slug; it needs no
    second message about the character)."""
    wrong = {(problem.path, problem.field) for problem in read if problem.field}
    return [problem for problem in found if (problem.path, problem.field) not in wrong]

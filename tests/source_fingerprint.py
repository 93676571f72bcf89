"""A fingerprint of the source documents, so the content tests run where the sources are not.

The source documents (``shared/seeds/`` beside the repository) are not ours to publish, and one
of them holds staff names and phone numbers. The repository keeps only hashes of their word
sequences: enough to prove that a quotation is word for word in its source and that no run of
ten words of our own text is copied, and not enough to read the sources back.

Regenerate after a source changes::

    .venv/bin/python -m tests.source_fingerprint ../shared/seeds
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

FINGERPRINT = Path(__file__).parent / "data" / "source-fingerprint.json"
SHINGLE = 4  # tokens per hashed shingle: shorter than the shortest quotation (6 tokens)
RUN = 10  # words: a run this long shared with a source counts as copied


def normalise(text: str) -> str:
    """Lower case, one kind of quote mark, single spaces: how quotations are compared."""
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”„]", '"', text)
    return " ".join(text.lower().split())


def tokens(text: str) -> list[str]:
    """Words and punctuation marks, in order: a quotation must match both."""
    return re.findall(r"[\w']+|[^\w\s]", normalise(text))


def words(text: str) -> list[str]:
    return re.findall(r"[\w']+", normalise(text))


def digest(parts: list[str]) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=6).hexdigest()


def shingles(sequence: list[str], size: int) -> list[str]:
    return [digest(sequence[i : i + size]) for i in range(len(sequence) - size + 1)]


def fingerprint(documents: dict[str, str]) -> dict[str, dict[str, str]]:
    """Per document: the hashed token shingles in order, and the hashed ten-word runs."""
    return {
        name: {
            "shingles": " ".join(shingles(tokens(text), SHINGLE)),
            "runs": " ".join(sorted(set(shingles(words(text), RUN)))),
        }
        for name, text in sorted(documents.items())
    }


def read_documents(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}


class Sources:
    """The fingerprint, asked the two questions the content tests need."""

    def __init__(self, data: dict[str, dict[str, str]]) -> None:
        self.order = {name: entry["shingles"].split() for name, entry in data.items()}
        self.runs = {run for entry in data.values() for run in entry["runs"].split()}

    @classmethod
    def load(cls, path: Path = FINGERPRINT) -> Sources:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def quotes_verbatim(self, document: str, quote: str) -> bool:
        """Whether ``quote`` stands word for word (punctuation included) in ``document``."""
        wanted = shingles(tokens(quote), SHINGLE)
        have = self.order[document]
        if not wanted:
            raise ValueError(f"quotation too short to check: {quote!r}")
        return any(
            have[start : start + len(wanted)] == wanted
            for start in range(len(have) - len(wanted) + 1)
            if have[start] == wanted[0]
        )

    def copied_runs(self, text: str) -> list[str]:
        """The runs of ten words of ``text`` that stand in some source document."""
        sequence = words(text)
        return [
            " ".join(sequence[i : i + RUN])
            for i in range(len(sequence) - RUN + 1)
            if digest(sequence[i : i + RUN]) in self.runs
        ]


if __name__ == "__main__":
    folder = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "shared" / "seeds"
    )
    FINGERPRINT.parent.mkdir(exist_ok=True)
    FINGERPRINT.write_text(
        json.dumps(fingerprint(read_documents(folder)), indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {FINGERPRINT} from {len(read_documents(folder))} documents in {folder}")

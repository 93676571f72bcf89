"""What the print step keeps between builds, under keys made of everything that goes in.

Every file lands in a cache folder under a key of its HTML, the stylesheet, the fonts, the
settings and the library versions, so a rebuild with no card changed renders nothing, and an
edit lays out only the edited cards.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .formats import PrintSettings

CACHE_VERSION = "2"  # raise when the way files are made changes without a template change
# The libraries whose versions go into every key (one major of WeasyPrint gives stable bytes).
LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "segno", "fontpkg-atkinson-hyperlegible")


def cache_folder(project: Path) -> Path:
    """Where the print step keeps its files: the folder in OUTREACH_CARDS_CACHE (for CI caches
    and tests), else ``.cache/print/`` in ``project`` (the folder of mkdocs.yml and cards/).
    The build and ``outreach-cards check --print`` share it."""
    folder = os.environ.get("OUTREACH_CARDS_CACHE")
    return Path(folder) if folder else project / ".cache" / "print"


def key(*parts: str) -> str:
    """A short digest of ``parts``, for file names and keys."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def settings_fingerprint(settings: PrintSettings) -> str:
    """Everything outside the deck that every file of the step depends on."""
    versions = {name: metadata.version(name) for name in LIBRARIES}
    brand = settings.brand
    return json.dumps(
        [
            CACHE_VERSION,
            versions,
            settings.format,
            settings.site_url,
            brand.names,
            brand.descriptions,
        ],
        sort_keys=True,
    )


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` whole or not at all (a worker may be stopped half-way)."""
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(target)


def prune(cache_dir: Path, keep: set[Path]) -> None:
    """Remove cached PDFs this deck no longer uses, so the cache does not grow without end."""
    for path in cache_dir.glob("*.pdf"):
        if path not in keep:
            path.unlink(missing_ok=True)
    for path in cache_dir.glob("*.tmp"):
        path.unlink(missing_ok=True)


class Memo:
    """Values kept in a JSON file in the cache folder between builds, and in memory between
    the builds of one process (`mkdocs serve`): the entries the last run used, under keys made
    of everything that goes into them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, object] = {}
        self.used: set[str] = set()
        self.changed = False

    def load(self, cache_dir: Path) -> None:
        self.used = set()
        path = cache_dir / self.name
        if path.is_file():
            try:
                self.values.update(json.loads(path.read_text(encoding="utf-8")))
            except ValueError:
                self.changed = True

    def get(self, key: str, make: Callable[[], object]) -> object:
        self.used.add(key)
        if key not in self.values:
            self.values[key] = make()
            self.changed = True
        return self.values[key]

    def save(self, cache_dir: Path) -> None:
        path = cache_dir / self.name
        if self.changed or len(self.values) != len(self.used) or not path.is_file():
            self.values = {key: self.values[key] for key in sorted(self.used)}
            write_atomic(path, json.dumps(self.values, indent=0).encode("utf-8"))
            self.changed = False


def page_count(path: Path) -> int:
    """The pages of a PDF (pikepdf)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)

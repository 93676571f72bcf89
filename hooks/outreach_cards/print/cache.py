"""What the print step keeps between builds, under keys made of everything that goes in.

Every file lands in a cache folder under a key of its HTML, the stylesheet, the fonts, the
settings and the library versions, so a rebuild with no card changed renders nothing, and an
edit lays out only the edited cards.

The cache survives a build killed at any moment and two builds sharing it at once (two CI jobs):

- every file is written to a temporary name in its own folder and renamed, so a file is there
  whole or not at all (``atomic.write_atomic``);
- each cached PDF has a checksum beside it (``<name>.pdf.sha256``), written *before* the PDF:
  whenever a PDF is there, so is its checksum, and a PDF that does not match it (truncated,
  corrupt, or without one) is rendered again and never published (``check``). Two builds
  writing the same file write the same bytes (the keys hold everything that goes in);
- the JSON memos carry a digest of their text on their first line (``write_json``): a damaged
  memo is made again rather than trusted (a corrupt print layout would be printed);
- ``prune`` leaves what a concurrent build may be using: temporary files younger than
  ``STALE_AFTER`` (another build's file in flight) and PDFs used by any build within
  ``UNUSED_AFTER`` (another deck's, sharing the folder). A build touches what it uses.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from ..atomic import write_atomic
from .formats import PrintSettings

CACHE_VERSION = "4"  # raise when the way files are made changes without a template change
# The libraries whose versions go into every key (one major of WeasyPrint gives stable bytes).
LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "segno", "fontpkg-atkinson-hyperlegible")
# A temporary file older than this is left over from a killed build; a younger one may be
# another build's, still being written (which takes seconds at most).
STALE_AFTER = 30 * 60
# A cached PDF the deck no longer uses is removed when no build used it for this long: two
# builds of different decks (two branches) sharing the folder keep each other's PDFs.
UNUSED_AFTER = 30 * 60
CHECKSUM = ".sha256"


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


def _digest(data: bytes) -> bytes:
    """The SHA-256 of ``data`` in hex, as the checksum files and memos hold it."""
    return hashlib.sha256(data).hexdigest().encode("ascii")


def checksum_path(pdf: Path) -> Path:
    return pdf.with_name(pdf.name + CHECKSUM)


def write_checked(target: Path, data: bytes, fault: str = "") -> None:
    """Write a cached PDF with its checksum: the checksum first, so that a PDF in the cache
    always has one (a build killed between the two leaves a checksum without its PDF, which
    the next build renders)."""
    write_atomic(checksum_path(target), _digest(data))
    write_atomic(target, data, fault)


class Checked:
    """The cached PDFs whose checksums this process verified, with what ``os.stat`` said then:
    `mkdocs serve` reads a PDF again only when it changed since."""

    def __init__(self) -> None:
        self.verified: dict[Path, tuple[int, int, int]] = {}

    def state(self, target: Path) -> str:
        """``"missing"``, ``"intact"`` or ``"damaged"`` (truncated, corrupt, or without a
        checksum). An intact PDF is touched: ``prune`` of a concurrent build keeps it."""
        try:
            stat = target.stat()
        except FileNotFoundError:
            return "missing"
        seen = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if self.verified.get(target) != seen:
            try:
                data = target.read_bytes()
                recorded = checksum_path(target).read_bytes().strip()
            except FileNotFoundError:
                return "damaged"
            if _digest(data) != recorded:
                return "damaged"
        if time.time() - stat.st_mtime > 60:
            with contextlib.suppress(OSError):  # (a shared cache: another user's file)
                os.utime(target)
                stat = target.stat()
        self.verified[target] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        return "intact"


def write_json(path: Path, value: object) -> None:
    """A JSON file with the digest of its text on its first line (see ``read_json``)."""
    write_atomic(path, json_bytes(value))


def json_bytes(value: object) -> bytes:
    body = json.dumps(value, indent=0).encode("utf-8")
    return _digest(body) + b"\n" + body


def read_json(path: Path) -> tuple[object, bool]:
    """The value in a file of ``write_json`` (None when there is none) and whether the file
    was damaged (truncated, corrupt, not JSON): then the value is None and the caller makes
    the values again."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, False
    digest, _, body = data.partition(b"\n")
    if _digest(body) != digest:
        return None, True
    try:
        return json.loads(body.decode("utf-8")), False
    except ValueError:
        return None, True


def prune(cache_dir: Path, keep: set[Path]) -> None:
    """Remove cached PDFs (and their checksums) this deck no longer uses, so the cache does not
    grow without end, and temporary files left by killed builds. What another build running at
    the same time may need stays: temporary files younger than STALE_AFTER, and PDFs used (or
    written) within UNUSED_AFTER, by whichever build."""
    now = time.time()
    for path in cache_dir.iterdir():
        name = path.name
        if name.endswith(".tmp"):
            limit = STALE_AFTER
        elif name.endswith(".pdf"):
            limit = 0 if path in keep else UNUSED_AFTER
        elif name.endswith(".pdf" + CHECKSUM):
            limit = 0 if path.with_name(name[: -len(CHECKSUM)]) in keep else UNUSED_AFTER
        else:
            continue
        if limit:
            try:
                if now - path.stat().st_mtime > limit:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                pass  # (another build removed it)


class Memo:
    """Values kept in a JSON file in the cache folder between builds, and in memory between
    the builds of one process (`mkdocs serve`): the entries the last run used, under keys made
    of everything that goes into them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[str, object] = {}
        self.used: set[str] = set()
        self.changed = False

    def load(self, cache_dir: Path) -> bool:
        """Read the values kept in the cache folder; returns whether the file was damaged (its
        values are then made again)."""
        self.used = set()
        stored, damaged = read_json(cache_dir / self.name)
        if isinstance(stored, dict):
            self.values.update(stored)
        elif damaged:
            self.changed = True
        return damaged

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
            write_json(path, self.values)
            self.changed = False


def page_count(path: Path) -> int:
    """The pages of a PDF (pikepdf)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)

"""Files written whole or not at all: to a temporary name in the target's own folder, then
renamed over the target (``os.replace``, atomic on one file system).

A build killed at any moment (SIGKILL, a cancelled CI job, the machine stopping) then leaves
every file either as it was or as it was to be, never half-written; a web server or another
build reading the file meanwhile sees one or the other. The temporary name is unique per
process and thread, so two builds (or `mkdocs serve`'s threads) never write the same one; a
killed build leaves it behind (``*.tmp``: the print cache's prune removes old ones, and
`mkdocs build` empties the site folder before building).

Every file of the print cache and of the site goes through here: the print step's PDFs and
memos, the PDFs published into the site, the pages, the export, the offline zip, and the
files MkDocs itself writes (``site/atomic.py``).
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from pathlib import Path

from . import faults


def temporary_path(target: Path) -> Path:
    """A temporary name beside ``target``, unique per process and thread (pid, thread id and a
    random part)."""
    unique = f"{os.getpid()}-{threading.get_ident():x}-{uuid.uuid4().hex[:8]}"
    return target.with_name(f"{target.name}.{unique}.tmp")


def write_atomic(target: Path | str, data: bytes, fault: str = "") -> None:
    """Write ``data`` to ``target`` whole or not at all. ``fault``: the point of the fault
    injection between writing and renaming (tests only, see ``faults``)."""
    target = Path(target)
    temporary = temporary_path(target)
    try:
        with open(temporary, "wb") as file:
            file.write(data)
        if fault:
            faults.at(fault)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomic(target: Path | str, text: str) -> None:
    """``Path.write_text(text, encoding="utf-8")``, whole or not at all."""
    write_atomic(target, text.encode("utf-8"))


def copy_atomic(source: Path | str, target: Path | str) -> None:
    """``shutil.copyfile(source, target)``, whole or not at all."""
    target = Path(target)
    temporary = temporary_path(target)
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise

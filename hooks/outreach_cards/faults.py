"""Fault injection for the tests of interrupted builds (tests/test_interrupted_builds.py) only.

``OUTREACH_CARDS_FAULT`` names one point where the build is to break, so a test can kill a
real `mkdocs build` at a precise moment instead of guessing one with a timer:

- ``print-after-first-pdf``: SIGKILL the build as soon as the first card PDF is in the cache;
- ``assemble-before-rename``: SIGKILL the build when the first assembled PDF is written to its
  temporary name, before it is renamed into the cache;
- ``offline-before-rename``: SIGKILL the build when the offline zip is written to its
  temporary name, before it is renamed into the site;
- ``worker-exit:<card id>``: a layout worker exits (``os._exit``) when it comes to that card,
  every time; ``worker-exit-once:<card id>`` only the first time (a marker file beside the
  cached PDFs says it happened);
- ``worker-hang:<card id>``: a layout worker sleeps for an hour when it comes to that card.

Unset (always, outside these tests) every call here returns at once. Faults of layout workers
happen only in worker processes, never in the build's own process.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

FAULT = "OUTREACH_CARDS_FAULT"

# The build's own process: a worker learns it when it starts (see workers._watch_owner).
_build_pid = os.getpid()


def set_build_pid(pid: int) -> None:
    """(In a layout worker) The process to kill for a fault that kills the build."""
    global _build_pid
    _build_pid = pid


def at(point: str) -> None:
    """Kill the build (SIGKILL, as an out-of-memory killer or a cancelled CI job would) when
    ``point`` is the fault asked for."""
    if os.environ.get(FAULT) == point:
        os.kill(_build_pid, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)  # (a worker: stop writing too)


def in_worker(card_id: str, cache_dir: Path) -> None:
    """(In a layout worker, at card ``card_id``) Exit or hang when that is the fault asked for."""
    fault = os.environ.get(FAULT, "")
    if fault == f"worker-exit:{card_id}":
        os._exit(70)
    if fault == f"worker-exit-once:{card_id}":
        try:
            os.close(os.open(cache_dir / f"fault-{card_id}.done", os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return
        os._exit(70)
    if fault == f"worker-hang:{card_id}":
        time.sleep(3600)

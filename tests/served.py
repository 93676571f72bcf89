"""Talking to a running ``mkdocs serve``: a free port, fetching a page, waiting for a text on it,
waiting until the server's rebuilds have settled, the processes it started. Shared by the serve
tests and the scale benchmark (tests/bench_scale.py)."""

from __future__ import annotations

import os
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> bytes | None:
    """The body at ``url``, or None when the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float, interval: float = 0.3,
             timeout: float = 5) -> float | None:
    """Seconds until the page at ``url`` holds ``text`` (polled every ``interval`` seconds), or
    None when it does not within ``seconds``."""
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        body = fetch(url, timeout)
        if body is not None and text in body.decode("utf-8"):
            return time.perf_counter() - started
        time.sleep(interval)
    return None


def builds(log: Path) -> tuple[int, int]:
    """The builds ``mkdocs serve`` has started and finished, from its log: the first build is
    finished when it serves, each rebuild when it reloads the browsers or reports an error.

    Not "Documentation built in 4.69 seconds": MkDocs' build logger drops a message it logged
    before (its DuplicateFilter), so a rebuild as long as an earlier one, to the hundredth of a
    second, has no such line."""
    text = log.read_text(encoding="utf-8", errors="replace")
    finished = (("Serving on http" in text) + text.count("Reloading browsers")
                + text.count("An error happened during the rebuild"))
    return text.count("Building documentation..."), finished


def wait_idle(log: Path, quiet: float, seconds: float = 600, finished: int = 0) -> tuple[int, int]:
    """Wait until ``mkdocs serve`` has finished every build it started (at least ``finished``)
    and started none for ``quiet`` seconds; the counts then (or at the deadline)."""
    deadline, last, since = time.monotonic() + seconds, None, time.monotonic()
    while time.monotonic() < deadline:
        state = builds(log)
        if state != last:
            last, since = state, time.monotonic()
        elif state[0] == state[1] >= finished and time.monotonic() - since >= quiet:
            break
        time.sleep(0.1)
    return last


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (the print step's forkserver and workers too)."""
    pids, index = [pid], 0
    while index < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[index]}/task"):
                with open(f"/proc/{pids[index]}/task/{task}/children") as children:
                    pids.extend(int(child) for child in children.read().split())
        except OSError:
            pass
        index += 1
    return pids


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie waiting to be reaped does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False

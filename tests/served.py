"""Moved to tests/helpers.py; kept so that tests/bench_scale.py (a script outside the tests'
scope this round) still imports the serve helpers from here."""

from __future__ import annotations

from .helpers import builds, fetch, free_port, process_tree, running, wait_for, wait_idle

__all__ = ["builds", "fetch", "free_port", "process_tree", "running", "wait_for", "wait_idle"]

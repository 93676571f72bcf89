"""Memory given back between the steps of `mkdocs serve` (outreach_cards.memory)."""

from __future__ import annotations

import platform

import pytest

from outreach_cards import memory


def _resident_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_freed_memory_goes_back_to_the_system() -> None:
    """On glibc, what a step freed leaves the process: 50 000 blocks of 4 kB (about 200 MB),
    every twentieth kept, as a layout leaves its heap. Freed, they stay in the process (the
    kept ones pin the heap); after ``release`` the resident size falls by most of it."""
    before = _resident_kib()
    blocks = [bytes(4000) for _ in range(50_000)]
    grown = _resident_kib()
    kept = blocks[::20]
    del blocks
    freed = _resident_kib()
    assert memory.release() is True
    after = _resident_kib()
    assert grown - before > 150_000
    assert freed - before > (grown - before) * 0.8  # (the allocator kept it)
    assert after - before < (grown - before) * 0.3
    assert len(kept) == 2_500

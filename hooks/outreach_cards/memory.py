"""Giving memory back to the system between the steps of a long-lived process.

Under `mkdocs serve` the build process and its layout workers live for hours. WeasyPrint,
pikepdf and the site build free what they used, but glibc's allocator keeps most of the freed
memory for the process instead of returning it, so the process keeps the size of its largest
step (at 1000 cards: the deck's assembly, then the site build on top of it). ``release`` asks
the allocator to return what is free (``malloc_trim``); elsewhere than glibc it only collects
garbage.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _trim():
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    trim = getattr(library, "malloc_trim", None)
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release() -> bool:
    """Collect garbage and return the allocator's free memory to the system; whether the
    allocator could (glibc)."""
    gc.collect()
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True

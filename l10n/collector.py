"""Pausing Python's cyclic garbage collector around work that allocates much and makes no cycles.

A run that keeps hundreds of thousands of small objects alive (entries, blocks, segments) sets off full
collections that walk all of them again and again (a third of a 100,000-segment ``l10n update``); reading
catalogs, segmenting, merging and checking make no reference cycles worth collecting early.
"""
from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees everything); restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

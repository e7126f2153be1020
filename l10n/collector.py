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
def collector_paused(*, freeze_survivors: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block (reference counting still frees everything); restored after.

    ``freeze_survivors``: what is alive when the block ends is moved out of the collector's sight
    (``gc.freeze``) instead of being walked by the first collection after it (about a second for a
    100,000-segment update's objects). Reference counting still frees them; only a reference cycle among
    them would never be collected, so use it where the block's survivors are results, not scratch.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze_survivors:
            gc.freeze()
        if enabled:
            gc.enable()

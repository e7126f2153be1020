"""The C heap: handing memory a process has freed back to the system (glibc; elsewhere these do nothing).

CPython takes every large block (a catalog's text, an n-gram index's arrays) from the C library, and glibc
keeps what is freed for reuse, so a process that has been large stays large for the rest of its run: its
peak RSS, one of the targets of ``l10n update`` and ``l10n check``, is then charged again to every later step
(and, for a forked helper, to its parent's run).
"""
from __future__ import annotations

import contextlib

LARGE_BLOCK = 256 * 1024
"""Blocks from this size on are mapped on their own after :func:`map_large_blocks_alone` (glibc's default
threshold starts at 128 KiB and grows up to 32 MiB with the blocks a process frees)."""

_M_MMAP_THRESHOLD = -3   # glibc's mallopt parameter


def release_freed_memory() -> bool:
    """Return the C heap's free memory to the system (glibc's ``malloc_trim``); False where the C library
    has no such call."""
    with contextlib.suppress(AttributeError, OSError):
        _c_library().malloc_trim(0)
        return True
    return False


def map_large_blocks_alone(size: int = LARGE_BLOCK) -> bool:
    """Have the C library map every block of ``size`` bytes or more on its own (glibc's ``mallopt`` of
    ``M_MMAP_THRESHOLD``), so it goes back to the system as soon as it is freed, for the rest of the process;
    False where the C library does not take the setting."""
    with contextlib.suppress(AttributeError, OSError):
        return _c_library().mallopt(_M_MMAP_THRESHOLD, size) == 1
    return False


def _c_library():
    import ctypes   # here, not at the top: ctypes maps its own libraries, which most runs never need

    return ctypes.CDLL(None)

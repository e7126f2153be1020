from __future__ import annotations

import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest

GLIBC = sys.platform.startswith("linux") and "libc.so.6" in (ctypes.util.find_library("c") or "")

# A process of its own per run (the threshold holds for the rest of the process that sets it): blocks a little
# above LARGE_BLOCK are made and freed between small ones that stay, which keep the heap from shrinking.
_FREE_BLOCKS = """
import sys
from l10n.heap import map_large_blocks_alone

def rss_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))

if sys.argv[1] == "alone":
    assert map_large_blocks_alone()
first = bytearray(1 << 20)
del first   # by default glibc raises its threshold to this block's size when it is freed
blocks, kept = [], []
for _ in range(32):
    blocks.append(bytearray(300_000))
    kept.append(bytearray(1000))
before = rss_kib()
del blocks
print(before - rss_kib())
"""


def _kib_given_back(mode: str) -> int:
    result = subprocess.run([sys.executable, "-c", _FREE_BLOCKS, mode], capture_output=True, text=True,
                            check=True, env={"PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    return int(result.stdout)


@pytest.mark.skipif(not GLIBC, reason="the calls are glibc's; elsewhere they do nothing and say so")
def test_large_blocks_mapped_alone_go_back_to_the_system_when_freed() -> None:
    assert _kib_given_back("alone") > 32 * 300_000 // 1024 * 3 // 4
    assert _kib_given_back("default") < 32 * 300_000 // 1024 // 4   # what the setting is for


@pytest.mark.skipif(not GLIBC, reason="the calls are glibc's; elsewhere they do nothing and say so")
def test_freed_memory_release_is_glibcs_malloc_trim() -> None:
    from l10n.heap import release_freed_memory

    assert release_freed_memory() is True

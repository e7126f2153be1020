"""bench_update.py runs as its docstring says (a tiny book: it is a benchmark, not a timing test)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent / "bench_update.py"


def test_first_only_times_one_first_update_whatever_the_corpora():
    result = subprocess.run([sys.executable, str(BENCH), "--book-segments", "103", "--repeat", "1",
                             "--corpus", "a,b", "--first-only"], capture_output=True, text=True, check=True)
    assert result.stdout.count("\n== ") == 1 and "== book-a:" in result.stdout
    assert result.stdout.count("first update") == 1 and "after the edit" not in result.stdout

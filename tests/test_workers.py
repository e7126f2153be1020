"""Forked worker pools end without a traceback, also when the CLI's SIGTERM handler is installed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = """
import random, signal, sys
import l10n.cli, l10n.fuzzy as fuzzy
signal.signal(signal.SIGTERM, l10n.cli._terminate)     # what l10n's main() installs
fuzzy.PARALLEL_QUERIES = 1
rng = random.Random(1)
old = ["".join(rng.choice("快手可靈影片生成模型的了在是") for _ in range(30)) for _ in range(300)]
index = fuzzy.FuzzyIndex(old)
for _ in range(int(sys.argv[1])):                      # each pool's exit terminates its workers (SIGTERM)
    assert len(index.best_many([text[:-2] for text in old[:40]])) == 40
print("done")
"""


def run_pools(initializer_reset: bool) -> subprocess.CompletedProcess:
    code = SCRIPT if initializer_reset else SCRIPT.replace(
        "import l10n.cli, l10n.fuzzy as fuzzy", "import l10n.cli, l10n.fuzzy as fuzzy\n"
        "fuzzy.quiet_worker_signals = lambda: None")
    return subprocess.run([sys.executable, "-c", code, "8"], capture_output=True, text=True, cwd=REPO,
                          env={"PYTHONPATH": str(REPO), "PATH": ""}, timeout=120)


def test_pool_shutdown_prints_no_traceback():
    result = run_pools(initializer_reset=True)
    assert result.returncode == 0 and result.stdout.strip() == "done"
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr

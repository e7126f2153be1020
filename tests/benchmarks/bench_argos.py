"""Batched vs one-call-per-segment translation through ArgosEngine, on the tiny genuine package.

Run on demand: ``.venv/bin/python tests/benchmarks/bench_argos.py [N]`` (default 1,000 segments). Both ways run
in the same process on the same segments; the ratio is what matters (target: batched >= 10x faster).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(count: int = 1000) -> int:
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        for variable, folder in (("ARGOS_PACKAGES_DIR", "packages"), ("XDG_DATA_HOME", "data"),
                                 ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
            os.environ[variable] = str(home / folder)
        os.environ["ARGOS_DEVICE_TYPE"] = "cpu"

        from l10n.draft.argos_engine import ArgosEngine, install_model
        from tests.argos_tiny import ARTICLE_SENTENCES, TINY_OUTPUT, build_tiny_package

        install_model(build_tiny_package(home / "build"))
        # Distinct segments (the engine translates equal lines once), all real article sentences.
        segments = [f"{ARTICLE_SENTENCES[i % len(ARTICLE_SENTENCES)]}({i})" for i in range(count)]

        batched_engine = ArgosEngine(batch_size=32)
        batched_engine.translate_batch(segments[:1])  # load the model outside the timing, for both
        single_engine = ArgosEngine(batch_size=32)
        single_engine.translate_batch(segments[:1])

        start = time.perf_counter()
        batched = batched_engine.translate_batch(segments)
        batched_seconds = time.perf_counter() - start

        start = time.perf_counter()
        single = [single_engine.translate_batch([segment])[0] for segment in segments]
        single_seconds = time.perf_counter() - start

    assert batched == single == [TINY_OUTPUT] * count
    print(f"segments: {count}")
    print(f"one call per segment: {single_seconds:.3f} s ({1000 * single_seconds / count:.2f} ms/segment)")
    print(f"batches of 32:        {batched_seconds:.3f} s ({1000 * batched_seconds / count:.2f} ms/segment)")
    print(f"speed-up: {single_seconds / batched_seconds:.1f}x (target >= 10x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))

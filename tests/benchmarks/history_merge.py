"""The l10n side of bench_history.py (c), run as its own process: read, merge, format and write every file.

A script of its own so that its process imports only what l10n's merge needs (the benchmark's own modules,
``measure`` with subprocess and statistics, would add a few MiB to the peak RSS charged to l10n).

    python tests/benchmarks/history_merge.py OLD_DIR TEMPLATE_DIR OUT_DIR

Each ``TEMPLATE_DIR/REL`` (a template under the older catalog's name) is merged with ``OLD_DIR/REL`` into
``OUT_DIR/REL``.
"""
from __future__ import annotations

import sys
from pathlib import Path


def l10n_merge_all(old_dir: Path, pot_dir: Path, out_dir: Path) -> None:
    from l10n.catalog import merge
    from l10n.collector import collector_paused
    from l10n.po import read_catalog, write_catalog

    with collector_paused():   # as l10n update runs (update_project): merging makes no reference cycles
        for pot in sorted(pot_dir.rglob("*.po")):
            rel = pot.relative_to(pot_dir)
            # layouts=False: l10n update merges a template built in memory, which holds no lines as read.
            merged, _ = merge(read_catalog(old_dir / rel), read_catalog(pot, layouts=False), "zh_CN",
                              "2025-01-01 00:00+0000")
            out = out_dir / rel   # the old catalog and the template are gone: merged holds what it needs of them
            out.parent.mkdir(parents=True, exist_ok=True)
            write_catalog(out, merged)


if __name__ == "__main__":
    l10n_merge_all(*map(Path, sys.argv[1:4]))

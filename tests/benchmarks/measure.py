"""Shared helpers of the benchmarks: wall time and peak RSS of a command with all its processes, medians of
interleaved runs, and the outcome of a merge (what each tool kept, made fuzzy, left untranslated).

Not a test module (no ``test_`` prefix); the benchmark scripts import it from their own folder.
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int   # bytes, the largest sum over the process tree seen while it ran (0 if unknown)
    cpu: float = 0.0   # user + system seconds of the whole process tree (every process it waited for)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(name))
    return tree


def _tree_rss(root: int) -> int:
    tree = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def run_command(argv: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
                poll: float = 0.05, ok: tuple[int, ...] = (0,)) -> Run:
    """Run ``argv``; its wall time and the peak of the summed RSS of it and every descendant (sampled).
    An exit status outside ``ok`` raises, with the end of its standard error."""
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            stop.wait(poll)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu   # this one command: the benchmark runs one child at a time
    stop.set()
    sampler.join()
    if process.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}: {err.decode(errors='replace')[-2000:]}")
    return Run(seconds, peak, cpu)


def run_many(commands: Sequence[Sequence[str]], **kwargs) -> Run:
    """Commands one after the other (msgmerge once per file): total time, largest peak."""
    runs = [run_command(argv, **kwargs) for argv in commands]
    return Run(sum(r.seconds for r in runs), max((r.peak_rss for r in runs), default=0), sum(r.cpu for r in runs))


PYCACHE = Path(tempfile.gettempdir()) / "l10n-bench-pycache"
"""Where l10n's compiled modules are kept between runs (a tree of its own: nothing is written into the trees
measured). An installed l10n has its bytecode compiled; a checkout run with PYTHONDONTWRITEBYTECODE would
compile every module from source at each start (about 0.1 s), which no user's run pays."""


def l10n_env(tree: Path = REPO) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    # PYTHONSAFEPATH: ``python -c`` and ``-m`` put the working folder first on sys.path, so a benchmark started
    # from a checkout would time that checkout's l10n under every tree's name (a --baseline-tree run included).
    return env | {"PYTHONPATH": str(tree), "PYTHONPYCACHEPREFIX": str(PYCACHE), "PYTHONSAFEPATH": "1"}


def interleaved(actions: dict[str, Callable[[], Run]], repeat: int = 3,
                prepare: Callable[[], None] | None = None) -> dict[str, Run]:
    """Each action ``repeat`` times, in turn (a, b, a, b, ...), so the machine's load falls on all alike;
    the median time and the median peak of each."""
    results: dict[str, list[Run]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            if prepare is not None:
                prepare()
            results[name].append(action())
    return {name: Run(statistics.median(r.seconds for r in runs), int(statistics.median(r.peak_rss for r in runs)),
                      statistics.median(r.cpu for r in runs))
            for name, runs in results.items()}


def mib(size: int) -> str:
    return f"{size / 2**20:7.0f} MiB" if size else "      ? MiB"


def ratio_line(label: str, ours: Run, theirs: Run, baseline: str, target: float | None = None) -> str:
    goal = f"  (target <= {target:g}x: {'met' if ours.seconds / theirs.seconds <= target else 'NOT met'})" \
        if target is not None else ""
    return (f"{label:<26} l10n {ours.seconds:7.2f} s  {baseline} {theirs.seconds:7.2f} s  "
            f"ratio {ours.seconds / theirs.seconds:5.2f}x{goal}\n"
            f"{'':<26} CPU      l10n {ours.cpu:7.2f} s  {baseline} {theirs.cpu:7.2f} s  "
            f"ratio {ours.cpu / max(1e-9, theirs.cpu):5.2f}x  (user + system, all processes)\n"
            f"{'':<26} peak RSS l10n {mib(ours.peak_rss)}  {baseline} {mib(theirs.peak_rss)}  "
            f"ratio {ours.peak_rss / max(1, theirs.peak_rss):5.2f}x")


# --- outcomes of a merge ----------------------------------------------------------------------------------

def outcome(entries, old_keys: set) -> Counter:
    """kept (same msgid translated before), fuzzy (a guess from another msgid, or an old fuzzy entry),
    untranslated, obsolete."""
    counts: Counter = Counter()
    for entry in entries:
        has = bool(entry.msgstr) or any(entry.msgstr_plural.values())
        if entry.obsolete:
            counts["obsolete"] += has
        elif not has:
            counts["untranslated"] += 1
        elif entry.fuzzy:
            counts["fuzzy" if entry.key not in old_keys else "fuzzy-before"] += 1
        else:
            counts["kept"] += 1
    return counts


def fuzzy_matches(entries, old_keys: set) -> dict[tuple, str]:
    """msgid key -> the previous msgid it was guessed from, for entries whose msgid is new."""
    return {entry.key: entry.previous_msgid for entry in entries
            if not entry.obsolete and entry.fuzzy and entry.key not in old_keys and entry.previous_msgid is not None
            and (entry.msgstr or any(entry.msgstr_plural.values()))}


def print_outcomes(ours: Counter, theirs: Counter, tool: str = "msgmerge") -> None:
    for key in ("kept", "fuzzy", "fuzzy-before", "untranslated", "obsolete"):
        print(f"  {key:<13} l10n {ours[key]:7d}   {tool} {theirs[key]:7d}")

"""Drafting speed per engine, with the tiny genuine models: batched against unbatched, and the share of a
`l10n draft` run spent outside the engine (reading catalogs, protection, input conversion, checks, cache, writing).

Run on demand:  .venv/bin/python tests/benchmarks/bench_engines.py [--segments 100000] [--engines opencc,argos,...]

In a temporary folder: builds the tiny Argos package (tests/argos_tiny.py) into a private Argos home and the tiny
OPUS-MT and NLLB CTranslate2 models (tests/ct2_tiny.py), and an OPUS-MT model of the real transformer-base
shape (6+6 layers, d 512, 32k vocabulary, int8; hand-set weights with a fixed answer, so the arithmetic per
token is a real model's), then per tiny engine

1. engine alone, on 2,000 distinct article sentences: one ``translate_batch`` call for all of them (the engine
   batches 32 per CTranslate2 call) against one call per segment; segments per second and the ratio;
2. ``draft_project`` on a generated site of about ``--segments`` segments (copies of the article, every sentence
   made distinct) with a fresh MT cache: wall time, time inside the engine, and the share outside it. The
   target is < 10% outside at 100k segments.

What counts as engine time: the wall time during which one of the engine's own calls runs, ``translate_batch``
(and ``translate_nbest`` for segments with glossary terms, ``translate_with_notes`` for OpenCC), as
``draft_project`` records it where the engine runs (``DraftReceipt.engine_intervals``: ``time.perf_counter``
right before and after each call, in the engine's thread for the MT engines, in the OpenCC process for OpenCC,
whose binding holds the GIL; CLOCK_MONOTONIC is one clock for both processes): the model with its tokenizer,
and for OpenCC the conversion with its locks and punctuation pass. ``draft_project`` runs the engine beside
the main thread while it reads, prepares, finishes and formats the other segments' catalogs, so the share
outside the engine is the part of the run's wall time when no engine call runs: (wall - union of the calls'
intervals) / wall. A wrapper in this process times the calls made here too (MT engines), as a cross-check.
Everything else in ``draft_project`` is outside when it does not overlap a call: reading catalogs, the OpenCC
input conversion of the OPUS-MT/Argos zh models, protection and restoring, the drafting checks, the MT cache,
formatting, staging and replacing the files, and for OpenCC whatever its process does between conversions
(preparing each batch, finishing the batches it is ahead on). The run also prints each of those steps' wall and
CPU time per segment, overlapped or not, and the CPU time per segment of this process and of the engine
process, so nothing is hidden by the overlap.

The tiny models are far faster than real ones, so with them the share outside the engine is an upper bound of
what a user sees. The base-size model is run through ``draft_project`` too, on ``--base-segments`` segments
(its share measured the same way), and its share at ``--segments`` projected from the time outside per segment
of the tiny OPUS-MT run: outside / (outside + segments / base rate). Exits 1 when the base-size share, measured
or projected, is at or above 10% (an outcome of the run, not an assert in the tests).
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SEGMENTS_PER_ARTICLE = 103
ENGINE_IDS = ("opencc", "argos", "ct2-opus-mt", "ct2-nllb")


def busy_seconds(intervals: Sequence[tuple[float, float]]) -> float:
    """Wall time during which at least one call was running (the union of the intervals)."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


class TimedEngine:
    """Forwards everything to the engine, recording when each call that translates began and ended."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.intervals: list[tuple[float, float]] = []   # perf_counter (start, end) of each call

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    @property
    def calls(self) -> int:
        return len(self.intervals)

    @property
    def seconds(self) -> float:
        """Sum of the calls' wall times."""
        return sum(end - start for start, end in self.intervals)

    def busy(self) -> float:
        return busy_seconds(self.intervals)

    def _timed(self, method: str, *args: Any) -> Any:
        start = time.perf_counter()
        try:
            return getattr(self._inner, method)(*args)
        finally:
            self.intervals.append((start, time.perf_counter()))

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        return self._timed("translate_batch", texts)

    def translate_with_notes(self, texts: Sequence[str]) -> Any:
        return self._timed("translate_with_notes", texts)

    def translate_nbest(self, texts: Sequence[str], num_hypotheses: int) -> Any:
        return self._timed("translate_nbest", texts, num_hypotheses)


def engine_table(engine_id: str, models: dict[str, Path]) -> tuple[str, str]:
    """The target locale and [tool.l10n.engines] line of a benchmark project for one engine."""
    if engine_id == "opencc":
        return "zh_Hans", ""
    if engine_id == "argos":
        return "en", ""
    style = {"ct2-opus-mt": "opus", "ct2-nllb": "nllb", "ct2-opus-base": "base"}[engine_id]
    extra = ', input-locale = "zh_Hans"' if style != "nllb" else ""
    if style == "base":
        extra += ', compute-type = "int8"'   # as users run OPUS-MT on CPUs
    return "en", f'en = {{ engine = "ctranslate2", model = "{models[style]}"{extra} }}'


def write_project(root: Path, documents: dict[str, str], locale: str, engines: str) -> None:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["{locale}"]\n'
        f'project-id = "bench-engines"\n' + (f"\n[tool.l10n.engines]\n{engines}\n" if engines else ""),
        encoding="utf-8")
    for name, text in documents.items():
        (root / "source" / f"{name}.md").write_text(text, encoding="utf-8")


def engine_alone(engine: Any, texts: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    batched = engine.translate_batch(texts)
    batched_s = time.perf_counter() - start
    start = time.perf_counter()
    single = [engine.translate_batch([text])[0] for text in texts]
    single_s = time.perf_counter() - start
    if batched != single:
        print("  note: batched and single outputs differ (padding)")
    return batched_s, single_s


class Phases:
    """Time of the pipeline's steps outside the engine, by wrapping them in l10n.draft.pipeline: per step the
    wall time and the CPU time of the thread that ran it (the main thread, except ``stage``: the writer
    threads' temp-file writes and fsyncs, summed over them). With the engine in its own thread or process,
    these overlap engine calls."""

    STEPS = {"read_catalog": "read", "prepare_inputs": "prepare", "finish_outputs": "finish",
             "format_catalog": "format", "stage_bytes": "stage", "_CatalogWriter.commit": "commit"}

    def __init__(self) -> None:
        from l10n.draft import pipeline

        self.seconds = dict.fromkeys(self.STEPS.values(), 0.0)
        self.cpu = dict.fromkeys(self.STEPS.values(), 0.0)
        self.process_cpu = self.children_cpu = 0.0   # of the whole run: this process, processes it forked
        self.started = 0.0                           # perf_counter when draft_project was called
        self._saved = {}
        self._adding = threading.Lock()              # the writer threads stage at once
        for name, label in self.STEPS.items():
            owner, attribute = self._where(pipeline, name)
            self._saved[name] = (owner, attribute, getattr(owner, attribute))
            setattr(owner, attribute, self._timed(getattr(owner, attribute), label))

    @staticmethod
    def _where(module: Any, name: str) -> tuple[Any, str]:
        owner, _, attribute = name.rpartition(".")
        return (getattr(module, owner) if owner else module), attribute

    def _timed(self, function: Any, label: str) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                wall, used = time.perf_counter() - start, time.thread_time() - cpu
                with self._adding:
                    self.seconds[label] += wall
                    self.cpu[label] += used
        return timed

    def close(self) -> None:
        for owner, attribute, function in self._saved.values():
            setattr(owner, attribute, function)


def timed_draft(config: Any, locale: str, cache: Path) -> tuple[Any, float, TimedEngine, Phases]:
    """``draft_project`` with the engine timed: receipt, wall seconds, the timed engine, outside steps."""
    from l10n.draft.engines import create_engine, request_for
    from l10n.draft.pipeline import draft_project

    timed: list[TimedEngine] = []

    def factory(_locale: str) -> TimedEngine:
        timed.append(TimedEngine(create_engine(request_for(config, locale))))
        return timed[-1]

    phases = Phases()
    try:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        start, cpu = time.perf_counter(), time.process_time()
        receipt = draft_project(config, [locale], progress=False, cache_path=cache, engine_factory=factory)
        wall = time.perf_counter() - start
        phases.process_cpu = time.process_time() - cpu
        phases.started = start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        phases.children_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    finally:
        phases.close()
    return receipt, wall, timed[0], phases


def report_draft(receipt: Any, locale: str, wall: float, engine: TimedEngine, steps: Phases) -> float:
    """Print the run's figures; returns the share of its wall time not covered by an engine call."""
    busy = busy_seconds(receipt.engine_intervals)
    outside = wall - busy
    segments = receipt.drafted[locale]
    share = outside / wall
    per = 1e6 / segments
    print(f"draft_project: {segments} segments in {wall:.1f} s ({segments / wall:.0f} seg/s); engine calls "
          f"{len(receipt.engine_intervals)}, busy {busy:.2f} s ({busy * per:.0f} us/segment); outside the engine {outside:.2f} s "
          f"({outside * per:.0f} us/segment) = {100 * share:.1f}% (target < 10%); refused "
          f"{receipt.broken.get(locale, 0)}")
    print("  engine busy = union of the calls' (start, end) as timed where the engine runs (its thread; OpenCC: "
          "its own process); outside the engine = the run's wall time when no engine call was running (the "
          "steps below partly overlap the engine)")
    intervals = sorted(receipt.engine_intervals)
    if intervals:
        head = intervals[0][0] - steps.started
        tail = steps.started + wall - max(end for _start, end in intervals)
        print(f"  outside = before the first engine call {head:.2f} s (setup, first catalogs) + between calls "
              f"{outside - head - tail:.2f} s + after the last {tail:.2f} s (last catalogs, replacing the files)")
    if engine.calls:
        print(f"  cross-check, wrapper in this process: {engine.calls} calls, busy {engine.busy():.2f} s")
    else:
        print("  cross-check: no engine call ran in this process (the engine ran in a process of its own)")
    print("  steps, per segment, wall/CPU: " + ", ".join(
        f"{name} {steps.seconds[name] * per:.0f}/{steps.cpu[name] * per:.0f} us" for name in steps.seconds)
          + "  (stage runs in the writer threads)")
    listed = sum(seconds for name, seconds in steps.seconds.items() if name != "stage")
    print(f"  CPU per segment: this process {steps.process_cpu * per:.0f} us (all its threads), engine process "
          f"{steps.children_cpu * per:.0f} us (OpenCC: its process prepares and converts every batch and finishes "
          f"those it is ahead on, so prepare and finish above count only the batches finished here; only its "
          f"conversion calls count as engine time)")
    print(f"  main thread, per segment: listed steps {listed * per:.0f} us wall, the rest {(wall - listed) * per:.0f} us "
          f"(engine calls made here or waiting for the engine thread, engine setup, MT cache, drafts into entries)")
    if share >= 0.10:
        print(f"  < 10% needs outside <= engine / 9 = {busy * per / 9:.0f} us/segment here: "
              f"{outside * per - busy * per / 9:.0f} us/segment too much")
    return share


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=100_000, help="segments of the drafting run (default 100000)")
    parser.add_argument("--engines", default=",".join(ENGINE_IDS), help=f"comma-separated, from {ENGINE_IDS}")
    parser.add_argument("--alone", type=int, default=2000, help="segments of the engine-alone comparison")
    parser.add_argument("--base-sample", type=int, default=32,
                        help="segments of the base-size model's engine-alone comparison (0: skip the base model)")
    parser.add_argument("--base-segments", type=int, default=SEGMENTS_PER_ARTICLE,
                        help=f"segments the base-size model drafts through draft_project (default "
                             f"{SEGMENTS_PER_ARTICLE}, one article)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    print("engine time = wall time during which one of the engine's translate_batch / translate_nbest / "
          "translate_with_notes calls runs (model + tokenizer; OpenCC: conversion with locks and punctuation); "
          "outside = the rest of the draft_project run's wall time, when no engine call runs: catalog "
          "read/format/write, protection, OpenCC input conversion, drafting checks, MT cache, in so far as they "
          "do not overlap an engine call")
    failures = []
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
        work = Path(tmp)
        from tests.benchmarks.bench_draft import make_site, private_argos_home

        private_argos_home(work / "argos")
        from l10n.catalog import update_project
        from l10n.config import load_config
        from l10n.draft.argos_engine import install_model
        from l10n.draft.engines import create_engine, request_for
        from l10n.draft.pipeline import prepare_drafter, prepare_inputs
        from tests.argos_tiny import build_tiny_package
        from tests.ct2_tiny import BASE_OUTPUT, build_nllb_model, build_opus_mt_model

        install_model(build_tiny_package(work / "argos-build"))
        models = {"opus": build_opus_mt_model(work / "opus-mt-zh-en"), "nllb": build_nllb_model(work / "nllb")}
        base_rate = None
        rows = []
        if args.base_sample:
            start = time.perf_counter()
            models["base"] = build_opus_mt_model(work / "opus-mt-base", size="base", output=BASE_OUTPUT)
            print(f"OPUS-MT base-size model (fixed output) built in {time.perf_counter() - start:.1f} s")
            from l10n.draft.ct2_engine import CTranslate2Engine
            from tests.argos_tiny import ARTICLE_SENTENCES

            base = CTranslate2Engine(models["base"], input_locale="zh_Hans", compute_type="int8")
            texts = [ARTICLE_SENTENCES[i % len(ARTICLE_SENTENCES)] + "甲" * (i // len(ARTICLE_SENTENCES))
                     for i in range(args.base_sample)]
            base.translate_batch(texts[:4])
            batched_s, single_s = engine_alone(base, texts)
            base_rate = len(texts) / batched_s
            print(f"base-size engine alone, {len(texts)} segments: batched {base_rate:.1f} seg/s, one call per "
                  f"segment {len(texts) / single_s:.1f} seg/s, batched/unbatched {single_s / batched_s:.1f}x")
            if args.base_segments:
                base_site = make_site(max(1, round(args.base_segments / SEGMENTS_PER_ARTICLE)))
                locale, table = engine_table("ct2-opus-base", models)
                root = work / "site-base"
                write_project(root, base_site, locale, table)
                config = load_config(root)
                update_project(config)
                print(f"\n== ct2-opus-base -> {locale} (transformer-base shape, int8)")
                receipt, wall, engine, steps = timed_draft(config, locale, work / "cache-base.db")
                share = report_draft(receipt, locale, wall, engine, steps)
                segments = receipt.drafted[locale]
                rows.append(("ct2-opus-base", base_rate, len(texts) / single_s, segments, wall,
                             busy_seconds(receipt.engine_intervals), share))
                if share >= 0.10:
                    failures.append(f"ct2-opus-base: {100 * share:.1f}% outside the engine (measured)")
                shutil.rmtree(root)
        docs = max(1, round(args.segments / SEGMENTS_PER_ARTICLE))
        site = make_site(docs)
        print(f"\nsite: {docs} documents (~{docs * SEGMENTS_PER_ARTICLE} segments)")
        for engine_id in args.engines.split(","):
            locale, table = engine_table(engine_id, models)
            root = work / f"site-{engine_id}"
            write_project(root, site, locale, table)
            config = load_config(root)
            start = time.perf_counter()
            update_project(config)
            print(f"\n== {engine_id} -> {locale}  (update_project {time.perf_counter() - start:.1f} s)")

            drafter = prepare_drafter(config, locale)
            sources = [s for s in dict.fromkeys(
                e for doc in list(site)[:max(1, args.alone // SEGMENTS_PER_ARTICLE + 1)]
                for e in _msgids(config, locale, doc))][:args.alone]
            texts = [item.engine_input for item in prepare_inputs(drafter, sources)]
            engine = create_engine(request_for(config, locale))
            engine.translate_batch(texts[:8])   # load the model outside the timings
            batched_s, single_s = engine_alone(engine, texts)
            print(f"engine alone, {len(texts)} segments: batched {len(texts) / batched_s:9.0f} seg/s, one call per "
                  f"segment {len(texts) / single_s:9.0f} seg/s, batched/unbatched {single_s / batched_s:5.1f}x")

            receipt, wall, timed, steps = timed_draft(config, locale, work / f"cache-{engine_id}.db")
            share = report_draft(receipt, locale, wall, timed, steps)
            inside = busy_seconds(receipt.engine_intervals)
            segments = receipt.drafted[locale]
            rows.append((engine_id, len(texts) / batched_s, len(texts) / single_s, segments, wall, inside, share))
            if base_rate and engine_id == "ct2-opus-mt":
                projected = (wall - inside) / ((wall - inside) + segments / base_rate)
                print(f"with the base-size model's {base_rate:.1f} seg/s instead of the tiny model, at {segments} "
                      f"segments: outside the engine {100 * projected:.1f}% (projected from the time outside "
                      f"measured here)")
                if projected >= 0.10:
                    failures.append(f"{engine_id}: {100 * projected:.1f}% outside a base-size engine (projected)")
            shutil.rmtree(root)
        print(f"\n{'engine':<14} {'batched/s':>10} {'single/s':>10} {'ratio':>6} {'segments':>9} {'draft s':>8} "
              f"{'engine busy s':>13} {'outside':>8}")
        for engine_id, batched, single, segments, wall, inside, share in rows:
            print(f"{engine_id:<14} {batched:10.1f} {single:10.1f} {batched / single:6.1f} {segments:9d} "
                  f"{wall:8.1f} {inside:13.1f} {100 * share:7.1f}%")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _msgids(config: Any, locale: str, doc: str) -> list[str]:
    from l10n.po import read_catalog

    return [entry.msgid for entry in read_catalog(config.catalog_path(locale, doc)).entries]


if __name__ == "__main__":
    sys.exit(main())

"""Drafting speed per engine, with the tiny genuine models: batched against unbatched, and the share of a
`l10n draft` run spent outside the engine (reading catalogs, protection, input conversion, cache, writing).

Run on demand:  .venv/bin/python tests/benchmarks/bench_engines.py [--segments 100000] [--engines opencc,argos,...]

In a temporary folder: builds the tiny Argos package (tests/argos_tiny.py) into a private Argos home and the tiny
OPUS-MT and NLLB CTranslate2 models (tests/ct2_tiny.py), and an OPUS-MT model of the real transformer-base
shape (6+6 layers, d 512, 32k vocabulary, int8; hand-set weights with a fixed 25-piece answer, so the arithmetic
per token is a real model's), then per tiny engine

1. engine alone, on 2,000 distinct article sentences: one ``translate_batch`` call for all of them (the engine
   batches 32 per CTranslate2 call) against one call per segment; segments per second and the ratio;
2. ``draft_project`` on a generated site of about ``--segments`` segments (copies of the article, every sentence
   made distinct) with a fresh MT cache: wall time, time inside the engine (measured around its calls), and the
   share outside it. The target is < 10% outside at 100k segments.

The tiny models are far faster than real ones, so with them the share outside the engine is an upper bound of
what a user sees. The base-size model is too slow to draft 100k segments in a benchmark run, so its speed is
measured on ``--base-sample`` segments and the share outside the engine projected from the time outside
measured in the 100k run: outside / (outside + segments / base rate). Exits 1 when a projected share is at or
above 10% (an outcome of the run, not an assert in the tests).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SEGMENTS_PER_ARTICLE = 103
ENGINE_IDS = ("opencc", "argos", "ct2-opus-mt", "ct2-nllb")


class TimedEngine:
    """Forwards everything to the engine, timing the calls that translate."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.seconds = 0.0
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def _timed(self, method: str, texts: Sequence[str]) -> Any:
        start = time.perf_counter()
        try:
            return getattr(self._inner, method)(texts)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        return self._timed("translate_batch", texts)

    def translate_with_notes(self, texts: Sequence[str]) -> Any:
        return self._timed("translate_with_notes", texts)


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=100_000, help="segments of the drafting run (default 100000)")
    parser.add_argument("--engines", default=",".join(ENGINE_IDS), help=f"comma-separated, from {ENGINE_IDS}")
    parser.add_argument("--alone", type=int, default=2000, help="segments of the engine-alone comparison")
    parser.add_argument("--base-sample", type=int, default=64,
                        help="segments translated by the base-size model (0: skip it)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    failures = []
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
        work = Path(tmp)
        from tests.benchmarks.bench_draft import make_site, private_argos_home

        private_argos_home(work / "argos")
        from l10n.catalog import update_project
        from l10n.config import load_config
        from l10n.draft.argos_engine import install_model
        from l10n.draft.engines import create_engine, request_for
        from l10n.draft.pipeline import draft_project, prepare_inputs, prepare_drafter
        from tests.argos_tiny import build_tiny_package
        from tests.ct2_tiny import BASE_OUTPUT, build_nllb_model, build_opus_mt_model

        install_model(build_tiny_package(work / "argos-build"))
        models = {"opus": build_opus_mt_model(work / "opus-mt-zh-en"), "nllb": build_nllb_model(work / "nllb")}
        base_rate = None
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
        docs = max(1, round(args.segments / SEGMENTS_PER_ARTICLE))
        site = make_site(docs)
        print(f"site: {docs} documents (~{docs * SEGMENTS_PER_ARTICLE} segments)")
        rows = []
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

            timed: list[TimedEngine] = []

            def factory(_locale: str, config=config, locale=locale) -> TimedEngine:
                timed.append(TimedEngine(create_engine(request_for(config, locale))))
                return timed[-1]

            start = time.perf_counter()
            receipt = draft_project(config, [locale], progress=False, cache_path=work / f"cache-{engine_id}.db",
                                    engine_factory=factory)
            wall = time.perf_counter() - start
            inside = timed[0].seconds
            share = (wall - inside) / wall
            segments = receipt.drafted[locale]
            print(f"draft_project: {segments} segments in {wall:.1f} s ({segments / wall:.0f} seg/s), engine "
                  f"{inside:.1f} s in {timed[0].calls} calls, outside the engine {100 * share:.1f}% "
                  f"(target < 10%); refused {receipt.broken.get(locale, 0)}")
            rows.append((engine_id, len(texts) / batched_s, len(texts) / single_s, segments, wall, inside, share))
            if base_rate and engine_id != "opencc":
                projected = (wall - inside) / ((wall - inside) + segments / base_rate)
                print(f"with the base-size model's {base_rate:.1f} seg/s instead of the tiny model: outside the "
                      f"engine {100 * projected:.1f}% (projected from the time outside measured here)")
                if projected >= 0.10:
                    failures.append(f"{engine_id}: {100 * projected:.1f}% outside a base-size engine")
            shutil.rmtree(root)
        print(f"\n{'engine':<12} {'batched/s':>10} {'single/s':>10} {'ratio':>6} {'segments':>9} {'draft s':>8} "
              f"{'engine s':>9} {'outside':>8}")
        for engine_id, batched, single, segments, wall, inside, share in rows:
            print(f"{engine_id:<12} {batched:10.0f} {single:10.0f} {batched / single:6.1f} {segments:9d} {wall:8.1f} "
                  f"{inside:9.1f} {100 * share:7.1f}%")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _msgids(config: Any, locale: str, doc: str) -> list[str]:
    from l10n.po import read_catalog

    return [entry.msgid for entry in read_catalog(config.catalog_path(locale, doc)).entries]


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark and outcome check of `l10n draft` to English on a 1,000-document site, with a tiny genuine Argos model.

Run on demand:  .venv/bin/python tests/benchmarks/bench_draft.py [--docs 1000]

In a temporary folder: builds the tiny zh->en package (tests/argos_tiny.py) into a private Argos home, generates a
site of copies of the article in which every sentence is distinct, runs `update_project`, then:

1. times `draft_project(config, ["en"])` (the real pipeline: MT cache, batches of 32 straight to CTranslate2)
   against the same segments, on a copy of the same project, drafted by one Argos call per segment (separate fresh
   cache), and prints both times, the time spent inside the engine and the ratios (target >= 10x);
2. `draft_project(..., redraft=True)` must make no MT call (every segment a cache hit);
3. one sentence of one document is edited, `update_project` runs, and `draft_project` must make exactly 1 MT call.

Exits 1 if 2 or 3 do not hold, or if the two ways of drafting wrote different catalogs (outcomes, not timings).
"""
from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ARTICLE = REPO / "source" / "kuaishou-ai-kling.md"
# Tags are written with characters OpenCC leaves alone and the MT pipeline does not protect (digits would be
# carried through MT and then reported lost by the tiny model on every segment).
TAG_DIGITS = "甲乙丙丁戊己庚辛壬癸"
_BLOCK_PREFIX = re.compile(r"^(\s*(?:#+\s+|[-*+]\s+|\d+\.\s+|>\s*)?)")


def private_argos_home(home: Path) -> None:
    """Point Argos at *home*; must run before argostranslate is first imported (it reads these at import)."""
    for variable, folder in (("ARGOS_PACKAGES_DIR", "packages"), ("XDG_DATA_HOME", "data"),
                             ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        os.environ[variable] = str(home / folder)
    os.environ["ARGOS_DEVICE_TYPE"] = "cpu"


def tag(number: int) -> str:
    digits = "".join(TAG_DIGITS[int(d)] for d in str(number))
    return f"卷{digits}"


def tag_sentences(line: str, next_number: Callable[[], int]) -> str:
    """Give every sentence of a Markdown line its own tag, just before its end mark, so no two are equal."""
    from l10n.segment import CLOSERS, TERMINATORS, split_sentences

    prefix = _BLOCK_PREFIX.match(line).group(1)
    body = line[len(prefix):]
    if not body.strip():
        return line
    tail_chars = TERMINATORS | CLOSERS | set(" \t\u3000")  # not "_": @HBCoop_ ends a sentence
    out = []
    for piece in split_sentences(body):
        cut = len(piece)
        while cut > 0 and piece[cut - 1] in tail_chars:
            cut -= 1
        out.append(piece[:cut] + tag(next_number()) + piece[cut:])
    return prefix + "".join(out)


def make_site(docs: int) -> dict[str, str]:
    """``docs`` copies of the article, every sentence tagged with a number unique over the whole site."""
    lines = ARTICLE.read_text(encoding="utf-8").split("\n")
    counter = iter(range(1, 1 << 62))
    return {f"doc{i:04d}": "\n".join(tag_sentences(line, lambda: next(counter)) for line in lines)
            for i in range(docs)}


def write_project(root: Path, documents: dict[str, str]) -> None:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["en"]\n'
        'project-id = "bench-draft"\n', encoding="utf-8")
    for name, text in documents.items():
        (root / "source" / f"{name}.md").write_text(text, encoding="utf-8")


class MeteredEngine:
    """An engine as the pipeline sees it, timing the MT calls; ``one_per_segment`` calls Argos once per text."""

    def __init__(self, inner: Any, one_per_segment: bool) -> None:
        self.inner = inner
        self.id = inner.id
        self.description = inner.description
        self.one_per_segment = one_per_segment
        self.seconds = 0.0
        self.engine_calls = 0

    def version(self) -> str:
        return self.inner.version()

    def translate_batch(self, texts: Sequence[str]) -> list[str]:
        start = time.perf_counter()
        if self.one_per_segment:
            outputs = [self.inner.translate_batch([text])[0] for text in texts]
            self.engine_calls += len(texts)
        else:
            outputs = self.inner.translate_batch(texts)
            self.engine_calls += 1
        self.seconds += time.perf_counter() - start
        return outputs


def timed_draft(config: Any, cache: Path, one_per_segment: bool) -> tuple[float, Any, MeteredEngine]:
    from l10n.draft.argos_engine import ArgosEngine
    from l10n.draft.pipeline import draft_project

    engines: list[MeteredEngine] = []

    def factory(_locale: str) -> MeteredEngine:
        engines.append(MeteredEngine(ArgosEngine(), one_per_segment))
        return engines[-1]

    start = time.perf_counter()
    receipt = draft_project(config, ["en"], cache_path=cache, progress=False, engine_factory=factory)
    return time.perf_counter() - start, receipt, engines[0]


def same_catalogs(left: Path, right: Path) -> bool:
    names = sorted(p.name for p in left.glob("*.po"))
    if names != sorted(p.name for p in right.glob("*.po")):
        return False
    _match, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    return not mismatch and not errors


def edit_one_sentence(source: Path) -> str:
    """Change one word of one sentence of *source* (a one-sentence line); return that line as it now reads."""
    text = source.read_text(encoding="utf-8")
    old, new = "究竟", "到底"
    position = text.index(old)
    source.write_text(text[:position] + new + text[position + len(old):], encoding="utf-8")
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end].replace(old, new, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the generated site (default 1000)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-draft-") as tmp:
        work = Path(tmp)
        private_argos_home(work / "argos")

        from l10n.catalog import update_project
        from l10n.config import load_config
        from l10n.draft.argos_engine import install_model
        from l10n.draft.pipeline import draft_project
        from tests.argos_tiny import build_tiny_package

        start = time.perf_counter()
        model = install_model(build_tiny_package(work / "build"))
        print(f"tiny package {model} built and installed in {time.perf_counter() - start:.2f} s")

        batched_root, single_root = work / "batched", work / "single"
        write_project(batched_root, make_site(args.docs))
        config = load_config(batched_root)
        start = time.perf_counter()
        update_project(config)
        print(f"{args.docs} documents generated, update_project {time.perf_counter() - start:.2f} s")
        shutil.copytree(batched_root, single_root)

        batched_cache, single_cache = work / "cache-batched.sqlite3", work / "cache-single.sqlite3"
        batched_s, receipt, batched_engine = timed_draft(config, batched_cache, one_per_segment=False)
        single_s, single_receipt, single_engine = timed_draft(load_config(single_root), single_cache,
                                                               one_per_segment=True)
        segments = receipt.drafted["en"]
        print(f"\n== draft en: {segments} segments, {receipt.mt_calls} distinct MT inputs")
        print(f"batched (pipeline)      {batched_s:8.2f} s   of which MT {batched_engine.seconds:8.2f} s "
              f"in {batched_engine.engine_calls} engine calls")
        print(f"one call per segment    {single_s:8.2f} s   of which MT {single_engine.seconds:8.2f} s "
              f"in {single_engine.engine_calls} engine calls")
        print(f"speed-up: draft_project {single_s / batched_s:.1f}x, "
              f"MT alone {single_engine.seconds / batched_engine.seconds:.1f}x (target >= 10x)")
        print(f"receipt: {receipt.line()}")
        if receipt.mt_calls != segments:
            print(f"note: {segments - receipt.mt_calls} segments share an MT input with another one")
        if not same_catalogs(batched_root / "locales" / "en", single_root / "locales" / "en"):
            failures.append("batched and one-call-per-segment drafting wrote different catalogs")
        if single_receipt.mt_calls != receipt.mt_calls:
            failures.append(f"one-call-per-segment run made {single_receipt.mt_calls} MT calls, "
                            f"batched {receipt.mt_calls}")
        shutil.rmtree(single_root)
        single_cache.unlink()

        start = time.perf_counter()
        again = draft_project(config, ["en"], redraft=True, cache_path=batched_cache, progress=False)
        print(f"\n== redraft ({time.perf_counter() - start:.2f} s): {again.line()}")
        if again.mt_calls != 0 or again.cache_hits != segments or again.drafted.get("en") != segments:
            failures.append(f"redraft: expected 0 MT calls and {segments} cache hits, got {again.line()}")

        sentence = edit_one_sentence(batched_root / "source" / "doc0000.md")
        start = time.perf_counter()
        update_project(config)
        updated_s = time.perf_counter() - start
        start = time.perf_counter()
        after_edit = draft_project(config, ["en"], cache_path=batched_cache, progress=False)
        print(f"\n== one sentence edited in doc0000.md ({sentence!r})")
        print(f"update_project {updated_s:.2f} s, draft {time.perf_counter() - start:.2f} s: {after_edit.line()}")
        if after_edit.mt_calls != 1 or after_edit.drafted.get("en") != 1:
            failures.append(f"after one edit: expected 1 segment drafted with 1 MT call, got {after_edit.line()}")

    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

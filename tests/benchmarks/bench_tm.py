"""Translation-memory fill benchmark: a 1,000-document project filled from a 200k-unit compendium by
``l10n update``, next to GNU ``msgmerge -C`` with the same compendium (run on demand, not a test).

    PYTHONPATH=. python tests/benchmarks/bench_tm.py [--documents 1000] [--units 200000] [--segments 20]

The project has one target locale (en) and a PO compendium in ``tm/``. Each document's segments are 40%
exact copies of compendium sources, 30% close edits of one (two characters changed) and 30% new text.
Printed: wall time of ``l10n update`` with the memory and without it (the difference is the memory's cost),
``msgmerge -C compendium.po`` over one template holding every segment of the project (one run, so its
compendium is read once; msgmerge has no project-wide mode), and what each filled (exact / fuzzy).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from l10n.catalog import update_project  # noqa: E402
from l10n.config import load_config  # noqa: E402
from l10n.po import Catalog, Entry, entry_state, format_catalog, read_catalog  # noqa: E402


def alphabet() -> list[str]:
    text = (REPO / "source" / "kuaishou-ai-kling.md").read_text(encoding="utf-8")
    return sorted({char for char in text if "\u4e00" <= char <= "\u9fff"})


def sentence(rng: random.Random, chars: list[str]) -> str:
    return "".join(rng.choice(chars) for _ in range(rng.randint(16, 40))) + "。"


def edit(rng: random.Random, text: str, chars: list[str]) -> str:
    body = list(text[:-1])
    for _ in range(2):
        body[rng.randrange(len(body))] = rng.choice(chars)
    return "".join(body) + "。"


HEADER = {"Project-Id-Version": "bench", "Language": "en", "MIME-Version": "1.0",
          "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
          "Plural-Forms": "nplurals=2; plural=(n != 1);"}


def make_project(root: Path, documents: int, units: int, segments: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    chars = alphabet()
    sources = list(dict.fromkeys(sentence(rng, chars) for _ in range(units)))
    (root / "source").mkdir(parents=True)
    (root / "tm").mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["en"]\n'
        'project-id = "bench"\nglossary = "none.csv"\n', encoding="utf-8")
    compendium = Catalog(metadata=dict(HEADER), entries=[Entry(msgid=s, msgstr=f"translation {i}")
                                                         for i, s in enumerate(sources)])
    (root / "tm" / "compendium.po").write_text(format_catalog(compendium), encoding="utf-8")
    every: list[str] = []
    for number in range(documents):
        texts = []
        for _ in range(segments):
            roll = rng.random()
            if roll < 0.4:
                texts.append(rng.choice(sources))
            elif roll < 0.7:
                texts.append(edit(rng, rng.choice(sources), chars))
            else:
                texts.append(sentence(rng, chars))
        every += texts
        (root / "source" / f"doc{number:04d}.md").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    return list(dict.fromkeys(every))


def counts(paths) -> tuple[int, int, int]:
    translated = fuzzy = total = 0
    for path in paths:
        for entry in read_catalog(path).active():
            total += 1
            state = entry_state(entry)
            translated += state == "translated"
            fuzzy += state == "fuzzy"
    return translated, fuzzy, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--segments", type=int, default=20)
    parser.add_argument("--no-msgmerge", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764000000")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        started = time.perf_counter()
        texts = make_project(root, args.documents, args.units, args.segments)
        print(f"project: {args.documents} documents, {len(texts)} distinct segments; compendium "
              f"{args.units} units ({time.perf_counter() - started:.1f} s to generate)")

        bare = Path(tmp) / "bare"
        shutil.copytree(root, bare, ignore=shutil.ignore_patterns("tm"))
        started = time.perf_counter()
        update_project(load_config(bare))
        without = time.perf_counter() - started
        started = time.perf_counter()
        update_project(load_config(root))
        with_memory = time.perf_counter() - started
        ours = counts(sorted((root / "locales" / "en").glob("*.po")))
        print(f"l10n update without memory: {without:.1f} s")
        print(f"l10n update with the 200k memory: {with_memory:.1f} s (memory cost {with_memory - without:.1f} s); "
              f"filled {ours[1]} of {ours[2]} entries as fuzzy (exact + close), {ours[0]} translated")
        exact = sum(1 for path in (root / "locales" / "en").glob("*.po") for e in read_catalog(path).active()
                    if e.msgstr and e.previous_msgid is None)
        print(f"  of which exact: {exact}, close (#| msgid): {ours[1] - exact}")
        if args.no_msgmerge or not shutil.which("msgmerge"):
            return
        template = Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8"},
                           entries=[Entry(msgid=text) for text in texts])
        pot = Path(tmp) / "all.pot"
        pot.write_text(format_catalog(template), encoding="utf-8")
        empty = Path(tmp) / "empty.po"
        empty.write_text(format_catalog(Catalog(metadata=dict(HEADER), entries=[])), encoding="utf-8")
        out = Path(tmp) / "out.po"
        started = time.perf_counter()
        subprocess.run(["msgmerge", "--quiet", "-C", str(root / "tm" / "compendium.po"), "-o", str(out),
                        str(empty), str(pot)], check=True)
        elapsed = time.perf_counter() - started
        theirs = read_catalog(out).active()
        their_exact = sum(1 for e in theirs if e.msgstr and not e.fuzzy)
        their_fuzzy = sum(1 for e in theirs if e.msgstr and e.fuzzy)
        print(f"msgmerge -C (one run over all {len(texts)} segments): {elapsed:.1f} s; {their_exact} exact "
              f"(translated), {their_fuzzy} fuzzy (msgmerge's 0.6 threshold)")
        print(f"ratio: l10n memory cost / msgmerge -C = {(with_memory - without) / elapsed:.2f}; "
              f"whole l10n update / msgmerge -C = {with_memory / elapsed:.2f}")


if __name__ == "__main__":
    main()

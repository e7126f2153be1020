"""Benchmark: `l10n update` against GNU msgmerge on a 100k-segment book and a 1,000-document site.

Run on demand:  .venv/bin/python tests/benchmarks/bench_update.py [--book-segments 100000] [--docs 1000]

Each corpus is generated from the article (every copy made unique), translated (fake msgstrs), then edited:
5% of paragraphs changed, 1% removed, 1% added (chosen over the whole corpus). Times the first `l10n update`, the update after the edit,
and `msgmerge --previous` on the same old catalog and new template, and prints ratios and outcome counts.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from l10n.catalog import update_project  # noqa: E402
from l10n.config import load_config  # noqa: E402
from l10n.po import read_catalog, write_catalog  # noqa: E402

ARTICLE = (REPO / "source" / "kuaishou-ai-kling.md").read_text(encoding="utf-8")
PARAGRAPHS = [p for p in ARTICLE.split("\n\n") if p.strip() and not p.startswith("#")]
FILLER = "快手可靈影片生成模型市場營收小米戰略技術商業引擎生態用戶創作平臺"


def unique_paragraph(text: str, tag: int) -> str:
    # A distinct marker per copy keeps every sentence distinct, as in a real book, without changing its shape.
    return "\n".join(line.replace("。", f"(卷{tag})。", 1) if "。" in line else f"{line}(卷{tag})"
                     for line in text.split("\n"))


def make_corpus(copies: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for copy in range(copies):
        for index, paragraph in enumerate(PARAGRAPHS):
            out.append(unique_paragraph(paragraph, copy * 1000 + index))
    rng.shuffle(out)
    return out


def edit_site(documents: dict[str, list[str]], seed: int) -> dict[str, list[str]]:
    """5% of all paragraphs edited, 1% removed, 1% added, chosen over the whole corpus."""
    rng = random.Random(seed)
    places = [(name, i) for name, paragraphs in documents.items() for i in range(len(paragraphs))]
    n = len(places)
    chosen = rng.sample(places, n * 6 // 100)
    changed = set(chosen[:n * 5 // 100])
    removed = set(chosen[n * 5 // 100:])
    result: dict[str, list[str]] = {}
    for name, paragraphs in documents.items():
        kept = []
        for i, paragraph in enumerate(paragraphs):
            if (name, i) in removed:
                continue
            if (name, i) in changed:
                chars = list(paragraph)
                positions = [j for j, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
                for j in rng.sample(positions, min(2, len(positions))):
                    chars[j] = rng.choice(FILLER)
                paragraph = "".join(chars)
            kept.append(paragraph)
        result[name] = kept
    names = sorted(result)
    for k in range(n // 100):
        words = "".join(rng.choice(FILLER) for _ in range(rng.randint(12, 40)))
        target = result[rng.choice(names)]
        target.insert(rng.randrange(len(target) + 1), f"新增段落{k}:{words}。")
    return result


def edit(paragraphs: list[str], seed: int) -> list[str]:
    return edit_site({"book": paragraphs}, seed)["book"]


def write_project(root: Path, documents: dict[str, list[str]]) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["en"]\n'
        'project-id = "bench"\n', encoding="utf-8")
    for name, paragraphs in documents.items():
        (root / "source" / f"{name}.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def rewrite_sources(root: Path, documents: dict[str, list[str]]) -> None:
    for name, paragraphs in documents.items():
        (root / "source" / f"{name}.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def translate_everything(root: Path) -> None:
    for path in (root / "locales" / "en").glob("*.po"):
        catalog = read_catalog(path)
        for entry in catalog.entries:
            entry.msgstr = f"EN {entry.msgid}"
        write_catalog(path, catalog)


def outcome(path: Path) -> Counter:
    counts: Counter = Counter()
    for entry in read_catalog(path).entries:
        counts["obsolete" if entry.obsolete else "fuzzy" if entry.fuzzy else
               "kept" if entry.msgstr else "new"] += 1
    return counts


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(label: str, documents: dict[str, list[str]], edited: dict[str, list[str]], work: Path) -> None:
    root = work / label
    write_project(root, documents)
    config = load_config(root)
    first = timed(lambda: update_project(config))
    templates = root / "locales" / "templates"
    # msgmerge baseline for the first run: an empty catalog merged with each template.
    first_msgmerge = 0.0
    for pot in sorted(templates.glob("*.pot")):
        first_msgmerge += timed(lambda pot=pot: subprocess.run(
            ["msgmerge", "--quiet", "--previous", "-o", str(work / "first.po"), str(pot), str(pot)], check=True))
    translate_everything(root)
    old = work / f"{label}-old"
    shutil.copytree(root / "locales" / "en", old)
    rewrite_sources(root, edited)
    after = timed(lambda: update_project(config))
    merge_time = 0.0
    ours: Counter = Counter()
    theirs: Counter = Counter()
    for po in sorted(old.glob("*.po")):
        pot = templates / f"{po.stem}.pot"
        out = work / "merged.po"
        merge_time += timed(lambda po=po, pot=pot, out=out: subprocess.run(
            ["msgmerge", "--quiet", "--previous", "-o", str(out), str(po), str(pot)], check=True))
        theirs += outcome(out)
        ours += outcome(root / "locales" / "en" / po.name)
    print(f"\n== {label}: {sum(len(d) for d in documents.values())} paragraphs in {len(documents)} documents")
    print(f"first update   l10n {first:7.2f} s   msgmerge {first_msgmerge:7.2f} s   ratio {first / first_msgmerge:5.2f}")
    print(f"after edit     l10n {after:7.2f} s   msgmerge {merge_time:7.2f} s   ratio {after / merge_time:5.2f}")
    for key in ("kept", "fuzzy", "new", "obsolete"):
        diff = abs(ours[key] - theirs[key]) / max(1, theirs[key]) * 100
        print(f"  {key:<9} l10n {ours[key]:7d}   msgmerge {theirs[key]:7d}   diff {diff:5.2f}%")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--book-segments", type=int, default=100_000)
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    per_copy = len(PARAGRAPHS)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sentences_per_copy = 103
        book = make_corpus(max(1, args.book_segments // sentences_per_copy), seed=1)
        run("book", {"book": book}, {"book": edit(book, seed=2)}, work)
        site = {f"doc{i:04d}": [unique_paragraph(p, i * 1000 + j) for j, p in enumerate(PARAGRAPHS)]
                for i in range(args.docs)}
        site_edited = edit_site(site, seed=3)
        run("site", site, site_edited, work)
    del per_copy


if __name__ == "__main__":
    main()

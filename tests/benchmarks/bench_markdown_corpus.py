"""Benchmark (issue 12.9): ``l10n update`` + ``l10n build`` on 100 chapters of zh-TW Markdown (about 1 MB).

The issue 17 (d) comparison with gettext (update after an edit vs ``msgmerge --previous``, build vs
``msgfmt``) is tests/benchmarks/bench_markdown.py; this one times the whole Markdown path from nothing
(first update, build, no-op update, rebuild) on real chapters or on every construct the segmenter knows.

Run on demand (not part of the tests):

    PYTHONPATH=$PWD python tests/benchmarks/bench_markdown_corpus.py [--corpus DIR] [--chapters 100] [--kb 10]

The chapters come from ``--corpus`` (a folder of real ``*.md`` chapters, e.g. a clone of the zh-TW Rust
book's ``src/``), cycled to ``--chapters`` files; without it they are made from this repository's own
zh-TW material (tests/fixtures/markdown/zh-TW-cli-article.md with every Markdown construct, and the
bundled news article), each chapter its blocks in a different order with its own numbers so msgids are
distinct, grown to ``--kb`` kilobytes. Both commands run as the CLI does, in fresh processes, on a
project with two target locales (zh_Hans, en); the en catalogs are filled with translations first so the
build publishes every page. Timings are printed with a ratio to a baseline measured in the same run:
rendering every chapter once with plain markdown-it-py (what any Markdown build pays at least).
"""
from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

OWN_MATERIAL = [REPO / "tests" / "fixtures" / "markdown" / "zh-TW-cli-article.md",
                REPO / "source" / "kuaishou-ai-kling.md"]


def _own_chapters(count: int, kilobytes: int) -> list[str]:
    """Chapters from the repository's zh-TW material: front matter kept, blocks shuffled, numbers varied."""
    texts = [p.read_text(encoding="utf-8") for p in OWN_MATERIAL]
    blocks = []
    for text in texts:
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        blocks += [b for b in re.split(r"\n{2,}(?=[^\s])", body) if b.strip() and not b.startswith("[^")]
    # Keep fenced code whole: a block starting a fence without its end is rejoined with the next ones.
    chapters = []
    for index in range(count):
        rng = random.Random(index)
        parts = [f"---\ntitle: 第 {index + 1} 章：用 Rust 打造命令列工具\ndescription: 第 {index + 1} 章的摘要。\n---",
                 f"# 第 {index + 1} 章"]
        size = 0
        while size < kilobytes * 1024:
            block = rng.choice(blocks)
            if block.count("```") % 2:
                continue
            block = re.sub(r"\d+", lambda m: str(int(m.group(0)) + index * 7 + rng.randrange(3)), block)
            parts.append(block)
            size += len(block.encode("utf-8"))
        parts.append("[install]: https://www.rust-lang.org/tools/install\n[book]: https://rust-lang.tw/book-tw/\n\n"
                     "[^1]: 腳註內容。")
        chapters.append("\n\n".join(parts) + "\n")
    return chapters


def _corpus_chapters(folder: Path, count: int) -> list[str]:
    files = sorted(p for p in folder.glob("*.md") if p.stat().st_size > 2000)
    return [files[i % len(files)].read_text(encoding="utf-8") for i in range(count)]


def _project(root: Path, chapters: list[str]) -> None:
    (root / "source").mkdir(parents=True)
    for index, text in enumerate(chapters):
        (root / "source" / f"ch{index:03d}.md").write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["zh_Hans", "en"]\n'
        'project-id = "bench"\n', encoding="utf-8")


def _run(root: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "l10n", "-C", str(root), *args], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",
                                                   "SOURCE_DATE_EPOCH": "1764000000"})
    return time.perf_counter() - start


def _fill(root: Path) -> int:
    from l10n.po import read_catalog, write_catalog

    count = 0
    for path in sorted((root / "locales" / "en").glob("*.po")):
        catalog = read_catalog(path)
        for entry in catalog.active():
            entry.msgstr = f"EN {entry.msgid}"
            count += 1
        write_catalog(path, catalog)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="folder of real *.md chapters to cycle through")
    parser.add_argument("--chapters", type=int, default=100)
    parser.add_argument("--kb", type=int, default=10, help="size of each generated chapter")
    args = parser.parse_args()
    chapters = _corpus_chapters(args.corpus, args.chapters) if args.corpus else _own_chapters(args.chapters, args.kb)
    size = sum(len(c.encode("utf-8")) for c in chapters)

    from markdown_it import MarkdownIt

    plain = MarkdownIt("commonmark").enable("table")
    start = time.perf_counter()
    for text in chapters:
        plain.render(text)
    baseline = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "bench"
        _project(root, chapters)
        first_update = _run(root, "update")
        entries = _fill(root)
        build = _run(root, "build", "--force")
        again = _run(root, "update")
        rebuild = _run(root, "build", "--force")
    print(f"{len(chapters)} chapters, {size / 1e6:.2f} MB, {entries} en entries")
    print(f"baseline: markdown-it-py render of every chapter once  {baseline:7.2f} s")
    for name, seconds in (("l10n update (first: writes templates and catalogs)", first_update),
                          ("l10n build --force (3 locales, .md + .html)", build),
                          ("l10n update (nothing changed)", again),
                          ("l10n build --force (nothing changed)", rebuild)):
        print(f"{name:52s} {seconds:7.2f} s  {seconds / baseline:6.1f} x baseline")
    print(f"update + build: {first_update + build:.2f} s for {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

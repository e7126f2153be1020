"""Benchmark: `l10n update` against GNU `msgmerge --previous` on a 100k-segment book, edited two ways.

Run on demand:  .venv/bin/python tests/benchmarks/bench_update.py [--book-segments 100000] [--repeat 3]
                [--corpus a,b] [--site-docs 0] [--baseline-tree DIR] [--first-only]

The book is the article's paragraphs, every copy made unique, translated (fake msgstrs), then edited: 5% of
the paragraphs changed by a few characters, 1% removed and 1% added, chosen over the whole book. The added
paragraphs make the two corpora:

* (a) new text unlike old: generated sentences from the article's vocabulary (``新增段落 N: ...``);
* (b) new text resembling old: edited copies of existing paragraphs (a new volume tag and a few
  characters changed), the case where a fuzzy matcher has many similar candidates.

Each command runs as its own process (``python -m l10n update``; msgmerge once per catalog), ``--repeat``
times interleaved with the other, the catalogs restored before each run; medians of wall time and of the
peak RSS summed over all processes of a run are printed, with ratios, and both tools' outcome counts.
The first update (from no catalogs) reads the same unedited book for both corpora: only the after-edit
figures depend on the corpus. ``--first-only`` times just that first update, once (for the first corpus named).
Targets (issue 17): update after the edit <= 0.5x msgmerge, first update <= 1.0x, RSS <= 2x.
``--site-docs N`` adds a site of N one-article documents, corpus (a). ``--baseline-tree DIR`` also times
another checkout's l10n (say ``git archive main | tar -x -C DIR``) in the same run.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from measure import interleaved, l10n_env, outcome, print_outcomes, ratio_line, run_command, run_many  # noqa: E402

from l10n.po import read_catalog, write_catalog  # noqa: E402

ARTICLE = (REPO / "source" / "kuaishou-ai-kling.md").read_text(encoding="utf-8")
PARAGRAPHS = [p for p in ARTICLE.split("\n\n") if p.strip() and not p.startswith("#")]
FILLER = "快手可靈影片生成模型市場營收小米戰略技術商業引擎生態用戶創作平臺"
SENTENCES_PER_COPY = 103


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


def reword(paragraph: str, rng: random.Random, count: int = 2) -> str:
    chars = list(paragraph)
    positions = [j for j, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    for j in rng.sample(positions, min(count, len(positions))):
        chars[j] = rng.choice(FILLER)
    return "".join(chars)


def edit_site(documents: dict[str, list[str]], seed: int, added: str = "unlike") -> dict[str, list[str]]:
    """5% of all paragraphs reworded by a few characters, 1% removed, 1% added, chosen over the whole
    corpus; ``added`` is "unlike" (generated sentences, corpus a) or "resembling" (edited copies, b)."""
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
            kept.append(reword(paragraph, rng) if (name, i) in changed else paragraph)
        result[name] = kept
    names = sorted(result)
    for k in range(n // 100):
        if added == "unlike":
            words = "".join(rng.choice(FILLER) for _ in range(rng.randint(12, 40)))
            paragraph = f"新增段落{k}:{words}。"
        else:
            name, i = rng.choice(places)
            original = documents[name][i]
            paragraph = reword(original.replace("(卷", f"(新{k}卷", 1) if "(卷" in original
                               else f"{original}(新{k})", rng, 3)
        target = result[rng.choice(names)]
        target.insert(rng.randrange(len(target) + 1), paragraph)
    return result


def write_sources(root: Path, documents: dict[str, list[str]]) -> None:
    source = root / "source"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    for name, paragraphs in documents.items():
        (source / f"{name}.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def write_project(root: Path, documents: dict[str, list[str]]) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["en"]\n'
        'project-id = "bench"\n', encoding="utf-8")
    write_sources(root, documents)


def translate_everything(root: Path) -> None:
    for path in (root / "locales" / "en").glob("*.po"):
        catalog = read_catalog(path)
        for entry in catalog.entries:
            entry.msgstr = f"EN {entry.msgid}"
        write_catalog(path, catalog)


def restore(saved: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(saved, target)


def update_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "l10n", "-C", str(root), "update"]


def run(label: str, documents: dict[str, list[str]], edited: dict[str, list[str]], work: Path, repeat: int,
        baseline: Path | None, first_only: bool = False) -> None:
    root = work / label
    write_project(root, documents)
    locales = root / "locales"
    trees = {"l10n": REPO} | ({"baseline": baseline} if baseline else {})
    empty = work / f"{label}-empty"
    empty.mkdir()
    # First update: from no catalogs at all; msgmerge's part is merging each template with itself.
    run_command(update_command(root), env=l10n_env(REPO))
    first_templates = work / f"{label}-first-templates"
    shutil.copytree(locales / "templates", first_templates)
    first_runs = interleaved(
        {name: (lambda tree=tree: run_command(update_command(root), env=l10n_env(tree))) for name, tree in trees.items()}
        | {"msgmerge": lambda: run_many([["msgmerge", "--quiet", "--previous", "-o", str(work / "first.po"),
                                          str(pot), str(pot)] for pot in sorted(first_templates.glob("*.pot"))])},
        repeat, prepare=lambda: restore(empty, locales))
    paragraphs = sum(len(d) for d in documents.values())
    if first_only:
        print(f"\n== {label}: {paragraphs} paragraphs in {len(documents)} documents, median of {repeat} interleaved runs")
        print(ratio_line("first update", first_runs["l10n"], first_runs["msgmerge"], "msgmerge", target=1.0))
        if baseline:
            print(ratio_line("  baseline first", first_runs["baseline"], first_runs["msgmerge"], "msgmerge"))
        return
    run_command(update_command(root), env=l10n_env(REPO))
    translate_everything(root)
    before = work / f"{label}-before"
    shutil.copytree(locales, before)
    write_sources(root, edited)
    run_command(update_command(root), env=l10n_env(REPO))   # the new templates, for msgmerge
    new_templates = work / f"{label}-templates"
    shutil.copytree(locales / "templates", new_templates)
    ours_out = work / f"{label}-ours"
    shutil.copytree(locales, ours_out)
    theirs = work / f"{label}-msgmerge"
    theirs.mkdir()
    merges = [["msgmerge", "--quiet", "--previous", "-o", str(theirs / po.name), str(po),
               str(new_templates / f"{po.stem}.pot")] for po in sorted((before / "en").glob("*.po"))]
    after_runs = interleaved(
        {name: (lambda tree=tree: run_command(update_command(root), env=l10n_env(tree))) for name, tree in trees.items()}
        | {"msgmerge": lambda: run_many(merges)},
        repeat, prepare=lambda: restore(before, locales))
    print(f"\n== {label}: {paragraphs} paragraphs in {len(documents)} documents, median of {repeat} interleaved runs")
    print(ratio_line("first update", first_runs["l10n"], first_runs["msgmerge"], "msgmerge", target=1.0))
    print(ratio_line("update after the edit", after_runs["l10n"], after_runs["msgmerge"], "msgmerge", target=0.5))
    if baseline:
        print(ratio_line("  baseline first", first_runs["baseline"], first_runs["msgmerge"], "msgmerge"))
        print(ratio_line("  baseline after edit", after_runs["baseline"], after_runs["msgmerge"], "msgmerge"))
    ours: Counter = Counter()
    mine: Counter = Counter()
    for po in sorted((before / "en").glob("*.po")):
        old_keys = {e.key for e in read_catalog(po).entries if not e.obsolete and e.msgstr}
        ours += outcome(read_catalog(ours_out / "en" / po.name).entries, old_keys)
        mine += outcome(read_catalog(theirs / po.name).entries, old_keys)
    print(f"outcomes ({label}):")
    print_outcomes(ours, mine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book-segments", type=int, default=100_000)
    parser.add_argument("--corpus", default="a,b", help="a (new text unlike old), b (resembling old), or a,b")
    parser.add_argument("--site-docs", type=int, default=0, help="also a site of this many documents, corpus (a)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-tree", type=Path)
    parser.add_argument("--first-only", action="store_true", help="only the first update (no edit, no merge)")
    args = parser.parse_args()
    baseline = args.baseline_tree.resolve() if args.baseline_tree else None
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        book = make_corpus(max(1, args.book_segments // SENTENCES_PER_COPY), seed=1)
        corpora = args.corpus.split(",")
        for corpus in corpora[:1] if args.first_only else corpora:   # one first update: the same for each corpus
            added = {"a": "unlike", "b": "resembling"}[corpus]
            run(f"book-{corpus}", {"book": book}, {"book": edit_site({"book": book}, 2, added)["book"]}, work,
                args.repeat, baseline, args.first_only)
        if args.site_docs:
            site = {f"doc{i:04d}": [unique_paragraph(p, i * 1000 + j) for j, p in enumerate(PARAGRAPHS)]
                    for i in range(args.site_docs)}
            run("site-a", site, edit_site(site, 3), work, args.repeat, baseline, args.first_only)


if __name__ == "__main__":
    main()

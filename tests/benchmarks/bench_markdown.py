"""Benchmark (d): the Markdown path. 100 real-size chapters through `l10n update` and `l10n build`.

Run on demand:  .venv/bin/python tests/benchmarks/bench_markdown.py [--chapters 100] [--repeat 3]
                [--baseline-tree DIR]

Each chapter is the bundled article (front matter, headings, lists, links, emphasis, a table if it has
one) with every sentence made unique by a chapter tag, so a chapter is real size and real shape. The
English catalogs are translated (fake msgstrs), then 5% of the paragraphs are reworded by a few characters,
1% removed and 1% added (edited copies). Times, as separate processes, interleaved ``--repeat`` times with
the catalogs restored before each run: ``l10n update`` after the edit against ``msgmerge --previous`` on the
same catalogs and templates, and ``l10n build`` (Markdown and HTML of every chapter) against ``msgfmt``
compiling the same catalogs (the gettext step a build starts from). Prints medians, ratios and peak RSS of
all processes. ``--baseline-tree DIR`` also times another checkout's l10n in the same run.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bench_update import reword, translate_everything  # noqa: E402
from measure import interleaved, l10n_env, ratio_line, run_command, run_many  # noqa: E402

ARTICLE = (REPO / "source" / "kuaishou-ai-kling.md").read_text(encoding="utf-8")


def chapter(tag: int) -> str:
    """The article with every sentence of its paragraphs tagged, front matter and structure kept."""
    out = []
    for block in ARTICLE.split("\n\n"):
        if block.startswith(("---", "|", "```")) or not block.strip():
            out.append(block)
        else:
            out.append(block.replace("。", f"(第{tag}章)。"))
    return "\n\n".join(out)


def edit(text: str, rng: random.Random) -> str:
    blocks = text.split("\n\n")
    prose = [i for i, b in enumerate(blocks) if "。" in b and not b.startswith(("---", "|", "#"))]
    chosen = rng.sample(prose, max(1, len(prose) * 7 // 100))
    cut = max(1, len(prose) * 5 // 100)
    for i in chosen[:cut]:
        blocks[i] = reword(blocks[i], rng)
    for i in sorted(chosen[cut:], reverse=True)[: max(0, len(chosen) - cut - 1)]:
        del blocks[i]
    source = rng.choice(prose[: len(blocks) // 2] or prose)
    blocks.insert(min(source + 1, len(blocks)), reword(blocks[min(source, len(blocks) - 1)].replace("章)", "章新)", 1), rng, 3))
    return "\n\n".join(blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-tree", type=Path)
    args = parser.parse_args()
    rng = random.Random(4)
    trees = {"l10n": REPO} | ({"baseline": args.baseline_tree.resolve()} if args.baseline_tree else {})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "book"
        (root / "source").mkdir(parents=True)
        (root / "pyproject.toml").write_text(
            '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["en"]\n'
            'project-id = "bench"\nbuild-threshold = 0\n', encoding="utf-8")
        chapters = {f"chapter-{n:03d}": chapter(n) for n in range(1, args.chapters + 1)}
        for name, text in chapters.items():
            (root / "source" / f"{name}.md").write_text(text, encoding="utf-8")
        update = [sys.executable, "-m", "l10n", "-C", str(root), "update"]
        build = [sys.executable, "-m", "l10n", "-C", str(root), "build", "--force"]
        run_command(update, env=l10n_env(REPO))
        translate_everything(root)
        before = Path(tmp) / "before"
        shutil.copytree(root / "locales", before)
        for name, text in chapters.items():
            (root / "source" / f"{name}.md").write_text(edit(text, rng), encoding="utf-8")
        run_command(update, env=l10n_env(REPO))
        templates = Path(tmp) / "templates"
        shutil.copytree(root / "locales" / "templates", templates)
        merged = Path(tmp) / "msgmerge"
        merged.mkdir()
        merges = [["msgmerge", "--quiet", "--previous", "-o", str(merged / po.name), str(po),
                   str(templates / f"{po.stem}.pot")] for po in sorted((before / "en").glob("*.po"))]

        def restore() -> None:
            shutil.rmtree(root / "locales")
            shutil.copytree(before, root / "locales")

        updates = interleaved({name: (lambda tree=tree: run_command(update, env=l10n_env(tree)))
                               for name, tree in trees.items()} | {"msgmerge": lambda: run_many(merges)},
                              args.repeat, prepare=restore)
        run_command(update, env=l10n_env(REPO))
        compiled = Path(tmp) / "mo"
        compiled.mkdir()
        compiles = [["msgfmt", "-o", str(compiled / f"{po.stem}.mo"), str(po)]
                    for po in sorted((root / "locales" / "en").glob("*.po"))]
        builds = interleaved({name: (lambda tree=tree: run_command(build, env=l10n_env(tree)))
                              for name, tree in trees.items()} | {"msgfmt": lambda: run_many(compiles)},
                             args.repeat)
        words = sum(len(text) for text in chapters.values())
        print(f"(d) Markdown: {args.chapters} chapters, {words} characters of source, median of {args.repeat} "
              "interleaved runs")
        print(ratio_line("update after the edit", updates["l10n"], updates["msgmerge"], "msgmerge", target=0.5))
        print(ratio_line("build (md + html)", builds["l10n"], builds["msgfmt"], "msgfmt"))
        if "baseline" in updates:
            print(ratio_line("  baseline update", updates["baseline"], updates["msgmerge"], "msgmerge"))
            print(ratio_line("  baseline build", builds["baseline"], builds["msgfmt"], "msgfmt"))


if __name__ == "__main__":
    main()

"""Benchmark: `l10n check` against `msgfmt -c` (and Translate Toolkit's `pofilter` where installed).

Run on demand:  .venv/bin/python tests/benchmarks/bench_check.py [--entries 100000] [--terms 5000] [--jobs N]
                [--baseline-tree DIR] [--profile N]

The corpus is the article's sentences with their reviewed English translations (locales/en) and their
OpenCC zh-Hans drafts, every copy made unique with a volume marker (卷N / vol. N) and a fifth of them holding a
generated glossary term; 3 locales (zh_Hans, en, en_GB), a 5,000-term glossary (the project's rows plus
generated ones) and a few deliberate mistakes per thousand entries, so the checks have something to find.
Times one `run_checks` over the whole project (stale check, glossary, numbers, tokens, conventions, ...),
`msgfmt -c` over the same three catalogs, and the parse alone, and prints the ratios. Target: <= 3x msgfmt -c.

``--baseline-tree DIR`` also times the ``l10n`` package of another checkout (say ``git archive HEAD`` unpacked
in a temporary folder) on the same corpus, so a change is measured before and after in one run, against the
same msgfmt. ``--profile N`` prints the N functions with the most own time in a one-process run.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
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
from l10n.check import run_checks  # noqa: E402
from l10n.config import load_config  # noqa: E402
from l10n.po import read_catalog, write_catalog  # noqa: E402

DOC = "kuaishou-ai-kling"
LOCALES = ("zh_Hans", "en", "en_GB")
SYLLABLES = ["ka", "lo", "vin", "tor", "mu", "sen", "ri", "dax", "pel", "quo", "zan", "fey", "gru", "hal"]
ENDINGS = tuple("。！？?!")
NUMERALS = "〇零一二三四五六七八九十百千萬万億亿兆兩两拾佰仟年月日號号點点第個个次名位多幾几數数半"


def article_pairs() -> list[tuple[str, str, str]]:
    """(zh-Hant, en, zh-Hans) for every translated article sentence that ends like a sentence."""
    from l10n.draft.zh_hans import convert, load_phrases
    from l10n.glossary import load_glossary

    english = REPO / "locales" / "en" / f"{DOC}.po"
    if not english.exists():
        sys.exit(f"needs the reviewed English catalog {english}")
    glossary = load_glossary(REPO / "glossary.csv", ["zh_Hans", "en"])
    phrases = load_phrases(REPO / "phrases.csv")
    pairs = []
    for entry in read_catalog(english).active():
        if entry.translated and entry.msgid.endswith(ENDINGS) and "\n" not in entry.msgid:
            pairs.append((entry.msgid, entry.msgstr, convert(entry.msgid, glossary, phrases).text))
    return pairs


def pseudo_word(index: int) -> str:
    letters = []
    while True:
        index, digit = divmod(index, len(SYLLABLES))
        letters.append(SYLLABLES[digit])
        if not index:
            break
    return "".join(letters).capitalize()


def write_glossary(path: Path, terms: int, rng: random.Random, alphabet: str) -> list[tuple[str, str, str]]:
    """The project's glossary with an en_GB column, plus generated 4-character terms up to ``terms`` rows."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    rows = list(csv.DictReader(io.StringIO((REPO / "glossary.csv").read_text(encoding="utf-8"))))
    seen = {row["zh_Hant"] for row in rows}
    generated = []
    while len(rows) + len(generated) < terms:
        source = "".join(rng.choice(alphabet) for _ in range(4))
        if source in seen:
            continue
        seen.add(source)
        generated.append((source, t2s.convert(source), pseudo_word(len(generated) + 1000)))
    columns = ["zh_Hant", "zh_Hans", "en", "en_GB", "type", "forbidden_zh_Hans", "forbidden_en",
               "forbidden_en_GB", "case_sensitive", "note"]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "en_GB": row["en"], "forbidden_en_GB": row["forbidden_en"]})
    for source, hans, english in generated:
        writer.writerow({"zh_Hant": source, "zh_Hans": hans, "en": english, "en_GB": english, "type": "term",
                         "case_sensitive": "no"})
    path.write_text(out.getvalue(), encoding="utf-8")
    return generated


def mark(sentence: str, marker: str) -> str:
    """The sentence with ``marker`` before its final punctuation, so it stays one segment."""
    end = len(sentence.rstrip("。！？?!」”"))
    return sentence[:end] + marker + sentence[end:]


def build(root: Path, entries: int, terms: int, seed: int) -> dict[str, dict[str, str]]:
    rng = random.Random(seed)
    pairs = article_pairs()
    # Generated terms from the article's own characters (realistic automaton traffic), but none that reads
    # as a number or a date next to the volume number.
    alphabet = "".join(sorted({c for source, _, _ in pairs for c in source if "\u4e00" <= c <= "\u9fff"}
                              - set(NUMERALS)))
    root.mkdir(parents=True)
    generated = write_glossary(root / "glossary.csv", terms, rng, alphabet)
    shutil.copy(REPO / "phrases.csv", root / "phrases.csv")
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\n'
        f'target-locales = {list(LOCALES)!r}\nproject-id = "bench"\n'.replace("'", '"'), encoding="utf-8")
    paragraphs = []
    translations: dict[str, dict[str, str]] = {locale: {} for locale in LOCALES}
    for index in range(entries):
        source, english, hans = pairs[index % len(pairs)]
        tag = index + 1
        term = rng.choice(generated) if rng.random() < 0.2 else None
        source = mark(source, f"(卷{tag}{term[0] if term else ''})")
        hans = mark(hans, f"（卷{tag}{term[1] if term else ''}）")
        english = f"{english} (vol. {tag}{', ' + term[2] if term else ''})"
        # A few mistakes per thousand: a changed number, a forbidden spelling, a Traditional character.
        roll = rng.random()
        british = english
        if roll < 0.004:
            english = english.replace(f"vol. {tag}", f"vol. {tag + 1}")
        elif roll < 0.006:
            british = british.replace("Kling", "Keling")
        elif roll < 0.008:
            hans = hans.replace("这", "這")
        paragraphs.append(source)
        translations["en"][source] = english
        translations["en_GB"][source] = british
        translations["zh_Hans"][source] = hans
    (root / "source").mkdir()
    (root / "source" / f"{DOC}.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return translations


def translate(root: Path, translations: dict[str, dict[str, str]]) -> Counter:
    counts: Counter = Counter()
    config = load_config(root)
    update_project(config)
    for locale in LOCALES:
        path = config.catalog_path(locale, DOC)
        catalog = read_catalog(path)
        for entry in catalog.active():
            text = translations[locale].get(entry.msgid)
            if text:
                entry.msgstr = text
            counts[(locale, "translated" if text else "untranslated")] += 1
        write_catalog(path, catalog)
    return counts


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=5_000)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes for l10n (default: auto)")
    parser.add_argument("--keep", type=Path, help="build the project here and keep it")
    parser.add_argument("--baseline-tree", type=Path, help="also time the l10n package of this checkout")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N functions with the most own time in a one-process run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "bench"
        if root.exists():
            shutil.rmtree(root)
        seconds, translations = timed(lambda: build(root, args.entries, args.terms, seed=1))
        counts = translate(root, translations)
        config = load_config(root)
        catalogs = [config.catalog_path(locale, DOC) for locale in LOCALES]
        size = sum(path.stat().st_size for path in catalogs) / 1e6
        print(f"corpus: {args.entries} entries x {len(LOCALES)} locales ({size:.1f} MB of catalogs), "
              f"{args.terms} glossary terms, built in {seconds:.1f} s")
        print("  " + ", ".join(f"{locale} {state} {n}" for (locale, state), n in sorted(counts.items())))

        msgfmt = shutil.which("msgfmt")
        baseline = None
        if msgfmt:
            baseline = sum(timed(lambda p=path: subprocess.run([msgfmt, "-c", "-o", os.devnull, str(p)],
                                                               check=True))[0] for path in catalogs)
        parse, _ = timed(lambda: [read_catalog(path) for path in catalogs + [config.template_path(DOC)]])
        ours, findings = timed(lambda: run_checks(config, jobs=args.jobs))
        serial, serial_findings = timed(lambda: run_checks(config, jobs=1))
        assert serial_findings == findings
        by_check = Counter((f.check, f.severity) for f in findings)
        print(f"findings: {len(findings)} ({', '.join(f'{c} {s} {n}' for (c, s), n in sorted(by_check.items()))})")
        print(f"l10n check (auto jobs, {os.cpu_count()} CPUs) {ours:8.2f} s")
        print(f"l10n check (1 process)        {serial:8.2f} s")
        print(f"  of which reading catalogs   {parse:8.2f} s (l10n.po, 3 catalogs + template)")
        if baseline is not None:
            print(f"msgfmt -c (3 catalogs)        {baseline:8.2f} s")
            print(f"ratio l10n/msgfmt -c          {ours / baseline:8.2f} x (1 process: {serial / baseline:.2f} x; "
                  f"target <= 3 x)")
        else:
            print("msgfmt not installed: no baseline")
        if args.baseline_tree:
            for jobs in (None, 1):
                spent = baseline_run(args.baseline_tree, root, jobs)
                label = "auto jobs" if jobs is None else "1 process"
                ratio = f"   ratio to msgfmt -c {spent / baseline:.2f} x" if baseline else ""
                print(f"baseline tree ({label:9s})     {spent:8.2f} s{ratio}")
        if args.profile:
            profile(config, args.profile)
        pofilter = shutil.which("pofilter")
        if pofilter:
            spent = 0.0
            for path in catalogs:
                out = Path(tmp) / f"pofilter-{path.parent.name}.po"
                spent += timed(lambda p=path, o=out: subprocess.run(
                    [pofilter, "--progress=none", "-i", str(p), "-o", str(o)], capture_output=True))[0]
            print(f"pofilter (3 catalogs)         {spent:8.2f} s   ratio l10n/pofilter {ours / spent:.2f} x")
        else:
            print("pofilter (Translate Toolkit) not installed: skipped")


def baseline_run(tree: Path, root: Path, jobs: int | None) -> float:
    """Seconds one run_checks of the l10n package in ``tree`` takes on the project at ``root``."""
    code = ("import sys, time; from l10n.config import load_config; from l10n.check import run_checks; "
            f"config = load_config({str(root)!r}); start = time.perf_counter(); run_checks(config, jobs={jobs!r}); "
            "print(time.perf_counter() - start)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                            capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def profile(config, count: int) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(run_checks, config, jobs=1)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(count)
    print(out.getvalue())


if __name__ == "__main__":
    main()

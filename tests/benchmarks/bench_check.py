"""Benchmark: `l10n check` against `msgfmt -c` and Translate Toolkit's `pofilter` on the same catalogs.

Run on demand:  .venv/bin/python tests/benchmarks/bench_check.py [--entries 100000] [--terms 5000] [--repeat 3]
                [--pofilter-repeat 1] [--mistakes] [--en-gb copy|own] [--baseline-tree DIR] [--profile N]
(``--entries 10000`` for a run of a few minutes while developing.)

The corpus is the article's sentences with their reviewed English translations (locales/en) and their
OpenCC zh-Hans drafts, every copy made unique with a volume marker (卷N / vol. N) and a fifth of them holding a
generated glossary term; 3 locales (zh_Hans, en, en_GB) and a 5,000-term glossary (the project's rows plus
generated ones, en_GB's column a copy of en's). en_GB's translations are en's (``--en-gb copy``, the default: a
run finds en's problems once for both) or each its own (``--en-gb own``: "(Vol. N)", nothing shared). The
translations are correct unless ``--mistakes`` puts a few wrong ones per thousand.
Each tool runs as its own process(es), ``--repeat`` times interleaved: ``l10n check`` (every check, one
process and automatic jobs), ``msgfmt -c`` and ``pofilter`` once per catalog (pofilter only
``--pofilter-repeat`` times: it takes minutes at 100k entries). Medians of wall time and of the peak RSS
summed over all processes of a run are printed, with ratios. Targets (issue 17): one process <= 2x msgfmt -c,
>= 10x faster than pofilter, RSS <= 2x msgfmt's.

``l10n check`` remembers what it found per catalog entry and what the source segments into (l10n.check.memory,
l10n.stale; in $XDG_CACHE_HOME, which the benchmark points into its temporary folder). Two l10n rows are
timed: "remembered" (the catalogs as the previous run saw them), "N% edited" (the same share of every catalog's
entries reworded, correctly, since the previous run: the ordinary check after a translator's session or in CI
with a cached folder), and "fresh memory" (every run with an empty cache: the first check of a clone, every
entry and the source read and checked).

``--baseline-tree DIR`` also times the ``l10n`` package of another checkout (say ``git archive main``
unpacked in a temporary folder) in the same run. ``--profile N`` prints the N functions with the most own
time in a one-process run with an empty memory (what "fresh memory" times).
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
sys.path.insert(0, str(Path(__file__).resolve().parent))

from l10n.catalog import update_project  # noqa: E402
from l10n.check import run_checks  # noqa: E402
from l10n.config import load_config  # noqa: E402
from l10n.po import read_catalog, write_catalog  # noqa: E402
from measure import Run, interleaved, l10n_env, mib, ratio_line, run_command, run_many  # noqa: E402

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


def build(root: Path, entries: int, terms: int, seed: int, mistakes: bool = False, en_gb: str = "copy"
          ) -> dict[str, dict[str, str]]:
    """``en_gb``: "copy", en_GB's translations are en's (as en_GB catalogs made from en's largely are), so a
    run shares en's entry problems with en_GB; "own", every en_GB translation differs from en's (still
    correct: "(Vol. N" for "(vol. N"), so nothing is shared."""
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
        roll = rng.random() if mistakes else 1.0
        british = english if en_gb == "copy" else english.replace(f"(vol. {tag}", f"(Vol. {tag}", 1)
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


EDITS = {"en": ("(vol. ", "(volume "), "en_GB": ("(vol. ", "(volume "), "zh_Hans": ("（卷", "（卷 ")}
OWN_EN_GB_EDIT = ("(Vol. ", "(Volume ")
"""en_GB's edit when its translations are its own (``--en-gb own``)."""


def edit_share(config, share: float, state: list[bool], en_gb: str = "copy") -> int:
    """Reword ``share`` of every catalog's entries (always the same ones) as a translator would, correctly:
    "(vol. N" <-> "(volume N", "（卷N" <-> "（卷 N", one way then back on the next call."""
    forward = state[0] = not state[0]
    step, edited = max(1, round(1 / share)), 0
    for locale in LOCALES:
        edit = OWN_EN_GB_EDIT if locale == "en_GB" and en_gb == "own" else EDITS[locale]
        old, new = edit if forward else edit[::-1]
        path = config.catalog_path(locale, DOC)
        catalog = read_catalog(path)
        for entry in catalog.active()[::step]:
            if old in entry.msgstr:
                entry.msgstr = entry.msgstr.replace(old, new, 1)
                edited += 1
        write_catalog(path, catalog)
    return edited


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


CHECK_CODE = ("import sys; from l10n.config import load_config; from l10n.check import run_checks, format_findings; "
              "findings = run_checks(load_config(sys.argv[1]), jobs={jobs}); "
              "sys.stdout.write(format_findings(findings, 'text')); print(len(findings), file=sys.stderr)")


def check_command(root: Path, jobs: int | None) -> list[str]:
    """``l10n check`` as its own process (the CLI's work: run the checks, format the findings)."""
    return [sys.executable, "-c", CHECK_CODE.format(jobs=jobs), str(root)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--terms", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs of each tool (medians printed)")
    parser.add_argument("--edit", type=float, default=0.01,
                        help="share of entries reworded before each 'edited' run (always the same ones)")
    parser.add_argument("--pofilter-repeat", type=int, default=1, help="runs of pofilter (0: skip it)")
    parser.add_argument("--mistakes", action="store_true", help="put a few mistakes per thousand entries")
    parser.add_argument("--en-gb", choices=("copy", "own"), default="copy",
                        help="copy: en_GB's translations are en's (shared by a run); own: each differs from en's")
    parser.add_argument("--keep", type=Path, help="build the project here and keep it")
    parser.add_argument("--baseline-tree", type=Path, help="also time the l10n package of this checkout")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N functions with the most own time in a one-process run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")   # the memory l10n check keeps, here only
        root = args.keep or Path(tmp) / "bench"
        if root.exists():
            shutil.rmtree(root)
        seconds, translations = timed(lambda: build(root, args.entries, args.terms, seed=1, mistakes=args.mistakes,
                                                     en_gb=args.en_gb))
        counts = translate(root, translations)
        config = load_config(root)
        catalogs = [config.catalog_path(locale, DOC) for locale in LOCALES]
        size = sum(path.stat().st_size for path in catalogs) / 1e6
        print(f"corpus: {args.entries} entries x {len(LOCALES)} locales ({size:.1f} MB of catalogs), "
              f"{args.terms} glossary terms, {'a few' if args.mistakes else 'no'} mistakes, en_GB "
              f"{'a copy of en' if args.en_gb == 'copy' else 'its own translations'}, built in {seconds:.1f} s")
        print("  " + ", ".join(f"{locale} {state} {n}" for (locale, state), n in sorted(counts.items())))
        findings = run_checks(config, jobs=1)
        by_check = Counter((f.check, f.severity) for f in findings)
        print(f"findings: {len(findings)} ({', '.join(f'{c} {s} {n}' for (c, s), n in sorted(by_check.items()))})")

        env = l10n_env(REPO)
        fresh = Path(tmp) / "fresh-cache"

        def with_fresh_memory(jobs: int | None, tree: dict[str, str]) -> Run:
            shutil.rmtree(fresh, ignore_errors=True)
            return run_command(check_command(root, jobs), env={**tree, "XDG_CACHE_HOME": str(fresh)}, ok=(0, 1))

        state = [False]

        def after_edit() -> Run:
            edit_share(config, args.edit, state, args.en_gb)   # (not timed)
            return run_command(check_command(root, 1), env=env, ok=(0, 1))

        actions = {
            "l10n, 1 process, remembered": lambda: run_command(check_command(root, 1), env=env, ok=(0, 1)),
            f"l10n, 1 process, {args.edit:.0%} edited": after_edit,
            "l10n, 1 process, fresh memory": lambda: with_fresh_memory(1, env),
            "l10n, auto jobs, fresh memory": lambda: with_fresh_memory(None, env),
            "msgfmt -c": lambda: run_many([["msgfmt", "-c", "-o", os.devnull, str(p)] for p in catalogs]),
        }
        if args.baseline_tree:
            base = l10n_env(args.baseline_tree.resolve())
            actions["baseline, 1 process"] = lambda: with_fresh_memory(1, base)
        runs = interleaved(actions, args.repeat)
        pofilter = shutil.which("pofilter") or shutil.which("pofilter", path=str(Path(sys.executable).parent))
        if pofilter and args.pofilter_repeat > 0:
            runs.update(interleaved({"pofilter": lambda: run_many(
                [[pofilter, "--progress=none", "-i", str(p), "-o", str(Path(tmp) / f"pofilter-{p.parent.name}.po")]
                 for p in catalogs], ok=(0, 1, 2))}, args.pofilter_repeat))
        print(f"median of {args.repeat} interleaved runs ({os.cpu_count()} CPUs; pofilter: {args.pofilter_repeat} "
              "run(s) after them)")
        msgfmt = runs["msgfmt -c"]
        for name, run in runs.items():
            print(f"  {name:<30} {run.seconds:7.2f} s   peak RSS {mib(run.peak_rss)}")
        rows = ("l10n, 1 process, remembered", f"l10n, 1 process, {args.edit:.0%} edited", "l10n, 1 process, fresh memory")
        for name in rows:
            print(ratio_line(name.removeprefix("l10n, "), runs[name], msgfmt, "msgfmt -c", target=2.0))
        print(ratio_line("auto jobs, fresh memory", runs["l10n, auto jobs, fresh memory"], msgfmt, "msgfmt -c"))
        if "baseline, 1 process" in runs:
            print(ratio_line("  baseline, 1 process", runs["baseline, 1 process"], msgfmt, "msgfmt -c"))
        if "pofilter" in runs:
            for name in rows:
                speedup = runs["pofilter"].seconds / runs[name].seconds
                print(f"pofilter / {name}: {speedup:.1f}x faster  (target >= 10x: "
                      f"{'met' if speedup >= 10 else 'NOT met'})")
        else:
            print("pofilter (Translate Toolkit) not installed or --pofilter-repeat 0: skipped")
        if args.profile:
            profile(config, args.profile)


def profile(config, count: int) -> None:
    """The N functions with the most own time in a one-process run with an empty memory (a run remembering
    every entry, as the benchmark's own runs leave it, would only replay findings)."""
    import cProfile
    import pstats

    previous = os.environ["XDG_CACHE_HOME"]
    with tempfile.TemporaryDirectory() as empty:
        os.environ["XDG_CACHE_HOME"] = empty
        try:
            profiler = cProfile.Profile()
            profiler.runcall(run_checks, config, jobs=1)
        finally:
            os.environ["XDG_CACHE_HOME"] = previous
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(count)
    print("profile of one process with an empty memory (cProfile, own time):")
    print(out.getvalue())


if __name__ == "__main__":
    main()

"""Benchmark (c): real history. The newer release's template merged with the older release's translations,
by l10n's merge and by GNU ``msgmerge --previous``, on the Python documentation's zh-CN catalogs.

Run on demand (the catalogs are fetched, not in the repository):

    git clone --bare https://github.com/python/python-docs-zh-cn /tmp/pydocs.git
    .venv/bin/python tests/benchmarks/bench_history.py --git-dir /tmp/pydocs.git --old 3.12 --new 3.13

or with two folders of catalogs already unpacked: ``--old DIR --new DIR``. Options: ``--repeat 3`` (runs of
each tool, interleaved; medians are printed), ``--sample 20`` (matches only l10n offers, shown with their
similarity), ``--baseline-tree DIR`` (also time another checkout's l10n in the same run).

The template of each file is the newer catalog with every translation, fuzzy flag and previous msgid removed
(what ``sphinx-build -b gettext`` made before Transifex filled it in); the older catalog is merged into it
as it is. Both tools run once per file from the command line (l10n: one process for all files, its start-up
included), so times and peak RSS are comparable. Prints both tools' outcome counts (kept, fuzzy, untranslated,
obsolete), which fuzzy matches msgmerge makes that l10n does not (with msgmerge's score, on bytes, as
gettext computes it) and a sample of the matches l10n makes that msgmerge does not.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from measure import (fuzzy_matches, interleaved, l10n_env, outcome, print_outcomes, ratio_line,  # noqa: E402
                     run_command, run_many)

DATA = Path("/work/team/data/real-po/python-docs-zh-cn")
WORKER = HERE / "history_merge.py"   # the l10n side, in a process of its own


def catalogs(root: Path) -> dict[str, Path]:
    return {str(path.relative_to(root)): path for path in sorted(root.rglob("*.po"))}


def unpack(git_dir: Path, revision: str, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "--git-dir", str(git_dir), "archive", revision], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def make_template(po: Path, pot: Path) -> None:
    from l10n.po import Catalog, Entry, read_catalog, write_catalog

    catalog = read_catalog(po)
    entries = []
    for entry in catalog.active():
        entries.append(Entry(entry.msgid, "", entry.msgctxt, entry.msgid_plural,
                             {index: "" for index in entry.msgstr_plural},
                             extracted_comments=list(entry.extracted_comments),
                             references=list(entry.references),
                             flags=[flag for flag in entry.flags if flag != "fuzzy"]))
    metadata = dict(catalog.metadata)
    for key in ("Language", "Plural-Forms", "Last-Translator"):
        metadata.pop(key, None)
    pot.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(pot, Catalog(metadata, ["SOME DESCRIPTIVE TITLE."], ["fuzzy"], entries))


def byte_similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a.encode(), b.encode())


def char_similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", default="3.12", help="folder of the older catalogs, or a revision with --git-dir")
    parser.add_argument("--new", default="3.13", help="folder of the newer catalogs, or a revision with --git-dir")
    parser.add_argument("--git-dir", type=Path, help="a (bare) clone of python-docs-zh-cn")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--baseline-tree", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.git_dir:
            old_root = unpack(args.git_dir, args.old, work / "old-src")
            new_root = unpack(args.git_dir, args.new, work / "new-src")
        else:
            old_root = Path(args.old) if Path(args.old).is_dir() else DATA / args.old
            new_root = Path(args.new) if Path(args.new).is_dir() else DATA / args.new
        old_files, new_files = catalogs(old_root), catalogs(new_root)
        common = sorted(set(old_files) & set(new_files))
        old_dir, pot_dir = work / "old", work / "pot"
        for rel in common:
            (old_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(old_files[rel], old_dir / rel)
            make_template(new_files[rel], (pot_dir / rel).with_suffix(".pot"))
        pot_files = {rel: (pot_dir / rel).with_suffix(".pot") for rel in common}
        for rel, pot in pot_files.items():   # history_merge.py looks the old file up by the template's name
            pot.rename(pot_dir / rel)
            pot_files[rel] = pot_dir / rel
        from l10n.po import read_catalog

        entries = sum(len(read_catalog(path).active()) for path in pot_files.values())
        print(f"real history: {len(common)} catalogs in both {old_root.name} and {new_root.name} "
              f"({len(set(new_files) - set(old_files))} new files left out), {entries} template entries")

        ours_dir, theirs_dir, base_dir = work / "l10n", work / "msgmerge", work / "baseline"
        msgmerge_commands = []
        for rel in common:
            (theirs_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            msgmerge_commands.append(["msgmerge", "--quiet", "--previous", "-o", str(theirs_dir / rel),
                                      str(old_dir / rel), str(pot_files[rel])])
        actions = {
            "l10n": lambda: run_command([sys.executable, str(WORKER), str(old_dir), str(pot_dir), str(ours_dir)],
                                        env=l10n_env(REPO)),
            "msgmerge": lambda: run_many(msgmerge_commands),
        }
        if args.baseline_tree:
            actions["baseline"] = lambda: run_command(
                [sys.executable, str(WORKER), str(old_dir), str(pot_dir), str(base_dir)],
                env=l10n_env(args.baseline_tree.resolve()))
        runs = interleaved(actions, args.repeat)
        print(f"median of {args.repeat} interleaved runs")
        print(ratio_line("merge (c) real history", runs["l10n"], runs["msgmerge"], "msgmerge", target=0.5))
        if "baseline" in runs:
            print(ratio_line("  baseline tree", runs["baseline"], runs["msgmerge"], "msgmerge"))
        report(common, old_dir, ours_dir, theirs_dir, args.sample)


def report(common: list[str], old_dir: Path, ours_dir: Path, theirs_dir: Path, sample: int) -> None:
    from l10n.po import read_catalog

    ours_total: Counter = Counter()
    theirs_total: Counter = Counter()
    missed, different, only_ours = [], [], []
    for rel in common:
        old = read_catalog(old_dir / rel)
        old_keys = {entry.key for entry in old.entries if not entry.obsolete and
                    (entry.msgstr or any(entry.msgstr_plural.values()))}
        ours = read_catalog(ours_dir / rel).entries
        theirs = read_catalog(theirs_dir / rel).entries
        ours_total += outcome(ours, old_keys)
        theirs_total += outcome(theirs, old_keys)
        our_matches, their_matches = fuzzy_matches(ours, old_keys), fuzzy_matches(theirs, old_keys)
        for key, previous in their_matches.items():
            mine = our_matches.get(key)
            if mine is None:
                missed.append((byte_similarity(key[1], previous), char_similarity(key[1], previous), rel, key[1],
                               previous))
            elif mine != previous:
                different.append((char_similarity(key[1], mine), char_similarity(key[1], previous), rel))
        for key, previous in our_matches.items():
            if key not in their_matches:
                only_ours.append((char_similarity(key[1], previous), byte_similarity(key[1], previous), rel,
                                  key[1], previous))
    print("outcomes (c): entries of the merged catalogs")
    print_outcomes(ours_total, theirs_total)
    print(f"fuzzy matches msgmerge makes and l10n does not: {len(missed)} "
          f"({sum(1 for m in missed if m[0] > 0.6)} above 0.6 on bytes, {sum(1 for m in missed if m[1] > 0.6)} "
          "on characters)")
    for byte_score, char_score, rel, msgid, previous in sorted(missed, reverse=True)[:5]:
        print(f"    {byte_score:.3f} bytes {char_score:.3f} chars  {rel}: {msgid[:60]!r} <- {previous[:60]!r}")
    better = sum(1 for mine, theirs, _ in different if mine > theirs)
    worse = sum(1 for mine, theirs, _ in different if mine < theirs)
    print(f"matched both, to a different old msgid: {len(different)} (l10n's closer {better}, "
          f"msgmerge's closer {worse}, equal {len(different) - better - worse}; on characters)")
    print(f"fuzzy matches l10n makes and msgmerge does not: {len(only_ours)}; a sample of {sample} "
          "(similarity on characters / on bytes):")
    for char_score, byte_score, rel, msgid, previous in sorted(random.Random(1).sample(
            only_ours, min(sample, len(only_ours))), reverse=True):
        print(f"    {char_score:.3f} / {byte_score:.3f}  {rel}: {msgid[:70]!r}\n"
              f"{'':>20}<- {previous[:70]!r}")


if __name__ == "__main__":
    main()

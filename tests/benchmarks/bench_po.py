"""Benchmark: write and read a 100k-entry catalog with l10n.po, against GNU msgcat on the same file.

Run on demand:  .venv/bin/python tests/benchmarks/bench_po.py [--entries 100000] [--seed 1]

The catalog is the article cut into lines and sentences, every copy made unique, with mixed English/CJK
translations (long and short), references, fuzzy entries with previous msgids, plurals and obsolete entries.
Prints the time of write_catalog and read_catalog, the time msgcat takes to read and rewrite the same file
in the same run, their ratios, and whether msgcat left the file byte-identical.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from l10n.po import Catalog, Entry, read_catalog, write_catalog  # noqa: E402

ARTICLE = (REPO / "source" / "kuaishou-ai-kling.md").read_text(encoding="utf-8")
LINES = [line.strip() for line in ARTICLE.split("\n") if line.strip()]
SEGMENTS = list(dict.fromkeys(LINES + [s for line in LINES for s in re.findall(r"[^。?!]+[。?!」]*", line)]))
ENGLISH = ("Kuaishou's Kling AI video model reached 25.9% growth in 2024, ahead of Runway Gen-3, "
           "Luma Dream Machine and Google Veo 2; revenue passed 724.19 billion yuan.").split(" ")


def make_catalog(count: int, seed: int) -> Catalog:
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        source = SEGMENTS[number % len(SEGMENTS)]
        msgid = source.replace("。", f"(卷{number})。", 1) if "。" in source else f"{source}(卷{number})"
        english = " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(3, 45)))
        msgstr = rng.choice([english, msgid[::-1], f"{msgid[: len(msgid) // 2]} {english}", ""])
        entry = Entry(msgid, msgstr, extracted_comments=["paragraph"],
                      references=[f"source/book/chapter-{number // 500:03}.md:{number % 500 * 3 + 1}"])
        kind = rng.randrange(20)
        if kind == 0 and msgstr:
            entry.flags, entry.previous_msgid = ["fuzzy"], msgid[:-2]
        elif kind == 1:
            entry.msgid_plural, entry.msgstr, entry.msgstr_plural = msgid + "(複數)", "", {0: msgstr, 1: msgstr}
        elif kind == 2 and msgstr:
            entry.obsolete = True
        entries.append(entry)
    entries.sort(key=lambda entry: entry.obsolete)
    return Catalog(metadata={"Project-Id-Version": "book 1.0", "Language": "en", "MIME-Version": "1.0",
                             "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                             "Plural-Forms": "nplurals=2; plural=(n != 1);"}, entries=entries)


def timed(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    msgcat = shutil.which("msgcat")
    catalog = make_catalog(args.entries, args.seed)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "book.po"
        write_seconds, _ = timed(lambda: write_catalog(path, catalog))
        read_seconds, back = timed(lambda: read_catalog(path))
        size = path.stat().st_size
        characters = sum(len(entry.msgid) + len(entry.msgstr) + sum(map(len, entry.msgstr_plural.values()))
                         for entry in catalog.entries)
        print(f"entries {args.entries:,}   file {size / 1e6:.1f} MB   text {characters / 1e6:.1f} M characters")
        print(f"write_catalog  {write_seconds:6.2f} s")
        print(f"read_catalog   {read_seconds:6.2f} s   ({len(back.entries):,} entries back)")
        if msgcat is None:
            print("msgcat not installed: no baseline")
            return 0
        version = subprocess.run([msgcat, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
        rewritten = Path(directory) / "msgcat.po"
        msgcat_seconds, _ = timed(lambda: subprocess.run([msgcat, "-o", str(rewritten), str(path)], check=True))
        identical = rewritten.read_bytes() == path.read_bytes()
        print(f"msgcat         {msgcat_seconds:6.2f} s   ({version}: read + write the same file)")
        print(f"ratio write_catalog / msgcat  {write_seconds / msgcat_seconds:5.2f}")
        print(f"ratio read_catalog / msgcat   {read_seconds / msgcat_seconds:5.2f}")
        print(f"ratio write + read / msgcat   {(write_seconds + read_seconds) / msgcat_seconds:5.2f}")
        print(f"msgcat output byte-identical to ours: {'yes' if identical else 'NO'}")
        return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())

"""Agreement with GNU gettext on real catalogs of other projects: our writer against ``msgcat``, our validity
check against ``msgfmt -c``.

Run on demand:  .venv/bin/python tests/benchmarks/real_catalogs.py [ROOT ...] [--jobs N] [--show N]
(for a baseline, copy this file into another checkout, say ``git archive`` of an older commit, and run it
there: it measures the checkout it sits in.)

ROOT defaults to /work/team/data/real-po (Python docs in zh-CN, zh-TW and es, Sphinx, Wagtail,
django-localflavor; each folder's SOURCE.txt names the repository and commit). Every ``*.po`` and ``*.pot``
under the roots is read by our reader and by the gettext tools on this machine:

* writer: ``format_catalog(read_catalog(f))`` against ``msgcat f`` byte for byte, per file; a file our reader
  refuses counts as differing (the reason is listed).
* validity: the error verdict of our ``validity`` check (what ``msgfmt -c`` verifies; the locale comes from the
  ``LC_MESSAGES`` folder, else the header's Language) against ``msgfmt -c -o /dev/null f``, per file (has
  errors or not) and per entry (the entry, or the header, that an error is reported at). msgfmt -c skips
  fuzzy and untranslated entries; so does our check without ``--drafts``. A file our reader refuses is an
  error of ours at the line it names (exit 2 in ``l10n check``).

Prints the totals and the first ``--show`` disagreements of each kind. Nothing is timed: the figures are counts.
"""
from __future__ import annotations

import argparse
import bisect
import os
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from l10n.check import validity  # noqa: E402
from l10n.check.checks import check_validity  # noqa: E402
from l10n.check.model import FileUnit  # noqa: E402
from l10n.errors import CatalogError  # noqa: E402

if (REPO / "l10n" / "po").is_dir():
    from l10n.po import format_catalog, read_catalog  # noqa: E402
else:   # a checkout from before the l10n/po split, measured for a baseline (an editable install of
    # another checkout would otherwise supply its l10n.po)
    from l10n.pofile import format_catalog, read_catalog  # noqa: E402

DEFAULT_ROOT = Path("/work/team/data/real-po")
HEADER = 0   # entry key of the header (and of anything before the first message)
_LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?:\d+:)? (?P<warning>warning: )?(?P<message>.*)$")


@dataclass
class Outcome:
    path: str
    entries: int = 0
    writer_same: bool = False
    writer_note: str = ""
    ours: dict[int, str] = field(default_factory=dict)     # entry key -> first error message
    ours_msgfmt: dict[int, str] = field(default_factory=dict)   # the same from the msgfmt part alone
    theirs: dict[int, str] = field(default_factory=dict)
    ours_file: bool = False     # some error, file-level included
    theirs_file: bool = False
    keys: list[int] = field(default_factory=list)          # every entry key of the file


def locale_of(path: Path, metadata: dict[str, str]) -> str:
    """The folder locale ``l10n check`` would give the file: LC_MESSAGES's parent, else the header's
    Language, else the language a Python-docs repository is named after; "templates" for a .pot."""
    if path.suffix == ".pot":
        return "templates"
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    named = next((part.removeprefix("python-docs-") for part in path.parts if part.startswith("python-docs-")),
                 None)
    language = metadata.get("Language", "").strip() or named or "und"
    return language.replace("-", "_") if language != named else _DOCS_LOCALES.get(named, named)


_DOCS_LOCALES = {"zh-cn": "zh_CN", "zh-tw": "zh_TW", "es": "es"}


def _entry_key(starts: list[int], line: int) -> int:
    index = bisect.bisect_right(starts, line) - 1
    return starts[index] if index >= 0 else HEADER


def msgfmt_errors(path: Path, starts: list[int]) -> tuple[bool, dict[int, str]]:
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True,
                            text=True, errors="replace")
    errors: dict[int, str] = {}
    for line in result.stderr.splitlines():
        match = _LOCATED.match(line)
        if match and match["path"] == str(path) and not match["warning"]:
            errors.setdefault(_entry_key(starts, int(match["line"])), match["message"])
    return result.returncode != 0, errors


def compare_file(name: str) -> Outcome:
    path = Path(name)
    outcome = Outcome(name)
    msgcat = subprocess.run(["msgcat", str(path)], capture_output=True)
    try:
        catalog = read_catalog(path)
    except CatalogError as error:
        outcome.writer_note = f"reader: {error}"
        outcome.ours_file = True
        outcome.ours[HEADER] = outcome.ours_msgfmt[HEADER] = str(error)
        outcome.theirs_file, outcome.theirs = msgfmt_errors(path, [])
        outcome.keys = sorted(set(outcome.theirs) | {HEADER})
        return outcome
    starts = sorted(entry.lineno for entry in catalog.entries if not entry.obsolete)
    outcome.keys = [HEADER, *starts]
    outcome.entries = len(starts)
    try:
        ours_text = format_catalog(catalog).encode("utf-8")
    except ValueError as error:
        outcome.writer_note = f"writer: {error}"
    else:
        outcome.writer_same = msgcat.returncode == 0 and ours_text == msgcat.stdout
        if msgcat.returncode != 0:
            outcome.writer_note = "msgcat: " + msgcat.stderr.decode("utf-8", "replace").strip()[:200]
        elif not outcome.writer_same:
            outcome.writer_note = _first_difference(ours_text.decode("utf-8"),
                                                    msgcat.stdout.decode("utf-8", "replace"))
    unit = FileUnit(path, name, locale_of(path, catalog.metadata), path.stem, catalog, None,
                    checked=[entry for entry in catalog.active()
                             if entry.translated and entry.msgid_plural is None])   # as `l10n check` selects
    runs = [(outcome.ours, check_validity)]
    if hasattr(validity, "msgfmt_problems"):
        runs.append((outcome.ours_msgfmt, validity.msgfmt_problems))
    for found, run in runs:
        try:
            for problem in run(unit):
                if (problem.severity or "error") != "error":
                    continue
                line = problem.entry.lineno if problem.entry is not None else (problem.line or 0)
                found.setdefault(_entry_key(starts, line), problem.message)
        except Exception as error:   # a crash of the check is a disagreement to count, not a reason to stop
            found.setdefault(HEADER, f"crash: {type(error).__name__}: {error}")
    outcome.ours_file = bool(outcome.ours)
    outcome.theirs_file, outcome.theirs = msgfmt_errors(path, starts)
    return outcome


def _first_difference(ours: str, theirs: str) -> str:
    for number, (mine, other) in enumerate(zip(ours.split("\n"), theirs.split("\n")), start=1):
        if mine != other:
            return f"line {number}: ours {mine[:90]!r} msgcat {other[:90]!r}"
    return f"lengths differ: ours {len(ours)} chars, msgcat {len(theirs)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("roots", nargs="*", type=Path, default=[DEFAULT_ROOT])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show", type=int, default=8, help="disagreements to list of each kind")
    args = parser.parse_args(argv)
    files = sorted(str(path) for root in args.roots for path in root.rglob("*")
                   if path.suffix in (".po", ".pot") and path.is_file())
    if not files:
        print("no .po/.pot files under", ", ".join(map(str, args.roots)), file=sys.stderr)
        return 2
    with ProcessPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(compare_file, files, chunksize=8))
    versions = {tool: subprocess.run([tool, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
                for tool in ("msgcat", "msgfmt")}
    print(f"{len(files)} files, {sum(o.entries for o in outcomes)} entries; {versions['msgfmt']}")

    readable = [o for o in outcomes if not o.writer_note.startswith("reader:")]
    same = sum(o.writer_same for o in outcomes)
    print(f"writer vs msgcat: {same} of {len(files)} files byte-identical "
          f"({len(files) - len(readable)} refused by our reader, {len(readable) - same} written differently)")
    _show("writer differs", [o for o in outcomes if not o.writer_same], lambda o: o.writer_note, args.show)

    _report_validity("validity check", outcomes, "ours", args.show)
    if hasattr(validity, "msgfmt_problems"):
        _report_validity("its msgfmt part alone (no Language/CLDR checks)", outcomes, "ours_msgfmt", args.show)
    return 0


def _report_validity(title: str, outcomes: list[Outcome], side: str, show: int) -> None:
    def ours(outcome: Outcome) -> dict[int, str]:
        return getattr(outcome, side)

    agree_files = sum(bool(ours(o)) == o.theirs_file for o in outcomes)
    both = sum(bool(ours(o)) and o.theirs_file for o in outcomes)
    only_ours = sum(bool(ours(o)) and not o.theirs_file for o in outcomes)
    only_theirs = sum(o.theirs_file and not ours(o) for o in outcomes)
    print(f"{title} vs msgfmt -c, files: error verdicts agree on {agree_files} of {len(outcomes)} "
          f"(both find errors: {both}; only ours: {only_ours}; only msgfmt: {only_theirs})")
    for outcome in [o for o in outcomes if bool(ours(o)) != o.theirs_file][:show]:
        print(f"    file verdicts differ: {outcome.path}: ours {dict(list(ours(outcome).items())[:2])} "
              f"msgfmt {dict(list(outcome.theirs.items())[:2]) or 'exit status 1'}")
    keys = sum(len(o.keys) for o in outcomes)
    agree = both_entries = 0
    entry_ours: list[tuple[Outcome, int]] = []
    entry_theirs: list[tuple[Outcome, int]] = []
    for outcome in outcomes:
        for key in outcome.keys:
            mine, other = key in ours(outcome), key in outcome.theirs
            agree += mine == other
            both_entries += mine and other
            if mine and not other:
                entry_ours.append((outcome, key))
            elif other and not mine:
                entry_theirs.append((outcome, key))
    print(f"{title} vs msgfmt -c, entries (header included): error verdicts agree on {agree} of {keys} "
          f"(both: {both_entries}; only ours: {len(entry_ours)}; only msgfmt: {len(entry_theirs)})")
    for label, pairs, messages in (("only ours", entry_ours, ours), ("only msgfmt", entry_theirs,
                                                                   lambda o: o.theirs)):
        reasons = Counter(re.sub(r"\d+|'[^']*'|\"[^\"]*\"", "…", messages(o)[k])[:90] for o, k in pairs)
        for reason, count in reasons.most_common(show):
            print(f"  {label} x{count}: {reason}")
        for outcome, key in pairs[:show]:
            print(f"    {label}: {outcome.path}:{key}: {messages(outcome)[key][:160]}")


def _show(title: str, outcomes: list[Outcome], describe, limit: int) -> None:
    seen = set()
    for outcome in outcomes:
        if len(seen) >= limit:
            break
        if outcome.path in seen:
            continue
        seen.add(outcome.path)
        print(f"  {title}: {outcome.path}: {describe(outcome)}")


if __name__ == "__main__":
    sys.exit(main())

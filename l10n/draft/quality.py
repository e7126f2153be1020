"""Checks on machine drafts: output that is plainly broken must never look like a draft.

Each check is a registry entry (id, one-line description) with one signature: it gets a :class:`Sample` (the
source segment, the engine's draft, the language pair) and returns a short reason or None. The pipeline runs
every check on every fresh draft; a draft with a reason is not written as a draft (see
:mod:`l10n.draft.pipeline`) and is counted in the receipt.

The failure modes are the known ones of neural MT: decoding loops (``the the the the``), the source handed back
untranslated or partly so, truncated or runaway output (a length far outside what the pair normally gives), and
nothing at all.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from ..lang import HAN_IDEOGRAPHS
from ..markup import without_fixed_markup

# Characters of each script, for "the output still holds the source's script".
_SCRIPT_CHARS = {
    "Han": HAN_IDEOGRAPHS,
    "Kana": "\u3040-\u30ff\u31f0-\u31ff",
    "Hangul": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "Cyrillic": "\u0400-\u04ff",
    "Latin": "A-Za-z\u00c0-\u024f",
}
# The scripts text in a locale's script is written in (Japanese mixes Han and Kana).
_WRITING = {"Hans": ("Han",), "Hant": ("Han",), "Jpan": ("Han", "Kana"), "Kore": ("Hangul", "Han"),
            "Cyrl": ("Cyrillic",), "Latn": ("Latin",)}
# Typical length of a translation, in characters, against its source: measured on this repository's reviewed
# catalogs (zh_Hant -> en: median 3.3, range 1.3-4.6; zh_Hant -> zh_Hans: 0.94-1.04). The band is that factor
# divided and multiplied by LENGTH_TOLERANCE, for sources of at least MIN_LENGTH_CHECKED characters.
_EXPANSION = {("Han", "Han"): 1.0, ("Han", "Latin"): 3.3, ("Latin", "Han"): 0.3, ("Han", "Hangul"): 1.3,
              ("Hangul", "Han"): 0.75}
LENGTH_TOLERANCE = 3.0
MIN_LENGTH_CHECKED = 10
_REPEATED = re.compile(r"(\S.{0,29}?)(?:\s*\1){3,}", re.DOTALL)   # a unit of 1-30 characters, 4 times or more
_WORDISH = re.compile(r"[^\W_]")
_SHORT_LOOP = re.compile(r"(..)\1\1\1|(...)\2\2\2", re.DOTALL)   # a unit of 2 or 3 characters, 4 times in a row


class Sample(NamedTuple):
    """What a check looks at (a named tuple: one is made for every fresh draft)."""

    source: str
    draft: str
    source_locale: str
    target_locale: str


@dataclass(frozen=True)
class DraftCheck:
    id: str
    description: str
    run: Callable[[Sample], str | None]


@cache
def _writes(locale: str) -> tuple[str, ...]:
    from ..lang import script_of

    return _WRITING.get(script_of(locale) or "Latn", ("Latin",))


def _primary_script(locale: str) -> str:
    return _writes(locale)[0]


@cache
def _script_run(script: str) -> re.Pattern[str]:
    return re.compile(f"[{_SCRIPT_CHARS[script]}]{{2,}}")


def _same_language(sample: Sample) -> bool:
    return _languages_equal(sample.source_locale, sample.target_locale)


@cache
def _languages_equal(source_locale: str, target_locale: str) -> bool:
    from ..lang import language_of

    return language_of(source_locale) == language_of(target_locale)


def empty(sample: Sample) -> str | None:
    return "empty output" if sample.source.strip() and not sample.draft.strip() else None


def _may_loop(text: str) -> bool:
    """Cheap pre-test, false only where :func:`repetition` finds no loop.

    A loop is a unit of 1-30 characters four times or more with any whitespace between, at least 8 characters
    long. Without its whitespace, a unit of p > 1 characters four times has a 4-character stretch there three
    times (at 0, p and 2p). A one-character unit either has copies in two words, so two neighbouring words
    end and begin with that character, or is eight copies in one word (a stretch there five times)."""
    if len(text) < 8:
        return False
    words = text.split()
    if len(words) == 1 and len(words[0]) == len(text):
        solid = text
    else:
        for word, following in zip(words, words[1:]):   # a loop, not any() over a generator: a fifth cheaper
            if word[-1] == following[0]:
                return True
        solid = "".join(words)
    size = len(solid)
    # Where a unit of p characters repeats (8 copies for p = 1), the text has the period p over 4p characters (8),
    # so each 4-character stretch starting in the first 3p - 3 (4) of them is there again p characters on: one
    # of those starts is a multiple of 3. No such stretch there again within 30 characters: no loop (most drafts;
    # two slices and an ``in`` at every third character cost a third of the set of every stretch below; str.find
    # with start and end costs more than a slice of the window).
    for start in range(0, size - 4, 3):
        if solid[start:start + 4] in solid[start + 1:start + 34]:
            break
    else:
        return False
    # A unit of p <= 3 characters is four copies in a row (eight of one character are four of two). One of p >= 4
    # has the 4-character stretch starting at each of its first 2p - 3 characters there three times p apart, without
    # overlap (what str.count counts), and one of those starts is a multiple of 3. Counting those few stretches in C
    # costs a tenth of the set and Counter of every stretch this once took.
    if _SHORT_LOOP.search(solid) is not None:
        return True
    for start in range(0, size - 4, 3):
        if solid.count(solid[start:start + 4]) >= 3:
            return True
    return False


def repetition(sample: Sample) -> str | None:
    if not _may_loop(sample.draft):
        return None
    source_loops: set[str] | None = None
    for match in _REPEATED.finditer(sample.draft):
        unit = match.group(1)
        if not _WORDISH.search(unit) or len(match.group()) < 8:
            continue
        if source_loops is None:
            source_loops = {m.group(1) for m in _REPEATED.finditer(sample.source)} if _may_loop(sample.source) \
                else set()
        if unit not in source_loops:
            shown = unit if len(unit) <= 12 else unit[:12] + "…"
            return f"repetition loop ({shown!r} {len(match.group()) // max(len(unit), 1)}x)"
    return None


def source_echo(sample: Sample) -> str | None:
    if _same_language(sample):
        return None  # a Chinese variant may legitimately equal its source
    if _normalised(sample.draft) == _normalised(sample.source) and _WORDISH.search(sample.source):
        return "source echoed back"
    source_script = _primary_script(sample.source_locale)
    if source_script == "Latin" or source_script in _writes(sample.target_locale):
        return None  # Latin names are kept across scripts; a shared script proves nothing
    # Code spans and reference labels keep source text on purpose.
    kept = _script_run(source_script).findall(without_fixed_markup(sample.draft))
    if kept:
        return f"source-script text kept ({'、'.join(dict.fromkeys(kept[:3]))})"
    return None


def length_ratio(sample: Sample) -> str | None:
    band = length_band(sample.source_locale, sample.target_locale)
    source_length = len(sample.source.strip())
    if band is None or source_length < MIN_LENGTH_CHECKED or not sample.draft.strip():
        return None
    ratio = len(sample.draft.strip()) / source_length
    low, high = band
    if low <= ratio <= high:
        return None
    return f"length ratio {ratio:.2f} outside {low:.2f}-{high:.2f}"


@cache
def length_band(source_locale: str, target_locale: str) -> tuple[float, float] | None:
    """The accepted draft/source length ratio for a pair, or None when no factor is known for its scripts."""
    key = (_primary_script(source_locale), _primary_script(target_locale))
    factor = _EXPANSION.get(key, 1.0 if key[0] == key[1] else None)
    if factor is None:
        return None
    return factor / LENGTH_TOLERANCE, factor * LENGTH_TOLERANCE


def _normalised(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


_SPACES = re.compile(r"\s+")


DRAFT_CHECKS: dict[str, DraftCheck] = {check.id: check for check in (
    DraftCheck("empty", "the engine returned nothing for a non-empty source", empty),
    DraftCheck("repetition", "a decoding loop: the same word or phrase four times or more in a row", repetition),
    DraftCheck("source-echo", "the source handed back, or runs of the source's script left in the output",
               source_echo),
    DraftCheck("length-ratio", "draft length far outside the usual ratio for the language pair (truncated or "
               "runaway output)", length_ratio),
)}


def broken_reasons(sample: Sample) -> list[str]:
    """Every check's reason, in registry order; an empty list means the draft looks like a translation."""
    return [reason for check in DRAFT_CHECKS.values() if (reason := check.run(sample)) is not None]


def iter_checks() -> Iterator[DraftCheck]:
    return iter(DRAFT_CHECKS.values())

"""The checks of ``l10n check``, in the order ``l10n check --list`` shows them.

File checks (``validity``, ``stale``, ``completeness``) look at a whole template or catalog; the others look
at one translated entry and compare its msgstr with its msgid. Each family reads each text once: the glossary
with one Aho-Corasick pass per side, numbers with one reader per side, tokens with one regex pass. What is
read from a msgid is read once per run (``Resources.per_source``), as every locale shares the msgids; checks
marked ``per_language`` are run once per translation shared by two locales of one language.

Silencing: an entry skips a check named in a ``#, l10n-ignore-<id>`` flag or a ``# l10n-ignore: <id>, ...``
translator comment (see :func:`l10n.check.model.ignored_checks`).
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from l10n.errors import EngineError
from l10n.glossary import fold, locale_column
from l10n.lang import (CJK_PUNCTUATION, CJK_TEXT, HAN_IDEOGRAPHS, HAN_RANGES, SHARED_PUNCTUATION, is_cjk_language,
                       is_simplified_chinese, language_of, script_of)
from l10n.numbers import compare, read_source
from l10n.po import STATES, Entry, entry_state
from l10n.textscan import SEPARATOR, texts_matching

from . import validity
from .model import REGISTRY, Expected, FileUnit, Message, Problem, check, ignored_checks, unique

if TYPE_CHECKING:
    from l10n.glossary import Term, TermHit, Wanted

UPDATE_HINT = "run `l10n update`"


# --- file checks ---------------------------------------------------------------------------------------
#
# Each file check is written as a fold (entries one at a time, problems at the end: `l10n check` streams the
# catalogs), and its plain form runs the fold over a whole catalog.

def _over_catalog(fold_type: type) -> Callable[[FileUnit], Iterator[Problem]]:
    def run(unit: FileUnit) -> Iterator[Problem]:
        fold = fold_type(unit)
        if unit.catalog is not None:
            for entry in unit.catalog.entries:
                fold.add(entry)
        yield from fold.problems()
    return run


class _ValidityFold:
    def __init__(self, unit: FileUnit) -> None:
        self.unit = unit
        self.msgfmt = validity.MsgfmtEntries(unit.drafts)
        self.unknown: list[Problem] = []

    def add(self, entry: Entry) -> None:
        self.add_many([entry])

    def add_many(self, entries: Sequence[Entry]) -> None:
        active = [entry for entry in entries if not entry.obsolete]
        self.msgfmt.add_many(active)
        for entry in active:
            if entry.flags or entry.translator_comments:   # (ignored_checks is empty without either)
                unknown = sorted(ignored_checks(entry) - set(REGISTRY))
                if unknown:
                    self.unknown.append(Problem(f"l10n-ignore names unknown check(s) {', '.join(unknown)} "
                                                f"(known: {', '.join(REGISTRY)})", "warning", entry=entry))

    def problems(self) -> Iterator[Problem]:
        if self.unit.catalog is None or self.unit.is_template:
            return
        yield from validity.problems(self.unit, self.unit.drafts, self.msgfmt)
        yield from self.unknown


@check("validity", "error", "what `msgfmt -c` verifies; header Language matches the folder; Plural-Forms "
       "suits the locale", scope="file", fold=_ValidityFold)
def check_validity(unit: FileUnit) -> Iterator[Problem]:
    return _over_catalog(_ValidityFold)(unit)


class _StaleFold:
    """A catalog known by digest (the common case) is hashed as it comes; anything else is compared entry
    by entry with what the source leads to, reading the catalog whole again (a stale file)."""

    def __init__(self, unit: FileUnit) -> None:
        from l10n.stale import RowsDigest, RowsHash

        self.unit = unit
        expected = unit.expected
        self.counts = (expected.comment_counts if expected is not None and expected.entries is None
                       and not unit.is_template else None)
        self.quick = self.counts is not None and expected.quick_digest is not None
        self.digest = None if self.counts is None else RowsHash() if self.quick else RowsDigest()
        self.active = 0

    def add(self, entry: Entry) -> None:
        self.add_many([entry])

    def add_many(self, entries: Sequence[Entry]) -> None:
        if self.digest is None:
            return
        active = [entry for entry in entries if not entry.obsolete]
        start = self.active
        self.digest.add_entries(active, self.counts[start:start + len(active)])
        self.active += len(active)

    def problems(self) -> Iterator[Problem]:
        unit = self.unit
        what = "template" if unit.is_template else "catalog"
        if unit.expected is None:
            yield Problem(f"no source document {unit.document}.md for this {what}: delete it, or restore the "
                          "document", "warning", 0)
            return
        expected = unit.expected
        if unit.catalog is None:
            yield Problem(f"{what} missing for {expected.source_ref}: {UPDATE_HINT}", line=0)
            return
        catalog = unit.catalog
        if expected.entries is None and (unit.is_template or (self.active == len(self.counts) and (
                self.digest.digest() == (expected.quick_digest if self.quick else expected.digest)))):
            changes = []   # a template is known by digest only after it was found to have the digest
        else:
            whole = unit.whole_catalog()
            entries = whole.entries if unit.is_template else whole.active()
            changes = _differences(expected.entries_of(), entries, unit.is_template)
        if catalog.metadata.get("Project-Id-Version", expected.project_id) != expected.project_id:
            changes.append(f"Project-Id-Version is not the project-id {expected.project_id!r}")
        if changes:
            yield Problem(f"{what} out of date with {expected.source_ref} ({'; '.join(changes)}): "
                          f"{UPDATE_HINT}", line=0)


@check("stale", "error", "templates and catalogs are in step with source/ (else run `l10n update`)",
       scope="file", fold=_StaleFold)
def check_stale(unit: FileUnit) -> Iterator[Problem]:
    return _over_catalog(_StaleFold)(unit)


def _differences(expected, entries, is_template: bool) -> list[str]:
    """What differs between the entries ``l10n update`` would write and those in the file, in words."""
    if len(expected) == len(entries) and all(
            (e.msgctxt, e.msgid) == (want[0], want[1]) and tuple(e.references) == want[2]
            and (tuple(e.extracted_comments) == want[3] if is_template
                 else tuple(e.extracted_comments[:len(want[3])]) == want[3])
            for want, e in zip(expected, entries)):
        return []
    wanted_keys = {(want[0], want[1]) for want in expected}
    found_keys = {e.key for e in entries}
    new, removed = len(wanted_keys - found_keys), len(found_keys - wanted_keys)
    changes = []
    if new:
        changes.append(f"{new} new message{'s' if new != 1 else ''}")
    if removed:
        changes.append(f"{removed} removed message{'s' if removed != 1 else ''}")
    if not changes:
        changes.append("source lines, order or comments changed")
    return changes


class _CompletenessFold:
    def __init__(self, unit: FileUnit) -> None:
        self.unit = unit
        self.threshold = unit.thresholds.get(unit.locale)
        self.counts = dict.fromkeys(STATES, 0)

    def add(self, entry: Entry) -> None:
        self.add_many([entry])

    def add_many(self, entries: Sequence[Entry]) -> None:
        if self.threshold is None:
            return
        counts = self.counts
        for entry in entries:
            if not entry.obsolete:
                counts[entry_state(entry)] += 1

    def problems(self) -> Iterator[Problem]:
        unit, threshold, counts = self.unit, self.threshold, self.counts
        if threshold is None or unit.catalog is None or unit.is_template:
            return
        total = sum(counts.values())
        percent = 100.0 * counts["translated"] / total if total else 100.0
        detail = (f"{counts['untranslated']} untranslated, {counts['fuzzy']} fuzzy, {counts['draft']} unreviewed "
                  f"draft{'s' if counts['draft'] != 1 else ''}")
        if percent < threshold.min_translated:
            shown = math.floor(percent * 10) / 10   # never print 80.0% for 79.96% under an 80% threshold
            yield Problem(f"{shown:.1f}% translated, below the {threshold.min_translated:g}% required for "
                          f"{unit.locale} ({detail})", line=0)
        review = counts["fuzzy"] + counts["draft"]
        if threshold.max_fuzzy is not None and review > threshold.max_fuzzy:
            yield Problem(f"{review} fuzzy entries (drafts included), more than the {threshold.max_fuzzy} "
                          f"allowed for {unit.locale}", line=0)


@check("completeness", "error", "translated share and fuzzy count meet the locale's thresholds in the config",
       scope="file", fold=_CompletenessFold)
def check_completeness(unit: FileUnit) -> Iterator[Problem]:
    return _over_catalog(_CompletenessFold)(unit)


# --- glossary ------------------------------------------------------------------------------------------

@check("glossary", "error", "glossary terms in the source have an accepted rendering in the translation "
       "(required rows: error, preferred rows: warning); no forbidden variant; names unchanged",
       per_glossary_column=True)
def check_glossary(message: Message) -> list[Problem]:
    resources = message.resources
    source = message.source
    # Resources.source_terms and target_index, their caches asked here first: this runs for every message.
    hits = resources.terms_read.get(source)
    if hits is None:
        hits = resources.source_terms(source)
    if not hits:
        return []
    index = resources.indexes.get(message.locale, False)
    if index is False:
        index = resources.target_index(message.locale)
    if index is None:
        return []
    wants = index.wants.get
    if len(hits) == 1:   # (most msgids with a term: nothing to make unique)
        row = hits[0].term.row
        want = wants(row, False)
        if want is False:
            want = index.wanted(row)
        if want is None:
            return []
        wanted = [want]
    else:
        wanted = []
        for row in resources.per_source("glossary", source, lambda _: _rows_of(hits)):
            want = wants(row, False)
            if want is False:
                want = index.wanted(row)
            if want is not None:
                wanted.append(want)
        if not wanted:
            return []
    missing = _missing_by_probes(message, wanted)
    if missing is not None:
        return [_missing_rendering(term, message.locale, message.translation) for term in missing]
    return _every_match_problems(message, wanted)


def _rows_of(hits: list[TermHit]) -> tuple[int, ...]:
    """The glossary rows of a source's terms, each once, in order of first hit (read once per msgid)."""
    return tuple(dict.fromkeys([hit.term.row for hit in hits]))


def _every_match_problems(message: Message, wanted: list[Wanted]) -> list[Problem]:
    """The glossary check by every match of the glossary in the translation (a forbidden variant counts
    only where no allowed rendering covers it)."""
    allowed_spans: list[tuple[int, int]] = []
    rendered: set[str] = set()          # folded renderings present (inside longer ones too)
    forbidden: list[tuple[int, int, str]] = []
    for start, end, payloads in message.target_terms:
        for _, is_forbidden, key in payloads:
            if is_forbidden:
                forbidden.append((start, end, key))
            else:
                allowed_spans.append((start, end))
                rendered.add(key)
    # A forbidden variant inside an allowed rendering ("Kling" inside "Kling AI") is no finding.
    bad_by_rendering: dict[str, list[str]] = {}
    text = message.translation
    for start, end, key in forbidden:
        if not any(s <= start and end <= e for s, e in allowed_spans):
            bad_by_rendering.setdefault(key, []).append(text[start:end])
    problems = []
    for term, rendering, key, _ in wanted:
        bad = unique(bad_by_rendering.get(key, ()))
        if key not in rendered:
            if bad:
                problems.append(Problem(f'{term.source}: expected "{rendering}", found "{bad[0]}"'))
            else:
                problems.append(_missing_rendering(term, message.locale, text))
        elif bad:
            problems.append(Problem(f'{term.source}: forbidden variant "{bad[0]}" (the glossary says "{rendering}")'))
    return problems


def _missing_by_probes(message: Message, wanted: list[Wanted]) -> list[Term] | None:
    """The wanted terms whose rendering the translation lacks, by each rendering's probe (a few ``str.find``
    instead of a pass of the whole automaton); None when a forbidden variant may be there, which needs every
    match of the glossary (is it inside some allowed rendering?). Most translations have none."""
    text = message.translation
    folded = message.folded_translation
    missing = []
    for term, _, _, probe in wanted:
        anywhere = probe.anywhere
        if anywhere is not None:   # RenderingProbe.holds, inlined for its commonest case
            if anywhere not in folded:
                missing.append(term)
            continue
        if probe.simple is not None and not probe.danger:   # RenderingProbe.holds for its next commonest
            if not probe.simply_found(text, folded):
                missing.append(term)
            continue
        holds = probe.holds(text, folded)
        if holds is None:
            return None
        if not holds:
            missing.append(term)
    return missing


def _missing_rendering(term: Term, locale: str, text: str) -> Problem:
    """No accepted rendering: a name must appear unchanged; a required row is an error, a preferred row a
    warning (a translator may have good reason for other words)."""
    renderings = term.accepted_in(locale_column(locale))
    if term.verbatim:
        found = _found_ignoring_case(text, renderings[0])
        tail = f', found "{found}"' if found else ", not found"
        return Problem(f'{term.source}: {"name" if term.type == "name" else "kept term"} must appear unchanged '
                       f'as "{renderings[0]}"{tail}')
    expected = " or ".join(f'"{rendering}"' for rendering in renderings)
    if term.required:
        return Problem(f"{term.source}: expected {expected}, not found")
    return Problem(f"{term.source}: preferred {expected} not found", "warning")


def _found_ignoring_case(text: str, wanted: str) -> str | None:
    at = fold(text).find(fold(wanted))
    return text[at:at + len(wanted)] if at >= 0 else None


# --- numbers -------------------------------------------------------------------------------------------

_NUMBER_LANGUAGES = ("en", "zh")   # l10n.numbers reads Chinese and English only


def _reads_numbers(locale: str) -> bool:
    return language_of(locale) in _NUMBER_LANGUAGES


@check("numbers", "error", "numbers keep their values, understanding Chinese units (241 億 = 24.1 billion)",
       per_language=True, applies_to=_reads_numbers)
def check_numbers(message: Message) -> list[Problem]:
    # A list, not a generator, and the language asked once: called for every entry of a run, where most
    # find nothing, the generator's frame and a second language_of cost ~0.5 us a message.
    language = language_of(message.locale)
    if language not in _NUMBER_LANGUAGES:
        return []
    source = message.source
    findings = compare(source, message.translation, language,
                       message.resources.per_source("numbers", source, read_source))
    return [Problem(finding.message, finding.severity) for finding in findings] if findings else []


# --- carried tokens ------------------------------------------------------------------------------------

_TOKEN = re.compile(
    # Every token starts with one of these: a pattern that starts with a character set, not a lookahead, is
    # one the scanner skips other text for at C speed (a third of the scan). Each kind then goes on from its
    # first character, which the lookbehind names.
    r"[@A-Za-z0-9]"
    r"(?:(?<=h)(?P<url>ttps?://[^\s<>()（）「」『』《》\"“”']+)"                    # https?://[^...]+
    r"|(?<=@)(?P<handle>@*[A-Za-z0-9_]+(?:[./][A-Za-z0-9_]+)*)"                    # @+[A-Za-z0-9_]+...
    r"|(?<=[A-Za-z0-9])(?P<word>[A-Za-z0-9]*(?:[-_./'+][A-Za-z0-9]+)*\+?))")     # [A-Za-z0-9]+...
_HAS_LETTER = re.compile(r"[A-Za-z]")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_PLURAL_ENDING = re.compile(r"(?:'?s|es)(?![A-Za-z0-9_])")


def _sources_with_letters(messages: Sequence[Message]) -> list[int]:
    """The messages whose source holds a Latin letter: no other has a token to carry (:func:`_wanted_tokens`)."""
    return texts_matching(_HAS_LETTER, [message.source for message in messages])


@check("tokens", "error", "Latin product names (o3-mini-high, SU7), @handles and URLs in the source appear "
       "in the translation", per_language=True, prefilter=_sources_with_letters)
def check_tokens(message: Message) -> Iterator[Problem]:
    resources = message.resources
    wanted = resources.per_source("tokens", message.source, lambda text: _wanted_tokens(text, resources))
    if not wanted:
        return
    text = message.translation
    folded = message.folded_translation
    for kind, token, folded_token in wanted:
        if kind == "url":
            present = token in text
        else:
            present = _contains_word(folded, folded_token, plural=kind == "word")
        if not present:
            label = "URL " if kind == "url" else ""
            yield Problem(f"{label}{token}: not found in translation")


def _wanted_tokens(source: str, resources) -> list[tuple[str, str, str]]:
    """``(kind, token, folded token)`` a translation of ``source`` must carry (read once per msgid)."""
    if not _HAS_LETTER.search(source):
        return []
    # In a Latin-script source (English) every word is Latin: only URLs and handles must carry over.
    latin_source = resources.config is not None and script_of(resources.config.source_locale) == "Latn"
    return [(kind, token, fold(token)) for kind, token in _source_tokens(source, resources.source_terms(source))
            if not (latin_source and kind == "word")]


def _source_tokens(source: str, terms: list[TermHit]) -> list[tuple[str, str]]:
    """``(kind, token)`` for the URLs, handles and Latin words a translation must carry, without repeats."""
    covered = [(hit.start, hit.end) for hit in terms]   # the glossary check owns those
    wanted: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(source):
        kind, token = match.lastgroup, match.group()
        if kind == "word":
            if len(token) < 2 or not _HAS_LETTER.search(token):
                continue   # numbers are the numbers check's; single letters (B 端) are words, not names
            first, last = match.span()
            # "可靈 AI1.6": the glossary's 可靈 AI decides how "AI" is written, so the word is its.
            if _overlaps(first, last, covered):
                continue
        else:
            first, last = match.start() + len(token) - len(token.lstrip("@")), match.end()
            if any(start <= first and last <= end for start, end in covered):
                continue   # a URL or handle only when the glossary lists it whole (not the "x" in ".../x")
            if kind == "url":
                token = token.rstrip(".,;:!?")
            else:
                token = "@" + token.lstrip("@")   # "@@rohanpaul_ai" is a typo for the handle
        wanted.append((kind, token))
    return unique(wanted)


def _overlaps(first: int, last: int, spans: list[tuple[int, int]]) -> bool:
    for start, end in spans:   # (a loop: a generator for any() costs more than the few spans it tests)
        if start < last and first < end:
            return True
    return False


def _contains_word(haystack: str, needle: str, *, plural: bool) -> bool:
    """``needle`` in ``haystack`` (both folded) not inside a longer Latin word; "apps" holds "app"."""
    size = len(needle)
    at = haystack.find(needle)
    while at >= 0:
        end = at + size
        before_ok = at == 0 or needle[0] not in _ALNUM or haystack[at - 1] not in _ALNUM
        after = haystack[end:end + 3]
        after_ok = (not after or needle[-1] not in _ALNUM or after[0] not in _ALNUM
                    or (plural and _PLURAL_ENDING.match(after) is not None))
        if before_ok and after_ok:
            return True
        at = haystack.find(needle, at + 1)
    return False


# --- locale conventions ----------------------------------------------------------------------------------

@functools.cache
def _cjk_run() -> re.Pattern[str]:
    """A run of CJK text (compiled on first need: its many ranges take a few ms, which a run whose
    translations hold no CJK never needs to spend)."""
    return re.compile(f"[{CJK_TEXT}]+")


def _not_cjk(locale: str) -> bool:
    return not is_cjk_language(locale)


# The lowest character of _cjk_run's class (its lowest range's start; "-" only joins ranges): a text whose every
# character is below it holds no CJK, which one range (_MAY_BE_CJK) tells faster than _cjk_run's many ranges.
# Written as the characters not below it: the same set, which compiles in a quarter of the time.
_CJK_LOWEST = min(char for char in CJK_TEXT if char != "-")
_MAY_BE_CJK = re.compile(f"[^\\x00-{re.escape(chr(ord(_CJK_LOWEST) - 1))}]")


def _holding_cjk(messages: Sequence[Message]) -> list[int]:
    if not messages or not _not_cjk(messages[0].locale):
        return []
    return texts_matching(_MAY_BE_CJK, [message.translation for message in messages])


@check("leftover-cjk", "error", "no Chinese (CJK) characters left in a translation into a non-CJK language",
       per_language=True, applies_to=_not_cjk, prefilter=_holding_cjk)
def check_leftover_cjk(message: Message) -> Iterator[Problem]:
    if not _not_cjk(message.locale):
        return
    text = message.translation
    if text.isascii() or not _MAY_BE_CJK.search(text):
        return   # (one range scans fast; _cjk_run's many ranges cost a walk per character)
    runs = unique(_cjk_run().findall(text))
    if runs:
        # Code spans, reference labels, URLs and macros are copied from the source as written, CJK and all.
        from l10n.markup import DEFAULT_MACRO_PATTERNS, without_fixed_markup

        config = message.resources.config
        patterns = config.protected_patterns if config is not None else DEFAULT_MACRO_PATTERNS
        runs = unique(_cjk_run().findall(without_fixed_markup(message.translation, patterns)))
    if runs:
        shown = ", ".join(f'"{run}"' for run in runs[:3]) + (", ..." if len(runs) > 3 else "")
        yield Problem(f"CJK characters left in the translation: {shown}")


@functools.cache
def _cjk_context() -> re.Pattern[str]:
    """A character a half-width mark between two of is between Chinese characters (compiled on first need)."""
    return re.compile(f"[{HAN_IDEOGRAPHS}{CJK_PUNCTUATION}{SHARED_PUNCTUATION}]")
_HALF_WIDTH = re.compile(r"[,?:;]")
_FULL_WIDTH = {",": "，", "?": "？", ":": "：", ";": "；"}
_GAP = " \t\u00a0"


def _holding_halfwidth(messages: Sequence[Message]) -> list[int]:
    if not messages or not is_simplified_chinese(messages[0].locale):
        return []
    return texts_matching(_HALF_WIDTH, [message.translation for message in messages])


@check("halfwidth-punctuation", "error", "zh-Hans: no half-width , ? : ; between Chinese characters",
       applies_to=is_simplified_chinese, prefilter=_holding_halfwidth)
def check_halfwidth_punctuation(message: Message) -> Iterator[Problem]:
    if not is_simplified_chinese(message.locale):
        return
    text = message.translation
    marks: list[str] = []
    first = ""
    cjk_context = _cjk_context().match
    for match in _HALF_WIDTH.finditer(text):
        before, after = match.start() - 1, match.end()
        while before >= 0 and text[before] in _GAP:
            before -= 1
        while after < len(text) and text[after] in _GAP:
            after += 1
        if before >= 0 and after < len(text) and cjk_context(text[before]) and cjk_context(text[after]):
            marks.append(match.group())
            first = first or text[max(before - 3, 0):after + 4]
    if marks:
        listed = ", ".join(f'"{mark}" (use "{_FULL_WIDTH[mark]}")' for mark in unique(marks))
        yield Problem(f'half-width punctuation between Chinese characters: {listed}, first in "{first}"')


@functools.cache
def _t2s():
    try:
        import opencc
    except ImportError as error:
        raise EngineError("OpenCC is not installed", hint="pip install opencc") from error
    return opencc.OpenCC("t2s")


@functools.cache
def traditional_characters() -> frozenset[str]:
    """Characters OpenCC t2s changes on their own: a text with none of them needs no conversion."""
    return _traditional_in_bmp() | _traditional_beyond_bmp()


@functools.cache
def _traditional_in_bmp() -> frozenset[str]:
    """:func:`traditional_characters` of the BMP: all a text without characters beyond it can hold (the
    planes beyond hold four fifths of the Han code points, so their conversion waits for such a text)."""
    return _changed_alone([(first, min(last, 0xFFFF)) for first, last in HAN_RANGES if first <= 0xFFFF])


@functools.cache
def _traditional_beyond_bmp() -> frozenset[str]:
    return _changed_alone([(max(first, 0x10000), last) for first, last in HAN_RANGES if last > 0xFFFF])


def _changed_alone(ranges: list[tuple[int, int]]) -> frozenset[str]:
    """The characters of ``ranges`` that t2s changes on their own."""
    chars = [chr(code) for first, last in ranges for code in range(first, last + 1)]
    # One call over newline-separated characters: no dictionary phrase spans a newline.
    converted = _t2s().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        converted = [_t2s().convert(char) for char in chars]
    return frozenset(char for char, simple in zip(chars, converted) if char != simple)


@functools.cache
def _traditional_search() -> re.Pattern[str]:
    """A character of :func:`traditional_characters` in the BMP, or any beyond it: one charset scan, where a
    set lookup per character costs 4x more (a class with ranges beyond the BMP would walk them instead)."""
    bmp = "".join(sorted(_traditional_in_bmp()))
    return re.compile(f"[{re.escape(bmp)}\U00010000-\U0010ffff]")


def _holding_traditional(messages: Sequence[Message]) -> list[int]:
    if not messages or not is_simplified_chinese(messages[0].locale):
        return []
    return texts_matching(_traditional_search(), [message.translation for message in messages])


@check("traditional", "error", "zh-Hans: no Traditional-only characters left (OpenCC t2s would change them)",
       applies_to=is_simplified_chinese, prefilter=_holding_traditional)
def check_traditional(message: Message) -> Iterator[Problem]:
    if not is_simplified_chinese(message.locale):
        return
    text = message.translation
    found = _traditional_search().search(text)
    if found is None:
        return
    traditional = _traditional_in_bmp() if max(text) <= "\uffff" else traditional_characters()
    if found.group() > "\uffff" and traditional.isdisjoint(text):
        return   # (the search takes every character beyond the BMP)
    simplified = _t2s().convert(text)
    if simplified == text:
        return   # phrase context keeps them (乾隆 is not 干隆)
    allowed = _rendering_spans(message)
    if len(simplified) == len(text):
        # Only characters t2s changes on their own: 瞭 in 瞭解 becomes 了 by phrase, yet 瞭 is Simplified too.
        changed = unique(f"{old} ({new})" for at, (old, new) in enumerate(zip(text, simplified))
                         if old != new and old in traditional and not any(s <= at < e for s, e in allowed))
    else:
        changed = [f'"{text[:40]}" (t2s: "{simplified[:40]}")']
    if changed:
        yield Problem(f"Traditional characters left in Simplified text: {', '.join(changed[:8])}"
                      + (", ..." if len(changed) > 8 else ""))


def _rendering_spans(message: Message) -> list[tuple[int, int]]:
    """Where the translation holds a glossary rendering: the glossary decides those characters."""
    return [(start, end) for start, end, payloads in message.target_terms
            if any(not is_forbidden for _, is_forbidden, _ in payloads)]


_OPENERS = {"(": ")", "（": "）", "[": "]", "【": "】", "{": "}", "「": "」", "『": "』", "“": "”", "《": "》",
            "〈": "〉", "〔": "〕"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
_BRACKETS = "".join(_OPENERS) + "".join(_CLOSERS) + '"'
_BRACKET = re.compile(f"[{re.escape(_BRACKETS)}]")
_BRACKET_OR_SEPARATOR = re.compile(f"[{re.escape(_BRACKETS + SEPARATOR)}]")


def bracket_problems(text: str) -> list[str]:
    """Unbalanced pairs in ``text``, e.g. ['"（" is not closed']; straight double quotes must pair up.

    ‘’ are left out: in English ’ is the apostrophe far more often than a closing quote.
    """
    return _bracket_problems(_BRACKET.findall(text))


def _bracket_problems(chars: Sequence[str]) -> list[str]:
    if len(chars) == 2 and _OPENERS.get(chars[0]) == chars[1]:
        return []   # one pair, as most texts holding brackets have: what the walk would say
    return _bracket_walk(chars)


def _bracket_walk(chars: Sequence[str]) -> list[str]:
    depth: dict[str, int] = {}
    problems: list[str] = []
    straight = 0
    for char in chars:
        if char == '"':
            straight += 1
        elif char in _OPENERS:
            depth[char] = depth.get(char, 0) + 1
        else:
            opener = _CLOSERS[char]
            if depth.get(opener, 0) == 0:
                problems.append(f'"{char}" closes nothing')
            else:
                depth[opener] -= 1
    problems += [f'"{opener}" is not closed' for opener, count in depth.items() if count > 0]
    if straight % 2:
        problems.append('odd number of straight quotes (")')
    return unique(problems)


def _unbalanced(messages: Sequence[Message]) -> list[int]:
    """The messages whose translation's quotes and brackets do not balance (:func:`_bracket_problems`), by one
    scan of the batch's translations joined: each one's brackets are what lies between two separators."""
    texts = [message.translation for message in messages]
    brackets = "".join(_BRACKET_OR_SEPARATOR.findall(SEPARATOR.join(texts))).split(SEPARATOR)
    if len(brackets) != len(texts):   # (a text holding the separator, which no PO string does)
        return list(range(len(texts)))
    unbalanced = _unbalanced_brackets
    return [index for index, chars in enumerate(brackets) if chars and unbalanced(chars)]


@functools.lru_cache(maxsize=4096)
def _unbalanced_brackets(chars: str) -> bool:
    """Whether ``chars`` (a text's quotes and brackets) have problems: texts mostly hold the same few
    sequences, "()" or "“”（）", which a cache answers at C speed."""
    return bool(_bracket_problems(chars))


@check("brackets", "error", "quotes and brackets are balanced in the translation when they are in the source",
       per_language=True, prefilter=_unbalanced)
def check_brackets(message: Message) -> Iterator[Problem]:
    chars = _BRACKET.findall(message.translation)
    if not chars:
        return
    problems = _bracket_problems(chars)
    if problems and not bracket_problems(message.source):
        yield Problem(f"unbalanced quotes or brackets: {'; '.join(problems)}")


def _spaced_at_an_edge(messages: Sequence[Message]) -> list[int]:
    return [index for index, message in enumerate(messages)
            if _edges_hold_space(message.source, message.translation)]


def _edges_hold_space(source: str, text: str) -> bool:
    """Whether a translation and its source may differ in edge whitespace: some edge of either holds some
    (str.strip strips exactly what isspace() accepts)."""
    return bool(text) and (source[:1].isspace() or source[-1:].isspace() or text[0].isspace()
                           or text[-1].isspace())


@check("whitespace", "warning", "leading and trailing whitespace as in the source", per_language=True,
       prefilter=_spaced_at_an_edge)
def check_whitespace(message: Message) -> Iterator[Problem]:
    source, text = message.source, message.translation
    if not _edges_hold_space(source, text):
        return
    for side, source_edge, text_edge in (
            ("starts", source[:len(source) - len(source.lstrip())], text[:len(text) - len(text.lstrip())]),
            ("ends", source[len(source.rstrip()):], text[len(text.rstrip()):])):
        if source_edge != text_edge:
            yield Problem(f"translation {side} with {_describe_space(text_edge)}, the source with "
                          f"{_describe_space(source_edge)}")


def _describe_space(space: str) -> str:
    return repr(space) if space else "no whitespace"

"""The project glossary: ``glossary.csv``, one row per concept, searched with one Aho-Corasick pass per text.

Columns (UTF-8, header on row 1, so a spreadsheet shows the same row numbers as our messages)::

    zh_Hant,zh_Hans,en,type,forbidden_zh_Hans,forbidden_en,case_sensitive,note

A UTF-8 BOM (what a spreadsheet's "CSV UTF-8" export writes) is accepted, and so are quoted cells over
several lines; messages give the line where the row starts. ``zh_Hant`` is the source term; every other
locale has a rendering column named after it (``zh_Hans``, ``en``)
and optionally a ``forbidden_<locale>`` column of variants that must not appear, separated by ``;``
(``Keling; Ke Ling``). ``case_sensitive`` is ``yes``/``no`` (empty means yes). ``note`` says why a rendering
was chosen and where an official name comes from; the first sentence of a ``term`` note is shown to
translators by :meth:`Glossary.hint`.

Types:

``term``
    a common noun, jargon or slang translated as given (大模型, 短劇, 老鐵).
``name``
    a Latin-script name kept unchanged in every locale (Sora, Veo 2, o3-mini-high, @brain_racked): each
    rendering must equal the source; an empty rendering cell means "same as the source".
``person``
    a person named in Chinese script (盧偉冰 -> Lu Weibing).
``company``
    a company, broadcaster or platform named in Chinese script (快手 -> Kuaishou, 央視 -> CCTV).
``product``
    a product, model or app named in Chinese script (可靈 -> Kling), or a Latin spelling variant that is
    normalised (Veo-2 -> Veo 2), which therefore cannot be a ``name``.
``work``
    the title of a show, film or series, written without its 《》 (星球大戰 -> Star Wars).

Matching rules, the same for every lookup:

* Leftmost-longest, non-overlapping: 可靈 AI wins over 可靈 at the same place.
* The source side ignores ASCII case, because authors write kling/Kling and Minimax/MiniMax and the
  glossary's spelling is the norm; the target side honours ``case_sensitive``.
* Latin edges: a term never matches inside a longer Latin word (``AI`` is not in ``rohanpaul_ai``, ``SU7`` is
  not in ``SU70``); a letter/digit change is an edge, so 可靈 AI is found in 可靈 AI1.6.
* On the target side a term may carry an English inflection (``video`` matches ``videos``, ``empower``
  matches ``empowered``), so common nouns need not be listed twice.
* On the target side a forbidden variant is reported only where no longer or equal allowed rendering covers
  it, so a variant that is part of a correct rendering never fires.

:func:`load_glossary` raises :class:`~l10n.errors.GlossaryError` at the first structural problem (encoding,
columns, empty cells, unknown type, duplicate); :func:`validate_glossary` lists those and the consistency
problems too (names that change, forbidden variants that are renderings, overlapping terms whose renderings
disagree), each with its CSV row.
"""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import ahocorasick

from l10n.errors import GlossaryError

if TYPE_CHECKING:
    from l10n.config import Config

SOURCE_COLUMN = "zh_Hant"
TERM_TYPES: Mapping[str, str] = MappingProxyType({
    "term": "common noun, jargon or slang translated as given",
    "name": "Latin-script name kept unchanged in every locale",
    "person": "person named in Chinese script",
    "company": "company, broadcaster or platform named in Chinese script",
    "product": "product, model or app named in Chinese script, or a normalised Latin spelling variant",
    "work": "title of a show, film or series (without 《》)",
})
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


@dataclass(frozen=True)
class Term:
    row: int
    source: str
    renderings: Mapping[str, str]
    type: str
    forbidden: Mapping[str, tuple[str, ...]]
    case_sensitive: bool
    note: str

    def __hash__(self) -> int:  # the mappings are not hashable; row and source identify a term
        return hash((self.row, self.source))


@dataclass(frozen=True)
class TermHit:
    term: Term
    start: int
    end: int


@dataclass(frozen=True)
class GlossaryProblem:
    """One problem in glossary.csv; ``row`` 0 means the whole file."""

    row: int
    message: str


def locale_column(locale: str) -> str:
    """``zh-Hans`` and ``zh_Hans`` both name the CSV column ``zh_Hans``."""
    return locale.replace("-", "_")


# --- matching ---------------------------------------------------------------------------------------------

_INFLECTION = re.compile(r"(?:s|es|ed|d|ing)(?![A-Za-z0-9_])")
_LETTER, _DIGIT = 1, 2


def fold(text: str) -> str:
    """ASCII-only lower case: length-preserving, so offsets in the folded text are offsets in ``text``."""
    if text.isascii():
        return text.lower()
    # bytes.lower() changes only ASCII letters, and UTF-8 keeps every other character's bytes >= 0x80.
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


_CLASS = {**{char: _LETTER for char in "_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"},
          **{char: _DIGIT for char in "0123456789"}}


def _word_class(char: str) -> int:
    """1 for an ASCII letter or underscore, 2 for an ASCII digit, 0 otherwise (where a Latin word ends)."""
    return _CLASS.get(char, 0)


def _utf16_units(text: str) -> str:
    """Each UTF-16 code unit as two latin-1 characters (its bytes)."""
    return text.encode("utf-16-be").decode("latin-1")


def _utf32_units(text: str) -> str:
    return text.encode("utf-32-be").decode("latin-1")


class Matcher:
    """Aho-Corasick over folded needles with Latin-edge rules; reused by the zh-Hans converter.

    Each needle is ``(text, exact, payload)``: an exact needle must also match the text's case.

    The automaton runs over the text's UTF-16 bytes, not its characters: pyahocorasick scans a trie node's
    children linearly, and with CJK keys the root has thousands of children (~1 us per character searched);
    over bytes no node has more than 256 (measured on the article with 5,000 terms: 15x faster). A match
    ending inside a character is misaligned and dropped. Text with characters beyond the BMP (emoji), where
    UTF-16 offsets are not string offsets, goes through a UTF-32 twin built on first need.
    """

    def __init__(self, needles: Iterable[tuple[str, bool, object]], *, inflections: bool = False) -> None:
        grouped: dict[str, list[tuple[str, bool, object]]] = {}
        for needle, exact, payload in needles:
            if needle:
                grouped.setdefault(fold(needle), []).append((needle, exact, payload))
        self._inflections = inflections
        self._values = {key: self._value(key, entries) for key, entries in grouped.items()}
        self._utf16 = self._build(_utf16_units)
        self._utf32: ahocorasick.Automaton | None = None

    @staticmethod
    def _value(key: str, entries: list[tuple[str, bool, object]]) -> tuple:
        # Precomputed per key so the hot loop skips edge checks for CJK keys and case checks when no
        # needle of the key is exact.
        payloads = None if any(exact for _, exact, _ in entries) else tuple(p for _, _, p in entries)
        if payloads is None and len(entries) == 1:
            entries = [(entries[0][0], (entries[0][2],))]   # one exact needle: its case decides alone
        return len(key), _word_class(key[0]), _word_class(key[-1]), tuple(entries), payloads

    def _build(self, encode: Callable[[str], str]) -> ahocorasick.Automaton | None:
        if not self._values:
            return None
        automaton = ahocorasick.Automaton()
        for key, value in self._values.items():
            automaton.add_word(encode(key), value)
        automaton.make_automaton()
        return automaton

    def all_matches(self, text: str) -> Iterator[tuple[int, int, tuple[object, ...]]]:
        """Every match, overlapping ones included, as ``(start, end, payloads)`` in order of ``end``."""
        return iter(self.find_all(text))

    def find_all(self, text: str) -> list[tuple[int, int, tuple[object, ...]]]:
        """:meth:`all_matches` as a list (no generator to resume per match: this runs once per text)."""
        found: list[tuple[int, int, tuple[object, ...]]] = []
        if self._utf16 is None or not text:
            return found
        folded = fold(text)
        data = folded.encode("utf-16-be")
        if len(data) != 2 * len(folded):   # surrogate pairs: characters beyond the BMP
            if self._utf32 is None:
                self._utf32 = self._build(_utf32_units)
            automaton, units, shift = self._utf32, _utf32_units(folded), 2
        else:
            automaton, units, shift = self._utf16, data.decode("latin-1"), 1
        mask = (1 << shift) - 1
        inflections = self._inflections
        size = len(text)
        word_class = _CLASS.get
        for last, (length, first_class, last_class, entries, payloads) in automaton.iter(units):
            if (last + 1) & mask:
                continue
            end = (last + 1) >> shift
            start = end - length
            # Latin edges, inlined: this loop runs once per candidate over hundreds of thousands of texts.
            if first_class and start and word_class(text[start - 1], 0) == first_class:
                continue
            if last_class and end < size and word_class(text[end], 0) == last_class and not (
                    inflections and last_class == _LETTER and _INFLECTION.match(text, end)):
                continue
            if payloads is None:
                if len(entries) == 1:
                    needle, payloads = entries[0]
                    if not text.startswith(needle, start):
                        continue
                else:
                    payloads = tuple(payload for needle, exact, payload in entries
                                     if not exact or text.startswith(needle, start))
                    if not payloads:
                        continue
            found.append((start, end, payloads))
        return found

    def find_key(self, text: str, folded: str, key: str) -> list[tuple[int, int, tuple[object, ...]]]:
        """The matches of one needle key (a folded needle) in ``text`` (``folded`` is ``fold(text)``): those
        of :meth:`find_all` whose span folds to ``key``, found with ``str.find`` (for a caller that needs a
        few keys, not the whole automaton)."""
        found: list[tuple[int, int, tuple[object, ...]]] = []
        value = self._values.get(key)
        if value is None:
            return found
        length, first_class, last_class, entries, payloads = value
        inflections = self._inflections
        size = len(text)
        word_class = _CLASS.get
        start = folded.find(key)
        while start >= 0:
            end = start + length
            at, start = start, folded.find(key, start + 1)
            # The same edge and case rules as find_all, in the same order.
            if first_class and at and word_class(text[at - 1], 0) == first_class:
                continue
            if last_class and end < size and word_class(text[end], 0) == last_class and not (
                    inflections and last_class == _LETTER and _INFLECTION.match(text, end)):
                continue
            chosen = payloads
            if chosen is None:
                if len(entries) == 1:
                    needle, chosen = entries[0]
                    if not text.startswith(needle, at):
                        continue
                else:
                    chosen = tuple(payload for needle, exact, payload in entries
                                   if not exact or text.startswith(needle, at))
                    if not chosen:
                        continue
            found.append((at, end, chosen))
        return found

    def matches(self, text: str) -> list[tuple[int, int, tuple[object, ...]]]:
        """Leftmost-longest non-overlapping matches."""
        found = self.find_all(text)
        if len(found) < 2:
            return found
        found.sort(key=lambda match: (match[0], -match[1]))
        chosen = []
        edge = 0
        for match in found:
            if match[0] >= edge:
                chosen.append(match)
                edge = match[1]
        return chosen


# --- the glossary -----------------------------------------------------------------------------------------

class Glossary:
    """Terms plus lazily built automata: one for the source, one per target locale."""

    def __init__(self, terms: Iterable[Term], locales: Sequence[str]) -> None:
        self.terms: tuple[Term, ...] = tuple(terms)
        self.locales: tuple[str, ...] = tuple(locale_column(locale) for locale in locales)
        self._source: Matcher | None = None
        self._targets: dict[str, Matcher] = {}

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:
        return f"Glossary({len(self.terms)} terms, locales={self.locales})"

    def find(self, text: str) -> list[TermHit]:
        """Source-side hits (zh-Hant text), leftmost-longest and non-overlapping."""
        if self._source is None:
            self._source = Matcher((term.source, False, term) for term in self.terms)
        return [TermHit(term, start, end)
                for start, end, terms in self._source.matches(text) for term in terms]

    def find_rendering(self, text: str, locale: str) -> list[TermHit]:
        """Target-side hits of renderings; terms sharing one rendering each get a hit on that span."""
        return self._scan(text, locale, forbidden=False)

    def find_forbidden(self, text: str, locale: str) -> list[TermHit]:
        """Forbidden variants present in a target text (where no allowed rendering covers them)."""
        return self._scan(text, locale, forbidden=True)

    def hint(self, text: str, locale: str) -> str | None:
        """A one-line reminder for translators of the terms in ``text``, e.g. for a PO ``#.`` comment."""
        column = locale_column(locale)
        parts: list[str] = []
        seen: set[int] = set()
        for hit in self.find(text):
            term = hit.term
            rendering = term.renderings.get(column)
            if term.row in seen or not rendering or rendering == term.source:
                continue
            seen.add(term.row)
            part = f"{term.source} = {rendering}"
            if term.type == "term" and term.note:
                part += f" ({_first_sentence(term.note)})"
            parts.append(part)
        return "glossary: " + "; ".join(parts) if parts else None

    def _target_matcher(self, locale: str) -> Matcher:
        column = locale_column(locale)
        matcher = self._targets.get(column)
        if matcher is None:
            if column not in self.locales:
                raise KeyError(f"glossary has no {column} column (locales: {', '.join(self.locales)})")
            matcher = Matcher(self._target_needles(column), inflections=True)
            self._targets[column] = matcher
        return matcher

    def _target_needles(self, column: str) -> Iterator[tuple[str, bool, object]]:
        for term in self.terms:
            yield term.renderings.get(column, ""), term.case_sensitive, (term, False)
            for variant in term.forbidden.get(column, ()):
                yield variant, term.case_sensitive, (term, True)

    def _scan(self, text: str, locale: str, *, forbidden: bool) -> list[TermHit]:
        hits = []
        for start, end, payloads in self._target_matcher(locale).matches(text):
            allowed = [term for term, is_forbidden in payloads if not is_forbidden]
            if forbidden:
                if allowed:
                    continue
                chosen = [term for term, _ in payloads]
            else:
                chosen = allowed
            seen: set[int] = set()
            for term in chosen:
                if term.row not in seen:
                    seen.add(term.row)
                    hits.append(TermHit(term, start, end))
        return hits


_SENTENCE_END = re.compile(r"(?<!\blit)(?<!e\.g)(?<!i\.e)(?<!\bvs)[.;](?=\s)")


def _first_sentence(note: str) -> str:
    match = _SENTENCE_END.search(note)
    return note[:match.start()] if match else note.rstrip(".")


# --- loading and validation -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Problem:
    row: int
    message: str
    fatal: bool
    hint: str | None = None


def load_glossary(path: Path, locales: Sequence[str]) -> Glossary:
    """Read glossary.csv for the given target locales; raise GlossaryError at the first structural problem."""
    terms, problems = _parse(Path(path), locales)
    for problem in problems:
        if problem.fatal:
            raise GlossaryError(problem.message, path=path, line=problem.row or None, hint=problem.hint)
    return Glossary(terms, locales)


def project_glossary(config: Config) -> Glossary | None:
    """The project's glossary for its target locales, or None when the project has no glossary file."""
    if not config.glossary.exists():
        return None
    return load_glossary(config.glossary, list(config.target_locales))


def validate_glossary(path: Path, locales: Sequence[str]) -> list[GlossaryProblem]:
    """Every problem in glossary.csv, in row order; an empty list means the file is clean."""
    terms, problems = _parse(Path(path), locales)
    problems += _consistency_problems(terms, [locale_column(locale) for locale in locales])
    found = [GlossaryProblem(problem.row, problem.message) for problem in problems]
    return sorted(found, key=lambda problem: problem.row)


def _parse(path: Path, locales: Sequence[str]) -> tuple[list[Term], list[_Problem]]:
    columns = [locale_column(locale) for locale in locales if locale_column(locale) != SOURCE_COLUMN]
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [_Problem(0, f"cannot read the glossary: {error.strerror or error}", True)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return [], [_Problem(line, f"not UTF-8 (byte 0x{data[error.start]:02x})", True,
                             "save the file as CSV UTF-8")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header_line = 0
    header: list[str] | None = None
    for record in reader:
        header_line = reader.line_num
        if any(cell.strip() for cell in record):
            header = [cell.strip() for cell in record]
            break
    if header is None:
        return [], [_Problem(1, "the glossary is empty", True,
                             f"start with the header {SOURCE_COLUMN},{','.join(columns)},type,...")]
    required = [SOURCE_COLUMN, *columns, "type"]
    missing = [name for name in required if name not in header]
    if missing:
        return [], [_Problem(header_line, f"missing column(s): {', '.join(missing)}", True,
                             f"the header needs {', '.join(required)}")]
    problems: list[_Problem] = []
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        problems.append(_Problem(header_line, f"duplicate column(s): {', '.join(duplicated)}", True))
    index = {name: position for position, name in reversed(list(enumerate(header)))}
    terms: list[Term] = []
    first_row: dict[str, int] = {}
    previous_end = header_line
    for record in reader:
        row, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header):]):
            problems.append(_Problem(row, f"{len(record)} cells but the header has {len(header)}", True,
                                     "quote cells that contain commas"))
            continue

        def cell(name: str) -> str:
            position = index.get(name)
            return record[position].strip() if position is not None and position < len(record) else ""

        term, row_problems = _term_from_row(row, cell, columns)
        problems += row_problems
        if term is None:
            continue
        key = fold(term.source)
        if key in first_row:
            problems.append(_Problem(row, f"duplicate term {term.source!r} (first on row {first_row[key]})",
                                     True, "merge the two rows"))
            continue
        first_row[key] = row
        terms.append(term)
    return terms, problems


def _term_from_row(row: int, cell: Callable[[str], str], columns: Sequence[str]) -> tuple[Term | None, list[_Problem]]:
    source = cell(SOURCE_COLUMN)
    if not source:
        return None, [_Problem(row, f"empty {SOURCE_COLUMN} cell", True)]
    problems = []
    kind = cell("type")
    if not kind:
        problems.append(_Problem(row, f"empty type cell for {source!r}", True,
                                 f"one of: {', '.join(TERM_TYPES)}"))
    elif kind not in TERM_TYPES:
        problems.append(_Problem(row, f"unknown type {kind!r} for {source!r}", True,
                                 f"one of: {', '.join(TERM_TYPES)}"))
    renderings = {}
    for column in columns:
        value = cell(column)
        if not value and kind == "name":
            value = source
        if not value:
            problems.append(_Problem(row, f"empty {column} cell for {source!r}", True))
        renderings[column] = value
    flag = cell("case_sensitive").lower()
    if flag and flag not in _YES | _NO:
        problems.append(_Problem(row, f"case_sensitive must be yes or no, not {flag!r}", True))
    if problems:
        return None, problems
    forbidden = {column: tuple(variant.strip() for variant in cell(f"forbidden_{column}").split(";")
                               if variant.strip())
                 for column in columns}
    term = Term(row=row, source=source, renderings=renderings, type=kind, forbidden=forbidden,
                case_sensitive=flag not in _NO, note=cell("note"))
    return term, []


def _consistency_problems(terms: Sequence[Term], columns: Sequence[str]) -> list[_Problem]:
    problems = []
    for term in terms:
        if term.type == "name":
            for column in columns:
                if term.renderings[column] != term.source:
                    problems.append(_Problem(
                        term.row, f"name {term.source!r} must stay unchanged in {column}, "
                                  f"not {term.renderings[column]!r} (use type product for a respelling)", False))
    for column in columns:
        renderings: dict[str, Term] = {}
        for term in terms:
            renderings.setdefault(fold(term.renderings[column]), term)
        for term in terms:
            for variant in term.forbidden[column]:
                owner = renderings.get(fold(variant))
                if owner is None:
                    continue
                whose = "its own rendering" if owner is term else f"the rendering on row {owner.row}"
                if owner.renderings[column] == variant:
                    problems.append(_Problem(term.row, f"forbidden {column} variant {variant!r} is {whose}",
                                             False))
                elif not (term.case_sensitive and owner.case_sensitive):
                    problems.append(_Problem(term.row, f"forbidden {column} variant {variant!r} equals {whose} "
                                                       "ignoring case (set case_sensitive to yes)", False))
    problems += _overlap_problems(terms, columns)
    return problems


def _overlap_problems(terms: Sequence[Term], columns: Sequence[str]) -> list[_Problem]:
    """A term inside a longer one whose rendering drops the shorter's rendering makes checks contradict."""
    matcher = Matcher((term.source, False, term) for term in terms)
    problems = []
    for longer in terms:
        for start, end, shorter_terms in matcher.all_matches(longer.source):
            for shorter in shorter_terms:
                if shorter is longer:
                    continue
                for column in columns:
                    inner, outer = shorter.renderings[column], longer.renderings[column]
                    if shorter.case_sensitive and longer.case_sensitive:
                        contained = inner in outer
                    else:
                        contained = fold(inner) in fold(outer)
                    if not contained:
                        problems.append(_Problem(
                            longer.row, f"{longer.source!r} contains {shorter.source!r} (row {shorter.row}) but "
                                        f"its {column} rendering {outer!r} does not contain {inner!r}", False))
    return problems


# --- TBX export -------------------------------------------------------------------------------------------

_TBX_DOCTYPE = ('<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" '
                '"TBXcdv04.dtd">')
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export_tbx(glossary: Glossary, source_locale: str = "zh-Hant") -> str:
    """The glossary as TBX v2 (martif, TBX-Basic layout) for Weblate or any CAT tool.

    One ``termEntry`` per CSV row, one ``langSet`` per language (BCP 47 tags: zh-Hant, zh-Hans, en). The
    note becomes ``descrip type="definition"`` (Weblate shows it as the explanation); a ``name`` gets
    ``descrip type="Translation needed"`` = ``No`` (Weblate: read-only, untranslatable). Forbidden variants
    are extra ``tig`` elements with ``termNote type="administrativeStatus"`` ``forbidden`` -- the value
    Weblate maps to its forbidden-translation flag (TBX-Basic's own picklist would say
    ``deprecatedTerm-admn-sts``, which Weblate does not document).
    """
    root = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: source_locale})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = "l10n glossary.csv"
    ET.SubElement(ET.SubElement(header, "encodingDesc"), "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for term in glossary.terms:
        entry = ET.SubElement(body, "termEntry", {"id": f"glossary-row-{term.row}"})
        if term.note:
            ET.SubElement(entry, "descrip", {"type": "definition"}).text = term.note
        if term.type == "name":
            ET.SubElement(entry, "descrip", {"type": "Translation needed"}).text = "No"
        _lang_set(entry, source_locale, term.source, ())
        for column in glossary.locales:
            rendering = term.renderings.get(column)
            if rendering:
                _lang_set(entry, column.replace("_", "-"), rendering, term.forbidden.get(column, ()))
    ET.indent(root, space="  ")
    body_text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_TBX_DOCTYPE}\n{body_text}\n'


def _lang_set(entry: ET.Element, language: str, rendering: str, forbidden: Sequence[str]) -> None:
    lang_set = ET.SubElement(entry, "langSet", {_XML_LANG: language})
    ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = rendering
    for variant in forbidden:
        tig = ET.SubElement(lang_set, "tig")
        ET.SubElement(tig, "term").text = variant
        ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = "forbidden"

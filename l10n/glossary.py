"""The project glossary: ``glossary.csv``, one row per concept, searched with one Aho-Corasick pass per text.

Columns (UTF-8, header on row 1, so a spreadsheet shows the same row numbers as our messages)::

    zh_Hant,zh_Hans,en,type,forbidden_zh_Hans,forbidden_en,case_sensitive,note[,required,inflect]

A UTF-8 BOM (what a spreadsheet's "CSV UTF-8" export writes) is accepted, and so are quoted cells over
several lines; messages give the line where the row starts. ``zh_Hant`` is the source term; every other
locale may have a rendering column named after it (``zh_Hans``, ``en``). A missing column or an empty cell
means "no fixed rendering in that locale": no hint, no check (``l10n glossary check`` counts them as
warnings), so adding a target locale never blocks. A cell may list several accepted renderings separated by
``;`` (``year-on-year; year over year``); the first is the preferred one, used in hints, drafts and TBX.
An optional ``forbidden_<locale>`` column lists variants that must not appear, separated by ``;``
(``Keling; Ke Ling``). ``note`` says why a rendering was chosen and where an official name comes from; the
first sentence of a ``term`` note is shown to translators by :meth:`Glossary.hint`.

How strict a row is (each flag column is ``yes``/``no``; empty means the type's default, see
:data:`TYPE_RULES`):

``required``
    a missing rendering is an error; otherwise a warning (the row states a preference). Names, products,
    companies, persons, works and ``keep`` rows are required; ``term`` rows are preferred. A forbidden
    variant is an error either way.
``case_sensitive``
    the target must match the rendering's case. Default: no for ``term``, yes for the others.
``inflect``
    the target may add an English ending (``video`` -> ``videos``, ``empower`` -> ``empowered``). Default:
    yes for ``term``. A possessive (``Kuaishou's``) is accepted for every row.

Hyphen, space and dash variants (``year-on-year`` = ``year on year`` = ``year–on–year``) are accepted for
every type except ``name`` and ``keep``, which must appear verbatim.

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
``keep``
    do not translate: the source text itself must appear verbatim in every locale (a code, an acronym, a
    slogan kept in the original); rendering cells are empty or equal to the source.

Matching rules, the same for every lookup:

* Leftmost-longest, non-overlapping: 可靈 AI wins over 可靈 at the same place.
* The source side ignores ASCII case, because authors write kling/Kling and Minimax/MiniMax and the
  glossary's spelling is the norm; the target side honours ``case_sensitive``.
* Latin edges: a term never matches inside a longer Latin word (``AI`` is not in ``rohanpaul_ai``, ``SU7`` is
  not in ``SU70``); a letter/digit change is an edge, so 可靈 AI is found in 可靈 AI1.6.
* On the target side a row that inflects may carry an English ending (``video`` matches ``videos``,
  ``empower`` matches ``empowered``), so common nouns need not be listed twice.
* On the target side a forbidden variant is reported only where no longer or equal allowed rendering covers
  it, so a variant that is part of a correct rendering never fires.

:func:`load_glossary` raises :class:`~l10n.errors.GlossaryError` at the first structural problem (encoding,
columns, empty cells, unknown type, duplicate); :func:`validate_glossary` lists those and the consistency
problems too (names that change, forbidden variants that are renderings, overlapping terms whose renderings
disagree), each with its CSV row.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import operator
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick

from l10n.errors import GlossaryError
from l10n.lang import ascii_lower

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
    "keep": "do not translate: the source text appears verbatim in every locale",
})


@dataclass(frozen=True)
class TypeRule:
    """What a type implies when the row leaves its flag cells empty."""

    required: bool
    case_sensitive: bool
    inflect: bool
    verbatim: bool        # rendering = source, no hyphen/space/dash tolerance


TYPE_RULES: Mapping[str, TypeRule] = MappingProxyType({
    "term": TypeRule(required=False, case_sensitive=False, inflect=True, verbatim=False),
    "name": TypeRule(required=True, case_sensitive=True, inflect=False, verbatim=True),
    "keep": TypeRule(required=True, case_sensitive=True, inflect=False, verbatim=True),
    **{kind: TypeRule(required=True, case_sensitive=True, inflect=False, verbatim=False)
       for kind in ("person", "company", "product", "work")},
})
RENDERING_SEPARATOR = ";"
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


@dataclass(frozen=True)
class Term:
    """One glossary row. ``renderings`` holds the preferred rendering of each locale that has one;
    ``accepted`` every accepted rendering, preferred first."""

    row: int
    source: str
    renderings: Mapping[str, str]
    type: str
    forbidden: Mapping[str, tuple[str, ...]]
    case_sensitive: bool
    note: str
    accepted: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    required: bool = True
    inflect: bool = False

    def accepted_in(self, column: str) -> tuple[str, ...]:
        """Every accepted rendering in ``column`` (the preferred one first); empty: no fixed rendering."""
        found = self.accepted.get(column)
        if found:
            return found
        preferred = self.renderings.get(column)
        return (preferred,) if preferred else ()

    @property
    def verbatim(self) -> bool:
        return TYPE_RULES[self.type].verbatim

    def __hash__(self) -> int:  # the mappings are not hashable; row and source identify a term
        return hash((self.row, self.source))


class TermHit(NamedTuple):
    """Where a text holds a term (a tuple: one is made per hit of every msgid, and a frozen dataclass takes
    three times as long to build)."""

    term: Term
    start: int
    end: int


@dataclass(frozen=True)
class GlossaryProblem:
    """One problem in glossary.csv; ``row`` 0 means the whole file."""

    row: int
    message: str
    severity: str = "error"


def locale_column(locale: str) -> str:
    """``zh-Hans`` and ``zh_Hans`` both name the CSV column ``zh_Hans``."""
    return locale.replace("-", "_")


# --- matching ---------------------------------------------------------------------------------------------

_START = operator.itemgetter(0)
_INFLECTION = re.compile(r"(?:s|es|ed|d|ing)(?![A-Za-z0-9_])")
_LETTER, _DIGIT = 1, 2


fold = ascii_lower
"""The glossary's case fold: ASCII letters only (:func:`l10n.lang.ascii_lower`), so offsets in a folded text
are offsets in the text."""


_CLASS = {**{char: _LETTER for char in "_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"},
          **{char: _DIGIT for char in "0123456789"}}


def _word_class(char: str) -> int:
    """1 for an ASCII letter or underscore, 2 for an ASCII digit, 0 otherwise (where a Latin word ends)."""
    return _CLASS.get(char, 0)


# The codecs' own functions: str.encode takes "utf-16-be" and "utf-32-be" through the codec registry (a
# name lookup and a call of these), which costs more than the encoding itself on a sentence.
_UTF16_BE = codecs.utf_16_be_encode
_UTF32_BE = codecs.utf_32_be_encode


def _utf16_units(text: str) -> str:
    """Each UTF-16 code unit as two latin-1 characters (its bytes)."""
    return _UTF16_BE(text)[0].decode("latin-1")


def _utf32_units(text: str) -> str:
    return _UTF32_BE(text)[0].decode("latin-1")


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
        self._setup(((fold(needle), needle, exact, payload) for needle, exact, payload in needles), inflections)

    @classmethod
    def of_folded(cls, needles: Iterable[tuple[str, str, bool, object]], *, inflections: bool = False) -> Matcher:
        """The matcher of ``(fold(needle), needle, exact, payload)`` needles: for a caller that has each
        needle folded already (:func:`target_index` folds every form for its own tables)."""
        matcher = cls.__new__(cls)
        matcher._setup(needles, inflections)
        return matcher

    def _setup(self, needles: Iterable[tuple[str, str, bool, object]], inflections: bool) -> None:
        grouped: dict[str, list[tuple[str, bool, object]]] = {}
        for key, needle, exact, payload in needles:
            if needle:
                entries = grouped.get(key)
                if entries is None:
                    grouped[key] = [(needle, exact, payload)]
                else:
                    entries.append((needle, exact, payload))
        self.inflections = inflections
        value = self._value
        self._values = {key: value(key, entries) for key, entries in grouped.items()}
        # The automata are built on the first search: a run whose translations the probes decide (every
        # wanted rendering there, no forbidden variant near) never searches a target matcher.
        self._utf16: ahocorasick.Automaton | None = None
        self._utf32: ahocorasick.Automaton | None = None
        self._unbuilt = True

    @staticmethod
    def _value(key: str, entries: list[tuple[str, bool, object]]) -> tuple:
        # Precomputed per key so the hot loop skips edge checks for CJK keys and case checks when no
        # needle of the key is exact.
        first, last = _word_class(key[0]), _word_class(key[-1])
        if len(entries) == 1:   # (most keys)
            needle, exact, payload = entries[0]
            if exact:   # one exact needle: its case decides alone
                return len(key), first, last, ((needle, (payload,)),), None
            return len(key), first, last, (entries[0],), (payload,)
        payloads = None if any(exact for _, exact, _ in entries) else tuple(p for _, _, p in entries)
        return len(key), first, last, tuple(entries), payloads

    def ready(self) -> Matcher:
        """The matcher with its automaton built (a run about to fork builds it once, for every worker)."""
        if self._unbuilt:
            self._utf16, self._unbuilt = self._build(_utf16_units), False
        return self

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

    def find_all(self, text: str, folded: str | None = None) -> list[tuple[int, int, tuple[object, ...]]]:
        """:meth:`all_matches` as a list (no generator to resume per match: this runs once per text);
        ``folded``: ``fold(text)`` when the caller has it."""
        found: list[tuple[int, int, tuple[object, ...]]] = []
        if self._unbuilt:
            self.ready()
        if self._utf16 is None or not text:
            return found
        if folded is None:
            folded = fold(text)
        data = _UTF16_BE(folded)[0]
        if len(data) != 2 * len(folded):   # surrogate pairs: characters beyond the BMP
            if self._utf32 is None:
                self._utf32 = self._build(_utf32_units)
            automaton, units, shift = self._utf32, _utf32_units(folded), 2
        else:
            automaton, units, shift = self._utf16, data.decode("latin-1"), 1
        mask = (1 << shift) - 1
        inflections = self.inflections
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

    def needles_of(self, key: str) -> tuple[int, int, tuple[tuple[str, bool, object], ...]] | None:
        """One needle key's Latin-edge classes (of its first and last character) and its needles ``(needle,
        exact, payload)``, as :meth:`find_all` applies them; None for a key the matcher does not hold."""
        value = self._values.get(key)
        if value is None:
            return None
        _, first_class, last_class, entries, payloads = value
        if payloads is None and len(entries) == 1:
            needle, (payload,) = entries[0]   # (the one exact needle, as _value keeps it)
            entries = ((needle, True, payload),)
        return first_class, last_class, tuple(entries)

    def matches(self, text: str) -> list[tuple[int, int, tuple[object, ...]]]:
        """Leftmost-longest non-overlapping matches."""
        found = self.find_all(text)
        return found if len(found) < 2 else _leftmost_longest(found)


def _leftmost_longest(found: list[tuple[int, int, tuple[object, ...]]]) -> list[tuple[int, int, tuple[object, ...]]]:
    """Of :meth:`Matcher.find_all`'s matches (two or more; the list is reordered), the leftmost-longest
    non-overlapping ones."""
    # find_all reports in order of end: reversed, a stable sort by start puts the longest first.
    found.reverse()
    found.sort(key=_START)
    chosen = []
    edge = 0
    for match in found:
        if match[0] >= edge:
            chosen.append(match)
            edge = match[1]
    return chosen


# --- the glossary -----------------------------------------------------------------------------------------

_SEPARATORS = re.compile("[ \u00a0\\-\u2010\u2011\u2012\u2013]+")
_SEPARATOR_FORMS = (" ", "-", "\u2010", "\u2011", "\u2013", "\u00a0")
_MIXED_SEPARATORS = 5      # up to this many separators every hyphen/space mix is listed; beyond, uniform ones


def separator_variants(text: str) -> tuple[str, ...]:
    """``text`` and its hyphen/space/dash variants (``year-on-year``, ``year on year``, ``year–on–year``)."""
    parts = _SEPARATORS.split(text)
    if len(parts) == 1 or not all(parts):
        return (text,)
    found = dict.fromkeys([text])
    if len(parts) - 1 <= _MIXED_SEPARATORS:
        for choice in itertools.product(" -", repeat=len(parts) - 1):
            found[parts[0] + "".join(sep + part for sep, part in zip(choice, parts[1:]))] = None
    for sep in _SEPARATOR_FORMS:
        found[sep.join(parts)] = None
    return tuple(found)


def ends_inflected(text: str, end: int) -> bool:
    """A Latin letter follows a match ending at ``end``: the match carries an ending (``videos``)."""
    return end < len(text) and _word_class(text[end]) == _LETTER


@dataclass(frozen=True)
class TargetIndex:
    """What target-side lookups of one locale share.

    ``matcher`` holds every accepted form (alternatives and their hyphen/space variants) and every forbidden
    variant, with payloads ``(term, is_forbidden, key)``; ``key`` is the folded preferred rendering, so all
    forms of one rendering count as that rendering. ``accepted`` and ``forbidden`` list, by key, the folded
    needles to look for (a caller testing a few terms can ``str.find`` those instead of running the
    automaton).
    """

    matcher: Matcher
    accepted: Mapping[str, tuple[str, ...]]
    forbidden: Mapping[str, tuple[str, ...]]
    renderings: Mapping[int, tuple[Term, str, str]] = field(default_factory=dict)
    """By glossary row, the term, its preferred rendering here and that rendering's key (rows with one)."""
    _probes: dict[str, RenderingProbe] = field(default_factory=dict, init=False, repr=False, compare=False)
    wants: dict[int, Wanted | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    """:meth:`wanted` of each row asked so far (a caller in a hot loop tries ``wants.get(row, ...)`` first)."""

    def probe(self, key: str) -> RenderingProbe:
        """How to tell whether a text holds rendering ``key`` without the whole automaton (built once)."""
        found = self._probes.get(key)
        if found is None:
            found = self._probes[key] = RenderingProbe.of(self, key)
        return found

    def wanted(self, row: int) -> Wanted | None:
        """What a translation of row ``row``'s source term must hold here; None: the row has no rendering
        (built once per row)."""
        try:
            return self.wants[row]
        except KeyError:
            pass
        found = self.renderings.get(row)
        want = self.wants[row] = None if found is None else Wanted(*found, self.probe(found[2]))
        return want


class Wanted(NamedTuple):
    """A row's rendering as a check looks for it: the term, its preferred rendering, the rendering's key
    and its probe."""

    term: Term
    rendering: str
    key: str
    probe: RenderingProbe


@dataclass(frozen=True)
class RenderingProbe:
    """Whether a text holds one rendering (a key of :attr:`TargetIndex.accepted`) as a match of the target
    matcher with a payload of that key: the same occurrences, Latin edges, case and endings as
    :meth:`Matcher.find_all`, found with ``str.find`` over the rendering's accepted forms.

    ``danger``: the strings whose presence asks for every match after all (the rendering's forbidden
    variants, and its accepted forms that another row forbids, such as ``Minimax`` beside ``MiniMax``), since
    a forbidden variant counts only where no allowed rendering covers it.
    """

    forms: tuple[tuple[bool, str, bool, int, int, tuple[tuple[str | None, bool], ...]], ...]
    """``(in the text itself, what to look for, found wherever it occurs, first-edge class, last-edge class,
    choices)``: a form with one exact needle looks for the needle in the text, any other for the folded form
    in the folded text; each choice ``(exact needle or None for any case, whether the row may carry an
    English ending)``."""
    danger: tuple[tuple[str, bool, tuple[tuple[str, bool], ...]], ...]
    """``(anchor, exact, strings)``: each string ``(string, exact)`` is a needle of a forbidden variant that
    must match in case (looked for in the text) or the folded form of one that need not (in the folded
    text); they are grouped under a part they all hold (the anchor, looked for first), preferably one no
    accepted form holds ("Shou" for "Kuai Shou" beside "Kuaishou")."""
    inflections: bool
    anywhere: str | None = None
    """For a rendering with no danger and one form found wherever it occurs (most CJK renderings): that
    form, so :meth:`holds` is ``anywhere in folded``; a caller testing many renderings inlines it."""
    simple: tuple[tuple[bool, str, int, int, bool], ...] | None = None
    """For a rendering each of whose forms has one any-case choice (most renderings, with their hyphen and
    space variants): each form as ``(in the text itself, what to look for, first-edge class, last-edge class,
    whether the row may carry an English ending)``, which :meth:`holds` tests without the general tables."""

    @classmethod
    def of(cls, index: TargetIndex, key: str) -> RenderingProbe:
        matcher = index.matcher
        danger: dict[tuple[str, bool], None] = {}
        for form in index.forbidden.get(key, ()):
            held = matcher.needles_of(form)
            for needle, exact, (_, is_forbidden, _) in held[2] if held is not None else ():
                if is_forbidden:
                    danger[(needle, True) if exact else (form, False)] = None
        forms = []
        accepted = index.accepted.get(key, ())
        for form in accepted:
            held = matcher.needles_of(form)
            if held is None:
                continue
            first_class, last_class, needles = held
            choices: dict[tuple[str | None, bool], None] = {}
            for needle, exact, (term, is_forbidden, payload_key) in needles:
                if is_forbidden:
                    danger[(needle, True) if exact else (form, False)] = None
                elif payload_key == key:
                    choices[(needle if exact else None, term.inflect)] = None
            if (None, True) in choices:
                choices = {(None, True): None}   # any case, any ending: the others add nothing
            if len(choices) == 1 and next(iter(choices))[0] is not None:
                (needle, inflect), = choices
                forms.append((True, needle, False, first_class, last_class, ((None, inflect),)))
                continue
            anywhere = not first_class and not last_class and (None, True) in choices
            forms.append((False, form, anywhere, first_class, last_class, tuple(choices)))
        anywhere = simple = None
        if not danger and len(forms) == 1 and forms[0][2]:
            anywhere = forms[0][1]
        elif forms and all(len(choices) == 1 and choices[0][0] is None for *_, choices in forms):
            simple = tuple((in_text, form, first_class, last_class, choices[0][1])
                           for in_text, form, _, first_class, last_class, choices in forms)
        return cls(tuple(forms), _anchored(danger, accepted), index.matcher.inflections, anywhere, simple)

    def holds(self, text: str, folded: str) -> bool | None:
        """:meth:`found`, or None where :meth:`endangered` (what a check asks of each rendering, in one call)."""
        if self.anywhere is not None:
            return self.anywhere in folded
        if self.danger and self.endangered(text, folded):
            return None
        if self.simple is not None:
            return self.simply_found(text, folded)
        forms = self.forms
        if len(forms) == 1 and forms[0][2]:
            return forms[0][1] in folded   # one form found wherever it occurs (most CJK renderings)
        return self.found(text, folded)

    def simply_found(self, text: str, folded: str) -> bool:
        """:meth:`found` for :attr:`simple` forms: the same edge and ending rules, folded into one test of
        the characters around each occurrence (for a probe without :attr:`danger` it is :meth:`holds`,
        which a caller testing many renderings asks directly)."""
        size, word_class = len(text), _CLASS.get
        for in_text, form, first_class, last_class, inflect in self.simple:
            haystack = text if in_text else folded
            at = haystack.find(form)
            while at >= 0:
                if not first_class or not at or word_class(text[at - 1], 0) != first_class:
                    end = at + len(form)
                    after = word_class(text[end], 0) if end < size else 0
                    # After the form: no Latin word character; a digit after a form ending in a letter (an
                    # edge); a letter only where the row inflects and the form does not end in one, or the
                    # letters are an English ending.
                    if not after or (after == _DIGIT and last_class != _DIGIT) or (
                            after == _LETTER and inflect and (last_class != _LETTER or (
                                self.inflections and _INFLECTION.match(text, end)))):
                        return True
                at = haystack.find(form, at + 1)
        return False

    def endangered(self, text: str, folded: str) -> bool:
        """Whether ``text`` (``folded`` is ``fold(text)``) may hold a forbidden variant where the rendering's
        forms and variants are (if not, none of their matches is forbidden)."""
        for anchor, exact, strings in self.danger:
            if anchor in (text if exact else folded):
                for string, string_exact in strings:
                    if string in (text if string_exact else folded):
                        return True
        return False

    def found(self, text: str, folded: str) -> bool:
        """Whether ``text`` (``folded`` is ``fold(text)``) holds the rendering."""
        size = len(text)
        word_class = _CLASS.get
        for in_text, form, anywhere, first_class, last_class, choices in self.forms:
            haystack = text if in_text else folded
            at = haystack.find(form)
            if at < 0:
                continue
            if anywhere:
                return True
            length = len(form)
            while at >= 0:
                end = at + length
                # The edge and case rules of Matcher.find_all, and accepts() for the ending.
                if (not first_class or not at or word_class(text[at - 1], 0) != first_class) and (
                        not last_class or end == size or word_class(text[end], 0) != last_class
                        or (self.inflections and last_class == _LETTER and _INFLECTION.match(text, end))):
                    inflected = end < size and word_class(text[end], 0) == _LETTER
                    for needle, inflect in choices:
                        if (inflect or not inflected) and (needle is None or text.startswith(needle, at)):
                            return True
                at = haystack.find(form, at + 1)
        return False


def _anchored(strings: Iterable[tuple[str, bool]], accepted: Sequence[str]
              ) -> tuple[tuple[str, bool, tuple[tuple[str, bool], ...]], ...]:
    """:attr:`RenderingProbe.danger` from its strings: each under its longest separator-free part that no
    accepted (folded) form holds, else its longest part; the anchor is looked for as its string is."""
    groups: dict[tuple[str, bool], dict[tuple[str, bool], None]] = {}
    for string, exact in strings:
        parts = sorted((part for part in _SEPARATORS.split(string) if part), key=len, reverse=True) or [string]
        anchor = next((part for part in parts if not any(fold(part) in form for form in accepted)), parts[0])
        groups.setdefault((anchor, exact), {})[(string, exact)] = None
    return tuple((anchor, exact, tuple(group)) for (anchor, exact), group in groups.items())


def target_index(terms: Sequence[Term], column: str) -> TargetIndex:
    forbidden_forms = {fold(variant) for term in terms for variant in term.forbidden.get(column, ())}
    needles: list[tuple[str, str, bool, object]] = []   # (folded, needle, exact, payload): each form folded once
    accepted: dict[str, dict[str, None]] = {}
    forbidden: dict[str, dict[str, None]] = {}
    rows: dict[int, tuple[Term, str, str]] = {}
    for term in terms:
        preferred = term.renderings.get(column)
        key = None
        if preferred:
            key = fold(preferred)
            rows[term.row] = (term, preferred, key)
        renderings = term.accepted_in(column)
        if not renderings:
            continue
        if renderings[0] != preferred:
            key = fold(renderings[0])
        exact, verbatim = term.case_sensitive, term.verbatim
        payload = (term, False, key)
        forms_of_key = accepted.setdefault(key, {})   # (each rendering is a form of itself: never left empty)
        for rendering in renderings:
            for form in (rendering,) if verbatim else separator_variants(rendering):
                folded = fold(form)
                if form != rendering and folded in forbidden_forms:
                    continue   # an explicitly forbidden spelling is never tolerated as a variant
                needles.append((folded, form, exact, payload))
                forms_of_key[folded] = None
        variants = term.forbidden.get(column, ())
        if variants:
            payload = (term, True, key)
            forms_of_key = forbidden.setdefault(key, {})
            for variant in variants:
                for form in (variant,) if verbatim else separator_variants(variant):
                    folded = fold(form)
                    needles.append((folded, form, exact, payload))
                    forms_of_key[folded] = None
    return TargetIndex(Matcher.of_folded(needles, inflections=True),
                       MappingProxyType({key: tuple(forms) for key, forms in accepted.items()}),
                       MappingProxyType({key: tuple(forms) for key, forms in forbidden.items()}),
                       MappingProxyType(rows))


def accepts(term: Term, text: str, end: int) -> bool:
    """Whether a match of ``term`` ending at ``end`` counts: only inflecting rows may carry an ending."""
    return term.inflect or not ends_inflected(text, end)


class Glossary:
    """Terms plus lazily built automata: one for the source, one per target locale."""

    def __init__(self, terms: Iterable[Term], locales: Sequence[str]) -> None:
        self.terms: tuple[Term, ...] = tuple(terms)
        self.locales: tuple[str, ...] = tuple(locale_column(locale) for locale in locales)
        self._source: Matcher | None = None
        self._targets: dict[str, TargetIndex] = {}
        self._hint_parts: dict[tuple[int, str], str | None] = {}   # (term row, column) -> its hint part
        self._signatures: dict[str, tuple] = {}   # column -> column_signature (asked once per locale and index)

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:
        return f"Glossary({len(self.terms)} terms, locales={self.locales})"

    def find(self, text: str) -> list[TermHit]:
        """Source-side hits (zh-Hant text), leftmost-longest and non-overlapping."""
        if self._source is None:
            self._source = Matcher((term.source, False, term) for term in self.terms)
        # Matcher.matches and the hits in one frame (no comprehension's): this runs once per msgid.
        hits: list[TermHit] = []
        found = self._source.find_all(text)
        if not found:
            return hits
        if len(found) > 1:
            found = _leftmost_longest(found)
        hit = TermHit._make   # (the C constructor; TermHit() goes through a Python __new__)
        for start, end, terms in found:
            for term in terms:
                hits.append(hit((term, start, end)))
        return hits

    def find_rendering(self, text: str, locale: str) -> list[TermHit]:
        """Target-side hits of renderings; terms sharing one rendering each get a hit on that span."""
        return self._scan(text, locale, forbidden=False)

    def find_forbidden(self, text: str, locale: str) -> list[TermHit]:
        """Forbidden variants present in a target text (where no allowed rendering covers them)."""
        return self._scan(text, locale, forbidden=True)

    def hint(self, text: str, locale: str, hits: Sequence[TermHit] | None = None) -> str | None:
        """A one-line reminder for translators of the terms in ``text``, e.g. for a PO ``#.`` comment.

        ``hits``: ``find(text)`` when the caller has it already (one search for every locale)."""
        column = locale_column(locale)
        parts: list[str] = []
        seen: set[int] = set()
        for hit in self.find(text) if hits is None else hits:
            term = hit.term
            if term.row in seen:
                continue
            key = (term.row, column)
            if key in self._hint_parts:
                part = self._hint_parts[key]
            else:
                part = self._hint_parts[key] = _hint_part(term, column)
            if part is not None:
                seen.add(term.row)
                parts.append(part)
        return "glossary: " + "; ".join(parts) if parts else None

    def column_signature(self, locale: str) -> tuple:
        """What the glossary says for ``locale`` in every row (renderings, accepted forms, forbidden
        variants): two locales with equal signatures get the same hints, matches and findings."""
        column = locale_column(locale)
        if column not in self.locales:
            return (None,)
        signature = self._signatures.get(column)
        if signature is None:
            signature = self._signatures[column] = tuple(
                (term.renderings.get(column), term.accepted_in(column), term.forbidden.get(column, ()))
                for term in self.terms)
        return signature

    def target_index(self, locale: str) -> TargetIndex:
        """The target-side automaton and needle tables of ``locale`` (built once, and shared by the columns
        that say the same in every row: en_GB copied from en)."""
        column = locale_column(locale)
        index = self._targets.get(column)
        if index is None:
            if column not in self.locales:
                raise KeyError(f"glossary has no {column} column (locales: {', '.join(self.locales)})")
            signature = self.column_signature(column)
            index = next((built for other, built in self._targets.items()
                          if self.column_signature(other) == signature), None)
            if index is None:
                index = target_index(self.terms, column)
            self._targets[column] = index
        return index

    def _scan(self, text: str, locale: str, *, forbidden: bool) -> list[TermHit]:
        hits = []
        for start, end, payloads in self.target_index(locale).matcher.matches(text):
            payloads = [payload for payload in payloads if accepts(payload[0], text, end)]
            allowed = [term for term, is_forbidden, _ in payloads if not is_forbidden]
            if forbidden:
                if allowed:
                    continue
                chosen = [term for term, _, _ in payloads]
            else:
                chosen = allowed
            seen: set[int] = set()
            for term in chosen:
                if term.row not in seen:
                    seen.add(term.row)
                    hits.append(TermHit(term, start, end))
        return hits


def _hint_part(term: Term, column: str) -> str | None:
    """``源 = rendering / other (note's first sentence)``; None where the term has nothing to say there."""
    renderings = term.accepted_in(column)
    if not renderings or renderings == (term.source,):
        return None
    part = f"{term.source} = {' / '.join(renderings)}"
    if term.type == "term" and term.note:
        part += f" ({_first_sentence(term.note)})"
    return part


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
    severity: str = "error"


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
    """Every problem in glossary.csv, in row order; an empty list means the file is clean.

    Besides errors it reports, as warnings, each target locale with rows that have no rendering for it
    (with counts): those rows give no hint and no check in that locale.
    """
    columns = _target_columns(locales)
    terms, problems = _parse(Path(path), locales)
    problems += _consistency_problems(terms, columns)
    if not any(problem.fatal for problem in problems):
        problems += _coverage_warnings(terms, columns)
    found = [GlossaryProblem(problem.row, problem.message, problem.severity) for problem in problems]
    return sorted(found, key=lambda problem: problem.row)


def _target_columns(locales: Sequence[str]) -> list[str]:
    return [locale_column(locale) for locale in locales if locale_column(locale) != SOURCE_COLUMN]


def _coverage_warnings(terms: Sequence[Term], columns: Sequence[str]) -> list[_Problem]:
    warnings = []
    for column in columns:
        missing = [term for term in terms if not term.renderings.get(column)]
        if missing:
            rows = ", ".join(str(term.row) for term in missing[:5]) + (", ..." if len(missing) > 5 else "")
            warnings.append(_Problem(
                0, f"{column}: {len(missing)} of {len(terms)} rows have no rendering (rows {rows}): no hint "
                   f"and no check for those terms in {column}", False, severity="warning"))
    return warnings


def _flag(cell: str) -> bool | None:
    value = cell.lower()
    return True if value in _YES else False if value in _NO else None


def _parse(path: Path, locales: Sequence[str]) -> tuple[list[Term], list[_Problem]]:
    columns = _target_columns(locales)
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
    required = [SOURCE_COLUMN, "type"]
    missing = [name for name in required if name not in header]
    if missing:
        return [], [_Problem(header_line, f"missing column(s): {', '.join(missing)}", True,
                             f"the header needs {', '.join(required)} and a column per target locale")]
    problems: list[_Problem] = []
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        problems.append(_Problem(header_line, f"duplicate column(s): {', '.join(duplicated)}", True))
    index = {name: position for position, name in reversed(list(enumerate(header)))}
    # Each row's cells by header name, the first of a repeated name (what _term_from_row asks of a row).
    names, positions = list(index), list(index.values())
    terms: list[Term] = []
    first_row: dict[str, int] = {}
    previous_end = header_line
    for record in reader:
        row, previous_end = previous_end + 1, reader.line_num
        if not "".join(record).strip():   # (no cell holds anything but whitespace)
            continue
        size = len(record)
        if size > len(header) and "".join(record[len(header):]).strip():
            problems.append(_Problem(row, f"{len(record)} cells but the header has {len(header)}", True,
                                     "quote cells that contain commas"))
            continue
        cells = _Cells(zip(names, [record[position].strip() if position < size else "" for position in positions]))
        term, row_problems = _term_from_row(row, cells.__getitem__, columns)
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


class _Cells(dict):
    """One row's stripped cells by column name; a column the header lacks reads as an empty cell."""

    def __missing__(self, name: str) -> str:
        return ""


def _split(cell: str) -> tuple[str, ...]:
    if RENDERING_SEPARATOR not in cell:   # (most cells: one rendering, or none)
        part = cell.strip()
        return (part,) if part else ()
    return tuple(dict.fromkeys(part.strip() for part in cell.split(RENDERING_SEPARATOR) if part.strip()))


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
    flags = {}
    for name in ("case_sensitive", "required", "inflect"):
        value = cell(name)
        flags[name] = _flag(value)
        if value and flags[name] is None:
            problems.append(_Problem(row, f"{name} must be yes or no, not {value.lower()!r}", True))
    if problems:
        return None, problems
    rule = TYPE_RULES[kind]
    accepted: dict[str, tuple[str, ...]] = {}
    for column in columns:
        renderings = _split(cell(column))
        if not renderings and rule.verbatim:
            renderings = (source,)
        if renderings:
            accepted[column] = renderings
    forbidden = {column: _split(cell(f"forbidden_{column}")) for column in columns}

    def chosen(name: str, default: bool) -> bool:
        return default if flags[name] is None else flags[name]

    term = Term(row=row, source=source, renderings=MappingProxyType({c: r[0] for c, r in accepted.items()}),
                type=kind, forbidden=forbidden, case_sensitive=chosen("case_sensitive", rule.case_sensitive),
                note=cell("note"), accepted=MappingProxyType(accepted), required=chosen("required", rule.required),
                inflect=chosen("inflect", rule.inflect))
    return term, []


def _consistency_problems(terms: Sequence[Term], columns: Sequence[str]) -> list[_Problem]:
    problems = []
    for term in terms:
        if term.verbatim:
            for column in columns:
                changed = [rendering for rendering in term.accepted_in(column) if rendering != term.source]
                if changed:
                    problems.append(_Problem(
                        term.row, f"{term.type} {term.source!r} must stay unchanged in {column}, "
                                  f"not {changed[0]!r} (use type product for a respelling)", False))
    for column in columns:
        renderings: dict[str, tuple[Term, str]] = {}
        for term in terms:
            for rendering in term.accepted_in(column):
                renderings.setdefault(fold(rendering), (term, rendering))
        for term in terms:
            for variant in term.forbidden.get(column, ()):
                owner, rendering = renderings.get(fold(variant), (None, ""))
                if owner is None:
                    continue
                whose = "its own rendering" if owner is term else f"the rendering on row {owner.row}"
                if rendering == variant:
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
                    inner, outer = shorter.renderings.get(column), longer.renderings.get(column)
                    if not inner or not outer:
                        continue
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

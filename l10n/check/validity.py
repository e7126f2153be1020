"""What ``msgfmt -c`` (GNU gettext 0.21) verifies, without running it, plus two locale checks of our own.

:func:`msgfmt_problems` ports ``check_message_list`` of gettext's ``msgl-check.c`` and the format parsers of
``format-c.c``, ``format-python.c`` and ``format-python-brace.c``. It looks at the entries msgfmt keeps: not
obsolete, a non-empty (first) msgstr, and not fuzzy (with ``--drafts`` fuzzy ones too, as ``msgfmt
--use-fuzzy``):

* the header's Plural-Forms, when the catalog has plural entries: ``plural=`` and ``nplurals=`` present, the
  expression a valid C expression that for n = 0..1000 never divides by zero, never goes negative and stays
  below nplurals; every plural entry has exactly nplurals msgstr forms;
* ``msgid`` (and ``msgid_plural``) and every msgstr form all begin, and all end, with ``\\n`` or none does;
* an entry flagged ``c-format``, ``python-format`` or ``python-brace-format`` (or ``possible-...``) whose
  msgid (msgid_plural for a plural entry) is a valid format string has msgstr forms that are valid ones
  too, with the same arguments of the same types. A plural form that the Plural-Forms rule uses for only
  finitely many n (say form 0, "one file") may leave arguments out; gettext's rule for that is ported too.
  Other ``*-format`` languages are not checked;
* header fields missing or left at the template's default value are warnings, as in msgfmt.

The one deliberate difference: ``{}`` fields in python-brace-format strings are numbered automatically, as
Python 3.1+ and gettext 0.26+ do, where gettext 0.21 calls such a string invalid.

:func:`locale_problems` goes beyond msgfmt: the header's Language must name the catalog's folder locale, and
Plural-Forms is compared with the locale's CLDR rule (through Babel). A rule that sorts n = 0..1000 into
the same classes as CLDR's (Spanish ``nplurals=2; plural=(n != 1)``, Transifex's 4-form Slavic rules with a
form kept for fractions) works with gettext and is a warning; one that sorts them differently is an error.

A syntax error is not a finding here: the reader raises CatalogError, which is bad input (exit 2).
"""
from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from l10n.po import Catalog, Entry
from l10n.po.formats import (InvalidFormat, PythonArguments, checked_format_languages, parse_c_format,
                             parse_python_brace_format, parse_python_format)

from .model import FileUnit, Problem

# gettext 0.21 check_header_entry(): fields and the initial values msgfmt warns about (Language is left to
# our own Language check, which reports it as an error).
HEADER_DEFAULTS = {
    "Project-Id-Version": "PACKAGE VERSION",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "MIME-Version": None,
    "Content-Type": "text/plain; charset=CHARSET",
    "Content-Transfer-Encoding": "ENCODING",
}
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*$")
MSGFMT_RANGE = range(0, 1001)   # msgfmt evaluates the plural expression for these n
_MSGFMT_PROBE = tuple(MSGFMT_RANGE)
_PROBE = (*MSGFMT_RANGE, 10_000, 100_000, 1_000_000, 10_000_000, 1_000_000_000)
_OFTEN = 5   # gettext: a form chosen at least 5 times for n = 0..1000 counts as chosen infinitely often
_RANGE_FLAG = re.compile(r"range:\s*(\d+)\.\.(\d+)")


def header_line(unit: FileUnit, name: str) -> int:
    """Line of a header field in the file (gettext writes one field per line), else the header's line."""
    try:
        lines = unit.path.read_text(encoding="utf-8-sig").split("\n")
    except OSError:
        return 1
    header_at = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if header_at is None:
            if stripped.startswith("msgid"):
                header_at = number
        elif stripped.startswith(f'"{name}:'):
            return number
        elif not stripped.startswith(('"', "msgstr")):
            break
    return header_at or 1


def _kept(entry: Entry, drafts: bool) -> bool:
    """Whether msgfmt keeps and checks the entry: a non-empty first msgstr, fuzzy only with ``drafts``."""
    return bool(entry.msgstr_plural.get(0, "") if entry.msgid_plural is not None else entry.msgstr) \
        and (drafts or not entry.fuzzy)


class MsgfmtEntries:
    """What msgfmt's checks need of a catalog's active entries, gathered one at a time: the problems of
    each kept entry, in order (a plural entry is kept itself: its problems depend on the header's
    Plural-Forms, known at the end), and whether any entry is plural."""

    def __init__(self, drafts: bool = False) -> None:
        self.drafts = drafts
        self.found: list[Entry | list[Problem]] = []   # a plural entry, or another entry's problems
        self.plural: list[Entry] = []                  # the kept plural entries
        self.any_plural = False                        # among all active entries

    def add(self, entry: Entry) -> None:
        """One active entry."""
        plural = entry.msgid_plural is not None
        self.any_plural |= plural
        if not _kept(entry, self.drafts):
            return
        if plural:
            self.plural.append(entry)
            self.found.append(entry)
        elif "\n" in entry.msgid or "\n" in entry.msgstr or entry.flags:   # (else entry_problems finds none)
            found = list(entry_problems(entry))
            if found:
                self.found.append(found)

    def add_many(self, entries: Sequence[Entry]) -> None:
        """Active entries, a batch at a time: only those :meth:`add` would keep or look at are added."""
        add = self.add
        for entry in entries:
            if entry.msgid_plural is not None or entry.flags or "\n" in entry.msgid or "\n" in entry.msgstr:
                add(entry)

    @classmethod
    def of(cls, catalog: Catalog, drafts: bool = False) -> MsgfmtEntries:
        gathered = cls(drafts)
        for entry in catalog.active():
            gathered.add(entry)
        return gathered


def problems(unit: FileUnit, drafts: bool = False, gathered: MsgfmtEntries | None = None) -> Iterator[Problem]:
    """Everything the validity check reports on one catalog: msgfmt's findings, then ours (``gathered``:
    its active entries, if not ``unit.catalog``'s)."""
    if gathered is None:
        gathered = MsgfmtEntries.of(unit.catalog, drafts)
    plural_header_ok = True
    for problem in msgfmt_problems(unit, drafts, gathered):
        plural_header_ok &= not problem.message.startswith(_HEADER_PLURAL_MESSAGES)
        yield problem
    yield from locale_problems(unit, plural_header_ok, gathered.any_plural)


# --- msgfmt -c: the header -----------------------------------------------------------------------------

def msgfmt_problems(unit: FileUnit, drafts: bool = False, gathered: MsgfmtEntries | None = None
                    ) -> Iterator[Problem]:
    """What ``msgfmt -c`` (``--use-fuzzy`` with ``drafts``) reports: errors, and warnings for the header."""
    catalog = unit.catalog
    assert catalog is not None
    if gathered is None:
        gathered = MsgfmtEntries.of(catalog, drafts)
    if catalog.metadata:
        yield from _header_field_problems(unit)
    else:   # msgfmt counts its "warning: PO file header missing or invalid" as a fatal error
        yield Problem("PO file header missing or invalid (msgfmt -c fails on it)", line=1)
    distribution, found = _plural_distribution(unit, gathered.plural)
    yield from found
    for item in gathered.found:
        if isinstance(item, Entry):
            yield from entry_problems(item, distribution)
        else:
            yield from item


def _header_field_problems(unit: FileUnit) -> Iterator[Problem]:
    metadata = unit.catalog.metadata
    for name, default in HEADER_DEFAULTS.items():
        if name not in metadata:
            yield Problem(f"header field '{name}' missing in header", "warning", header_line(unit, name))
        elif default is not None and metadata[name] == default:
            yield Problem(f"header field '{name}' still has the initial default value", "warning",
                          header_line(unit, name))


@dataclass(frozen=True)
class PluralDistribution:
    """What gettext learns from the Plural-Forms expression for the format checks of plural entries."""

    choose: object = None            # the expression as a function of n, or None
    often: tuple[bool, ...] = ()     # by form: chosen for infinitely many n (at least 5 of 0..1000)

    def count(self, form: int, low: int, high: int) -> int:
        """How many n of low..high (at most 1001 of them, as gettext) choose ``form``."""
        low = max(low, 0)
        high = min(high, low + 1000)
        return sum(1 for n in range(low, high + 1) if self.choose(n) == form)


_GERMANIC = PluralDistribution(lambda n: int(n != 1), (False, True))
_NO_DISTRIBUTION = PluralDistribution()
_HEADER_PLURAL_MESSAGES = ("message catalog has plural form translations", "invalid nplurals value",
                           "plural expression", "nplurals = ")


def _plural_distribution(unit: FileUnit, entries: list[Entry]) -> tuple[PluralDistribution, list[Problem]]:
    """gettext's check_plural(): the Plural-Forms checks and the distribution later checks use."""
    catalog = unit.catalog
    plural_entries = [entry for entry in entries if entry.msgid_plural is not None]
    found: list[Problem] = []

    def line() -> int:
        return header_line(unit, "Plural-Forms")

    if not catalog.metadata:
        if plural_entries:
            found.append(Problem("message catalog has plural form translations, but lacks a header entry "
                                 "with 'Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;'",
                                 entry=plural_entries[0]))
            return _NO_DISTRIBUTION, found
        return _GERMANIC, found
    header = "".join(f"{name}: {value}\n" for name, value in catalog.metadata.items())
    plural_at = header.find("plural=")
    nplurals_at = header.find("nplurals=")
    missing = [attribute for position, attribute in ((plural_at, '"plural=EXPRESSION"'),
                                                     (nplurals_at, '"nplurals=INTEGER"')) if position < 0]
    if missing and plural_entries:
        found.append(Problem("message catalog has plural form translations, but the header's Plural-Forms "
                             f"lacks {' and '.join(missing)}", entry=plural_entries[0]))
        found += [Problem(f"message catalog has plural form translations, but header entry lacks a "
                          f"{attribute} attribute (for {unit.locale}: {_expected_plural_text(unit.locale)})",
                          line=line()) for attribute in missing]
    if plural_at < 0 or nplurals_at < 0:
        return (_NO_DISTRIBUTION if found else _GERMANIC), found
    nplurals_match = re.match(r"\s*(\d+)", header[nplurals_at + len("nplurals="):])
    if nplurals_match is None:
        found.append(Problem("invalid nplurals value", line=line()))
    expression = re.match(r"[^;\n]*", header[plural_at + len("plural="):])[0]
    choose = _compile(expression.strip())
    if choose is None:
        found.append(Problem(f"plural expression {expression.strip()!r} is not a valid C expression",
                             line=line()))
    if found:
        return _NO_DISTRIBUTION, found
    nplurals = int(nplurals_match[1])
    counts = [0] * nplurals
    values = _evaluate(expression.strip(), _MSGFMT_PROBE)
    if isinstance(values, str):
        found.append(Problem(values, line=line()))
    else:
        for form in values:
            if form < 0:
                found.append(Problem("plural expression can produce negative values", line=line()))
                break
            if form >= nplurals:
                found.append(Problem(f"nplurals = {nplurals} but plural expression can produce values as "
                                     f"large as {form}", line=line()))
                break
            counts[form] += 1
    if found:
        return _NO_DISTRIBUTION, found
    if plural_entries:
        sizes = [len(entry.msgstr_plural) for entry in plural_entries]
        smallest, largest = min(sizes), max(sizes)
        if smallest < nplurals or largest > nplurals:
            size = smallest if smallest < nplurals else largest
            at = plural_entries[sizes.index(size)]
            some = "only " if size < nplurals else ""
            found += [Problem(f"nplurals = {nplurals}, but some messages have {some}{size} plural form(s) "
                              f"(the first at line {at.lineno})", line=line()),
                      Problem(f"nplurals = {nplurals} but this message has {size} plural form(s)", entry=at)]
            return _NO_DISTRIBUTION, found
    often = tuple(count >= _OFTEN for count in counts) if nplurals <= 100 else ()
    return PluralDistribution(choose, often), found


@functools.lru_cache(maxsize=256)
def _compile(expression: str):
    """The plural expression as a function of n (Python's gettext.c2py, which compiles code: cached)."""
    try:
        return gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        return None


# --- msgfmt -c: the entries ----------------------------------------------------------------------------

def entry_problems(entry: Entry, distribution: PluralDistribution = _GERMANIC) -> Iterator[Problem]:
    """msgfmt -c's per-message checks (gettext's check_pair) for one entry it keeps."""
    if entry.msgid == "":
        return
    plural = entry.msgid_plural is not None
    forms = ([(f"msgstr[{index}]", entry.msgstr_plural[index]) for index in sorted(entry.msgstr_plural)]
             if plural else [("msgstr", entry.msgstr)])
    msgid = entry.msgid
    if plural or "\n" in msgid or "\n" in entry.msgstr:
        for end, wanted in (("begin", msgid.startswith("\n")), ("end", msgid.endswith("\n"))):
            texts = [("msgid_plural", entry.msgid_plural)] if plural else []
            for name, text in texts + forms:
                if (text.startswith("\n") if end == "begin" else text.endswith("\n")) != wanted:
                    yield Problem(f"'msgid' and '{name}' entries do not both {end} with '\\n'", entry=entry)
    if not entry.flags:
        return
    languages = [language for language in checked_format_languages(entry.flags) if language in _FORMATS]
    if not languages:
        return
    source, source_name = (entry.msgid_plural, "msgid_plural") if plural else (entry.msgid, "msgid")
    value_range = next((tuple(map(int, match.groups())) for flag in entry.flags
                        if (match := _RANGE_FLAG.fullmatch(flag))), None)
    for language in languages:
        parse, compare, pretty = _FORMATS[language]
        try:
            wanted = parse(source, False)
        except InvalidFormat:
            continue   # msgfmt checks a translation only against a valid format string
        for index, (name, text) in enumerate(forms):
            strict = (not plural or len(forms) == 1
                      or (index < len(distribution.often) and distribution.often[index]
                          and not (value_range is not None
                                   and distribution.count(index, *value_range) <= 1)))
            try:
                found = parse(text, True)
            except InvalidFormat as invalid:
                yield Problem(f"'{name}' is not a valid {pretty} format string, unlike '{source_name}'. "
                              f"Reason: {invalid}", entry=entry)
                continue
            message = compare(wanted, found, strict, source_name, name)
            if message:
                yield Problem(message, entry=entry)


def _compare_c(wanted: list[str], found: list[str], strict: bool, msgid: str, msgstr: str) -> str | None:
    if len(found) > len(wanted):
        return f"a format specification for argument {len(wanted) + 1}, as in '{msgstr}', doesn't exist in '{msgid}'"
    if strict and len(found) < len(wanted):
        return f"a format specification for argument {len(found) + 1} doesn't exist in '{msgstr}'"
    for index, (want, got) in enumerate(zip(wanted, found), start=1):
        if want != got:
            return f"format specifications in '{msgid}' and '{msgstr}' for argument {index} are not the same"
    return None


def _compare_python(wanted: PythonArguments, found: PythonArguments, strict: bool, msgid: str, msgstr: str) -> str | None:
    if wanted.named and found.unnamed:
        return f"format specifications in '{msgid}' expect a mapping, those in '{msgstr}' expect a tuple"
    if wanted.unnamed and found.named:
        return f"format specifications in '{msgid}' expect a tuple, those in '{msgstr}' expect a mapping"
    for name in sorted(set(wanted.named) | set(found.named)):
        if name not in wanted.named:
            return f"a format specification for argument '{name}', as in '{msgstr}', doesn't exist in '{msgid}'"
        if name not in found.named:
            if strict:
                return f"a format specification for argument '{name}' doesn't exist in '{msgstr}'"
    for name in sorted(found.named):
        want, got = wanted.named[name], found.named[name]
        if not (want == got or (not strict and "any" in (want, got))):
            return f"format specifications in '{msgid}' and '{msgstr}' for argument '{name}' are not the same"
    if wanted.unnamed or found.unnamed:
        if len(wanted.unnamed) != len(found.unnamed):
            shorter = min(len(wanted.unnamed), len(found.unnamed)) + 1
            if len(found.unnamed) < len(wanted.unnamed):
                return f"a format specification for argument {shorter} doesn't exist in '{msgstr}'"
            return f"a format specification for argument {shorter}, as in '{msgstr}', doesn't exist in '{msgid}'"
        for index, (want, got) in enumerate(zip(wanted.unnamed, found.unnamed), start=1):
            if not (want == got or (not strict and "any" in (want, got))):
                return f"format specifications in '{msgid}' and '{msgstr}' for argument {index} are not the same"
    return None


def _compare_brace(wanted: set, found: set, strict: bool, msgid: str, msgstr: str) -> str | None:
    if not strict:
        return None
    for name in sorted(wanted | found, key=lambda name: (isinstance(name, str), str(name))):
        label = f"'{name}'" if isinstance(name, str) else f"{name}"
        if name not in found:
            return f"a format specification for argument {label} doesn't exist in '{msgstr}'"
        if name not in wanted:
            return f"a format specification for argument {label} doesn't exist in '{msgid}'"
    return None


_FORMATS = {
    "c": (parse_c_format, _compare_c, "C"),
    "python": (parse_python_format, _compare_python, "Python"),
    "python-brace": (parse_python_brace_format, _compare_brace, "Python brace"),
}


def _compare_one(language: str, msgid: str, msgstr: str, strict: bool) -> str | None:
    parse, compare, pretty = _FORMATS[language]
    try:
        wanted = parse(msgid, False)
    except InvalidFormat:
        return None   # msgfmt reports nothing: it checks translations only against a valid msgid
    try:
        found = parse(msgstr, True)
    except InvalidFormat:
        return f"'msgstr' is not a valid {pretty} format string, unlike 'msgid'"
    return compare(wanted, found, strict, "msgid", "msgstr")


def compare_c_format(msgid: str, msgstr: str, strict: bool = True) -> str | None:
    """msgfmt -c's verdict on a c-format translation: None when it passes, else the problem."""
    return _compare_one("c", msgid, msgstr, strict)


def compare_python_format(msgid: str, msgstr: str, strict: bool = True) -> str | None:
    return _compare_one("python", msgid, msgstr, strict)


def compare_python_brace_format(msgid: str, msgstr: str, strict: bool = True) -> str | None:
    return _compare_one("python-brace", msgid, msgstr, strict)


# --- beyond msgfmt: the locale ------------------------------------------------------------------------

def locale_problems(unit: FileUnit, plural_header_ok: bool = True, any_plural: bool | None = None
                    ) -> Iterator[Problem]:
    """Our own header checks: Language names the folder's locale; Plural-Forms suits the locale
    (``any_plural``: whether an active entry is plural, if known without ``unit.catalog``'s entries)."""
    yield from _language_problems(unit)
    if plural_header_ok:
        yield from _plural_problems(unit, any_plural)


def _language_problems(unit: FileUnit) -> Iterator[Problem]:
    language = unit.catalog.metadata.get("Language", "").strip()
    if not language:
        yield Problem(f"header field 'Language' is missing or empty; this catalog's folder says {unit.locale}",
                      line=header_line(unit, "Language"))
    elif _locale_key(language) != _locale_key(unit.locale):
        yield Problem(f"header Language is {language!r} but the catalog is in the {unit.locale} folder",
                      line=header_line(unit, "Language"))


def _locale_key(locale: str) -> str:
    return locale.replace("-", "_").lower()


def parse_plural_forms(value: str) -> tuple[int, str] | None:
    match = _PLURAL_FORMS.match(value)
    return (int(match.group(1)), match.group(2)) if match else None


def _plural_problems(unit: FileUnit, any_plural: bool | None = None) -> Iterator[Problem]:
    metadata = unit.catalog.metadata
    expected = _expected_plural(unit.locale)
    expected_text = expected[2] if expected else "no CLDR rule known"

    def line() -> int:   # read from the file only when there is something to report
        return header_line(unit, "Plural-Forms")

    if "Plural-Forms" not in metadata:
        if any_plural is None:
            any_plural = any(entry.msgid_plural is not None for entry in unit.catalog.active())
        if not any_plural:
            yield Problem(f"no Plural-Forms header (for {unit.locale}: {expected_text})", "warning", line())
        return
    parsed = parse_plural_forms(metadata["Plural-Forms"])
    if parsed is None:
        yield Problem(f"Plural-Forms {metadata['Plural-Forms']!r} is not 'nplurals=N; plural=EXPRESSION;'",
                      line=line())
        return
    nplurals, expression = parsed
    forms = _evaluate(expression, _PROBE)
    if isinstance(forms, str):
        yield Problem(forms, line=line())
        return
    if max(forms) >= nplurals:   # beyond n = 1000, where msgfmt does not look
        n = _PROBE[forms.index(max(forms))]
        yield Problem(f"nplurals = {nplurals} but plural expression gives form {max(forms)} for n={n}",
                      line=line())
        return
    if expected is None:
        return
    want_n, want_expression, want_text = expected
    wanted = _evaluate(want_expression, _PROBE)
    if isinstance(wanted, str):  # Babel's own rule never fails; nothing to compare against if it does
        return
    if nplurals == want_n and forms == wanted:
        return
    msginit = _msginit_rule(unit.locale)
    accepted = [(f"the CLDR rule ({want_text})", wanted)]
    if msginit is not None:
        accepted.append((f"gettext's own rule ({msginit})", _evaluate(parse_plural_forms(msginit)[1], _PROBE)))
    for name, rule in accepted:
        if _same_classes(forms[:len(MSGFMT_RANGE)], rule[:len(MSGFMT_RANGE)]):
            yield Problem(f"Plural-Forms {metadata['Plural-Forms'].strip()!r} is not CLDR's rule for "
                          f"{unit.locale} ({want_text}), but sorts n = 0..1000 into the same forms as {name}, "
                          "which gettext accepts", "warning", line())
            return
    if nplurals != want_n:
        yield Problem(f"Plural-Forms has nplurals={nplurals}, but {unit.locale} has {want_n} ({want_text})",
                      line=line())
    else:
        n, got, want = next((n, got, want) for n, got, want in zip(_PROBE, forms, wanted) if got != want)
        yield Problem(f"Plural-Forms gives form {got} for n={n}, but {unit.locale} uses form {want} "
                      f"({want_text})", line=line())


# gettext 0.21's plural-table.c: the rules msginit writes (and msgfmt suggests) for these languages.
_MSGINIT_RULES = {
    "ja": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "sv": "nplurals=2; plural=(n != 1);",
    "da": "nplurals=2; plural=(n != 1);",
    "no": "nplurals=2; plural=(n != 1);",
    "nb": "nplurals=2; plural=(n != 1);",
    "nn": "nplurals=2; plural=(n != 1);",
    "fo": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "bg": "nplurals=2; plural=(n != 1);",
    "el": "nplurals=2; plural=(n != 1);",
    "fi": "nplurals=2; plural=(n != 1);",
    "et": "nplurals=2; plural=(n != 1);",
    "he": "nplurals=2; plural=(n != 1);",
    "eo": "nplurals=2; plural=(n != 1);",
    "hu": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "be": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}


def _msginit_rule(locale: str) -> str | None:
    parts = locale.replace("-", "_").split("_")
    return _MSGINIT_RULES.get("_".join(parts[:2])) or _MSGINIT_RULES.get(parts[0].lower())


def _same_classes(forms: list[int], wanted: list[int]) -> bool:
    """Whether two rules put the same numbers together (whatever each calls its forms)."""
    pairs = set(zip(forms, wanted))
    return len(pairs) == len({form for form, _ in pairs}) == len({want for _, want in pairs})


def _expected_plural(locale: str) -> tuple[int, str, str] | None:
    from babel.core import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        rule = get_plural(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    return rule.num_plurals, rule.plural_expr, rule.plural_forms


def _expected_plural_text(locale: str) -> str:
    expected = _expected_plural(locale)
    return expected[2] if expected else "no CLDR rule known"


@functools.lru_cache(maxsize=256)
def _evaluate(expression: str, probe: tuple[int, ...]) -> tuple[int, ...] | str:
    """The form chosen for every probe value, or msgfmt's message when the expression is unusable."""
    choose = _compile(expression)
    if choose is None:
        return f"plural expression {expression!r} is not a valid C expression"
    try:
        return tuple(int(choose(n)) for n in probe)
    except ZeroDivisionError:
        return "plural expression can produce division by zero"
    except (ValueError, TypeError, OverflowError, RecursionError):
        return f"plural expression {expression!r} cannot be evaluated"

"""What ``msgfmt -c`` (GNU gettext 0.21) verifies, without running it, plus two locale checks of our own.

As msgfmt -c, for every translated entry (fuzzy ones are skipped, as msgfmt skips them):

* ``msgid`` and ``msgstr`` both begin, and both end, with ``\\n`` or neither does;
* a plural entry has exactly ``nplurals`` msgstr forms, and the catalog has a Plural-Forms header;
* entries flagged ``c-format``, ``python-format`` or ``python-brace-format`` use the same arguments with the
  same types in msgid and msgstr (other ``*-format`` flags are not checked);
* the Plural-Forms expression parses, never divides by zero and stays below nplurals (n = 0..1000);
* header fields missing or left at the template's default value are warnings, as in msgfmt.

Beyond msgfmt: the header's Language must name the catalog's folder locale, and Plural-Forms must be the
locale's rule (CLDR, through Babel). A syntax error is not a finding here: the reader raises CatalogError,
which is bad input (exit 2), as for every command.
"""
from __future__ import annotations

import gettext
import re
from collections.abc import Iterator

from l10n.po import Entry

from .model import FileUnit, Problem

# gettext 0.21 check_header_entry(): required fields and the initial values msgfmt warns about.
HEADER_DEFAULTS = {
    "Project-Id-Version": "PACKAGE VERSION",
    "PO-Revision-Date": "YEAR-MO-DA",
    "Last-Translator": "FULL NAME",
    "Language-Team": "LANGUAGE",
    "MIME-Version": None,
    "Content-Type": "text/plain; charset=CHARSET",
    "Content-Transfer-Encoding": "ENCODING",
}
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+?)\s*;?\s*$")
_PROBE = (*range(0, 1001), 10_000, 100_000, 1_000_000, 10_000_000, 1_000_000_000)


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


# --- header --------------------------------------------------------------------------------------------

def header_problems(unit: FileUnit) -> Iterator[Problem]:
    catalog = unit.catalog
    assert catalog is not None
    metadata = catalog.metadata
    for name, default in HEADER_DEFAULTS.items():
        if name not in metadata:
            yield Problem(f"header field '{name}' missing in header", "warning", header_line(unit, name))
        elif default is not None and metadata[name].startswith(default):
            yield Problem(f"header field '{name}' still has the initial default value", "warning",
                          header_line(unit, name))
    yield from _language_problems(unit)
    yield from _plural_problems(unit)


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


def _plural_problems(unit: FileUnit) -> Iterator[Problem]:
    metadata = unit.catalog.metadata
    has_plurals = any(entry.msgid_plural is not None for entry in unit.catalog.active())
    expected = _expected_plural(unit.locale)

    def line() -> int:   # read from the file only when there is something to report
        return header_line(unit, "Plural-Forms")

    if "Plural-Forms" not in metadata:
        if has_plurals:
            yield Problem("message catalog has plural form translations, but lacks a header entry with "
                          f"'Plural-Forms' (for {unit.locale}: {expected[2]})", line=line())
        else:
            yield Problem(f"no Plural-Forms header (for {unit.locale}: {expected[2]})", "warning", line())
        return
    parsed = parse_plural_forms(metadata["Plural-Forms"])
    if parsed is None:
        yield Problem(f"Plural-Forms {metadata['Plural-Forms']!r} is not 'nplurals=N; plural=EXPRESSION;'",
                      line=line())
        return
    nplurals, expression = parsed
    forms = _evaluate(expression)
    if isinstance(forms, str):
        yield Problem(forms, line=line())
        return
    largest = max(forms)
    if largest >= nplurals:
        yield Problem(f"nplurals = {nplurals} but plural expression can produce values as large as {largest}",
                      line=line())
        return
    want_n, want_expression, want_text = expected
    if nplurals != want_n:
        yield Problem(f"Plural-Forms has nplurals={nplurals}, but {unit.locale} has {want_n} "
                      f"({want_text})", line=line())
        return
    wanted = _evaluate(want_expression)
    if isinstance(wanted, str):  # Babel's own rule never fails; nothing to compare against if it does
        return
    for n, got, want in zip(_PROBE, forms, wanted):
        if got != want:
            yield Problem(f"Plural-Forms gives form {got} for n={n}, but {unit.locale} uses form {want} "
                          f"({want_text})", line=line())
            return


def _expected_plural(locale: str) -> tuple[int, str, str]:
    from babel.messages.plurals import get_plural

    rule = get_plural(locale.replace("-", "_"))
    return rule.num_plurals, rule.plural_expr, rule.plural_forms


def _evaluate(expression: str) -> list[int] | str:
    """The form chosen for every probe value, or msgfmt's message when the expression is unusable."""
    try:
        choose = gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError):
        return f"plural expression {expression!r} is not a valid C expression"
    try:
        return [int(choose(n)) for n in _PROBE]
    except ZeroDivisionError:
        return "plural expression can produce division by zero"
    except (ValueError, TypeError, OverflowError, RecursionError):
        return f"plural expression {expression!r} cannot be evaluated"


# --- entries -------------------------------------------------------------------------------------------

def entry_problems(entry: Entry, nplurals: int | None) -> Iterator[Problem]:
    """msgfmt -c's per-message checks for one translated entry."""
    if entry.msgid_plural is not None:
        if nplurals is not None and len(entry.msgstr_plural) != nplurals:
            yield Problem(f"nplurals = {nplurals} but this message has {len(entry.msgstr_plural)} plural "
                          "form(s)", entry=entry)
        pairs = [(entry.msgid if index == 0 else entry.msgid_plural, f"msgstr[{index}]", text)
                 for index, text in sorted(entry.msgstr_plural.items())]
    else:
        pairs = [(entry.msgid, "msgstr", entry.msgstr)]
    for msgid, name, msgstr in pairs:
        if not msgstr:
            continue
        if msgid.startswith("\n") != msgstr.startswith("\n"):
            yield Problem(f"'msgid' and '{name}' entries do not both begin with '\\n'", entry=entry)
        if msgid.endswith("\n") != msgstr.endswith("\n"):
            yield Problem(f"'msgid' and '{name}' entries do not both end with '\\n'", entry=entry)
        for flag, compare in _FORMATS.items():
            if flag in entry.flags:
                # A plural form may leave out the count ("one file" for "%d file"), as msgfmt allows.
                strict = entry.msgid_plural is None
                message = compare(msgid, msgstr, strict)
                if message:
                    yield Problem(message.replace("'msgstr'", f"'{name}'"), entry=entry)


# C: %[n$][flags][width][.precision][size]conversion, with * widths taking an int argument.
_C_DIRECTIVE = re.compile(
    r"%(?:(?P<pos>[1-9]\d*)\$)?[-+ #0'I]*(?P<width>\*(?:[1-9]\d*\$)?|\d+)?"
    r"(?:\.(?P<prec>\*(?:[1-9]\d*\$)?|\d*))?(?P<size>hh|h|ll|l|L|q|j|z|Z|t)?"
    r"(?P<conv>[diouxXeEfFgGaAcCsSpnm%]|<PRI[a-zA-Z0-9]+>)")
_C_TYPES = {**dict.fromkeys("di", "int"), **dict.fromkeys("ouxX", "unsigned int"),
            **dict.fromkeys("eEfFgGaA", "double"), "c": "char", "C": "wide char", "s": "string",
            "S": "wide string", "p": "pointer", "n": "count"}
_PY_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])")
_PY_TYPES = {**dict.fromkeys("diouxX", "integer"), **dict.fromkeys("eEfFgG", "float"), "c": "character",
             **dict.fromkeys("rsa", "object")}
_BRACE_FIELD = re.compile(r"\{\{|\}\}|\{(?P<name>[^{}!:.\[]*)(?P<rest>(?:[^{}]|\{[^{}]*\})*)\}")


class _Invalid(Exception):
    pass


def _c_arguments(text: str) -> dict[int, str]:
    arguments: dict[int, str] = {}
    positional = plain = 0
    index = 0
    position = text.find("%")
    while position >= 0:
        match = _C_DIRECTIVE.match(text, position)
        if match is None:
            raise _Invalid
        conv = match.group("conv")
        if conv == "%":
            position = text.find("%", match.end())
            continue
        if match.group("pos"):
            positional += 1
        else:
            plain += 1
        for star in (match.group("width"), match.group("prec")):
            if star and star.startswith("*"):
                index += 1
                arguments[int(star[1:-1]) if star.endswith("$") else index] = "int"
        if conv != "m":
            index = int(match.group("pos")) if match.group("pos") else index + 1
            kind = conv if conv.startswith("<") else _C_TYPES[conv]
            arguments[index] = f"{match.group('size') or ''} {kind}".strip()
        position = text.find("%", match.end())
    if positional and plain:
        raise _Invalid
    return arguments


def compare_c_format(msgid: str, msgstr: str, strict: bool = True) -> str | None:
    try:
        wanted = _c_arguments(msgid)
    except _Invalid:
        return None   # msgfmt reports the msgid itself; nothing to compare against
    try:
        found = _c_arguments(msgstr)
    except _Invalid:
        return "'msgstr' is not a valid C format string, unlike 'msgid'"
    return _compare_arguments(wanted, found, strict)


def _compare_arguments(wanted: dict, found: dict, strict: bool) -> str | None:
    for key in sorted(set(wanted) | set(found), key=str):
        label = f"'{key}'" if isinstance(key, str) else f"{key}"
        if key not in found:
            if strict:
                return f"a format specification for argument {label} doesn't exist in 'msgstr'"
        elif key not in wanted:
            return f"a format specification for argument {label}, as in 'msgstr', doesn't exist in 'msgid'"
        elif wanted[key] != found[key]:
            return f"format specifications in 'msgid' and 'msgstr' for argument {label} are not the same"
    return None


def _python_arguments(text: str) -> dict[int | str, str]:
    arguments: dict[int | str, str] = {}
    named = plain = 0
    position = text.find("%")
    while position >= 0:
        match = _PY_DIRECTIVE.match(text, position)
        if match is None:
            raise _Invalid
        conv = match.group("conv")
        if conv != "%":
            if match.group("name") is not None:
                named += 1
                arguments[match.group("name")] = _PY_TYPES[conv]
            else:
                for star in (match.group("width"), match.group("prec")):
                    if star == "*":
                        plain += 1
                        arguments[plain] = "integer"
                plain += 1
                arguments[plain] = _PY_TYPES[conv]
        position = text.find("%", match.end())
    if named and plain:
        raise _Invalid
    return arguments


def compare_python_format(msgid: str, msgstr: str, strict: bool = True) -> str | None:
    try:
        wanted = _python_arguments(msgid)
    except _Invalid:
        return None
    try:
        found = _python_arguments(msgstr)
    except _Invalid:
        return "'msgstr' is not a valid Python format string, unlike 'msgid'"
    return _compare_arguments(wanted, found, strict)


def _brace_arguments(text: str) -> dict[int | str, str]:
    arguments: dict[int | str, str] = {}
    automatic = 0
    for match in _BRACE_FIELD.finditer(text):
        name = match.group("name")
        if name is None:
            continue
        if name == "":
            name = automatic
            automatic += 1
        elif name.isdigit():
            name = int(name)
        arguments[name] = "field"
    return arguments


def compare_python_brace_format(msgid: str, msgstr: str, strict: bool = True) -> str | None:
    return _compare_arguments(_brace_arguments(msgid), _brace_arguments(msgstr), strict)


_FORMATS = {
    "c-format": compare_c_format,
    "python-format": compare_python_format,
    "python-brace-format": compare_python_brace_format,
}

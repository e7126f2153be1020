"""Format strings as GNU gettext 0.21 parses them: ``c-format``, ``python-format``, ``python-brace-format``.

Ports of ``format-c-parse.h``, ``format-python.c`` and ``format-python-brace.c``. Two users: the validity
check compares the arguments of a msgid and its translation (as ``msgfmt -c``), and the writer keeps every
directive on one line (as ``write-po.c``, which forbids a line break inside a directive). Each parser returns
what gettext compares and raises :class:`InvalidFormat` with gettext's reason for a string that is not a
valid format string; given a ``spans`` list it also records the ``(first, last)`` index of every directive
parsed before the first error, which is what gettext marks.

The one deliberate difference: with ``auto_numbered`` (the default), ``{}`` fields of python-brace-format
are numbered as Python 3.1+ and gettext 0.26+ number them, where gettext 0.21 calls the string invalid. The
writer passes ``auto_numbered=False``, so it wraps exactly as 0.21's msgcat.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FORMAT_PARSERS", "InvalidFormat", "PythonArguments", "checked_format_languages",
           "directive_spans", "parse_c_format", "parse_python_brace_format", "parse_python_format"]

Spans = list[tuple[int, int]]


class InvalidFormat(Exception):
    """Not a valid format string of the language; the text is gettext's reason. ``mark``: for
    python-brace-format, the byte offset gettext 0.21 records the error at (see :func:`directive_spans`)."""

    def __init__(self, reason: str, mark: int | None = None) -> None:
        super().__init__(reason)
        self.mark = mark


# --- C: %[n$][flags][width][.precision][size]conversion, or %[n$]...<PRI...> ---------------------------

_C_SIZES = {"hh": "char", "h": "short", "l": "long", "ll": "long long", "L": "long long", "q": "long long",
            "j": "intmax_t", "z": "size_t", "Z": "size_t", "t": "ptrdiff_t"}
_C_DIRECTIVE = re.compile(
    r"%(?:(?P<pos>\d+)\$)?(?P<flags>[-+ #0'I]*)"
    r"(?P<width>\*(?:\d+\$)?|\d+)?(?:\.(?P<prec>\*(?:\d+\$)?|\d*))?"
    r"(?:<(?P<macro>[^>]*)>|(?P<size>[hlLqjzZt]*)(?P<conv>.?))", re.DOTALL)
_C_MACRO = re.compile(r"PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))")
_MIXES_NUMBERED = ("The string refers to arguments both through absolute argument numbers and through "
                   "unnumbered argument specifications.")


def _c_size(size: str) -> str:
    """The size gettext records for a run of length modifiers (the last wins; hh and ll double up)."""
    result = ""
    for modifier in size:
        if modifier == "h":
            result = "char" if result in ("short", "char") else "short"
        elif modifier == "l":
            result = "long long" if result in ("long", "long long") else "long"
        else:
            result = _C_SIZES[modifier]
    return result


def _bad_conversion(conv: str, number: int) -> InvalidFormat:
    if conv == "":
        return InvalidFormat("The string ends in the middle of a directive.")
    if conv.isprintable():
        return InvalidFormat(f"In the directive number {number}, the character '{conv}' is not a valid "
                             "conversion specifier.")
    return InvalidFormat(f"The character that terminates the directive number {number} is not a valid "
                         "conversion specifier.")


def _c_type(conv: str, size: str, number: int) -> str | None:
    """The argument type of a conversion as gettext compares them; None for %% and %m (no argument)."""
    wide = size in ("long", "long long")
    if conv and conv in "%m":
        return None
    if conv and conv in "cC":
        return "wide char" if conv == "C" or wide else "char"
    if conv and conv in "sS":
        return "wide string" if conv == "S" or wide else "string"
    if conv and conv in "di":
        return f"{size} int".strip()
    if conv and conv in "ouxX":
        return " ".join(("unsigned", size, "int")).replace("  ", " ")
    if conv and conv in "eEfFgGaA":
        return "long double" if size == "long long" else "double"
    if conv == "p":
        return "pointer"
    if conv == "n":
        return f"{size} count pointer".strip()
    raise _bad_conversion(conv, number)


def parse_c_format(text: str, translated: bool = False, spans: Spans | None = None,
                   auto_numbered: bool = True) -> list[str]:
    """The argument types of a C format string in argument order (``%2$s %1$d`` gives int, string)."""
    numbered: list[tuple[int, str]] = []
    unnumbered: list[str] = []

    def add(number: int | None, kind: str) -> None:
        if number:
            if unnumbered:
                raise InvalidFormat(_MIXES_NUMBERED)
            numbered.append((number, kind))
        else:
            if numbered:
                raise InvalidFormat(_MIXES_NUMBERED)
            unnumbered.append(kind)

    directives = 0
    position = text.find("%")
    while position >= 0:
        directives += 1
        match = _C_DIRECTIVE.match(text, position)
        if match["pos"] is not None and int(match["pos"]) == 0:
            raise InvalidFormat(f"In the directive number {directives}, the argument number 0 is not a "
                                "positive integer.")
        if "I" in match["flags"] and not translated:
            raise _bad_conversion("I", directives)   # the I flag is glibc's, for translations only
        for star, what in ((match["width"], "width"), (match["prec"], "precision")):
            if star and star.startswith("*"):
                number = int(star[1:-1]) if star.endswith("$") else None
                if number == 0:
                    raise InvalidFormat(f"In the directive number {directives}, the argument number 0 for "
                                        f"the {what} is not a positive integer.")
                add(number, "int")
        if match["macro"] is not None:
            macro = _C_MACRO.fullmatch(match["macro"])
            if macro is None:
                raise InvalidFormat(f"In the directive number {directives}, the token after '<' is not the "
                                    "name of a format specifier macro. The valid macro names are listed in "
                                    "ISO C 99 section 7.8.1.")
            kind: str | None = f"{'unsigned ' if macro[1] in 'ouxX' else ''}{macro[2]} int"
        else:
            kind = _c_type(match["conv"], _c_size(match["size"]), directives)
        if kind is not None:
            add(int(match["pos"]) if match["pos"] else None, kind)
        if spans is not None:
            spans.append((position, match.end() - 1))
        position = text.find("%", match.end())
    if not numbered:
        return unnumbered
    types: dict[int, str] = {}
    for number, kind in sorted(numbered):
        if types.setdefault(number, kind) != kind:
            raise InvalidFormat(f"The string refers to argument number {number} in incompatible ways.")
    for expected, number in enumerate(sorted(types), start=1):
        if number != expected:
            raise InvalidFormat(f"The string refers to argument number {number} but ignores argument "
                                f"number {expected}.")
    return [types[number] for number in sorted(types)]


# --- Python %: %[(name)][flags][width][.precision][h|l|L]conversion ------------------------------------

_PY_TYPES = {**dict.fromkeys("diouxX", "integer"), **dict.fromkeys("eEfgG", "float"), "c": "character",
             **dict.fromkeys("sr", "string"), "%": None}
_MIXES_NAMED = ("The string refers to arguments both through argument names and through unnamed argument "
                "specifications.")


@dataclass(frozen=True)
class PythonArguments:
    """What a python-format string takes: a mapping (``named``) or a tuple (``unnamed``), by type; the
    type "any" is ``%.0s``, which accepts anything."""

    named: dict[str, str | None]
    unnamed: list[str]


def parse_python_format(text: str, translated: bool = False, spans: Spans | None = None,
                        auto_numbered: bool = True) -> PythonArguments:
    named: list[tuple[str, str | None]] = []
    unnamed: list[str] = []
    directives = 0
    length = len(text)
    position = 0
    while (position := text.find("%", position)) >= 0:
        directives += 1
        start = position
        position += 1
        name = None
        if position < length and text[position] == "(":
            depth = 0
            name_start = position = position + 1
            while position < length and (text[position] != ")" or depth):
                depth += {"(": 1, ")": -1}.get(text[position], 0)
                position += 1
            if position >= length:
                raise InvalidFormat("The string ends in the middle of a directive.")
            name = text[name_start:position]
            position += 1
        while position < length and text[position] in "-+ #0":
            position += 1
        zero_precision = False
        if position < length and text[position] == "*":
            position += 1
            if named:
                raise InvalidFormat(_MIXES_NAMED)
            unnamed.append("integer")
        else:
            while position < length and text[position].isdigit():
                position += 1
        if position < length and text[position] == ".":
            position += 1
            if position < length and text[position] == "*":
                position += 1
                if named:
                    raise InvalidFormat(_MIXES_NAMED)
                unnamed.append("integer")
            elif position < length and text[position].isdigit():
                digits = position
                while position < length and text[position].isdigit():
                    position += 1
                zero_precision = set(text[digits:position]) == {"0"}
        if position < length and text[position] in "hlL":
            position += 1
        conv = text[position] if position < length else ""
        if conv not in _PY_TYPES or conv == "":
            raise _bad_conversion(conv, directives)
        kind = "any" if conv in "sr" and zero_precision else _PY_TYPES[conv]
        if name is not None:
            if unnamed:
                raise InvalidFormat(_MIXES_NAMED)
            named.append((name, kind))
        elif conv != "%":
            if named:
                raise InvalidFormat(_MIXES_NAMED)
            unnamed.append(kind)
        if spans is not None:
            spans.append((start, position))
        position += 1
    merged: dict[str, str | None] = {}
    for name, kind in named:   # after the loop, as gettext sorts and merges names once all are read
        if name not in merged or merged[name] == "any":
            merged[name] = kind
        elif kind != merged[name] and kind != "any":
            raise InvalidFormat(f"The string refers to the argument named '{name}' in incompatible ways.")
    return PythonArguments(merged, unnamed)


# --- Python str.format: {name[.attr|[key]]...[:spec]}; the argument is all the text between the braces, so
# {0} and {0:>5} are two arguments, as gettext 0.21 counts them ------------------------------------------

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_NUMBER = re.compile(r"[0-9]+")
_STANDARD_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?#?0?[0-9]*(?:\.[0-9]*)?[bcdoxXneEfFgG%]?", re.DOTALL)


def parse_python_brace_format(text: str, translated: bool = False, spans: Spans | None = None,
                              auto_numbered: bool = True) -> set[str | int]:
    """The argument names of a python-brace-format string: numbers for ``{0}`` (and ``{}``), else text."""
    names: set[str | int] = set()
    automatic = numbered = 0
    length = len(text)
    directives = 0

    def char_at(index: int) -> str:
        return text[index] if index < length else "\\0"

    def field(start: int, toplevel: bool) -> int:
        """Parse the field whose "{" is at ``start``; the index after its "}"."""
        nonlocal directives, automatic, numbered

        def invalid(reason: str, mark: int) -> InvalidFormat:
            return InvalidFormat(reason, len(text[start:mark].encode("utf-8")))

        at = name_start = start + 1
        match = _IDENTIFIER.match(text, at) or _NUMBER.match(text, at)
        auto = match is None and auto_numbered and toplevel and char_at(at) in (":", "}")
        if match is None and not auto:
            raise invalid(f"In the directive number {directives}, '{char_at(at)}' cannot start a field name.", at)
        if match is not None:
            numbered += match[0][0].isdigit()
            at = match.end()
        else:
            automatic += 1
        while char_at(at) in (".", "["):
            opener = text[at]
            part = _IDENTIFIER.match(text, at + 1) if opener == "." else (
                _IDENTIFIER.match(text, at + 1) or _NUMBER.match(text, at + 1))
            if part is None:
                what = "getattr" if opener == "." else "getitem"
                raise invalid(f"In the directive number {directives}, '{char_at(at + 1)}' cannot start a "
                              f"{what} argument.", at + 1)
            at = part.end()
            if opener == "[":
                if char_at(at) != "]":
                    raise invalid("The string ends in the middle of a directive.", at + 1)
                at += 1
        if char_at(at) == ":":
            if not toplevel:
                raise invalid(f"In the directive number {directives}, no more nesting is allowed in a format "
                              "specifier.", at)
            at += 1
            at = field(at, False) if char_at(at) == "{" else _STANDARD_SPEC.match(text, at).end()
            if char_at(at) != "}":
                raise invalid("The string ends in the middle of a directive.", at)
        if char_at(at) != "}":
            raise invalid(f"In the directive number {directives}, there is an unterminated format directive.", at)
        if toplevel:
            directives += 1
            name = text[name_start:at]
            names.add(automatic - 1 if auto else int(name) if name.isdigit() else name)
            if spans is not None:
                spans.append((start, at))
        return at + 1

    position = 0
    while (position := text.find("{", position)) >= 0:
        if text.startswith("{{", position):
            position += 2
            continue
        position = field(position, True)
    if automatic and numbered:
        raise InvalidFormat("The string refers to arguments both through absolute argument numbers and "
                            "through unnamed argument specifications.")
    return names


FORMAT_PARSERS = {
    "c": parse_c_format,
    "python": parse_python_format,
    "python-brace": parse_python_brace_format,
}
"""The format languages whose grammar we know, in gettext's order of format languages."""

# gettext 0.21's format_language[]: the order in which it reads, checks and prints *-format flags.
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
    "gfc-internal", "ycp",
)


def format_states(flags: list[str]) -> dict[str, str]:
    """By format language, the last qualifier its flags give: "" (``x-format``), "possible-", "no-" or
    "impossible-", as gettext's flag reader keeps them."""
    states: dict[str, str] = {}
    for flag in flags:
        if "-format" not in flag:
            continue
        for token in flag.split(","):
            name = token.strip().removesuffix("-format")
            if name == token.strip():
                continue
            qualifier = next((q for q in ("no-", "possible-", "impossible-") if name.startswith(q)), "")
            language = name[len(qualifier):]
            if language in _LANGUAGE_SET:
                states[language] = qualifier
    return states


_LANGUAGE_SET = frozenset(FORMAT_LANGUAGES)
_LANGUAGE_INDEX = {language: index for index, language in enumerate(FORMAT_LANGUAGES)}


def checked_format_languages(flags: list[str]) -> list[str]:
    """The languages gettext treats an entry as a format string of (``x-format`` or ``possible-x-format``),
    in gettext's order; msgfmt -c checks each, the writer protects the directives of the first."""
    if not flags:
        return []
    states = format_states(flags)
    return sorted((language for language, qualifier in states.items() if qualifier in ("", "possible-")),
                  key=_LANGUAGE_INDEX.__getitem__)


def directive_spans(text: str, language: str, translated: bool) -> Spans:
    """``(first, last)`` indices of the directives gettext 0.21 finds in ``text`` (up to its first error),
    for the writer; nothing for a language whose grammar we do not know."""
    parse = FORMAT_PARSERS.get(language)
    spans: Spans = []
    if parse is None or not text:
        return spans
    try:
        parse(text, translated, spans, False)
    except InvalidFormat as invalid:
        if language == "python-brace":
            return _brace_marks_of_gettext_021(text, spans, invalid.mark)
    else:
        if language == "python-brace":
            return _brace_marks_of_gettext_021(text, spans, None)
    return spans


def _brace_marks_of_gettext_021(text: str, spans: Spans, error: int | None) -> Spans:
    """What write-po.c protects in a python-brace-format string: gettext 0.21's parser records each
    directive's marks counted from the directive's own "{" instead of from the string's start (a bug,
    fixed later), so the protected bytes are 1..n at the start of the string, n+1 the shortest directive's
    byte length; none when an error is recorded before that."""
    if not spans:
        return []
    end = min(len(text[first:last + 1].encode("utf-8")) for first, last in spans) - 1
    if error is not None and error <= end:
        return []
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + len(char.encode("utf-8")))
    last = max(index for index in range(len(text)) if offsets[index] <= end)
    return [(0, last)]

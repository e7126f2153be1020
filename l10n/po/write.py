"""Write gettext PO/POT catalogs, byte-identical to what GNU ``msgcat`` prints.

Writing (``format_catalog``) reproduces ``write-po.c`` of GNU gettext 0.21 and the line breaking of
libunistring 1.0 (``ulc_width_linebreaks_v2``), the pair in Debian 12's ``msgcat``:

* A string that fits goes on the keyword line; otherwise the keyword line is ``msgid ""`` and every
  continuation line, quotes included, is at most ``width`` columns. A string is first cut after
  every ``\n``; each piece is then filled greedily at UAX #14 break opportunities, measured in
  display columns (East Asian Wide/Fullwidth count 2, combining marks 0).
* Break opportunities are libunistring 1.0's: the UAX #14 pair table with its deviation at (IS, AL),
  which allows a break in ``太響,Sora`` where rule LB29 forbids it. Breaking runs on the escaped
  text, so ``\"`` or ``\n`` is never split, and a trailing space stays at the end of its line and
  counts towards its width. Only ``\a \b \f \n \r \t \v \\ \"`` are escaped; every other
  control character is written raw, as gettext writes it.
* ``#:`` lines are filled by byte length; ``./`` prefixes are dropped, line numbers printed as plain
  integers, and a repeated file:line written once.
* Flags come in gettext's order (``fuzzy``, ``*-format``, ``range:``, ``no-wrap``); ``wrap`` and
  ``*-check`` flags are dropped as gettext drops them. ``fuzzy`` is not written on an entry whose
  (first) msgstr is empty, and an obsolete entry without translation is not written at all: msgcat
  does the same, so what we write goes through msgcat unchanged.

* In an entry flagged ``c-format``, ``python-format`` or ``python-brace-format`` (the first such flag,
  as gettext), no line break goes inside a format directive (``15% faster`` is the python-format
  directive ``% f``), as write-po.c forbids; for other format languages we know no grammar and do not.

Deliberate differences from msgcat: unknown ``#,`` flags (say ``l10n-ignore-numbers``) are kept,
after the known ones, where msgcat drops them. Newer gettext/libunistring pairs (Debian 13) break some
lines differently.
"""
from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Iterator
from pathlib import Path

from l10n.fsutil import atomic_write_pieces

from .formats import FORMAT_LANGUAGES, checked_format_languages, directive_spans
from .linebreak import (COMMON_NARROW, COMMON_WIDE, _CHAR_WIDTH, _MANDATORY_BREAK, _may_break_before, break_points,
                        common_break_points, common_high_bytes, common_width, display_width)
from .model import REFERENCE_SEPARATORS, Catalog, Entry, header_fields, parse_flags

__all__ = ["PAGE_WIDTH", "PrintedTemplate", "adopt_layouts", "format_catalog", "print_template", "printed_entries",
           "printed_template", "prints_plainly",
           "write_catalog"]

PAGE_WIDTH = 79
"""gettext's default page width (``msgcat -w``)."""


_ESCAPES = str.maketrans({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                          "\v": "\\v", "\\": "\\\\", '"': '\\"'})
_ESCAPE_PAIR = re.compile(r"\\.")
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_ESCAPED_CHARS = frozenset('\a\b\f\n\r\t\v\\"')
_NO_WRAP_WIDTH = 2**31 - 1  # gettext's INT_MAX

_FORMAT_LANGUAGES = FORMAT_LANGUAGES   # gettext's order, in which "#," prints *-format flags
_FORMAT_INDEX = {language: index for index, language in enumerate(_FORMAT_LANGUAGES)}
_SYNTAX_CHECKS = frozenset({"ellipsis-unicode", "space-ellipsis", "quote-unicode", "bullet-unicode"})
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
_REFERENCE_WITH_LINE = re.compile(r"(.+):([0-9]+)")
_NPLURALS = re.compile(r"nplurals\s*=\s*([0-9]+)")
_HAS_SEPARATOR = re.compile(r"[ \t\n]")   # REFERENCE_SEPARATORS


def _split_portions(value: str) -> list[str]:
    """Cut after every newline, as gettext does before wrapping; an empty string is one portion."""
    if "\n" not in value:
        return [value]
    pieces = value.split("\n")
    portions = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        portions.append(pieces[-1])
    return portions


def _escape(text: str) -> str:
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


def _portion_breaks(portion: str, escaped: str, escaped_width: int, width: int,
                    start_column: int, inside_directives: set[int] = frozenset()) -> list[int]:
    """Where to break one portion. ``inside_directives``: indices of ``portion`` inside a format
    directive (not its first character), before which gettext allows no break."""
    if start_column + escaped_width <= width:
        return []  # fits: the greedy filler never breaks
    prohibited = _inside_escapes(portion, escaped)
    if len(escaped) > len(portion):
        if inside_directives:
            at = [0] * (len(portion) + 1)   # index in the escaped text of each character of the portion
            for index, char in enumerate(portion):
                at[index + 1] = at[index] + (2 if char in _ESCAPED_CHARS else 1)
            prohibited |= {at[index] for index in inside_directives}
    else:
        prohibited = set(inside_directives)
    return break_points(escaped, prohibited, width, start_column)


def _inside_escapes(portion: str, escaped: str) -> set[int]:
    """Indices of ``escaped`` before which no break goes: inside an escape sequence, and just before the
    ``\\n`` that ends a portion."""
    if len(escaped) == len(portion):
        return set()
    prohibited = {match.start() + 1 for match in _ESCAPE_PAIR.finditer(escaped)}
    if portion.endswith("\n"):
        prohibited.add(len(escaped) - 2)
    return prohibited


def _inside_directives(value: str, start: int, end: int, spans: list[tuple[int, int]]) -> set[int]:
    """The indices of ``value[start:end]``, counted from ``start``, that continue a format directive."""
    return {index - start for first, last in spans for index in range(max(first + 1, start), min(last + 1, end))}


@functools.lru_cache(maxsize=256)
def _format_string(prefix: str, keyword: str, value: str, page_width: int, wrap: bool,
                   language: str | None = None) -> list[str]:
    """The lines of ``keyword "value"`` as gettext's ``wrap()`` in write-po.c prints them; with the
    entry's (first) format ``language``, no line breaks inside its directives, as gettext.

    Remembered (callers only read the list), but only the last few hundred: strings that did not change are
    reused from their layout (``Entry.layout``) and a locale's catalog takes its msgids' lines from its template
    (:class:`PrintedTemplate`), so what reaches here is mostly new text, printed once. Merging real history
    (bench (c)) called it 17,228 times with 4,174 hits, and a cache of 4,096 kept 5 MiB of strings alive."""
    indent_after_break = len(prefix) + 1  # the prefix and the opening quote
    width = (page_width if wrap else _NO_WRAP_WIDTH) - 1 - indent_after_break  # room for the closing quote
    portions = _split_portions(value)
    spans = directive_spans(value, language, keyword.startswith("msgstr")) if language else []
    if len(portions) == 1:
        # On the keyword line, unless breaking from there would cut the string.
        escaped = _escape(value)
        escaped_width = display_width(escaped)
        keyword_column = len(keyword) + 1
        if keyword_column + escaped_width <= width:
            return [f'{prefix}{keyword} "{escaped}"']
        inside = _inside_directives(value, 0, len(value), spans) if spans else frozenset()
        breaks = _portion_breaks(value, escaped, escaped_width, width, 0, inside)
        # No break from column 0 can still mean one from the keyword's column (and vice versa not).
        if not breaks and (keyword_column > width or not _portion_breaks(
                value, escaped, escaped_width, width, keyword_column, inside)):
            return [f'{prefix}{keyword} "{escaped}"']
        return [f'{prefix}{keyword} ""', *_cut_lines(prefix, escaped, breaks)]
    lines = [f'{prefix}{keyword} ""']
    start = 0
    for portion in portions:
        escaped = _escape(portion)
        inside = _inside_directives(value, start, start + len(portion), spans) if spans else frozenset()
        breaks = _portion_breaks(portion, escaped, display_width(escaped), width, 0, inside)
        lines += _cut_lines(prefix, escaped, breaks)
        start += len(portion)
    return lines


def _cut_lines(prefix: str, escaped: str, breaks: list[int]) -> list[str]:
    cuts = [0, *breaks, len(escaped)]
    return [f'{prefix}"{escaped[start:end]}"' for start, end in zip(cuts, cuts[1:])]


@functools.lru_cache(maxsize=1024)
def _canonical_flags(flags: tuple[str, ...], obsolete: bool, show_fuzzy: bool) -> tuple[str, ...]:
    """Flags in the order and spelling gettext writes them, then our own flags in their order (remembered:
    a catalog has few distinct flag lines)."""
    tokens = parse_flags(" ".join(flags))
    fuzzy = False
    formats: dict[int, str] = {}  # language index -> "", "no-", "possible-" or "impossible-"
    value_range: tuple[int, int] | None = None
    no_wrap = False
    custom: list[str] = []
    for token in tokens:
        name = token.removesuffix("-format")
        qualifier = next((q for q in ("no-", "possible-", "impossible-") if name.startswith(q)), "")
        language = _FORMAT_INDEX.get(name[len(qualifier):]) if name != token else None
        bounds = _RANGE.fullmatch(token.removeprefix("range: "))
        if token == "fuzzy":
            fuzzy = True
        elif language is not None:
            formats[language] = qualifier
        elif token.startswith("range: ") and bounds and int(bounds[1]) <= int(bounds[2]):
            value_range = (int(bounds[1]), int(bounds[2]))
        elif token in ("wrap", "no-wrap"):
            no_wrap = token == "no-wrap"
        elif token.endswith("-check") and token.removeprefix("no-")[: -len("-check")] in _SYNTAX_CHECKS:
            pass  # gettext 0.21 reads these but never writes them
        elif token not in custom:
            custom.append(token)
    written = ["fuzzy"] if fuzzy and show_fuzzy else []
    for language in sorted(formats):
        if formats[language] != "impossible-":
            written.append(f"{'no-' if formats[language] == 'no-' else ''}{_FORMAT_LANGUAGES[language]}-format")
    if value_range is not None and not obsolete:
        written.append(f"range: {value_range[0]}..{value_range[1]}")
    if no_wrap:
        written.append("no-wrap")
    return tuple(written + custom)


@functools.lru_cache(maxsize=1024)
def _wraps(flags: tuple[str, ...]) -> bool:
    """False when the last of ``wrap``/``no-wrap`` is ``no-wrap``: then strings are cut only at \\n."""
    tokens = parse_flags(" ".join(flags))
    for token in reversed(tokens):
        if token in ("wrap", "no-wrap"):
            return token == "wrap"
    return True


def _reference_key(token: str) -> tuple[str, int | None]:
    match = _REFERENCE_WITH_LINE.fullmatch(token)
    return (match[1], int(match[2])) if match else (token, None)


def _reference_lines(references: list[str], page_width: int) -> list[str]:
    """``#:`` lines as gettext prints them: filled up to ``page_width`` bytes, ``./`` prefixes
    dropped, line numbers as plain integers, a repeated file:line written once."""
    if len(references) == 1:
        # The common case, one file:line already in gettext's spelling: the first reference never wraps.
        token = references[0]
        match = _REFERENCE_WITH_LINE.fullmatch(token)
        if (not token.startswith("./") and not _HAS_SEPARATOR.search(token)
                and (match is None or match[2] == str(int(match[2])))):
            return [f"#: {token}"]
    lines: list[str] = []
    line = "#:"
    column = 2
    seen: set[tuple[str, int | None]] = set()
    for token in references:
        for part in REFERENCE_SEPARATORS.split(token):
            key = _reference_key(part)
            if not part or key in seen:
                continue
            seen.add(key)
            name, number = key
            while name.startswith("./"):
                name = name[2:]
            reference = name if number is None else f"{name}:{number}"
            length = len(reference.encode("utf-8")) + 1
            if column > 2 and column + length > page_width:
                lines.append(line)
                line = "#:"
                column = 2
            line += " " + reference
            column += length
    if column > 2:
        lines.append(line)
    return lines


def _comment_lines(marker: str, comments: list[str]) -> list[str]:
    lines = []
    for comment in comments:
        # gettext writes "#" + " " + text, a bare "#" for an empty comment, one line per "\n".
        rest = comment
        while True:
            newline = rest.find("\n")
            piece = rest if newline < 0 else rest[:newline]
            lines.append(f"{marker} {piece}" if rest else marker)
            if newline < 0:
                break
            rest = rest[newline + 1:]
    return lines


def _plural_forms(entry: Entry, nplurals: int) -> list[str]:
    if not entry.msgstr_plural:
        return [""] * nplurals
    return [entry.msgstr_plural.get(index, "") for index in range(max(entry.msgstr_plural) + 1)]


def _entry_parts(entry: Entry, page_width: int, nplurals: int
                 ) -> tuple[list[str], list[tuple[str, str, str]], bool, str | None]:
    """What one message prints as ``message_print``/``message_print_obsolete`` do: its comment, reference and
    flag lines, then the strings as (prefix, keyword, value), with whether they wrap and the format language
    that protects directives."""
    forms = _plural_forms(entry, nplurals) if entry.msgid_plural is not None else [entry.msgstr]
    lines = _comment_lines("#", entry.translator_comments) if entry.translator_comments else []
    if entry.extracted_comments:
        lines += _comment_lines("#.", entry.extracted_comments)
    if entry.references:
        lines += _reference_lines(entry.references, page_width)
    wrap, language = True, None
    if entry.flags:
        flag_tuple = tuple(entry.flags)
        flags = _canonical_flags(flag_tuple, entry.obsolete, entry.obsolete or forms[0] != "")
        if flags:
            lines.append("#, " + ", ".join(flags))
        wrap = _wraps(flag_tuple)
        if "-format" in str(entry.flags):
            language = next(iter(checked_format_languages(entry.flags)), None)
    prefix = "#~ " if entry.obsolete else ""
    previous_prefix = "#~| " if entry.obsolete else "#| "
    strings = [(previous_prefix, keyword, value) for keyword, value in (
        ("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural)) if value is not None]
    if entry.msgctxt is not None:
        strings.append((prefix, "msgctxt", entry.msgctxt))
    strings.append((prefix, "msgid", entry.msgid))
    if entry.msgid_plural is None:
        strings.append((prefix, "msgstr", entry.msgstr))
    else:
        strings.append((prefix, "msgid_plural", entry.msgid_plural))
        strings += [(prefix, f"msgstr[{index}]", form) for index, form in enumerate(forms)]
    return lines, strings, wrap, language


# ---------------------------------------------------------------------------------------------- layouts
# An entry read from a file keeps the lines of its strings (Entry.layout). Writing it again, its comment,
# reference and flag lines are printed as always (they are cheap, and line numbers move with every edit), and
# the string lines are checked to be what _format_string would print: every break an opportunity, no later
# opportunity within the width, instead of searching for them. What the check cannot decide quickly is
# formatted and compared.

def adopt_layouts(catalog: Catalog, previous: Catalog) -> None:
    """Give each entry of ``catalog`` without a layout the layout of ``previous``'s entry with the same key:
    after a merge most strings print exactly as they did, and the writer checks that they still do."""
    layouts = {entry.key: entry.layout for entry in previous.entries
               if entry.layout is not None and not entry.obsolete}
    if not layouts:
        return
    for entry in catalog.entries:
        if entry.layout is None and not entry.obsolete:
            entry.layout = layouts.get(entry.key)


def _entry_text(entry: Entry, page_width: int, nplurals: int) -> str:
    head, strings = _entry_pieces(entry, page_width, nplurals)
    return head + strings


def _entry_pieces(entry: Entry, page_width: int, nplurals: int) -> tuple[str, str]:
    """The entry's comment, reference and flag lines, and its string lines (each newline-terminated)."""
    return _plain_entry_pieces(entry, page_width) or _general_entry_pieces(entry, page_width, nplurals)


# The commonest entry, a msgid and its msgstr with comments, a reference and perhaps "fuzzy" (every entry of a
# drafted catalog), is printed in fewer steps: nothing in it needs escaping, directives, portions or
# the layout check. _general_entry_pieces is what it must equal (tests/po/test_write.py).
_PLAIN_STRING = re.compile("[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e" + COMMON_WIDE + COMMON_NARROW + "]*")   # no " nor \\
_NOT_AS_PRINTED = re.compile(r"\A\./|[ \t\n]|:0[0-9]+\Z")   # what _reference_lines would respell or split


def _respelled(reference: str) -> bool:
    """Whether :data:`_NOT_AS_PRINTED` finds something in ``reference``, searched only where one of its branches
    can match: the search tries every position (~7k instructions a reference), the literal tests cost ~1k."""
    return ((reference.startswith("./") or ":0" in reference or " " in reference or "\t" in reference
             or "\n" in reference) and _NOT_AS_PRINTED.search(reference) is not None)


def prints_plainly(entry: Entry) -> bool:
    """Whether the writer prints ``entry`` by its short path (one msgid and its msgstr, both
    :data:`_PLAIN_STRING` text, no context, plural or previous strings, no flag but ``fuzzy``, one-line
    comments, at most one reference in gettext's spelling), which formats its strings without looking at the
    lines they were read with: a caller need not read those lines for it."""
    flags, references = entry.flags, entry.references
    if (entry.msgctxt is not None or entry.msgid_plural is not None or entry.obsolete
            or entry.previous_msgid is not None or entry.previous_msgctxt is not None
            or entry.previous_msgid_plural is not None or (flags and flags != ["fuzzy"])
            or len(references) > 1 or (references and (_respelled(references[0])
                                                       or references[0].endswith("\\")))):
        return False
    if not _PLAIN_STRING.fullmatch(entry.msgid) or not _PLAIN_STRING.fullmatch(entry.msgstr):
        return False
    for comments in (entry.translator_comments, entry.extracted_comments):
        for comment in comments:
            if "\n" in comment or comment.endswith("\\"):
                return False
    return True


def _plain_entry_pieces(entry: Entry, page_width: int) -> tuple[str, str] | None:
    """_general_entry_pieces of an entry that :func:`prints_plainly`; None for any other entry."""
    if not prints_plainly(entry):
        return None
    lines = []
    for marker, comments in (("#", entry.translator_comments), ("#.", entry.extracted_comments)):
        for comment in comments:
            lines.append(f"{marker} {comment}" if comment else marker)
    if entry.references:
        lines.append(f"#: {entry.references[0]}")
    if entry.flags and entry.msgstr:
        lines.append("#, fuzzy")
    width = page_width - 2   # room for the quotes
    head = "\n".join(lines) + "\n" if lines else ""
    return head, _plain_string_lines("msgid", entry.msgid, width) + _plain_string_lines("msgstr", entry.msgstr, width)


def _plain_string_lines(keyword: str, value: str, width: int) -> str:
    """_format_string("", keyword, value, ...) of :data:`_PLAIN_STRING` text, as newline-terminated text."""
    high = common_high_bytes(value)
    value_width = common_width(value, high)
    keyword_column = len(keyword) + 1
    if keyword_column + value_width <= width:
        return f'{keyword} "{value}"\n'
    if value_width <= width:
        # It fits a line but not after the keyword, where the filler breaks it if it can break it anywhere.
        if keyword_column > width or not any(_may_break_before(value, index) for index in range(1, len(value))):
            return f'{keyword} "{value}"\n'
        return f'{keyword} ""\n"{value}"\n'
    breaks = common_break_points(value, width, 0, high)
    if not breaks and (keyword_column > width or not common_break_points(value, width, keyword_column, high)):
        return f'{keyword} "{value}"\n'
    cuts = [0, *breaks, len(value)]
    return f'{keyword} ""\n' + "".join([f'"{value[start:end]}"\n' for start, end in zip(cuts, cuts[1:])])


def _general_entry_pieces(entry: Entry, page_width: int, nplurals: int) -> tuple[str, str]:
    """:func:`_entry_pieces` of any entry."""
    _check_representable(entry)
    lines, strings, wrap, language = _entry_parts(entry, page_width, nplurals)
    _check_comment_ends(entry, lines)
    head = "\n".join(lines) + "\n" if lines else ""
    layout = entry.layout
    reused, length = _layout_prefix(layout, strings, page_width, wrap, language) if layout is not None else (0, 0)
    if reused == len(strings):
        return head, layout[:length]
    # A draft changes only msgstr: its msgid lines as read are kept, and only what changed is formatted.
    printed = [layout[:length - 1]] if reused else []
    for prefix, keyword, value in strings[reused:]:
        printed += _format_string(prefix, keyword, value, page_width, wrap, language)
    return head, "\n".join(printed) + "\n"


def _check_comment_ends(entry: Entry, lines: list[str]) -> None:
    if any(line.endswith("\\") for line in lines):  # only comment lines can: strings end in "
        raise ValueError(f"entry {entry.msgid[:40]!r} has a comment ending with a backslash, "
                         "which gettext would join with the next line")


# ---------------------------------------------------------------------------------------------- templates
# A locale's catalog is made of its template's entries: the same extracted comments, references, msgctxt and
# msgid, in the same order. Printing it after the template, an entry that still has exactly those (and no
# previous strings, no flag that changes wrapping) is the template's lines for them plus its own translator
# comments, flags and msgstr: the msgid is neither formatted nor checked again.

_EMPTY_MSGSTR = 'msgstr ""\n'


class PrintedTemplate:
    """A template as format_catalog printed it: its text, and where each entry's lines are in it (counted
    from the end of the text, so a header rewritten afterwards, say a new date, leaves them valid)."""

    __slots__ = ("text", "entries", "_heads", "_keys", "_ends")

    def __init__(self, text: str, entries: list[Entry], heads: array, keys: array, ends: array) -> None:
        self.text, self.entries, self._heads, self._keys, self._ends = text, entries, heads, keys, ends

    def with_text(self, text: str) -> PrintedTemplate:
        """The same entries in ``text``, the template's text with (at most) its header changed."""
        if self._ends and not text.endswith(self.text[len(self.text) - self._heads[0]:]):
            raise ValueError("the text is not this template's")
        return PrintedTemplate(text, self.entries, self._heads, self._keys, self._ends)

    def reused_text(self, index: int, entry: Entry, page_width: int) -> str | None:
        """``entry``'s text made of the template's ``index``-th entry, or None when it cannot be."""
        if index >= len(self.entries) or self._keys[index] < 0:
            return None
        model = self.entries[index]
        if (entry.msgid != model.msgid or entry.msgctxt != model.msgctxt or entry.obsolete
                or entry.msgid_plural is not None or entry.previous_msgid is not None
                or entry.previous_msgctxt is not None or entry.previous_msgid_plural is not None
                or entry.references != model.references or entry.extracted_comments != model.extracted_comments):
            return None
        flags: tuple[str, ...] = ()
        if entry.flags:
            flag_tuple = tuple(entry.flags)
            if "-format" in str(entry.flags) or not _wraps(flag_tuple):
                return None
            flags = _canonical_flags(flag_tuple, False, entry.msgstr != "")
        _check_representable(entry)
        end = len(self.text)
        head = self.text[end - self._heads[index]:end - self._keys[index]]
        keys = self.text[end - self._keys[index]:end - self._ends[index]]
        if entry.translator_comments:
            comments = _comment_lines("#", entry.translator_comments)
            _check_comment_ends(entry, comments)
            head = "\n".join(comments) + "\n" + head
        if flags:
            head += "#, " + ", ".join(flags) + "\n"
        if entry.msgstr == "":
            return head + keys + _EMPTY_MSGSTR
        if _PLAIN_STRING.fullmatch(entry.msgstr):   # formatting it costs less than checking its lines
            return head + keys + _plain_string_lines("msgstr", entry.msgstr, page_width - 2)
        layout = entry.layout
        if layout is not None and layout.startswith(keys):
            rest = layout[len(keys):]
            if _strings_printed_as(rest, [("", "msgstr", entry.msgstr)], page_width, True, None):
                return head + keys + rest
        return head + keys + "\n".join(_format_string("", "msgstr", entry.msgstr, page_width, True, None)) + "\n"


def printed_template(catalog: Catalog, text: str) -> PrintedTemplate | None:
    """Where each entry of ``catalog`` is in ``text``, its format_catalog text (however it was printed: here, or
    half of it by a helper process); None if ``text`` does not hold them. Entries are separated by blank lines
    and no line of an entry is empty, so each is found with one search."""
    entries = printed_entries(catalog)
    size = len(text)
    heads, keys, ends = array("q"), array("q"), array("q")
    start = text.find("\n\n") + 2 if _header_entry(catalog) is not None else 0
    if start == 1:
        return None
    for number, entry in enumerate(entries):
        last = number == len(entries) - 1
        end = size if last else text.find("\n\n", start) + 1   # just after the block's last newline
        if end <= start:
            return None
        heads.append(size - start)
        usable = (not entry.obsolete and entry.msgid_plural is None and entry.msgstr == "" and not entry.flags
                  and not entry.translator_comments and entry.previous_msgid is None
                  and entry.previous_msgctxt is None and text.startswith(_EMPTY_MSGSTR, end - len(_EMPTY_MSGSTR)))
        strings = -1   # where its msgctxt or msgid line starts (comment lines start with "#")
        if usable:
            keyword = "msgctxt " if entry.msgctxt is not None else "msgid "
            if text.startswith(keyword, start):
                strings = start
            elif (found := text.find("\n" + keyword, start, end)) >= 0:
                strings = found + 1
        keys.append(size - strings if strings >= 0 else -1)
        ends.append(size - (end - len(_EMPTY_MSGSTR)))
        start = end + 1
    if start < size:
        return None
    return PrintedTemplate(text, entries, heads, keys, ends)


def print_template(catalog: Catalog, width: int = PAGE_WIDTH) -> PrintedTemplate:
    """``format_catalog(catalog, width)``, with where each entry's lines are, for catalogs made from it."""
    nplurals = _nplurals(catalog)
    header = _header_entry(catalog)
    blocks = [_entry_text(header, width, nplurals)] if header else []
    entries = printed_entries(catalog)
    heads, keys, ends = array("q"), array("q"), array("q")
    for entry in entries:
        head, strings = _entry_pieces(entry, width, nplurals)
        blocks.append(head + strings)
        heads.append(len(head) + len(strings))
        # Reusable: one msgstr that is empty and no previous strings, so the string lines end in msgstr "".
        usable = (not entry.obsolete and entry.msgid_plural is None and entry.msgstr == "" and not entry.flags
                  and not entry.translator_comments and entry.previous_msgid is None
                  and entry.previous_msgctxt is None and strings.endswith(_EMPTY_MSGSTR))
        keys.append(len(strings) if usable else -1)
        ends.append(len(_EMPTY_MSGSTR))
    text = "\n".join(blocks)
    # From the end of the text: block i ends where the blocks after it (and their separators) begin.
    after = 0
    for index in range(len(entries) - 1, -1, -1):
        size = heads[index]
        if keys[index] >= 0:
            keys[index] += after
            ends[index] += after
        heads[index] = size + after
        after += size + 1
    return PrintedTemplate(text, entries, heads, keys, ends)


def _strings_printed_as(text: str, strings: list[tuple[str, str, str]], page_width: int, wrap: bool,
                        language: str | None) -> bool:
    """Whether ``text`` is exactly the lines _format_string prints for ``strings``, newline-terminated."""
    return _layout_prefix(text, strings, page_width, wrap, language) == (len(strings), len(text))


def _layout_prefix(text: str, strings: list[tuple[str, str, str]], page_width: int, wrap: bool,
                   language: str | None) -> tuple[int, int]:
    """How many of ``strings``, from the first, ``text`` begins with exactly the lines _format_string prints
    for, and the length of those lines in ``text`` (newlines included)."""
    if not text.endswith("\n"):
        return 0, 0
    lines = text[:-1].split("\n")
    at = length = 0
    for count, (prefix, keyword, value) in enumerate(strings):
        if value and at < len(lines) and lines[at] == f'{prefix}{keyword} ""' and (
                at + 1 == len(lines) or not lines[at + 1].startswith(prefix + '"')):
            return count, length   # the string was empty (a msgstr being drafted): nothing prints it so now
        end = _string_lines_end(lines, at, prefix, keyword, value, page_width, wrap, language)
        if end < 0:
            return count, length
        length += sum(map(len, lines[at:end])) + end - at
        at = end
    return len(strings), length


def _string_lines_end(lines: list[str], at: int, prefix: str, keyword: str, value: str, page_width: int,
                      wrap: bool, language: str | None) -> int:
    """If ``lines[at:end]`` are the lines _format_string prints for the string, ``end``; else -1."""
    if at >= len(lines):
        return -1
    first = lines[at]
    opener = f"{prefix}{keyword} "
    if not first.startswith(opener):
        return -1
    if language is not None:
        return _formatted_lines_end(lines, at, prefix, keyword, value, page_width, wrap, language)
    width = (page_width if wrap else _NO_WRAP_WIDTH) - 1 - (len(prefix) + 1)
    one_portion = "\n" not in value[:-1]
    if value == "" or len(first) != len(opener) + 2:   # the string on the keyword line
        escaped = _escape(value)
        if not one_portion or len(first) != len(opener) + len(escaped) + 2 or first[len(opener) + 1:-1] != escaped:
            return -1
        if len(keyword) + 1 + display_width(escaped) <= width:
            return at + 1
        return _formatted_lines_end(lines, at, prefix, keyword, value, page_width, wrap, language)
    end = at + 1
    quote = prefix + '"'
    pieces = []
    while end < len(lines) and lines[end].startswith(quote):
        line = lines[end]
        if len(line) <= len(quote) or line[-1] != '"':
            return -1
        pieces.append(line[len(quote):-1])
        end += 1
    if one_portion:
        escaped = _escape(value)
        if len(pieces) == 1:
            # One line after 'msgid ""': the string fits a line but not after the keyword, where the filler
            # would break it (it can when it has any break opportunity).
            verdict = pieces[0] == escaped and _fits_only_below_keyword(value, escaped, len(keyword) + 1, width)
        # Two lines or more: when they are the greedy fill, the string is wider than a line, so it does not
        # fit on the keyword line either.
        elif "".join(pieces) != escaped:
            return -1
        else:
            verdict = _is_greedy_fill(value, escaped, pieces, width)
    else:
        verdict = _are_portions_filled(value, pieces, width)
    if verdict is None:
        return _formatted_lines_end(lines, at, prefix, keyword, value, page_width, wrap, language)
    return end if verdict else -1


def _are_portions_filled(value: str, pieces: list[str], width: int) -> bool | None:
    """:func:`_is_greedy_fill` for each newline-ended portion of ``value``, which starts a line of its own."""
    taken = 0
    for portion in _split_portions(value):
        escaped = _escape(portion)
        first = taken
        length = 0
        while length < len(escaped) and taken < len(pieces):
            length += len(pieces[taken])
            taken += 1
        group = pieces[first:taken]
        if length != len(escaped) or "".join(group) != escaped:
            return False
        verdict = _is_greedy_fill(portion, escaped, group, width)
        if not verdict:
            return verdict
    return taken == len(pieces)


def _formatted_lines_end(lines: list[str], at: int, prefix: str, keyword: str, value: str, page_width: int,
                         wrap: bool, language: str | None) -> int:
    expected = _format_string(prefix, keyword, value, page_width, wrap, language)
    end = at + len(expected)
    return end if lines[at:end] == expected else -1


def _fits_only_below_keyword(value: str, escaped: str, keyword_column: int, width: int) -> bool | None:
    string_width = display_width(escaped)
    if keyword_column + string_width <= width or keyword_column > width:
        return False
    if string_width > width or _MANDATORY_BREAK.search(escaped):
        return None
    prohibited = _inside_escapes(value, escaped)
    return any(index not in prohibited and _may_break_before(escaped, index) for index in range(1, len(escaped)))


def _is_greedy_fill(portion: str, escaped: str, pieces: list[str], width: int) -> bool | None:
    """Whether cutting ``escaped`` (one portion, lines from column 0) into ``pieces`` is what break_points
    does; None where that is not quick to tell (mandatory breaks, a piece wider than a line)."""
    if len(pieces) == 1:
        return display_width(escaped) <= width or None
    if _MANDATORY_BREAK.search(escaped):
        return None
    prohibited = _inside_escapes(portion, escaped)
    size = len(escaped)
    cut = 0
    for piece in pieces[:-1]:
        if not piece:
            return False
        remaining = width - display_width(piece)
        if remaining < 0:
            return None
        cut += len(piece)
        # The longest line from the same start: the filler breaks at its last opportunity, which must be here.
        end = cut
        while end < size:
            char_width = _CHAR_WIDTH[escaped[end]]
            if char_width > remaining:
                break
            remaining -= char_width
            end += 1
        if end >= size or cut in prohibited or not _may_break_before(escaped, cut):
            return False
        if end > cut:
            run = escaped[cut:end + 1]
            if not (run.isascii() and run.isalnum()):   # letters and digits never break between them
                for index in range(cut + 1, end + 1):
                    if index not in prohibited and _may_break_before(escaped, index):
                        return False
    last = pieces[-1]
    if not last:
        return False
    return display_width(last) <= width or None


def _header_entry(catalog: Catalog) -> Entry | None:
    if not (catalog.metadata or catalog.header_comments or catalog.header_flags):
        return None
    for name, value in catalog.metadata.items():
        if not name or ":" in name or "\n" in name or "\n" in value:
            raise ValueError(f"header field {name!r}: {value!r} does not fit one 'Name: value' line")
    if catalog.conflict_header is not None and header_fields(catalog.conflict_header) == catalog.metadata:
        msgstr = catalog.conflict_header   # msgcat's merged header, as read: nothing in it has changed
    else:
        msgstr = "".join(f"{name}: {value}\n" for name, value in catalog.metadata.items())
    return Entry(msgid="", msgstr=msgstr, translator_comments=list(catalog.header_comments),
                 flags=list(catalog.header_flags))


def _check_representable(entry: Entry) -> None:
    if entry.previous_msgid is None and (entry.previous_msgctxt is not None
                                         or entry.previous_msgid_plural is not None):
        raise ValueError(f"entry {entry.msgid[:40]!r} has a previous msgctxt or msgid_plural but no "
                         "previous msgid, which gettext cannot read")
    texts = [entry.msgid, entry.msgstr, entry.msgctxt, entry.msgid_plural, entry.previous_msgid,
             entry.previous_msgctxt, entry.previous_msgid_plural, *entry.msgstr_plural.values()]
    for text in texts:
        if text is not None and ("\x00" in text or "\x04" in text):
            raise ValueError(f"entry {entry.msgid[:40]!r} contains U+0000 or U+0004, which a PO "
                             "string cannot hold (gettext ends strings at NUL and uses U+0004 as "
                             "the context separator)")


def format_catalog(catalog: Catalog, width: int = PAGE_WIDTH, template: PrintedTemplate | None = None) -> str:
    """The PO text GNU ``msgcat --width=WIDTH`` prints for ``catalog``: header first, then the
    active entries, then the obsolete ones, separated by blank lines.

    ``template``: the template ``catalog`` was merged from, as :func:`print_template` printed it (same
    width); entries that still hold its lines are made of them (same output, less work).

    Raises ValueError for what no PO file can hold: U+0000 or U+0004 in a string, a comment line
    ending with a backslash, a previous msgctxt or msgid_plural without a previous msgid.
    """
    return "\n".join(_blocks(catalog, width, template))


def _blocks(catalog: Catalog, width: int, template: PrintedTemplate | None = None) -> list[str]:
    """The text of the header and of each printed entry (format_catalog joins them with blank lines)."""
    nplurals = _nplurals(catalog)
    header = _header_entry(catalog)
    entries = printed_entries(catalog)
    if template is None or any(entry.msgid_plural is not None for entry in template.entries):
        return [_entry_text(entry, width, nplurals) for entry in ([header] if header else []) + entries]
    blocks = [_entry_text(header, width, nplurals)] if header else []
    for index, entry in enumerate(entries):
        text = template.reused_text(index, entry, width)
        blocks.append(text if text is not None else _entry_text(entry, width, nplurals))
    return blocks


def _nplurals(catalog: Catalog) -> int:
    nplurals_match = _NPLURALS.search(catalog.metadata.get("Plural-Forms", ""))
    return int(nplurals_match[1]) if nplurals_match else 2


def printed_entries(catalog: Catalog) -> list[Entry]:
    """The entries format_catalog prints, in its order: the active ones, then the obsolete ones that hold a
    translation (an obsolete entry without one is not written, as msgcat drops it)."""
    active = [entry for entry in catalog.entries if not entry.obsolete]
    obsolete = [entry for entry in catalog.entries
                if entry.obsolete and (entry.msgstr_plural.get(0, "") if entry.msgid_plural is not None
                                       else entry.msgstr)]
    return active + obsolete


def write_catalog(path: str | Path, catalog: Catalog) -> bool:
    """Write ``format_catalog(catalog)`` atomically; False (and no write) when the file already
    holds exactly that text."""
    blocks = _blocks(catalog, PAGE_WIDTH)   # written a few at a time: the whole text is never made

    def pieces() -> Iterator[bytes]:
        for start in range(0, len(blocks), 256):
            piece = "\n".join(blocks[start:start + 256])
            yield (piece + "\n" if start + 256 < len(blocks) else piece).encode("utf-8")
    return atomic_write_pieces(Path(path), pieces)

"""Read gettext PO/POT catalogs, strictly and without dropping text.

Reading (``parse_catalog``, ``read_catalog``) is strict and never drops text. A syntax error, a
duplicate msgctxt/msgid, bytes that are not UTF-8 or a ``charset`` other than UTF-8 raise
``CatalogError`` with the file and line. The parser is our own, not polib's: polib splits lines on
U+2028/U+2029/U+0085, truncates a msgid whose closing quote is missing and accepts duplicates. Lines
are split on ``\n`` only, so those separators stay inside strings. A UTF-8 byte order mark and CRLF
line endings are accepted and read as if absent; the writer always produces LF without a BOM, as
gettext does, so the first write normalises such a file. What gettext itself cannot read is refused
too: a comment line ending with a backslash (gettext's lexer joins it with the next line), ``#|``
lines out of order or separated from their msgid, U+0000 and U+0004 in strings.
"""
from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from l10n.collector import collector_paused
from l10n.errors import CatalogError

from .model import CONFLICT_MARKER, REFERENCE_SEPARATORS, Catalog, Entry, header_fields, parse_flags

__all__ = ["parse_catalog", "read_catalog", "read_catalog_header"]


_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t]*')
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)(?=[ \t"]|$)[ \t]*')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_\[\]]*")
_ESCAPE = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|$)')
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
                   "\\": "\\", '"': '"'}
_CHARSET = re.compile(r"charset=([^ \t\n;]*)", re.IGNORECASE)
_UTF8_NAMES = frozenset({"utf-8", "utf8"})
_FORBIDDEN = re.compile("[\x00\x04]")
# One entry in the shape gettext writes it, for the fast reader: "# ", "#.", "#:", "#," comments (never
# ending with a backslash), then optionally "#| msgctxt" and "#| msgid", msgctxt, msgid and msgstr, each
# string on its keyword line and unindented continuation lines, and then blank lines. Plural entries,
# obsolete ones and anything indented or unusual are left to the line reader. _FAST_ENTRY only finds where
# an entry's parts are (lines starting with "#", "#|", a keyword, a quote); the reader then checks each
# part has that shape (_FAST_STRINGS, _FAST_PREVIOUS_LINES, the comment markers), which is several times
# cheaper than one expression saying all of it.
_FAST_BODY = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n'
_FAST_STRINGS = re.compile(rf"(?:{_FAST_BODY})+")
_FAST_PREVIOUS_LINES = re.compile(
    rf"(?:\#\| msgctxt {_FAST_BODY}(?:\#\| {_FAST_BODY})*)?(?:\#\| msgid (?:{_FAST_BODY})(?:\#\| {_FAST_BODY})*)")
_FAST_ENTRY = re.compile(
    # The comments of most entries l10n writes: extracted ones ("#. "), then one reference, right before the
    # strings; read here instead of a step per line (or a second match). Anything else: the general form.
    # Every repeat is possessive: what follows each never starts the way what it repeats does (a line
    # ends at its newline; "#|", a keyword, a quote or a blank line each starts a part of its own), so
    # giving back never lets a match through, and keeping no backtracking state is cheaper.
    r'(?:(?P<extracted>(?:#\. [^\n]*+\n)*+)#: (?P<reference>[^ \t\n]++)\n(?=m|\#\|)'
    r'|(?P<comments>(?:#(?![|~])[^\n]*+\n)*+))'
    r'(?P<previous>(?:#\|[^\n]*+\n)++)?'
    r'(?:msgctxt (?P<context>"[^\n]*+\n(?:"[^\n]*+\n)*+))?'
    r'msgid (?P<msgid>"[^\n]*+\n(?:"[^\n]*+\n)*+)'
    r'msgstr (?P<msgstr>"[^\n]*+\n(?:"[^\n]*+\n)*+)'
    r"((?:[ \t]*+\n)*+)")
_FAST_PREVIOUS = re.compile(rf"#\| (msgctxt|msgid) ({_FAST_BODY}(?:\#\| {_FAST_BODY})*)")
_COMMENT_MARKERS = frozenset(" .:,")
_NAMED_ESCAPES = 'write \\\\ for a backslash; gettext knows \\n \\t \\" \\\\ \\a \\b \\f \\r \\v, octal and \\x'


def _decode_string(body: str, path: str, line: int) -> str:
    """The text of a PO string body (between the quotes), escapes resolved as gettext's lexer does."""
    if "\\" not in body:
        return body
    pieces: list[str | bytes] = []
    has_bytes = False
    position = 0
    for match in _ESCAPE.finditer(body):
        pieces.append(body[position:match.start()])
        position = match.end()
        simple, octal, hexadecimal, unknown = match.groups()
        if simple is not None:
            pieces.append(_SIMPLE_ESCAPES[simple])
        elif octal is not None or hexadecimal is not None:
            value = int(octal, 8) if octal is not None else int(hexadecimal, 16)
            if value > 0xFF:
                raise CatalogError(f"escape {match[0]!r} is larger than one byte", path, line,
                                   "write the character itself; the file is UTF-8")
            pieces.append(bytes([value]))
            has_bytes = True
        else:
            sequence = "\\" + (unknown or "")
            raise CatalogError(f"invalid escape sequence {sequence!r} in string", path, line,
                               _NAMED_ESCAPES)
    pieces.append(body[position:])
    if not has_bytes:
        return "".join(pieces)  # type: ignore[arg-type]
    data = b"".join(piece if isinstance(piece, bytes) else piece.encode("utf-8") for piece in pieces)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError("octal or hex escapes in this string do not form UTF-8", path, line,
                           "write the characters themselves; the file is UTF-8") from None
    _check_storable(text, path, line)
    return text


def _check_storable(text: str, path: str, line: int) -> None:
    if _FORBIDDEN.search(text):
        raise CatalogError("string contains U+0000 or U+0004, which gettext cannot store", path, line,
                           "gettext ends strings at U+0000 and separates msgctxt with U+0004")


def _parse_string(text: str, path: str, line: int) -> str:
    """A complete quoted string (and only trailing blanks) making up the rest of a line."""
    match = _STRING.fullmatch(text)
    if match:
        return _decode_string(match[1], path, line)
    if not text.startswith('"'):
        raise CatalogError(f"expected a quoted string, found {text[:30]!r}", path, line)
    end = _STRING.match(text)
    if end is None:
        raise CatalogError("unterminated string: no closing quote on this line", path, line,
                           'close it with " on the same line; write \\" for a quote inside')
    raise CatalogError(f"unexpected text after the string: {text[end.end():][:30]!r}", path, line,
                       'write \\" for a quote inside a string')


def _parse_references(text: str) -> list[str]:
    """``file:line`` tokens of a ``#:`` comment, spaced forms like ``file: 12`` joined as gettext's
    po_parse_comment_filepos joins them."""
    words = [word for word in REFERENCE_SEPARATORS.split(text) if word]
    references: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        following = words[index] if index < len(words) else ""
        if following.startswith(":"):
            number = following[1:] or (words[index + 1] if index + 1 < len(words) else "")
            if number.isdigit() and number.isascii():
                references.append(f"{word}:{int(number)}")
                index += 1 if following[1:] else 2
                continue
        if word.endswith(":") and following.isdigit() and following.isascii():
            references.append(f"{word[:-1]}:{int(following)}")
            index += 1
            continue
        references.append(word)
    return references


def _fast_comments(comments: str) -> tuple[list[str], list[str], list[str], list[str]] | None:
    """``(translator comments, extracted ones, references, flags)`` of comment lines of the fast reader's
    shape (each ending with a newline), read as the line reader reads them; None for what only it reads."""
    if "\\\n" in comments:
        return None   # a comment ending with a backslash, which gettext joins with the next line
    translator: list[str] = []
    extracted: list[str] = []
    references: list[str] = []
    flags: list[str] = []
    for line in comments[:-1].split("\n"):
        marker = line[1:2]
        if marker == ".":
            extracted.append(line[3:] if line[2:3] == " " else line[2:])
        elif marker == ":":
            words = line[2:].strip(" \t")
            if words and " " not in words and "\t" not in words:
                references.append(words)   # one file:line, as _parse_references reads it
            else:
                references.extend(_parse_references(line[2:]))
        elif marker == ",":
            flags.extend(parse_flags(line[2:]))
        elif marker == " " or not marker:
            translator.append(line[2:])
        else:
            return None   # "#x": the line reader's
    return translator, extracted, references, flags


class _FastPiece(NamedTuple):
    """What :meth:`_Reader.fast_piece` read: the entries, which of them are headers (msgid "" without
    msgctxt), where the last one starts (offset, line), and where the text after the entries starts."""

    entries: list[Entry]
    headers: list[int]
    last_at: int
    last_line: int
    end: int
    next_line: int


# Which previous (#|) keyword may follow the ones an entry has so far.
_PREVIOUS_ORDER: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("msgctxt", "msgid"),
    ("msgctxt",): ("msgid",),
    ("msgid",): ("msgid_plural",),
    ("msgctxt", "msgid"): ("msgid_plural",),
}


@dataclass
class _Draft:
    """An entry being read: pieces of each string, keyed by keyword (previous ones under "#|")."""

    first_line: int
    strings_start: int = -1   # offset in the text of its first #| or keyword line
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, list[str]] = field(default_factory=dict)
    strings: dict[str, list[str]] = field(default_factory=dict)
    keyword_lines: dict[str, int] = field(default_factory=dict)
    obsolete: bool | None = None
    previous_obsolete: bool = False
    plural_forms: int = 0

    @property
    def started(self) -> bool:
        return bool(self.strings)

    @property
    def complete(self) -> bool:
        return "msgstr" in self.strings or self.plural_forms > 0


class _Reader:
    """A line-by-line state machine over PO text; ``read()`` returns the catalog or raises."""

    def __init__(self, text: str, path: str, layouts: bool = True) -> None:
        self.text = text
        self.path = path
        self.layouts = layouts   # keep each entry's strings as read (Entry.layout), for the writer
        self.entries: list[Entry] = []
        self.header: Entry | None = None
        self.first_seen: dict[tuple[str | None, str], int] = {}
        self.draft: _Draft | None = None
        self.pieces: list[str] | None = None  # the string that continuation lines extend
        self.pieces_obsolete = False
        self.pieces_previous = False
        self.may_hold_forbidden = "\x00" in text or "\x04" in text   # as _FORBIDDEN, 10x faster
        self.line_start = 0     # offset of the line being read
        self.content_end = 0    # offset just after the last line read that was not empty

    def error(self, message: str, line: int, hint: str | None = None) -> CatalogError:
        return CatalogError(message, self.path, line, hint)

    def read(self, fast: bool = True) -> Catalog:
        """The catalog; ``fast`` reads the entries written as gettext writes them with one regular
        expression each (twice as fast) and hands the rest of the file to the line reader."""
        position, first = 0, 1
        if fast and not self.may_hold_forbidden:
            try:
                position, first = self.read_fast()
            except CatalogError:   # the line reader is the reference for every error and its line
                self.__init__(self.text, self.path, self.layouts)
                position, first = 0, 1
        number = first
        offset = position
        for number, raw in enumerate(self.text[position:].split("\n"), start=first):
            self.line_start = offset
            offset += len(raw) + 1
            if raw:
                self.read_line(raw.lstrip(" \t"), number)
                self.content_end = offset   # an entry that ends before the next line of text ends here
        self.finish_draft(number, at_end=True)
        return self.catalog()

    def read_fast(self) -> tuple[int, int]:
        """Read entries of the common shapes (comments, ``#|`` lines, msgctxt, msgid, msgstr, each line
        unindented and without trailing blanks); return where the line reader takes over: the offset and
        line number of the last entry read, which it reads again (it may continue past what matched).

        Whatever is read here is read as the line reader reads it; nothing here raises except the
        helpers shared with it (escapes, duplicates), and the caller then rereads the whole file.
        """
        text = self.text if self.text.endswith("\n") else self.text + "\n"   # each line ends with one
        piece = self.fast_piece(text, 0, 1)
        read = piece.entries
        if not read:
            return 0, 1
        last = read.pop()
        first_seen = self.first_seen
        entries = self.entries
        for entry in read:
            # add_entry, inlined for the common case; it raises for a duplicate
            if first_seen.setdefault((entry.msgctxt, entry.msgid), entry.lineno) != entry.lineno:
                self.add_entry(entry)
            if entry.msgid or entry.msgctxt is not None:
                entries.append(entry)
            else:
                self.header = entry
        if piece.end >= len(text):
            self.add_entry(last)
            return len(self.text), piece.next_line
        return piece.last_at, piece.last_line

    def fast_piece(self, text: str, position: int, number: int) -> _FastPiece:
        """The entries of the common shapes one after another from ``position`` (line ``number``) of
        ``text``, whose every line ends with a newline, until the first text that is not such an entry."""
        string = self.fast_string
        layouts = self.layouts
        match_at = _FAST_ENTRY.match
        entries: list[Entry] = []
        append = entries.append
        headers: list[int] = []
        last_at, last_line = position, number
        while match := match_at(text, position):
            block, reference, comments, previous, context, msgid_lines, msgstr_lines, blanks = match.groups()
            msgid = msgid_lines[1:-2]
            msgstr = msgstr_lines[1:-2]
            if "\\" in msgid or "\\" in msgstr or (context is not None and "\\" in context):
                if not (_FAST_STRINGS.fullmatch(msgid_lines) and _FAST_STRINGS.fullmatch(msgstr_lines)
                        and (context is None or _FAST_STRINGS.fullmatch(context))):
                    break
                escaped = True
                msgid_count = msgid_lines.count("\n")
                msgstr_count = msgstr_lines.count("\n")
            else:
                escaped = False
                # Without escapes, lines of the shape '"..."' joined by '"\n"' leave no quote and no newline;
                # each '"\n"' taken out (3 characters) is one more line.
                if '"\n"' in msgid:
                    msgid = msgid.replace('"\n"', "")
                    msgid_count = 1 + (len(msgid_lines) - 3 - len(msgid)) // 3
                else:
                    msgid_count = 1
                if '"\n"' in msgstr:
                    msgstr = msgstr.replace('"\n"', "")
                    msgstr_count = 1 + (len(msgstr_lines) - 3 - len(msgstr)) // 3
                else:
                    msgstr_count = 1
                if ('"' in msgid or "\n" in msgid or '"' in msgstr or "\n" in msgstr
                        or msgid_lines[-2] != '"' or msgstr_lines[-2] != '"'
                        or len(msgid_lines) < 3 or len(msgstr_lines) < 3):
                    break   # (a line of one quote, a quote inside or after a string)
                if context is not None:
                    joined = context[1:-2].replace('"\n"', "")
                    if '"' in joined or "\n" in joined or context[-2] != '"' or len(context) < 3:
                        break
            if reference is not None:   # extracted comments and one reference, as l10n update writes them
                if reference[-1] == "\\" or "\\\n" in block:
                    break   # a comment ending with a backslash, which gettext joins with the next line
                extracted = block[3:-1].split("\n#. ") if block else []
                translator, references, flags = [], [reference], []
                line = number + len(extracted) + 1
            elif comments:
                read = _fast_comments(comments)
                if read is None:
                    break
                translator, extracted, references, flags = read
                line = number + comments.count("\n")
            else:
                translator, extracted, references, flags = [], [], [], []
                line = number
            previous_msgid = previous_msgctxt = None
            if previous:
                if not _FAST_PREVIOUS_LINES.fullmatch(previous):
                    break
                previous_msgctxt, previous_msgid = self.fast_previous(previous, line)
                line += previous.count("\n")
            msgctxt = None
            if context is not None:
                msgctxt = string(context, line)
                line += context.count("\n")
            if escaped:
                msgid = string(msgid_lines, line)
                msgstr = string(msgstr_lines, line + msgid_count)
            entry = Entry(msgid, msgstr, msgctxt, None, {}, translator, extracted, references, flags,
                          previous_msgid, previous_msgctxt, False, line)
            # Its strings as read: the writer reuses them where they are exactly what it would print.
            if layouts:
                entry.layout = text[match.end(2) + 1 if reference is not None else match.end(3):match.start(8)]
            if not msgid and msgctxt is None:
                headers.append(len(entries))
            append(entry)
            last_at, last_line = position, number
            position = match.end()
            number = line + msgid_count + msgstr_count + (1 if blanks == "\n" else blanks.count("\n"))
        return _FastPiece(entries, headers, last_at, last_line, position, number)

    def fast_string(self, lines: str, number: int) -> str:
        """The value of ``"..."`` lines (keyword already cut off: the first line starts at its quote)."""
        body = lines[1:-2]
        if "\\" not in body:
            return body.replace('"\n"', "")   # a raw newline is never inside a string: only between lines
        return "".join(_decode_string(piece, self.path, number + offset)
                       for offset, piece in enumerate(body.split('"\n"')))

    def fast_previous(self, previous: str, number: int) -> tuple[str | None, str | None]:
        """``(previous msgctxt, previous msgid)`` from ``#|`` lines."""
        values: dict[str, str] = {}
        for part in _FAST_PREVIOUS.finditer(previous):
            keyword, lines = part.group(1, 2)
            values[keyword] = self.fast_string(lines.replace("\n#| ", "\n"), number)
            number += lines.count("\n")
        return values.get("msgctxt"), values.get("msgid")

    def string(self, text: str, number: int) -> str:
        value = _parse_string(text, self.path, number)
        if self.may_hold_forbidden:
            _check_storable(value, self.path, number)
        return value

    def read_line(self, line: str, number: int) -> None:
        if not line:
            return
        first = line[0]
        if first == '"':
            self.continue_string(line, number, obsolete=False, previous=False)
        elif first == "#":
            self.read_comment(line, number)
        else:
            self.read_keyword(line, number, obsolete=False, previous=False)

    def read_comment(self, line: str, number: int) -> None:
        marker = line[1:2]
        if marker == "~":
            rest = line[2:].lstrip(" \t")
            previous = rest.startswith("|")
            if previous:
                rest = rest[1:].lstrip(" \t")
            if not rest:
                return
            if rest[0] == '"':
                self.continue_string(rest, number, obsolete=True, previous=previous)
            else:
                self.read_keyword(rest, number, obsolete=True, previous=previous)
            return
        if marker == "|":
            rest = line[2:].lstrip(" \t")
            if rest.startswith('"'):
                self.continue_string(rest, number, obsolete=False, previous=True)
            else:
                self.read_keyword(rest, number, obsolete=False, previous=True)
            return
        if line.endswith("\\"):
            raise self.error("comment line ends with a backslash, which gettext joins with the next line",
                             number, "remove the backslash or add text after it")
        draft = self.draft_for_comment(number)
        if marker == ".":
            draft.extracted_comments.append(line[3:] if line[2:3] == " " else line[2:])
        elif marker == ":":
            draft.references.extend(_parse_references(line[2:]))
        elif marker == ",":
            draft.flags.extend(parse_flags(line[2:]))
        else:
            draft.translator_comments.append(line[2:] if marker == " " else line[1:])

    def draft_for_comment(self, number: int, previous: bool = False) -> _Draft:
        """The entry a comment line belongs to: a new one once the current one has its msgstr."""
        draft = self.draft
        if draft is not None and draft.started:
            if not draft.complete:
                raise self.error("comment line inside an entry, before its msgstr", number,
                                 "move comments above the entry's msgctxt/msgid")
            self.finish_draft(number)
            draft = None
        if draft is not None and draft.previous and not previous:
            raise self.error("comment line between the previous msgid (#|) and the msgid", number,
                             "#| lines come last, right above msgctxt/msgid")
        if draft is None:
            draft = self.draft = _Draft(first_line=number)
        self.pieces = None
        return draft

    def read_keyword(self, line: str, number: int, obsolete: bool, previous: bool) -> None:
        match = _KEYWORD.match(line)
        if match is None:
            word = _WORD.match(line)
            if word:
                raise self.error(f"unknown keyword {word[0]!r}", number,
                                 "PO entries use msgctxt, msgid, msgid_plural, msgstr, msgstr[N]")
            raise self.error(f"cannot read this line: {line[:30]!r}", number,
                             'expected a comment (#), a keyword or a quoted string')
        keyword = match[1]
        rest = line[match.end():]
        if not rest:
            raise self.error(f"{keyword} has no string on its line", number,
                             f'write {keyword} "" for an empty string')
        value = self.string(rest, number)
        if previous:
            self.add_previous(keyword, value, number, obsolete)
        else:
            self.add_keyword(keyword, match[2], value, number, obsolete)

    def add_previous(self, keyword: str, value: str, number: int, obsolete: bool) -> None:
        draft = self.draft_for_comment(number, previous=True)
        if keyword not in _PREVIOUS_ORDER.get(tuple(draft.previous), ()):
            raise self.error(f"unexpected previous {keyword} (#|)", number,
                             "#| lines hold msgctxt (optional), msgid, msgid_plural (optional), in order")
        if draft.previous and draft.previous_obsolete != obsolete:
            raise self.error("previous msgid lines mix #| and #~|", number)
        draft.previous_obsolete = obsolete
        if draft.strings_start < 0:
            draft.strings_start = self.line_start
        draft.previous[keyword] = [value]
        self.pieces = draft.previous[keyword]
        self.pieces_obsolete = obsolete
        self.pieces_previous = True

    def add_keyword(self, keyword: str, index: str | None, value: str, number: int,
                    obsolete: bool) -> None:
        draft = self.draft
        if draft is not None and draft.complete and keyword in ("msgctxt", "msgid"):
            self.finish_draft(number)
            draft = None
        if draft is None:
            draft = self.draft = _Draft(first_line=number)
        strings = draft.strings
        if draft.obsolete is not None and draft.obsolete != obsolete and strings:
            raise self.error("entry mixes obsolete (#~) and active lines", number,
                             "prefix all of the entry's msgid/msgstr lines with #~, or none")
        if draft.previous and not strings:
            if "msgid" not in draft.previous:
                raise self.error("previous msgctxt (#|) without a previous msgid", number)
            if draft.previous_obsolete != obsolete:
                raise self.error("an obsolete entry needs #~| previous lines, an active one #|", number)
        draft.obsolete = obsolete
        if keyword == "msgctxt":
            if strings:
                raise self.error("msgctxt after msgid; msgctxt comes first", number)
        elif keyword == "msgid":
            if "msgid" in strings:
                raise self.error("msgid without msgstr", draft.keyword_lines["msgid"],
                                 'add msgstr "" after it')
        elif "msgid" not in strings:
            what = "msgctxt" if "msgctxt" in strings else None
            raise self.error(f"{keyword} without msgid" + (f" after {what}" if what else ""), number)
        elif keyword == "msgid_plural":
            if "msgid_plural" in strings or draft.complete:
                raise self.error("msgid_plural must follow msgid directly", number)
        elif index is None:  # msgstr
            if "msgid_plural" in strings:
                raise self.error("entry with msgid_plural needs msgstr[0], msgstr[1], ... not msgstr",
                                 number)
            if "msgstr" in strings:
                raise self.error("second msgstr in one entry", number)
        else:
            if "msgid_plural" not in strings:
                raise self.error(f"{keyword} without msgid_plural", number, 'use msgstr "..."')
            if int(index) != draft.plural_forms:
                raise self.error(f"{keyword} out of order: expected msgstr[{draft.plural_forms}]",
                                 number)
            draft.plural_forms += 1
        if draft.strings_start < 0:
            draft.strings_start = self.line_start
        strings[keyword] = [value]
        draft.keyword_lines[keyword] = number
        self.pieces = strings[keyword]
        self.pieces_obsolete = obsolete
        self.pieces_previous = False

    def continue_string(self, line: str, number: int, obsolete: bool, previous: bool) -> None:
        if self.pieces is None:
            raise self.error("string without a keyword before it", number,
                             "continuation lines follow a msgid/msgstr line directly")
        if obsolete != self.pieces_obsolete or previous != self.pieces_previous:
            raise self.error("continuation line does not match the kind (#~, #|) of its keyword line",
                             number)
        self.pieces.append(self.string(line, number))

    def finish_draft(self, number: int, at_end: bool = False) -> None:
        draft = self.draft
        self.draft = None
        self.pieces = None
        if draft is None:
            return
        if not draft.started:
            if at_end:
                raise self.error("comment lines at the end of the file belong to no entry",
                                 draft.first_line, "delete them or add the entry they describe")
            return
        if not draft.complete:
            if "msgid" not in draft.strings:
                raise self.error("msgctxt without msgid", draft.keyword_lines["msgctxt"])
            raise self.error("msgid without msgstr", draft.keyword_lines["msgid"],
                             'add msgstr "" after it')
        entry = self.build_entry(draft)
        # Its strings as read (indented or unusual lines included: then they are not what the writer prints).
        if self.layouts:
            entry.layout = self.text[draft.strings_start:self.content_end - 1] + "\n"
        self.add_entry(entry)

    def build_entry(self, draft: _Draft) -> Entry:
        def joined(table: dict[str, list[str]], key: str) -> str | None:
            return "".join(table[key]) if key in table else None

        strings = draft.strings
        line = draft.keyword_lines["msgid"]
        entry = Entry(
            msgid=joined(strings, "msgid") or "",
            msgstr=joined(strings, "msgstr") or "",
            msgctxt=joined(strings, "msgctxt"),
            msgid_plural=joined(strings, "msgid_plural"),
            msgstr_plural={index: "".join(strings[f"msgstr[{index}]"])
                           for index in range(draft.plural_forms)},
            translator_comments=draft.translator_comments,
            extracted_comments=draft.extracted_comments,
            references=draft.references,
            flags=draft.flags,
            previous_msgid=joined(draft.previous, "msgid"),
            previous_msgctxt=joined(draft.previous, "msgctxt"),
            previous_msgid_plural=joined(draft.previous, "msgid_plural"),
            obsolete=bool(draft.obsolete),
            lineno=line,
        )
        return entry

    def add_entry(self, entry: Entry) -> None:
        first = self.first_seen.setdefault(entry.key, entry.lineno)
        if first != entry.lineno:
            context = f" with msgctxt {entry.msgctxt!r}" if entry.msgctxt is not None else ""
            raise self.error(f"duplicate entry: msgid {entry.msgid[:40]!r}{context} is already "
                             f"defined at line {first}", entry.lineno,
                             "merge the two entries; msgcat/msgfmt reject duplicates")
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            self.header = entry
        else:
            self.entries.append(entry)

    def catalog(self) -> Catalog:
        catalog = Catalog(metadata={}, entries=(
            [entry for entry in self.entries if not entry.obsolete]
            + [entry for entry in self.entries if entry.obsolete]))
        header = self.header
        if header is None:
            return catalog
        if (header.extracted_comments or header.references or header.msgid_plural is not None
                or header.previous_msgid is not None or header.previous_msgctxt is not None):
            raise self.error("the header entry (msgid \"\") can carry only # comments and flags",
                             header.lineno)
        catalog.header_comments = header.translator_comments
        catalog.header_flags = header.flags
        catalog.metadata = self.parse_metadata(header)
        catalog.conflict_header = self.conflict_header
        return catalog

    def parse_metadata(self, header: Entry) -> dict[str, str]:
        """The header's fields. A msgcat conflict header (``#-#-#-#-#  a.po (...)  #-#-#-#-#`` lines, each
        starting one input file's fields) is read too: each block's fields once, the first block's kept."""
        lines = header.msgstr.split("\n")
        conflict = any(CONFLICT_MARKER.fullmatch(line) for line in lines)
        in_block: set[str] = set()
        for field_line in lines:
            if not field_line:
                continue
            if conflict and CONFLICT_MARKER.fullmatch(field_line):
                in_block = set()
                continue
            name, colon, value = field_line.partition(":")
            if not colon or not name.strip():
                raise self.error(f"header line {field_line[:40]!r} is not 'Name: value'",
                                 self.header_line(header, field_line))
            if name in in_block:
                raise self.error(f"header field {name!r} appears twice", self.header_line(header, name))
            in_block.add(name)
            if name == "Content-Type":
                charset = _CHARSET.search(value)
                # "CHARSET" is the placeholder of every xgettext template; gettext reads such a file as is.
                if charset and charset[1].lower() not in _UTF8_NAMES and charset[1] != "CHARSET":
                    raise self.error(f"catalog charset is {charset[1]!r}, not UTF-8",
                                     self.header_line(header, "Content-Type:"),
                                     "convert the file with msgconv --to-code=UTF-8")
        self.conflict_header = header.msgstr if conflict else None
        return header_fields(header.msgstr)

    def header_line(self, header: Entry, text: str) -> int:
        """The last line of the header entry that holds ``text`` (for errors; else its msgid)."""
        lines = self.text.split("\n")
        found = header.lineno
        for number in range(header.lineno, len(lines) + 1):
            line = lines[number - 1].lstrip(" \t")
            if number > header.lineno and not line.startswith(("msgstr", '"')):
                break
            if text in line:
                found = number
        return found


def parse_catalog(text: str, path: str | Path = "<string>", *, layouts: bool = True) -> Catalog:
    """Read PO text. ``path`` only names the source in errors. ``layouts=False`` leaves
    :attr:`Entry.layout` None (a reader that never writes the catalog back, like ``l10n check``, saves
    the memory).

    Raises CatalogError (with the line) for syntax errors, duplicate entries, non-UTF-8 charsets.
    A leading BOM and CRLF line endings are read as if absent.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    # Reading makes no reference cycles, yet allocates enough objects to set off several full collections
    # of everything alive (a third of the time on a 100,000-entry catalog).
    with collector_paused():
        return _Reader(text, str(path), layouts).read()


def read_catalog_header(path: str | Path) -> dict[str, str]:
    """The header fields of a catalog, reading only its first entry (a template's date, say).

    A file whose beginning does not parse is read whole, so the error names the right line.
    """
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(16384)
    end = head.replace(b"\r\n", b"\n").find(b"\n\n")
    if end > 0:
        try:
            return parse_catalog(head.replace(b"\r\n", b"\n")[:end + 1].decode("utf-8").lstrip("\ufeff"),
                                 path).metadata
        except (CatalogError, UnicodeDecodeError):
            pass
    return read_catalog(path).metadata


def read_catalog(path: str | Path, *, layouts: bool = True) -> Catalog:
    """Read a PO/POT file, which must be UTF-8 (a BOM and CRLF line endings are accepted); ``layouts``:
    see :func:`parse_catalog`."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror or error}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CatalogError(f"byte 0x{data[error.start]:02X} is not valid UTF-8", path, line,
                           "re-save the file as UTF-8, or convert it with msgconv --to-code=UTF-8"
                           ) from None
    del data   # peak memory: a book's catalog is read as one text, never held twice
    return parse_catalog(text, path, layouts=layouts)


STREAM_PIECE = 1 << 20
"""Bytes :class:`CatalogStream` decodes and reads at a time."""


class CatalogStream:
    """A catalog read a piece at a time, for a reader that looks at each entry once (``l10n check``): the
    entries of :func:`read_catalog` (``layouts=False``), in the same order (active ones in file order,
    then obsolete ones), without the file's text or its entries all in memory at once.

    Iterate it once; :attr:`header` (the catalog's header fields and comments, no entries) is set once
    the header entry is read (at the end at the latest). The same errors as :func:`read_catalog`, raised
    by reading the whole file whenever a piece is anything unusual: the stream then goes on from there.
    """

    def __init__(self, path: str | Path, piece: int = STREAM_PIECE) -> None:
        self.path = Path(path)
        self.piece = piece
        self.header: Catalog | None = None
        self._given = 0   # entries handed out so far

    def __iter__(self) -> Iterator[Entry]:
        for run in self._runs():
            yield from run

    def batches(self, size: int) -> Iterator[list[Entry]]:
        """The entries ``size`` at a time (the last batch: the rest), as ``islice`` would cut the stream,
        without handing each entry through a generator of its own."""
        held: list[Entry] = []
        for run in self._runs():
            held += run
            if len(held) >= size:
                cut = len(held) - len(held) % size
                for start in range(0, cut, size):
                    yield held[start:start + size]
                held = held[cut:]
        if held:
            yield held

    def _runs(self) -> Iterator[list[Entry]]:
        """The entries in lists of those read together (a piece's, mostly), none empty."""
        try:
            handle = open(self.path, "rb")
        except OSError as error:
            raise CatalogError(f"cannot read catalog: {error.strerror or error}", self.path) from None
        with handle:
            yield from self._entries(handle)

    def _pieces(self, handle) -> Iterator[bytes]:
        """The file in pieces of about :attr:`piece` bytes, each ending after a blank line that the next
        entry follows (the last piece: wherever the file ends)."""
        buffer = b""
        while True:
            more = handle.read(self.piece)
            if not more:
                break
            buffer += more
            cut = buffer.rfind(b"\n\n")
            while cut >= 0:
                end = cut + 2
                while end < len(buffer) and buffer[end] == 0x0A:
                    end += 1
                if end < len(buffer):
                    break
                cut = buffer.rfind(b"\n\n", 0, cut)
            if cut >= 0:
                yield buffer[:end]
                buffer = buffer[end:]
        if buffer:
            yield buffer

    def _entries(self, handle) -> Iterator[list[Entry]]:
        reader = _Reader("", str(self.path), layouts=False)
        # Hashes of (msgctxt, msgid), 8 bytes each: a repeat among them, looked for once the file is read, is
        # looked at by a whole read (a set of them as they pass held ~100 bytes an entry).
        seen = array("q")
        number = 1
        pending: Entry | None = None    # the last entry read: the text after it may continue it
        pending_header = False          # (it is a header entry)
        pending_text = ""               # its text to the end of its piece, once that piece is done
        pending_start = -1              # or where it starts in the piece being read
        pending_line = 1
        pieces = self._pieces(handle)
        for index, data in enumerate(pieces):
            if index == 0 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            if b"\r" in data or b"\x00" in data or b"\x04" in data:
                yield from self._whole()   # CRLF, or what the line reader checks: as read_catalog reads it
                return
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                yield from self._whole()   # raises, naming the line
                return
            del data
            if not text.endswith("\n"):
                text += "\n"
            position = 0
            try:
                piece = reader.fast_piece(text, 0, number)
                read = piece.entries
                if read:
                    seen.extend([hash((entry.msgctxt, entry.msgid)) for entry in read])
                    headers = piece.headers
                    last_header = bool(headers) and headers[-1] == len(read) - 1
                    if last_header:
                        headers = headers[:-1]
                    if pending is not None:
                        read.insert(0, pending)
                        headers = [0] + [at + 1 for at in headers] if pending_header else [
                            at + 1 for at in headers]
                    pending, pending_header = read.pop(), last_header
                    pending_start, pending_line = piece.last_at, piece.last_line
                    if headers:
                        read = self._without_headers(reader, read, headers)
                    if read:
                        self._given += len(read)
                        yield read
                    position, number = piece.end, piece.next_line
            except CatalogError:
                yield from self._whole()
                return
            if position < len(text):
                # Something unusual: the line reader reads the rest, from the pending entry on.
                if pending is None:
                    rest, first_line = text[position:], number
                else:
                    if not pending_header:   # (the header's key is not among the entries the line reader gives)
                        seen.remove(hash((pending.msgctxt, pending.msgid)))   # the line reader gives it again
                    if pending_start >= 0:
                        rest, first_line = text[pending_start:], pending_line
                    else:
                        rest, first_line = pending_text + text, pending_line
                del text
                yield from self._tail(handle, pieces, rest, first_line, seen)
                return
            if pending is not None and pending_start >= 0:
                pending_text, pending_start = text[pending_start:], -1
        self._no_repeats(seen)
        if pending is not None:
            if pending_header:
                self._without_headers(reader, [pending], [0])
            else:
                self._given += 1
                yield [pending]
        if self.header is None:
            self.header = Catalog(metadata={})

    def _without_headers(self, reader: _Reader, entries: list[Entry], headers: list[int]) -> list[Entry]:
        """``entries`` but the header entries at ``headers``, each taken for the header (a second one: the
        duplicate's error)."""
        for at in headers:
            if self.header is not None:
                self._whole(check_only=True)   # a second header: a duplicate, raised there
            self.header = self._header(reader, entries[at])
        dropped = set(headers)
        return [entry for at, entry in enumerate(entries) if at not in dropped]

    def _no_repeats(self, seen: array) -> None:
        """Raise read_catalog's error for a duplicate entry, if two entries' keys hash the same."""
        if len(set(seen)) != len(seen):
            self._whole(check_only=True)   # raises for a true duplicate (none: a hash collision)

    def _header(self, reader: _Reader, header: Entry) -> Catalog:
        reader.header = header
        try:
            return reader.catalog()
        except CatalogError:
            self._whole(check_only=True)   # raises with the right line
            raise

    def _tail(self, handle, pieces: Iterator[bytes], rest: str, first_line: int, seen: array
              ) -> Iterator[list[Entry]]:
        """The rest of the file through the line reader (``rest``: its beginning, already decoded)."""
        try:
            tail = rest + b"".join(pieces).decode("utf-8")
        except UnicodeDecodeError:
            yield from self._whole()
            return
        if "\r" in tail or "\x00" in tail or "\x04" in tail:
            yield from self._whole()
            return
        reader = _Reader(tail, str(self.path), layouts=False)
        del rest, tail
        try:
            catalog = reader.read()
        except CatalogError:
            yield from self._whole()   # the error with its line in the whole file
            return
        if reader.header is not None:
            if self.header is not None:
                self._whole(check_only=True)   # a second header: a duplicate, raised there
            self.header = Catalog(metadata=catalog.metadata, header_comments=catalog.header_comments,
                                  header_flags=catalog.header_flags, conflict_header=catalog.conflict_header)
        shift = first_line - 1
        for entry in catalog.entries:
            entry.lineno += shift
            seen.append(hash((entry.msgctxt, entry.msgid)))
        self._no_repeats(seen)
        entries = catalog.entries
        del catalog
        if entries:
            self._given += len(entries)
            yield entries
        if self.header is None:
            self.header = Catalog(metadata={})

    def _whole(self, check_only: bool = False) -> Iterator[list[Entry]] | None:
        """Read the whole file as :func:`read_catalog` does (raising its errors); go on after the entries
        already handed out."""
        catalog = read_catalog(self.path, layouts=False)
        if check_only:
            return None
        return self._rest_of(catalog)

    def _rest_of(self, catalog: Catalog) -> Iterator[list[Entry]]:
        self.header = Catalog(metadata=catalog.metadata, header_comments=catalog.header_comments,
                              header_flags=catalog.header_flags, conflict_header=catalog.conflict_header)
        entries = catalog.entries[self._given:]
        del catalog
        if entries:
            self._given += len(entries)
            yield entries

"""Read and write gettext PO/POT catalogs, byte-identical to what GNU ``msgcat`` prints.

The one module that knows PO syntax: the rest of the project sees ``Catalog`` and ``Entry``.

Reading (``parse_catalog``, ``read_catalog``) is strict and never drops text. A syntax error, a
duplicate msgctxt/msgid, bytes that are not UTF-8 or a ``charset`` other than UTF-8 raise
``CatalogError`` with the file and line. The parser is our own, not polib's: polib splits lines on
U+2028/U+2029/U+0085, truncates a msgid whose closing quote is missing and accepts duplicates. Lines
are split on ``\n`` only, so those separators stay inside strings. A UTF-8 byte order mark and CRLF
line endings are accepted and read as if absent; the writer always produces LF without a BOM, as
gettext does, so the first write normalises such a file. What gettext itself cannot read is refused
too: a comment line ending with a backslash (gettext's lexer joins it with the next line), ``#|``
lines out of order or separated from their msgid, U+0000 and U+0004 in strings.

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

Deliberate differences from msgcat: unknown ``#,`` flags (say ``l10n-ignore-numbers``) are kept,
after the known ones, where msgcat drops them; entries with a ``*-format`` flag are wrapped without
gettext's rule against breaking inside a format directive (directives hardly ever hold a break
opportunity). Newer gettext/libunistring pairs (Debian 13) break some lines differently.
"""
from __future__ import annotations

import bisect
import gc
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from l10n.errors import CatalogError
from l10n.fsutil import atomic_write_text

__all__ = [
    "Catalog",
    "CatalogError",
    "Entry",
    "display_width",
    "format_catalog",
    "parse_catalog",
    "read_catalog",
    "write_catalog",
]

PAGE_WIDTH = 79
"""gettext's default page width (``msgcat -w``)."""


# ----------------------------------------------------------------------------------------------
# Data model


@dataclass
class Entry:
    """One message. Fields hold decoded text (no PO escapes, no quotes)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    translator_comments: list[str] = field(default_factory=list)  # "# text" lines, text without "# "
    extracted_comments: list[str] = field(default_factory=list)  # "#. text"
    references: list[str] = field(default_factory=list)  # tokens like "source/a.md:12"
    flags: list[str] = field(default_factory=list)  # "fuzzy", "c-format", custom ones kept in order
    previous_msgid: str | None = None  # "#| msgid"
    previous_msgctxt: str | None = None
    obsolete: bool = False  # "#~" entry
    lineno: int = 0  # line of the msgid keyword when read; 0 if new
    previous_msgid_plural: str | None = None  # "#| msgid_plural"; last, so positional use is unchanged

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Every msgstr form is non-empty and the entry is neither fuzzy nor obsolete."""
        if self.obsolete or self.fuzzy:
            return False
        if self.msgid_plural is None:
            return self.msgstr != ""
        return bool(self.msgstr_plural) and all(self.msgstr_plural.values())

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass
class Catalog:
    """A PO/POT file: the header (split into metadata, comments, flags) and the messages."""

    metadata: dict[str, str]  # header fields in order, e.g. {"Project-Id-Version": "...", ...}
    header_comments: list[str] = field(default_factory=list)  # the header entry's "# " lines
    header_flags: list[str] = field(default_factory=list)  # e.g. ["fuzzy"] in a fresh template
    entries: list[Entry] = field(default_factory=list)  # file order, obsolete ones at the end

    def active(self) -> list[Entry]:
        """The non-obsolete entries, in file order."""
        return [entry for entry in self.entries if not entry.obsolete]


# ----------------------------------------------------------------------------------------------
# Display width and line-break classes, as libunistring 1.0 (Unicode 14) computes them for UTF-8

# Line-break classes, numbered like libunistring's lbrktables.h: the first 33 index the pair table.
(WJ, GL, B2, BA, BB, HY, CL, CP1, CP2, EX, IN, NS, OP1, OP2, QU, IS, NU, PO, PR, SY, AL, H2, H3,
 ID1, ID2, JL, JV, JT, HL, RI, ZWJ, EB, EM) = range(33)
BK, CR, LF, CM, ZW, SP = range(33, 39)
_HL_BA = 100  # "Hebrew letter followed by hyphen", a state of the algorithm, never a class
_CLASS_BY_NAME = {name: number for number, name in enumerate(
    "WJ GL B2 BA BB HY CL CP1 CP2 EX IN NS OP1 OP2 QU IS NU PO PR SY AL H2 H3 ID1 ID2 JL JV JT HL RI "
    "ZWJ EB EM BK CR LF CM ZW SP".split())}

# libunistring's unilbrk_table[before][after] (UAX #14 table 7.3, as amended there):
# D = break allowed, I = break allowed only after spaces, P = no break.
# The IS row allows a break before AL and HL: libunistring 1.0's deviation from rule LB29.
_PAIR_TABLE = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)
# Per (before, after): True = direct break, False = break only after spaces, None = never.
_PAIRS = tuple(tuple({"D": True, "I": False, "P": None}[c] for c in row) for row in _PAIR_TABLE)

# Line_Break values of libunistring 1.0 (generated from its lbrkprop tables for Unicode 14, with the
# run-time resolutions AI/SA/XX -> AL and CB -> ID1 applied) wherever they differ from
# _default_class() below. "START[-END] CLASS", hexadecimal code points.
_CLASS_EXCEPTIONS = """
0009 BA 000A LF 000B-000C BK 000D CR 0020 SP 0021 EX 0022 QU 0025 PO 0027 QU 0029 CP1 002B PR 002C IS
002D HY 002E IS 002F SY 003A-003B IS 003F EX 005C PR 005D CP1 007C BA 0085 BK 00A0 GL 00A1 OP1 00A2 PO
00AD BA 00B0 PO 00B1 PR 00B4 BB 00BF OP1 02C8 BB 02CC BB 02DF BB 034F GL 035C-0362 GL 037E IS 0589 IS
05C6 EX 05D0-05EA HL 05EF-05F2 HL 0609-060B PO 060C-060D IS 061B EX 061C CM 061D-061F EX 066A PO
066B-066C NU 06D4 EX 07F8 IS 07F9 EX 0964-0965 BA 09F2-09F3 PO 09F9 PO 0C77 BB 0C84 BB 0D79 PO 0E31 AL
0E34-0E3A AL 0E47-0E4E AL 0E5A-0E5B BA 0EB1 AL 0EB4-0EBC AL 0EC8-0ECD AL 0F01-0F04 BB 0F06-0F07 BB 0F08 GL
0F09-0F0A BB 0F0B BA 0F0C GL 0F0D-0F11 EX 0F12 GL 0F14 EX 0F34 BA 0F7F BA 0F85 BA 0FBE-0FBF BA
0FD0-0FD1 BB 0FD2 BA 0FD3 BB 0FD9-0FDA GL 102B-103E AL 104A-104B BA 1056-1059 AL 105E-1060 AL 1062-1064 AL
1067-106D AL 1071-1074 AL 1082-108D AL 108F AL 109A-109D AL 1100-115F JL 1160-11A7 JV 11A8-11FF JT 1361 BA
16EB-16ED BA 1735-1736 BA 17B4-17D3 AL 17D4-17D5 BA 17D6 NS 17D8 BA 17DA BA 17DD AL 1802-1803 EX
1804-1805 BA 1806 BB 1808-1809 EX 180E GL 1944-1945 EX 1A55-1A5E AL 1A60-1A7C AL 1B5A-1B5B BA 1B5D-1B60 BA
1B7D-1B7E BA 1C3B-1C3F BA 1C7E-1C7F BA 1FFD BB 2007 GL 200B ZW 200C CM 200D ZWJ 200E-200F CM 2011 GL
2014 B2 2015 AL 2024-2026 IN 2027 BA 2028-2029 BK 202A-202E CM 202F GL 2030-2037 PO 203C-203D NS 2044 IS
2047-2049 NS 2056 BA 2058-205B BA 205D-205E BA 2060 WJ 2066-206F CM 20A7 PO 20B6 PO 20BB PO 20BE PO
20C0 PO 20C1-20CF PR 2103 PO 2109 PO 2116 PR 2212-2213 PR 22EF IN 23E9-23EC AL 23F1-23F2 ID1 25FD-25FE AL
2600-2603 ID1 2618 ID1 261A-261C ID1 261D EB 261E-261F ID1 2639-263B ID1 2648-2653 AL 2668 ID1 2693 AL
26A1 AL 26AA-26AB AL 26BF-26C3 ID1 26C6-26C8 ID1 26CD ID1 26CE AL 26CF-26D1 ID1 26D3 ID1 26D8-26D9 ID1
26DC ID1 26DF-26E1 ID1 26F1 ID1 26F4 ID1 26F7-26F8 ID1 26F9 EB 26FE-2704 ID1 2705 AL 2708-2709 ID1
270A-270D EB 2728 AL 274C AL 274E AL 2753-2755 AL 2757 AL 275B-2760 QU 2762-2763 EX 2764 ID1 2795-2797 AL
27B0 AL 27BF AL 2B1B-2B1C AL 2B50 AL 2B55 AL 2CF9 EX 2CFA-2CFC BA 2CFE EX 2CFF BA 2D70 BA 2E00-2E01 QU
2E06-2E08 QU 2E0B QU 2E0E-2E15 BA 2E18 OP1 2E19 BA 2E1A AL 2E2A-2E2D BA 2E2E EX 2E30-2E31 BA 2E33-2E34 BA
2E3A-2E3B B2 2E3C-2E3E BA 2E41 BA 2E43-2E4A BA 2E4C BA 2E4E-2E4F BA 2E53-2E54 EX 3001-3002 CL 3005 NS
301C NS 3030 ID1 3035 CM 303B-303C NS 303F ID1 3041 NS 3043 NS 3045 NS 3047 NS 3049 NS 3063 NS 3083 NS
3085 NS 3087 NS 308E NS 3095-3096 NS 309B-309E NS 30A0-30A1 NS 30A3 NS 30A5 NS 30A7 NS 30A9 NS 30C3 NS
30E3 NS 30E5 NS 30E7 NS 30EE NS 30F5-30F6 NS 30FB-30FE NS 31F0-31FF NS A015 NS A4FE-A4FF BA A60D BA
A60E EX A60F BA A6F3-A6F7 BA A838 PO A874-A875 BB A876-A877 EX A8CE-A8CF BA A8FC BB A92E-A92F BA
A960-A97C JL A9C7-A9C9 BA A9E5 AL AA5D-AA5F BA AA7B-AA7D AL AAB0 AL AAB2-AAB4 AL AAB7-AAB8 AL AABE-AABF AL
AAC1 AL AAF0-AAF1 BA ABEB BA D7B0-D7C6 JV D7CB-D7FB JT FA6E-FA6F ID1 FADA-FAFF ID1 FB1D HL FB1F-FB28 HL
FB2A-FB36 HL FB38-FB3C HL FB3E HL FB40-FB41 HL FB43-FB44 HL FB46-FB4F HL FDFC PO FE10 IS FE11-FE12 CL
FE13-FE14 IS FE15-FE16 EX FE19 IN FE31-FE34 ID1 FE4D-FE4F ID1 FE50 CL FE52 CL FE54-FE55 NS FE56-FE57 EX
FE58 ID1 FE63 ID1 FE6A PO FEFF WJ FF01 EX FF05 PO FF0C CL FF0D ID1 FF0E CL FF10-FF19 ID1 FF1A-FF1B NS
FF1F EX FF21-FF3A ID1 FF3F ID1 FF41-FF5A ID1 FF61 CL FF62 OP2 FF64 CL FF65 NS FF66 ID1 FF67-FF70 NS
FF71-FF9D ID1 FF9E-FF9F NS FFA0-FFBE ID1 FFC2-FFC7 ID1 FFCA-FFCF ID1 FFD2-FFD7 ID1 FFDA-FFDC ID1 FFE0 PO
FFF9-FFFB CM FFFC ID1 10100-10102 BA 1039F BA 103D0 BA 10857 BA 1091F BA 10A50-10A57 BA 10AF0-10AF5 BA
10AF6 IN 10B39-10B3F BA 11047-11048 BA 110BE-110C1 BA 11140-11143 BA 11175 BB 111C5-111C6 BA 111C8 BA
111DB BB 111DD-111DF BA 11238-11239 BA 1123B-1123C BA 112A9 BA 1144B-1144E BA 1145A-1145B BA 115C1 BB
115C2-115C3 BA 115C4-115C5 EX 115C9-115D7 BA 11641-11642 BA 11660-1166C BB 1171D-1172B AL 1173C-1173E BA
11944-11946 BA 119E2 BB 11A3F BB 11A41-11A44 BA 11A45 BB 11A9A-11A9C BA 11A9E-11AA0 BB 11AA1-11AA2 BA
11C41-11C45 BA 11C70 BB 11C71 EX 11FDD-11FE0 PO 11FFF BA 12470-12474 BA 13258-1325A OP1 1325B-1325D CL
13282 CL 13286 OP1 13287 CL 13288 OP1 13289 CL 13379 OP1 1337A-1337B CL 13430-13436 GL 13437 OP1 13438 CL
145CE OP1 145CF CL 16A6E-16A6F BA 16AF5 BA 16B37-16B39 BA 16B44 BA 16E97-16E98 BA 16FE0-16FE3 NS 16FE4 GL
18B00-18CD5 AL 1AFF0-1AFF3 AL 1AFF5-1AFFB AL 1AFFD-1AFFE AL 1B150-1B152 NS 1B164-1B167 NS 1BC9F BA
1BCA0-1BCA3 CM 1D173-1D17A CM 1DA87-1DA8A BA 1E95E-1E95F OP1 1ECAC PO 1ECB0 PO 1F000-1F003 ID1
1F005-1F02B ID1 1F02C-1F02F ID2 1F030-1F093 ID1 1F094-1F09F ID2 1F0A0-1F0AE ID1 1F0AF-1F0B0 ID2
1F0B1-1F0BF ID1 1F0C0 ID2 1F0C1-1F0CE ID1 1F0D0 ID2 1F0D1-1F0F5 ID1 1F0F6-1F0FF ID2 1F10D-1F10F ID1
1F16D-1F16F ID1 1F18E AL 1F191-1F19A AL 1F1AD ID1 1F1AE-1F1E5 ID2 1F1E6-1F1FF RI 1F203-1F20F ID2
1F23C-1F23F ID2 1F249-1F24F ID2 1F252-1F25F ID2 1F266-1F2FF ID2 1F321-1F32C ID1 1F336 ID1 1F37D ID1
1F385 EB 1F394-1F39B ID1 1F39E-1F39F ID1 1F3B5-1F3B6 AL 1F3BC AL 1F3C2-1F3C4 EB 1F3C7 EB 1F3CA-1F3CC EB
1F3CD-1F3CE ID1 1F3D4-1F3DF ID1 1F3F1-1F3F3 ID1 1F3F5-1F3F7 ID1 1F3FB-1F3FF EM 1F43F ID1 1F441 ID1
1F442-1F443 EB 1F446-1F450 EB 1F466-1F478 EB 1F47C EB 1F481-1F483 EB 1F485-1F487 EB 1F48F EB 1F491 EB
1F4A0 AL 1F4A2 AL 1F4A4 AL 1F4AA EB 1F4AF AL 1F4B1-1F4B2 AL 1F4FD-1F4FE ID1 1F500-1F506 AL 1F517-1F524 AL
1F532-1F53D AL 1F54A ID1 1F54F ID1 1F568-1F573 ID1 1F574-1F575 EB 1F576-1F579 ID1 1F57A EB 1F57B-1F58F ID1
1F590 EB 1F591-1F594 ID1 1F595-1F596 EB 1F597-1F5A3 ID1 1F5A5-1F5D3 ID1 1F5DC-1F5F3 ID1 1F5FA ID1
1F645-1F647 EB 1F64B-1F64F EB 1F676-1F678 QU 1F679-1F67B NS 1F6A3 EB 1F6B4-1F6B6 EB 1F6C0 EB
1F6C6-1F6CB ID1 1F6CC EB 1F6CD-1F6CF ID1 1F6D3-1F6D4 ID1 1F6D8-1F6DC ID2 1F6E0-1F6EA ID1 1F6ED-1F6EF ID2
1F6F0-1F6F3 ID1 1F6FD-1F6FF ID2 1F774-1F77F ID2 1F7D5-1F7D8 ID1 1F7D9-1F7DF ID2 1F7EC-1F7EF ID2
1F7F1-1F7FF ID2 1F80C-1F80F ID2 1F848-1F84F ID2 1F85A-1F85F ID2 1F888-1F88F ID2 1F8AE-1F8AF ID2
1F8B0-1F8B1 ID1 1F8B2-1F8FF ID2 1F90C EB 1F90F EB 1F918-1F91F EB 1F926 EB 1F930-1F939 EB 1F93B ID1
1F93C-1F93E EB 1F946 ID1 1F977 EB 1F9B5-1F9B6 EB 1F9B8-1F9B9 EB 1F9BB EB 1F9CD-1F9CF EB 1F9D1-1F9DD EB
1FA54-1FA5F ID2 1FA60-1FA6D ID1 1FA6E-1FA6F ID2 1FA75-1FA77 ID2 1FA7D-1FA7F ID2 1FA87-1FA8F ID2
1FAAD-1FAAF ID2 1FABB-1FABF ID2 1FAC3-1FAC5 EB 1FAC6-1FACF ID2 1FADA-1FADF ID2 1FAE8-1FAEF ID2
1FAF0-1FAF6 EB 1FAF7-1FAFF ID2 1FC00-1FFFD ID2 2A6E0-2A6FF ID1 2B739-2B73F ID1 2B81E-2B81F ID1
2CEA2-2CEAF ID1 2EBE1-2F7FF ID1 2FA1E-2FFFD ID1 3134B-3FFFD ID1 E0001 CM E0020-E007F CM
"""

_CLASS_BY_CATEGORY = {
    "Mn": CM, "Mc": CM, "Me": CM, "Cc": CM, "Nd": NU, "Pi": QU, "Pf": QU, "Zs": BA, "Sc": PR, "Pd": BA,
    "Pe": CL,
}
_WIDE_CATEGORIES = frozenset({"Lo", "Lm", "So", "Nl", "No", "Po", "Sm", "Sk"})


def _default_class(code: int) -> int:
    """A guess from the general category and East Asian Width, right for all but _CLASS_EXCEPTIONS."""
    char = chr(code)
    if 0xAC00 <= code <= 0xD7A3:  # Hangul syllables: LV every 28th, LVT between
        return H2 if (code - 0xAC00) % 28 == 0 else H3
    category = unicodedata.category(char)
    by_category = _CLASS_BY_CATEGORY.get(category)
    if by_category is not None:
        return by_category
    wide = category != "Cn" and unicodedata.east_asian_width(char) in "WF"
    if category == "Ps":
        return OP2 if wide else OP1
    if wide and category in _WIDE_CATEGORIES:
        return ID1
    return AL


def _parse_class_exceptions(table: str) -> tuple[list[int], list[int], list[int]]:
    starts, ends, classes = [], [], []
    for span, name in re.findall(r"(\S+) (\S+)", table):
        first, _, last = span.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
        classes.append(_CLASS_BY_NAME[name])
    return starts, ends, classes


_EXCEPTION_STARTS, _EXCEPTION_ENDS, _EXCEPTION_CLASSES = _parse_class_exceptions(_CLASS_EXCEPTIONS)


def _line_break_class(code: int) -> int:
    index = bisect.bisect_right(_EXCEPTION_STARTS, code) - 1
    if index >= 0 and code <= _EXCEPTION_ENDS[index]:
        return _EXCEPTION_CLASSES[index]
    return _default_class(code)


# Where libunistring's uc_width() disagrees with "East Asian Wide/Fullwidth = 2, nonspacing = 0":
# unassigned code points in CJK blocks are already wide, and a few spacing vowel signs that Unicode
# files as Mn keep their column.
_WIDE_UNASSIGNED = ((0x2E80, 0x303E), (0x3040, 0xA4CF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F),
                    (0xFE30, 0xFE6F), (0xFF00, 0xFF60), (0x1F200, 0x1F2FF), (0x20000, 0x3FFFF))
_SPACING_MN = frozenset({0x0CBF, 0x0CC6, 0x11A07, 0x11A08, 0x11C3F})


def _char_width(code: int) -> int:
    """Columns of one character as libunistring's uc_width() counts them in UTF-8; control
    characters count 0 (uc_width says -1 and the line breaker ignores them)."""
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    char = chr(code)
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return 1 if code in _SPACING_MN else 0
    if category == "Cn":
        return 2 if any(low <= code <= high for low, high in _WIDE_UNASSIGNED) else 1
    if 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:  # conjoining Hangul vowels, finals
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


class _PerCharacter(dict[str, int]):
    """A cache of ``function(code point)`` keyed by character, filled on first use: texts use few
    distinct characters, and a dict lookup is far cheaper than the Unicode database."""

    def __init__(self, function: Callable[[int], int]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, char: str) -> int:
        value = self[char] = self.function(ord(char))
        return value


_CHAR_CLASS = _PerCharacter(_line_break_class)
_CHAR_WIDTH = _PerCharacter(_char_width)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal, as gettext measures it: East Asian Wide and Fullwidth
    characters count 2, combining marks and control characters 0, everything else 1.

    >>> display_width("快手 AI")
    7
    """
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_CHAR_WIDTH.__getitem__, text))


_POSSIBLE, _PROHIBITED, _MANDATORY = 1, 0, 2


def _break_points_exact(text: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    """Indices ``i`` where a line break goes before ``text[i]``: a port of libunistring 1.0's
    ``u8_possible_linebreaks_loop`` and ``u8_width_linebreaks_internal`` (at_end_columns 0).

    ``prohibited`` are indices gettext forbids a break before (inside escape sequences). The first
    line starts at ``start_column``, later lines at 0; a line may be at most ``width`` columns.
    Like libunistring, a mandatory break character (U+2028, U+2029, U+0085) restarts the column
    count although gettext prints no line break there.
    """
    pairs = _PAIRS
    breaks: list[int] = []
    last_prop = prev_prop = BK
    seen_space = False
    ri_count = 0
    last_break = -1  # start of the current piece, a break opportunity; -1 when there is none
    last_column = start_column
    piece_width = 0
    for index, char in enumerate(text):
        prop = _CHAR_CLASS[char]
        if prop == BK or prop == LF or prop == CR:
            brk = _MANDATORY
            prev_prop = prop
            last_prop = BK
            seen_space = False
        else:
            if prop == SP:
                brk = _PROHIBITED
                seen_space = True
            elif prop == ZW:
                brk = _PROHIBITED
                last_prop = ZW
                seen_space = False
            elif prop == CM or prop == ZWJ:
                if last_prop == BK:
                    brk = _PROHIBITED
                    last_prop = AL
                    seen_space = False
                elif last_prop == ZW or seen_space:
                    brk = _POSSIBLE
                    last_prop = AL
                    seen_space = False
                else:
                    brk = _PROHIBITED
            else:
                if last_prop == BK:
                    brk = _PROHIBITED
                elif last_prop == ZW:
                    brk = _POSSIBLE
                elif prev_prop == ZWJ:
                    brk = _PROHIBITED
                elif last_prop == RI and prop == RI:
                    brk = _POSSIBLE if seen_space or ri_count % 2 == 0 else _PROHIBITED
                elif prev_prop == _HL_BA:
                    brk = _PROHIBITED
                else:
                    pair = pairs[last_prop][prop]
                    brk = _POSSIBLE if pair or (pair is False and seen_space) else _PROHIBITED
                last_prop = prop
                seen_space = False
            prev_prop = _HL_BA if prev_prop == HL and (prop == HY or prop == BA) else prop
        ri_count = ri_count + 1 if prop == RI else 0

        if brk and index in prohibited:
            brk = _PROHIBITED
        if brk:
            # A piece of text that cannot be broken ends here.
            if last_break >= 0 and last_column + piece_width > width:
                breaks.append(last_break)
                last_column = 0
            if brk == _MANDATORY:
                last_break = -1
                last_column = 0
                piece_width = 0
                continue
            last_break = index
            last_column += piece_width
            piece_width = 0
        piece_width += _CHAR_WIDTH[char]
    if last_break >= 0 and last_column + piece_width > width:
        breaks.append(last_break)
    return breaks


# The fast path. Without mandatory breaks, whether a break may go before text[i] depends only on a
# few characters before it, so a line needs just its width budget and a backward look for the last
# opportunity, instead of the state machine run over every character.
_MANDATORY_BREAK = re.compile("[\n\v\f\r\x85\u2028\u2029]")  # the BK, CR and LF classes


def _may_break_before(text: str, index: int) -> bool:
    """libunistring's verdict for a break before ``text[index]`` (0 < index, no mandatory breaks),
    derived from the state _break_points_exact would have reached there."""
    class_of = _CHAR_CLASS.__getitem__
    after = class_of(text[index])
    if after == SP or after == ZW:
        return False
    before_index = index - 1
    while before_index >= 0 and class_of(text[before_index]) == SP:
        before_index -= 1
    if before_index < 0:
        return False  # only spaces since the start: no break at the beginning of a line
    after_spaces = before_index < index - 1
    before = class_of(text[before_index])
    if before == CM or before == ZWJ:
        # X CM* acts as X; a combining mark at the start or after a space acts as AL.
        base = before_index - 1
        while base >= 0 and class_of(text[base]) in (CM, ZWJ):
            base -= 1
        before = AL if base < 0 or class_of(text[base]) in (SP, ZW) else class_of(text[base])
    if after == CM or after == ZWJ:
        return before == ZW or after_spaces
    if before == ZW:
        return True
    previous = class_of(text[index - 1])
    if previous == ZWJ:
        return False
    if before == RI and after == RI:
        run = index - 1
        while run >= 0 and class_of(text[run]) == RI:
            run -= 1
        return after_spaces or (index - 1 - run) % 2 == 0
    if index >= 2 and (previous == HY or previous == BA) and class_of(text[index - 2]) == HL:
        return False
    pair = _PAIRS[before][after]
    return pair is True or (pair is False and after_spaces)


def _fitting_end(text: str, start: int, budget: int) -> int:
    """The largest ``end`` with display_width(text[start:end]) <= budget (``start`` if none)."""
    end = start
    while budget >= 2 and end < len(text):
        piece = text[end:end + budget // 2]  # at most 2 columns a character: it fits
        budget -= display_width(piece)
        end += len(piece)
    while end < len(text):
        width = _CHAR_WIDTH[text[end]]
        if width > budget:
            break
        budget -= width
        end += 1
    return end


def _break_points(text: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    """Where libunistring 1.0 breaks ``text`` (see _break_points_exact): each line takes its first
    piece (text up to the next break opportunity) whatever its width, then further pieces while it
    stays within ``width`` columns."""
    if _MANDATORY_BREAK.search(text):
        return _break_points_exact(text, prohibited, width, start_column)

    def may_break(index: int) -> bool:
        return index not in prohibited and _may_break_before(text, index)

    breaks: list[int] = []
    line_start = 0
    budget = width - start_column
    while True:
        end = _fitting_end(text, line_start, budget)
        if end >= len(text):
            return breaks
        cut = end
        while cut > line_start and not may_break(cut):
            cut -= 1
        if cut == line_start:  # the first piece alone is too wide: it ends at the next opportunity
            cut = end + 1
            while cut < len(text) and not may_break(cut):
                cut += 1
            if cut >= len(text):
                return breaks
        breaks.append(cut)
        line_start = cut
        budget = width


# ----------------------------------------------------------------------------------------------
# Writing

# Only these control characters get C escapes; gettext writes every other one raw.
_ESCAPES = str.maketrans({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                          "\v": "\\v", "\\": "\\\\", '"': '\\"'})
_ESCAPE_PAIR = re.compile(r"\\.")
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_NO_WRAP_WIDTH = 2**31 - 1  # gettext's INT_MAX

# gettext 0.21's format_language[], the order in which "#," prints *-format flags.
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
    "gfc-internal", "ycp",
)
_FORMAT_INDEX = {language: index for index, language in enumerate(_FORMAT_LANGUAGES)}
_SYNTAX_CHECKS = frozenset({"ellipsis-unicode", "space-ellipsis", "quote-unicode", "bullet-unicode"})
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
_REFERENCE_WITH_LINE = re.compile(r"(.+):([0-9]+)")
_NPLURALS = re.compile(r"nplurals\s*=\s*([0-9]+)")
_BLANKS = re.compile(r"[ \t\n]+")  # what separates references for gettext


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
                    start_column: int) -> list[int]:
    if start_column + escaped_width <= width:
        return []  # fits: the greedy filler never breaks
    prohibited: set[int] = set()
    if len(escaped) > len(portion):
        # No break inside an escape sequence, nor just before the "\n" that ends a portion.
        prohibited = {match.start() + 1 for match in _ESCAPE_PAIR.finditer(escaped)}
        if portion.endswith("\n"):
            prohibited.add(len(escaped) - 2)
    return _break_points(escaped, prohibited, width, start_column)


def _format_string(prefix: str, keyword: str, value: str, page_width: int, wrap: bool) -> list[str]:
    """The lines of ``keyword "value"`` as gettext's ``wrap()`` in write-po.c prints them."""
    indent_after_break = len(prefix) + 1  # the prefix and the opening quote
    width = (page_width if wrap else _NO_WRAP_WIDTH) - 1 - indent_after_break  # room for the closing quote
    portions = _split_portions(value)
    if len(portions) == 1:
        # On the keyword line, unless breaking from there would cut the string.
        escaped = _escape(value)
        escaped_width = display_width(escaped)
        keyword_column = len(keyword) + 1
        if keyword_column + escaped_width <= width:
            return [f'{prefix}{keyword} "{escaped}"']
        breaks = _portion_breaks(value, escaped, escaped_width, width, 0)
        # No break from column 0 can still mean one from the keyword's column (and vice versa not).
        if not breaks and (keyword_column > width or not _portion_breaks(
                value, escaped, escaped_width, width, keyword_column)):
            return [f'{prefix}{keyword} "{escaped}"']
        return [f'{prefix}{keyword} ""', *_cut_lines(prefix, escaped, breaks)]
    lines = [f'{prefix}{keyword} ""']
    for portion in portions:
        escaped = _escape(portion)
        breaks = _portion_breaks(portion, escaped, display_width(escaped), width, 0)
        lines += _cut_lines(prefix, escaped, breaks)
    return lines


def _cut_lines(prefix: str, escaped: str, breaks: list[int]) -> list[str]:
    cuts = [0, *breaks, len(escaped)]
    return [f'{prefix}"{escaped[start:end]}"' for start, end in zip(cuts, cuts[1:])]


def _canonical_flags(flags: list[str], obsolete: bool, show_fuzzy: bool) -> list[str]:
    """Flags in the order and spelling gettext writes them, then our own flags in their order."""
    tokens = _parse_flags(" ".join(flags))
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
    return written + custom


def _wraps(flags: list[str]) -> bool:
    """False when the last of ``wrap``/``no-wrap`` is ``no-wrap``: then strings are cut only at \\n."""
    tokens = _parse_flags(" ".join(flags))
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
    lines: list[str] = []
    line = "#:"
    column = 2
    seen: set[tuple[str, int | None]] = set()
    for token in references:
        for part in _BLANKS.split(token):
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


def _format_entry(entry: Entry, page_width: int, nplurals: int) -> list[str]:
    """The lines of one message as ``message_print``/``message_print_obsolete`` print them."""
    forms = _plural_forms(entry, nplurals) if entry.msgid_plural is not None else [entry.msgstr]
    lines = _comment_lines("#", entry.translator_comments)
    lines += _comment_lines("#.", entry.extracted_comments)
    lines += _reference_lines(entry.references, page_width)
    show_fuzzy = entry.obsolete or forms[0] != ""
    flags = _canonical_flags(entry.flags, entry.obsolete, show_fuzzy)
    if flags:
        lines.append("#, " + ", ".join(flags))
    wrap = _wraps(entry.flags)
    prefix = "#~ " if entry.obsolete else ""
    previous_prefix = "#~| " if entry.obsolete else "#| "
    for keyword, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                           ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            lines += _format_string(previous_prefix, keyword, value, page_width, wrap)
    if entry.msgctxt is not None:
        lines += _format_string(prefix, "msgctxt", entry.msgctxt, page_width, wrap)
    lines += _format_string(prefix, "msgid", entry.msgid, page_width, wrap)
    if entry.msgid_plural is None:
        lines += _format_string(prefix, "msgstr", entry.msgstr, page_width, wrap)
    else:
        lines += _format_string(prefix, "msgid_plural", entry.msgid_plural, page_width, wrap)
        for index, form in enumerate(forms):
            lines += _format_string(prefix, f"msgstr[{index}]", form, page_width, wrap)
    return lines


def _header_entry(catalog: Catalog) -> Entry | None:
    if not (catalog.metadata or catalog.header_comments or catalog.header_flags):
        return None
    for name, value in catalog.metadata.items():
        if not name or ":" in name or "\n" in name or "\n" in value:
            raise ValueError(f"header field {name!r}: {value!r} does not fit one 'Name: value' line")
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


def format_catalog(catalog: Catalog, width: int = PAGE_WIDTH) -> str:
    """The PO text GNU ``msgcat --width=WIDTH`` prints for ``catalog``: header first, then the
    active entries, then the obsolete ones, separated by blank lines.

    Raises ValueError for what no PO file can hold: U+0000 or U+0004 in a string, a comment line
    ending with a backslash, a previous msgctxt or msgid_plural without a previous msgid.
    """
    nplurals_match = _NPLURALS.search(catalog.metadata.get("Plural-Forms", ""))
    nplurals = int(nplurals_match[1]) if nplurals_match else 2
    header = _header_entry(catalog)
    active = [entry for entry in catalog.entries if not entry.obsolete]
    obsolete = [entry for entry in catalog.entries
                if entry.obsolete and (entry.msgstr_plural.get(0, "") if entry.msgid_plural is not None
                                       else entry.msgstr)]
    blocks = []
    for entry in ([header] if header else []) + active + obsolete:
        _check_representable(entry)
        lines = _format_entry(entry, width, nplurals)
        if any(line.endswith("\\") for line in lines):  # only comment lines can: strings end in "
            raise ValueError(f"entry {entry.msgid[:40]!r} has a comment ending with a backslash, "
                             "which gettext would join with the next line")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def write_catalog(path: str | Path, catalog: Catalog) -> bool:
    """Write ``format_catalog(catalog)`` atomically; False (and no write) when the file already
    holds exactly that text."""
    return atomic_write_text(Path(path), format_catalog(catalog))


# ----------------------------------------------------------------------------------------------
# Reading

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
# obsolete ones and anything indented or unusual are left to the line reader.
_FAST_BODY = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"\n'
_FAST_ENTRY = re.compile(
    r"(?P<comments>(?:#(?:[ .:,][^\n]*)?(?<!\\)\n)*)"
    rf"(?P<previous>(?:\#\| msgctxt {_FAST_BODY}(?:\#\| {_FAST_BODY})*)?"
    rf"(?:\#\| msgid (?:{_FAST_BODY})(?:\#\| {_FAST_BODY})*))?"
    rf"(?:msgctxt (?P<context>{_FAST_BODY}(?:{_FAST_BODY})*))?"
    rf"msgid (?P<msgid>{_FAST_BODY}(?:{_FAST_BODY})*)"
    rf"msgstr (?P<msgstr>{_FAST_BODY}(?:{_FAST_BODY})*)"
    r"((?:[ \t]*\n)*)")
_FAST_PREVIOUS = re.compile(rf"#\| (msgctxt|msgid) ({_FAST_BODY}(?:\#\| {_FAST_BODY})*)")
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
    words = [word for word in _BLANKS.split(text) if word]
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


def _parse_flags(text: str) -> list[str]:
    tokens = [token for token in _FLAG_SEPARATORS.split(text) if token]
    flags: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "range:" and index < len(tokens):
            token = f"range: {tokens[index]}"
            index += 1
        flags.append(token)
    return flags


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

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.entries: list[Entry] = []
        self.header: Entry | None = None
        self.first_seen: dict[tuple[str | None, str], int] = {}
        self.draft: _Draft | None = None
        self.pieces: list[str] | None = None  # the string that continuation lines extend
        self.pieces_obsolete = False
        self.pieces_previous = False
        self.may_hold_forbidden = "\x00" in text or "\x04" in text   # as _FORBIDDEN, 10x faster

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
                self.__init__(self.text, self.path)
                position, first = 0, 1
        number = first
        for number, raw in enumerate(self.text[position:].split("\n"), start=first):
            self.read_line(raw.lstrip(" \t"), number)
        self.finish_draft(number, at_end=True)
        return self.catalog()

    def read_fast(self) -> tuple[int, int]:
        """Read entries of the common shapes (comments, ``#|`` lines, msgctxt, msgid, msgstr, each line
        unindented and without trailing blanks); return where the line reader takes over: the offset and
        line number of the last entry read, which it reads again (it may continue past what matched).

        Whatever is read here is read as the line reader reads it; nothing here raises except the
        helpers shared with it (escapes, duplicates), and the caller then rereads the whole file.
        """
        text = self.text + "\n"
        string = self.fast_string
        comments_into = self.fast_comments
        first_seen = self.first_seen
        entries = self.entries
        position, number = 0, 1
        pending: Entry | None = None
        pending_at = (0, 1)
        for match in _FAST_ENTRY.finditer(text):
            if match.start() != position:
                break
            if pending is not None:
                # add_entry, inlined for the common case; it raises for a duplicate
                if first_seen.setdefault((pending.msgctxt, pending.msgid), pending.lineno) != pending.lineno:
                    self.add_entry(pending)
                if pending.msgid or pending.msgctxt is not None:
                    entries.append(pending)
                else:
                    self.header = pending
            comments, previous, context, msgid, msgstr, blanks = match.groups()
            line = number + comments.count("\n")
            translator: list[str] = []
            extracted: list[str] = []
            references: list[str] = []
            flags: list[str] = []
            if comments:
                comments_into(comments, translator, extracted, references, flags)
            previous_msgid = previous_msgctxt = None
            if previous:
                previous_msgctxt, previous_msgid = self.fast_previous(previous, line)
                line += previous.count("\n")
            msgctxt = None
            if context is not None:
                msgctxt = string(context, line)
                line += context.count("\n")
            msgid_lines = msgid.count("\n")
            # fast_string, inlined for strings without escapes
            body = msgid[1:-2]
            msgid = body.replace('"\n"', "") if "\\" not in body else string(msgid, line)
            body = msgstr[1:-2]
            msgstr_lines = msgstr.count("\n")
            msgstr = body.replace('"\n"', "") if "\\" not in body else string(msgstr, line + msgid_lines)
            pending = Entry(msgid, msgstr, msgctxt, None, {}, translator, extracted, references, flags,
                            previous_msgid, previous_msgctxt, False, line)
            pending_at = (position, number)
            position = match.end()
            number = line + msgid_lines + msgstr_lines + blanks.count("\n")
        if pending is None:
            return 0, 1
        if position >= len(text):
            self.add_entry(pending)
            return len(self.text), number
        return pending_at

    def fast_string(self, lines: str, number: int) -> str:
        """The value of ``"..."`` lines (keyword already cut off: the first line starts at its quote)."""
        body = lines[1:-2]
        if "\\" not in body:
            return body.replace('"\n"', "")   # a raw newline is never inside a string: only between lines
        return "".join(_decode_string(piece, self.path, number + offset)
                       for offset, piece in enumerate(body.split('"\n"')))

    @staticmethod
    def fast_comments(comments: str, translator: list[str], extracted: list[str], references: list[str],
                      flags: list[str]) -> None:
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
                flags.extend(_parse_flags(line[2:]))
            else:
                translator.append(line[2:])

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
            draft.flags.extend(_parse_flags(line[2:]))
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
        self.add_entry(self.build_entry(draft))

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
        return catalog

    def parse_metadata(self, header: Entry) -> dict[str, str]:
        metadata: dict[str, str] = {}
        for field_line in header.msgstr.split("\n"):
            if not field_line:
                continue
            name, colon, value = field_line.partition(":")
            if not colon or not name.strip():
                raise self.error(f"header line {field_line[:40]!r} is not 'Name: value'",
                                 self.header_line(header, field_line))
            if name in metadata:
                raise self.error(f"header field {name!r} appears twice", self.header_line(header, name))
            metadata[name] = value[1:] if value.startswith(" ") else value
        charset = _CHARSET.search(metadata.get("Content-Type", ""))
        if charset and charset[1].lower() not in _UTF8_NAMES:
            raise self.error(f"catalog charset is {charset[1]!r}, not UTF-8",
                             self.header_line(header, "Content-Type:"),
                             "convert the file with msgconv --to-code=UTF-8")
        return metadata

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


def parse_catalog(text: str, path: str | Path = "<string>") -> Catalog:
    """Read PO text. ``path`` only names the source in errors.

    Raises CatalogError (with the line) for syntax errors, duplicate entries, non-UTF-8 charsets.
    A leading BOM and CRLF line endings are read as if absent.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    # Reading makes no reference cycles, yet allocates enough objects to set off several full collections
    # of everything alive (a third of the time on a 100,000-entry catalog): pause the collector.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Reader(text, str(path)).read()
    finally:
        if collecting:
            gc.enable()


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


def read_catalog(path: str | Path) -> Catalog:
    """Read a PO/POT file, which must be UTF-8 (a BOM and CRLF line endings are accepted)."""
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
    return parse_catalog(text, path)

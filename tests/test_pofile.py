"""Tests for l10n.pofile: msgcat-identical writing, strict and lossless reading.

Byte-for-byte comparisons run the ``msgcat`` found on PATH (skipped when it is missing) and name its
version in their failure message. Written and last run against ``msgcat (GNU gettext-tools) 0.21``
linked with libunistring 1.0 (Debian 12); newer gettext/libunistring pairs break some lines
differently, and then these tests say so rather than pass.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import functools
import random
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n import pofile
from l10n.pofile import (
    Catalog,
    CatalogError,
    Entry,
    display_width,
    format_catalog,
    parse_catalog,
    read_catalog,
    write_catalog,
)

from .conftest import ARTICLE, gettext_tool

METADATA = {
    "Project-Id-Version": "kuaishou-ai-kling 0.1.0",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2025-11-25 00:00+0000",
    "PO-Revision-Date": "2025-11-25 00:00+0000",
    "Last-Translator": "l10n <l10n@example.org>",
    "Language-Team": "English <en@example.org>",
    "Language": "en",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'  # lines 1-3


@functools.cache
def msgcat_version() -> str:
    msgcat = gettext_tool("msgcat")
    return subprocess.run([msgcat, "--version"], capture_output=True, text=True).stdout.splitlines()[0]


def run_msgcat(path: Path, width: int = 79) -> str:
    msgcat = gettext_tool("msgcat")
    result = subprocess.run([msgcat, f"--width={width}", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def article_segments() -> list[str]:
    """Every line of the seed article and every sentence in it, once each."""
    lines = [line.strip() for line in ARTICLE.read_text(encoding="utf-8").split("\n") if line.strip()]
    sentences = [s.strip() for line in lines for s in re.findall(r"[^。！？!?]+[。！？!?」…]*", line)]
    return list(dict.fromkeys(lines + [s for s in sentences if s]))


ENGLISH = ("Kuaishou's Kling AI model, launched on June 6, 2024, reached 25.9% growth; "
           "o3-mini-high, Runway Gen-3 and Luma (Dream Machine) compete: is it \"real\"? "
           "Revenue passed 724.19 billion yuan in 2021-2025, see https://example.org/a/b?c=d.").split(" ")


def mixed_translation(rng: random.Random, source: str) -> str:
    """English, Chinese or both, short or several lines long, with quotes, backslashes and tabs."""
    english = " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(1, 40)))
    shapes = [
        english,
        source[::-1],
        f"{source[: len(source) // 2]} {english}",
        f"{english}\n{source}",
        f"{source}\t\\ {english}\n",
        source.replace(",", ", ").replace("。", ". "),
        rng.choice(ENGLISH),
    ]
    return rng.choice(shapes)


def seed_catalog(seed: int = 1) -> Catalog:
    """The whole article as one catalog, with every kind of entry gettext writes."""
    rng = random.Random(seed)
    entries = []
    for number, msgid in enumerate(article_segments(), start=1):
        entry = Entry(msgid, mixed_translation(rng, msgid), extracted_comments=["paragraph"],
                      references=[f"source/kuaishou-ai-kling.md:{number}"])
        kind = rng.randrange(8)
        if kind == 0:
            entry.msgstr = ""
        elif kind == 1:
            entry.flags = ["fuzzy"]
            entry.previous_msgid = mixed_translation(rng, msgid)
        elif kind == 2:
            entry.msgctxt = f"section {number}"
        elif kind == 3:
            entry.msgid_plural = msgid + " (plural)"
            entry.msgstr, entry.msgstr_plural = "", {0: mixed_translation(rng, msgid), 1: ""}
        elif kind == 4:
            entry.references += [f"source/chapters/a-rather-long-directory-name/part-{n}.md:{n * 7}"
                                 for n in range(1, 6)]
            entry.translator_comments = ["Checked against the source: 快手「可靈」", ""]
        entries.append(entry)
    for number, entry in enumerate(entries[:12]):
        if entry.msgstr and entry.msgid_plural is None:
            entry.obsolete = True
            entry.references = []
            if number % 3 == 0:
                entry.previous_msgctxt, entry.previous_msgid = "old context", entry.msgid + " (old)"
    entries.sort(key=lambda entry: entry.obsolete)
    return Catalog(metadata=dict(METADATA), header_comments=["English translation of the Kling article.",
                                                             "This file is distributed under MIT."],
                   header_flags=["fuzzy"], entries=entries)


def without_lineno(entries: list[Entry]) -> list[Entry]:
    return [dataclasses.replace(entry, lineno=0) for entry in entries]


# ----------------------------------------------------------------------------------------------
# Writing exactly what msgcat writes


@pytest.mark.parametrize("width", [79, 50, 120])
def test_article_catalog_is_byte_identical_to_msgcat(tmp_path, width):
    """msgcat leaves what we write unchanged: header, comments, references, flags, previous msgids,
    obsolete entries, plurals, contexts, CJK and English wrapped at ``width`` columns."""
    path = tmp_path / "en.po"
    written = format_catalog(seed_catalog(), width=width)
    path.write_bytes(written.encode("utf-8"))
    assert run_msgcat(path, width) == written, f"compared with {msgcat_version()}"


def test_article_catalog_covers_the_cases_it_claims():
    text = format_catalog(seed_catalog())
    for needle in ('\n#~ msgid ""\n', "\n#~| msgctxt", "\n#| msgid", "\n#, fuzzy\n", "\nmsgstr[1]",
                   "\nmsgctxt ", '\\"', "\\\\", "\\t", '\\n"\n"', "\n#: source/kuaishou-ai-kling.md:",
                   "\n#: source/chapters/"):
        assert needle in text
    long_lines = [line for line in text.split("\n") if display_width(line) > 70]
    assert long_lines and max(map(display_width, long_lines)) <= 79


def test_msgcat_output_of_a_hand_written_file_is_what_we_write(tmp_path):
    """Spacing, reference forms and flag spellings people type are normalised the way msgcat does."""
    text = ("# header comment\n#, fuzzy\nmsgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: x\\n\"\n"
            "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
            "#  two spaces kept\n#no space\n#.extracted\n"
            "#: ./b.md:3 a.md: 4 c.md :5 d.md:007 e.md b.md:3\n"
            "#, c-format, fuzzy, wrap, range: 1..5\n#| msgid \"old\"\nmsgid \"a\"\nmsgstr \"b\"\n\n"
            "#, fuzzy\nmsgid \"untranslated fuzzy\"\nmsgstr \"\"\n\n"
            "#, no-wrap\nmsgid \"" + "no wrap " * 12 + "\\nsecond\"\nmsgstr \"\"\n\n"
            "#~ msgid \"obsolete without translation\"\n#~ msgstr \"\"\n\n"
            "#, fuzzy\n#~| msgid \"prev\"\n#~ msgid \"obsolete\"\n#~ msgstr \"o\"\n")
    path = tmp_path / "hand.po"
    path.write_text(text, encoding="utf-8")
    assert format_catalog(read_catalog(path)) == run_msgcat(path), f"compared with {msgcat_version()}"


@pytest.mark.parametrize("text", [
    "這個數字無疑震驚到了每一位想要參與分 AI 蛋糕的人,和餐桌外的觀察者們,"
    "但無奈於 OpenAI 的名頭太響,Sora 的釋出",
    "小米在 2021-2025 年研發總投入預計超 1000 億元,同比大增 25.9%,"
    "只需使用 o3-mini-high 來編寫指令碼,收入 724.19億元",
    "Trailing spaces count towards the width of a line, as gettext counts them when it wraps   ",
    'quotes "inside" and back\\slashes \\" and tabs\tand a newline\nin the middle and one at the end\n',
    "a line separator\u2028inside, a paragraph separator\u2029and a next-line\x85control, all kept raw " * 2,
    "emoji 👍🏽 and flags 🇹🇼🇯🇵 with combining accents é and a zero\u200bwidth space " * 3,
    "x" * 200,
])
def test_single_strings_match_msgcat(tmp_path, text):
    catalog = Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8"},
                      entries=[Entry(text, text), Entry("k", text, obsolete=True, previous_msgid=text)])
    path = tmp_path / "one.po"
    written = format_catalog(catalog)
    path.write_text(written, encoding="utf-8")
    assert run_msgcat(path) == written, f"compared with {msgcat_version()}"


def test_break_after_ascii_comma_before_a_letter_like_libunistring():
    """UAX #14 rule LB29 forbids a break in "響,Sora"; libunistring 1.0 (and so msgcat) allows it."""
    msgid = "快" * 35 + "太響,Sora 的釋出"
    lines = format_catalog(Catalog(metadata={}, entries=[Entry(msgid)])).split("\n")
    assert lines[1:3] == ['"' + "快" * 35 + '太響,"', '"Sora 的釋出"']  # UAX #14: "...快太"


@pytest.mark.parametrize("token", ["2021-2025", "25.9%", "724.19", "AI1.6", "@brain_racked"])
def test_numbers_are_never_split(token):
    for fill in range(60, 80):
        text = "x" * fill + " " + token + " tail"
        lines = format_catalog(Catalog(metadata={}, entries=[Entry(text)])).split("\n")
        assert any(token in line for line in lines), (fill, lines)


def test_a_hyphen_followed_by_a_letter_is_a_break_opportunity():
    """msgcat does split "o3-mini-high" after a hyphen (HY before AL breaks, HY before NU does not)."""
    lines = format_catalog(Catalog(metadata={}, entries=[Entry("x" * 64 + " o3-mini-high tail")])).split("\n")
    assert lines[1:3] == ['"' + "x" * 64 + ' o3-mini-"', '"high tail"']


def test_wide_characters_count_two_columns():
    assert display_width("快手 AI") == 7
    assert display_width("「」《》。，") == 12
    assert display_width("e\u0301\u200b") == 1  # combining mark and zero-width space take no column
    assert display_width("\u00a0,:") == 3


def test_header_fields_are_written_one_per_line_in_their_order():
    text = format_catalog(Catalog(metadata=dict(METADATA)))
    assert text.split("\n")[:4] == ['msgid ""', 'msgstr ""', '"Project-Id-Version: kuaishou-ai-kling 0.1.0\\n"',
                                   '"Report-Msgid-Bugs-To: \\n"']
    assert list(parse_catalog(text).metadata) == list(METADATA)


def test_unknown_flags_and_translator_comments_are_kept_though_msgcat_drops_the_flags(tmp_path):
    entry = Entry("1 億元", "100 million yuan", flags=["fuzzy", "l10n-ignore-numbers"],
                  translator_comments=["checked by hand"])
    text = format_catalog(Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8"}, entries=[entry]))
    assert "# checked by hand\n#, fuzzy, l10n-ignore-numbers\nmsgid" in text
    back = parse_catalog(text).entries[0]
    assert back.flags == ["fuzzy", "l10n-ignore-numbers"] and back.translator_comments == ["checked by hand"]
    path = tmp_path / "flags.po"
    path.write_text(text, encoding="utf-8")
    assert "l10n-ignore-numbers" not in run_msgcat(path)  # why our writer keeps them itself


@pytest.mark.parametrize(("entry", "reason"), [
    (Entry("a\x04b"), "U\\+0004"),
    (Entry("a", translator_comments=["ends with \\"]), "backslash"),
    (Entry("a", previous_msgctxt="old"), "no previous msgid"),
])
def test_what_no_po_file_can_hold_is_refused(entry, reason):
    with pytest.raises(ValueError, match=reason):
        format_catalog(Catalog(metadata={}, entries=[entry]))
    with pytest.raises(ValueError, match="Name: value"):
        format_catalog(Catalog(metadata={"Language": "en\nX-Other: 1"}))


# ----------------------------------------------------------------------------------------------
# Line breaking and widths against libunistring itself


@functools.cache
def libunistring() -> ctypes.CDLL:
    name = ctypes.util.find_library("unistring")
    if name is None:
        pytest.skip("libunistring not installed")
    library = ctypes.CDLL(name)
    if ctypes.c_int.in_dll(library, "_libunistring_version").value >> 8 != 0x100:
        pytest.skip("the writer follows libunistring 1.0")
    library.ulc_width_linebreaks_v2.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                                                ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    library.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    return library


def libunistring_breaks(text: str, prohibited: set[int], width: int, start_column: int) -> list[int]:
    """Character indices where ulc_width_linebreaks_v2 (what msgcat calls) puts a line break."""
    data = text.encode("utf-8")
    offsets = [len(text[:index].encode("utf-8")) for index in range(len(text))]
    overrides = bytearray(len(data))  # UC_BREAK_UNDEFINED
    for index in prohibited:
        overrides[offsets[index]] = 1  # UC_BREAK_PROHIBITED
    result = ctypes.create_string_buffer(len(data))
    libunistring().ulc_width_linebreaks_v2(data, len(data), width, start_column, 0, bytes(overrides),
                                           b"UTF-8", result)
    return [index for index, offset in enumerate(offsets) if result.raw[offset] == 2]  # UC_BREAK_POSSIBLE


# Characters whose line-break class changes the rules: spaces, combining marks, joiners, regional
# indicators, Hebrew, hyphens, mandatory breaks, numbers and their affixes, CJK punctuation.
TRICKY = (" ,.;:?!-()[]{}\"'%$/\\ab1 中文字「」《》。，、…—·"
          "\u00a0\u2028\u0085\u200b\u200d\u0301\u05d0\u05be"
          "\U0001F1E6\U0001F1E7\U0001F466\U0001F3FB\u3041\uac00\u1100\u1161\u11a8\u0e01\u00ad\u3000\t\x01")
line_texts = st.text(st.sampled_from(TRICKY) | st.characters(blacklist_categories=("Cs",),
                                                            blacklist_characters="\x00"), max_size=80)


@settings(max_examples=400, deadline=None)
@given(text=line_texts, width=st.integers(1, 40), start=st.integers(0, 12), data=st.data())
def test_break_points_match_libunistring(text, width, start, data):
    prohibited = set(data.draw(st.lists(st.integers(0, len(text) - 1), max_size=4))) if text else set()
    expected = libunistring_breaks(text, prohibited, width, start)
    assert pofile._break_points(text, prohibited, width, start) == expected


def test_character_widths_match_libunistring():
    library = libunistring()
    for code in [*range(0x30000), *range(0xE0000, 0xE0200)]:
        if not 0xD800 <= code < 0xE000:
            expected = max(library.uc_width(code, b"UTF-8"), 0)
            assert display_width(chr(code)) == expected, hex(code)


# ----------------------------------------------------------------------------------------------
# Reading back: lossless, idempotent


def test_written_article_reads_back_unchanged():
    catalog = seed_catalog()
    text = format_catalog(catalog)
    back = parse_catalog(text)
    assert without_lineno(back.entries) == without_lineno(catalog.entries)
    assert (back.metadata, back.header_comments, back.header_flags) == (
        catalog.metadata, catalog.header_comments, catalog.header_flags)
    assert format_catalog(back) == text


def test_line_numbers_point_at_msgid_keywords():
    text = HEADER + '# note\nmsgctxt "c"\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "o"\n#~ msgstr "p"\n'
    assert [entry.lineno for entry in parse_catalog(text).entries] == [6, 9]


def test_line_separators_stay_inside_strings():
    text = HEADER + 'msgid "a\u2028b\u2029c\x85d"\nmsgstr "e\u2028f"\n'
    entry = parse_catalog(text).entries[0]
    assert (entry.msgid, entry.msgstr) == ("a\u2028b\u2029c\x85d", "e\u2028f")


def test_bom_and_crlf_are_read_as_if_absent_and_written_back_without(tmp_path):
    clean = HEADER + '# note\nmsgid "a"\nmsgstr ""\n"b"\n'
    path = tmp_path / "windows.po"
    path.write_bytes(b"\xef\xbb\xbf" + clean.replace("\n", "\r\n").encode("utf-8"))
    catalog = read_catalog(path)
    assert without_lineno(catalog.entries) == without_lineno(parse_catalog(clean).entries)
    assert write_catalog(path, catalog) is True
    assert path.read_bytes() == format_catalog(parse_catalog(clean)).encode("utf-8")


def test_write_catalog_reports_whether_it_changed_the_file(tmp_path):
    path = tmp_path / "sub" / "a.po"
    catalog = Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8"}, entries=[Entry("a", "b")])
    assert write_catalog(path, catalog) is True
    assert write_catalog(path, catalog) is False
    assert read_catalog(path).entries[0].msgstr == "b"


def test_octal_and_hex_escapes_are_decoded_as_utf8_bytes():
    entry = parse_catalog(HEADER + 'msgid "\\303\\251\\x41"\nmsgstr "\\a\\b\\f\\v\\r"\n').entries[0]
    assert (entry.msgid, entry.msgstr) == ("éA", "\a\b\f\v\r")


def test_entry_properties():
    plural = Entry("a", msgid_plural="as", msgstr_plural={0: "x", 1: ""})
    assert not plural.translated
    plural.msgstr_plural[1] = "y"
    assert plural.translated and plural.key == (None, "a")
    assert not Entry("a", "b", flags=["fuzzy"]).translated and Entry("a", "b", flags=["fuzzy"]).fuzzy
    assert not Entry("a", "b", obsolete=True).translated
    catalog = Catalog(metadata={}, entries=[Entry("a"), Entry("b", "c", msgctxt="k", obsolete=True)])
    assert [entry.key for entry in catalog.active()] == [(None, "a")]


# gettext cannot store U+0000 (its strings end there) or U+0004 (its msgctxt/msgid separator), and
# surrogates are not UTF-8; everything else, control characters included, must survive. msgfmt -c
# further wants msgid and msgstr to agree on a leading and a trailing "\n": mirror_newlines does that.
# A comment is one line (no "\n"; a "\r" before the line end would read as CRLF) and must not end
# with a backslash, which gettext's lexer joins with the next line.
po_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"), max_size=120)
tricky_text = st.text(st.sampled_from('ab "\\\t\n\r\a\b\f\v\x01\x7f\x85\u2028\u2029 中文「」，。 '),
                      max_size=60)
comment_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04\n\r"),
                       max_size=40).filter(lambda comment: not comment.endswith("\\"))


def mirror_newlines(source: str, text: str) -> str:
    core = text.strip("\n")
    if not core:
        return ""
    return ("\n" if source.startswith("\n") else "") + core + ("\n" if source.endswith("\n") else "")


@st.composite
def entries(draw) -> Entry:
    msgid = draw((po_text | tricky_text).filter(bool))
    entry = Entry(msgid, mirror_newlines(msgid, draw(po_text | tricky_text)),
                  msgctxt=draw(st.none() | po_text), translator_comments=draw(st.lists(comment_text, max_size=2)))
    if draw(st.booleans()):
        entry.msgid_plural = mirror_newlines(msgid, "plural " + draw(po_text))
        forms = [mirror_newlines(msgid, draw(po_text | tricky_text)) for _ in range(2)]
        entry.msgstr, entry.msgstr_plural = "", dict(enumerate(forms if all(forms) else ["", ""]))
    return entry


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entries(), min_size=1, max_size=6, unique_by=lambda entry: entry.key))
def test_any_text_round_trips_and_msgfmt_accepts_it(tmp_path, generated):
    msgfmt = gettext_tool("msgfmt")
    catalog = Catalog(metadata=dict(METADATA), entries=generated)
    path = tmp_path / "any.po"
    write_catalog(path, catalog)
    back = read_catalog(path)
    assert without_lineno(back.entries) == without_lineno(generated)
    assert format_catalog(back) == path.read_text(encoding="utf-8")
    check = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True)
    assert check.returncode == 0, check.stderr.decode()


# ----------------------------------------------------------------------------------------------
# Errors, each at its line


@dataclasses.dataclass(frozen=True)
class BadCatalog:
    name: str
    text: str
    line: int
    message: str
    hint: str | None = None


BAD_CATALOGS = [
    BadCatalog("unterminated string", HEADER + 'msgid "abc\nmsgstr ""\n', 4, "unterminated string"),
    BadCatalog("unknown keyword", HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgfoo "c"\n', 7, "unknown keyword 'msgfoo'"),
    BadCatalog("msgstr without msgid", HEADER + '# c\nmsgstr "b"\n', 5, "msgstr without msgid"),
    BadCatalog("bad escape", HEADER + 'msgid "a"\nmsgstr "x\\qy"\n', 5, "invalid escape sequence '\\\\q'"),
    BadCatalog("garbage line", HEADER + 'msgid "a"\nmsgstr "b"\n%%% oops\n', 6, "cannot read this line"),
    BadCatalog("unescaped quote", HEADER + 'msgid "say "hi""\nmsgstr ""\n', 4, "unexpected text after the string"),
    BadCatalog("keyword without string", HEADER + 'msgid\n"a"\nmsgstr ""\n', 4, "msgid has no string"),
    BadCatalog("msgid without msgstr", HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 4, "msgid without msgstr"),
    BadCatalog("msgid at end of file", HEADER + 'msgid "a"\n', 4, "msgid without msgstr"),
    BadCatalog("string without keyword", HEADER + '# c\n"a"\n', 5, "string without a keyword"),
    BadCatalog("comment inside entry", HEADER + 'msgid "a"\n# c\nmsgstr ""\n', 5, "comment line inside an entry"),
    BadCatalog("plural index", HEADER + 'msgid "a"\nmsgid_plural "b"\nmsgstr[1] "x"\n', 6, "expected msgstr[0]"),
    BadCatalog("obsolete mix", HEADER + 'msgid "a"\n#~ msgstr "b"\n', 5, "mixes obsolete"),
    BadCatalog("orphan comment", HEADER + 'msgid "a"\nmsgstr ""\n\n# forgotten\n', 7, "belong to no entry"),
    BadCatalog("comment continued", HEADER + '# a\\\nmsgid "a"\nmsgstr ""\n', 4, "ends with a backslash"),
    BadCatalog("NUL", HEADER + 'msgid "a\\0b"\nmsgstr ""\n', 4, "U+0000"),
    BadCatalog("duplicate", HEADER + 'msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr "x"\n', 7,
               "already defined at line 4"),
    BadCatalog("duplicate in context", HEADER + 'msgctxt "k"\nmsgid "a"\nmsgstr ""\n\n#~ msgctxt "k"\n'
               '#~ msgid "a"\n#~ msgstr "x"\n', 9, "with msgctxt 'k' is already defined at line 5"),
    BadCatalog("charset", 'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n'
               '"Content-Type: text/plain; charset=ISO-8859-1\\n"\n', 4, "charset is 'ISO-8859-1'",
               "msgconv --to-code=UTF-8"),
]


@pytest.mark.parametrize("case", BAD_CATALOGS, ids=lambda case: case.name)
def test_malformed_catalogs_name_file_and_line(case):
    with pytest.raises(CatalogError) as caught:
        parse_catalog(case.text, "locales/en/doc.po")
    error = caught.value
    assert (error.path, error.line) == ("locales/en/doc.po", case.line)
    assert case.message in error.message
    if case.hint:
        assert case.hint in error.hint
    assert str(error).startswith(f"locales/en/doc.po:{case.line}: ")


def test_same_msgid_in_another_context_is_no_duplicate():
    text = HEADER + 'msgid "a"\nmsgstr ""\n\nmsgctxt "k"\nmsgid "a"\nmsgstr ""\n'
    assert [entry.key for entry in parse_catalog(text).entries] == [(None, "a"), ("k", "a")]


def test_bytes_that_are_not_utf8_are_reported_at_their_line(tmp_path):
    path = tmp_path / "latin1.po"
    path.write_bytes((HEADER + 'msgid "a"\nmsgstr "caf').encode("utf-8") + b'\xe9"\n')
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert (caught.value.line, caught.value.path) == (5, str(path))
    assert "msgconv --to-code=UTF-8" in caught.value.hint


def test_a_missing_file_is_a_catalog_error(tmp_path):
    with pytest.raises(CatalogError, match="cannot read catalog"):
        read_catalog(tmp_path / "missing.po")


# ----------------------------------------------------------------------------------------------
# The fast reader (whole entries by one regular expression) reads exactly what the line reader reads


def line_reader(text: str, path: str = "<string>") -> Catalog:
    """What parse_catalog returns, read by the line reader alone."""
    return pofile._Reader(text.removesuffix("\n"), path).read(fast=False)


def outcome(read, text: str):
    try:
        catalog = read(text)
    except CatalogError as error:
        return ("error", error.message, error.line, error.hint)
    return ("catalog", catalog.entries, catalog.metadata, catalog.header_comments, catalog.header_flags)


LINE_EDITS = [
    lambda lines, i: lines[:i] + lines[i + 1:],                         # drop a line
    lambda lines, i: lines[:i + 1] + lines[i:],                         # repeat a line
    lambda lines, i: lines[:i] + ["  " + lines[i]] + lines[i + 1:],     # indent it
    lambda lines, i: lines[:i] + [lines[i] + " "] + lines[i + 1:],      # trailing blank
    lambda lines, i: lines[:i] + ["#~ " + lines[i]] + lines[i + 1:],    # make it obsolete
    lambda lines, i: lines[:i] + ["#| " + lines[i]] + lines[i + 1:],    # make it a previous line
    lambda lines, i: lines[:i] + [""] + lines[i:],                      # blank line inside an entry
    lambda lines, i: lines[:i] + ['"x"'] + lines[i:],                   # stray continuation
    lambda lines, i: lines[:i] + ["# c\\"] + lines[i:],                 # comment ending with a backslash
    lambda lines, i: lines[:i] + [lines[i].replace('"', '"\\q', 1)] + lines[i + 1:],   # bad escape
    lambda lines, i: lines[:i] + [lines[i].replace('"', '"\\303', 1)] + lines[i + 1:],  # broken UTF-8 byte
    lambda lines, i: lines[:i] + ["msgctxt \"k\""] + lines[i:],         # context out of place
    lambda lines, i: lines[i:] + lines[:i],                             # rotate the file
]


@settings(max_examples=150, deadline=None)
@given(st.lists(entries(), min_size=1, max_size=5, unique_by=lambda entry: entry.key),
       st.lists(st.tuples(st.integers(0, len(LINE_EDITS) - 1), st.integers(0, 10_000)), max_size=3))
def test_fast_reader_reads_what_the_line_reader_reads(generated, edits):
    for entry in generated[::2]:
        entry.extracted_comments, entry.references = ["paragraph"], ["source/a.md:3", "b.md:4"]
    generated[0].flags, generated[0].previous_msgid = ["fuzzy"], "old text"
    lines = format_catalog(Catalog(metadata=dict(METADATA), header_comments=["title"],
                                   entries=generated)).split("\n")
    for edit, at in edits:
        lines = LINE_EDITS[edit](lines, at % len(lines))
    text = "\n".join(lines)
    assert outcome(parse_catalog, text) == outcome(line_reader, text)


def test_fast_reader_hands_unusual_entries_to_the_line_reader():
    text = (HEADER + '#. kept\n#: a.md:1\nmsgid "a"\nmsgstr "b"\n\n  msgid "indented"\nmsgstr ""\n\n'
            'msgid "c"\nmsgstr "d"\n\n#~ msgid "old"\n#~ msgstr "e"\n')
    catalog = parse_catalog(text)
    assert [(e.msgid, e.msgstr, e.lineno, e.obsolete) for e in catalog.entries] == [
        ("a", "b", 6, False), ("indented", "", 9, False), ("c", "d", 12, False), ("old", "e", 15, True)]
    assert catalog.entries[0].extracted_comments == ["kept"] and catalog.entries[0].references == ["a.md:1"]
    assert outcome(parse_catalog, text) == outcome(line_reader, text)

"""Tests for l10n.po.read: strict and lossless reading, errors at their line, the fast reader."""
from __future__ import annotations

import dataclasses
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.po import Catalog, CatalogError, Entry, format_catalog, parse_catalog, read_catalog, write_catalog
from l10n.po.read import _Reader

from ..conftest import gettext_tool
from .samples import HEADER, METADATA, entries, seed_catalog, without_lineno


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
    return _Reader(text.removesuffix("\n"), path).read(fast=False)


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
    lambda lines, i: lines[:i] + [lines[i] + '"'] + lines[i + 1:],      # a quote after the string
    lambda lines, i: lines[:i] + ['"'] + lines[i:],                     # a line of one quote
    lambda lines, i: lines[:i] + [lines[i].replace('"', '"a"b', 1)] + lines[i + 1:],   # a quote inside
    lambda lines, i: lines[:i] + ["#x unknown comment"] + lines[i:],    # a comment gettext reads as '# x...'
    lambda lines, i: lines[:i] + [lines[i].split('"')[0] + '"'] + lines[i + 1:],   # cut after its first quote
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



# ----------------------------------------------------------------------------------------------
# What gettext reads and writes in headers: xgettext's charset=CHARSET, msgcat's conflict headers

TEMPLATE = '''# SOME DESCRIPTIVE TITLE.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"Language: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=CHARSET\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

#: src/a.c:1
#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""
'''


def test_an_xgettext_template_with_charset_placeholder_is_read_and_written_back(tmp_path):
    catalog = parse_catalog(TEMPLATE)
    assert catalog.metadata["Content-Type"] == "text/plain; charset=CHARSET"
    assert format_catalog(catalog) == TEMPLATE
    path = tmp_path / "a.pot"
    path.write_text(TEMPLATE, encoding="utf-8")
    msgcat = gettext_tool("msgcat")
    assert subprocess.run([msgcat, str(path)], capture_output=True, text=True).stdout == TEMPLATE


def test_a_msgcat_conflict_header_is_read_and_written_back_as_msgcat_wrote_it(tmp_path):
    msgcat = gettext_tool("msgcat")
    paths = []
    for name, version in (("a.po", "a 1"), ("b.po", "b 2")):
        path = tmp_path / name
        path.write_text(TEMPLATE.replace("PACKAGE VERSION", version).replace("CHARSET", "UTF-8")
                        .replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);")
                        .replace('msgstr[0] ""', f'msgstr[0] "%d {name}"'), encoding="utf-8")
        paths.append(str(path))
    merged = subprocess.run([msgcat, *paths], capture_output=True, text=True, check=True).stdout
    assert '"#-#-#-#-#  a.po (a 1)  #-#-#-#-#\\n"' in merged   # what this test is about
    catalog = parse_catalog(merged)
    assert catalog.metadata["Project-Id-Version"] == "a 1"   # the first file's, as gettext's lookups find
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert format_catalog(catalog) == merged
    catalog.metadata["Project-Id-Version"] = "merged 3"   # an edit wins over the merged text
    assert merged.count("#-#-#-#-#") - format_catalog(catalog).count("#-#-#-#-#") == 4   # the header's two
    assert '"Project-Id-Version: merged 3\\n"' in format_catalog(catalog)


def test_other_charsets_and_duplicate_fields_without_markers_stay_refused():
    with pytest.raises(CatalogError, match="appears twice"):
        parse_catalog('msgid ""\nmsgstr ""\n"Language: en\\n"\n"Language: de\\n"\n')
    with pytest.raises(CatalogError, match="is not 'Name: value'"):
        parse_catalog('msgid ""\nmsgstr ""\n"#-#-#-#-#  a.po  #-#\\n"\n"Language: de\\n"\n')


@pytest.mark.parametrize("comments", [
    "#. paragraph\n#. glossary (en): 快手 = Kuaishou\n#: source/a.md:12\n",   # as l10n update writes them
    "#: source/a.md:12\n", "#. \n#.  two spaces\n#. a # b\n#: a.md:1\n", "#.x\n#: a.md:1\n",
    "#. a\n#: a.md:1 \n", "#. a\n#:  a.md:1\n", "#. a\n#: a.md:1\tb.md:2\n", "#. a\n#: a.md: 1\n",
    "#. a\n#: a.md:1\n#, fuzzy\n", "# note\n#. a\n#: a.md:1\n", "#. a\n#: a.md:1\n#. b\n",
    "#. a\n#: a.md:1\n#: b.md:2\n", "#. a\\\n#: a.md:1\n", "#. a\n#: a.md:1\\\n", "#. a\n#x\n#: a.md:1\n",
    '#. a\n#: a.md:1\n#| msgid "old"\n', '#: a.md:1\n#| msgid "old"\\\n', "#. a\\\n#. b\n#: a.md:1\n",
])
def test_the_fast_reader_reads_comments_as_the_line_reader_does(comments):
    text = HEADER + comments + 'msgid "a"\nmsgstr "b"\n\n#. c\nmsgid "c"\nmsgstr "d"\n'
    assert outcome(parse_catalog, text) == outcome(line_reader, text)


@pytest.mark.parametrize("line", ['msgctxt "', 'msgid "', 'msgstr "', '"', 'msgstr "x"y"', '#x'])
def test_a_line_the_fast_reader_cannot_read_is_the_line_readers(line):
    lines = ['msgctxt "k"', 'msgid "a"', 'msgstr "b"']
    for at in range(3):
        entry = "\n".join(lines[:at] + [line] + lines[at + 1:])
        text = HEADER + entry + '\n\nmsgctxt "k"\nmsgid "c"\nmsgstr "d"\n'
        assert outcome(parse_catalog, text) == outcome(line_reader, text)

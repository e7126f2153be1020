"""Tests for l10n.po.write: msgcat-identical writing.

Byte-for-byte comparisons run the ``msgcat`` found on PATH (skipped when it is missing) and name its
version in their failure message. Written and last run against ``msgcat (GNU gettext-tools) 0.21``
linked with libunistring 1.0 (Debian 12); newer gettext/libunistring pairs break some lines
differently, and then these tests say so rather than pass.
"""
from __future__ import annotations

import dataclasses
import random

import pytest

from l10n.po import Catalog, Entry, display_width, format_catalog, parse_catalog, read_catalog

from .samples import METADATA, msgcat_version, run_msgcat, seed_catalog


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
# No line break inside a format directive (write-po.c marks directive characters as no-break)

PROSE = "Optimizations cut the start-up time by about "


@pytest.mark.parametrize("flag, text", [
    ("python-format", PROSE + "15% faster than before, and the profile keeps the first 10% of the list"),
    ("python-format", "x" * 66 + " 100% compliant and 20% more %(name)s for %(count)d items"),
    ("c-format", "y" * 70 + " %-10.3lf and %5$*6$d"),   # invalid (mixes): only directives before count
    ("c-format", "z" * 68 + " %lld items, %s, %<PRIu64> bytes, 50% off"),
    ("python-brace-format", "w" * 60 + " {count} files in {folder.name} and {items[0]:>10} of {total:,}"),
    ("python-brace-format", "v" * 60 + " {} and {0} is invalid in gettext 0.21, so {after} is not a directive"),
    ("python-format", "u" * 65 + ' quoted %(a"b)s and \\ %(tab\t)s inside directives'),
    ("no-python-format", PROSE + "15% faster: no directive when the flag says no"),
    # Sphinx's Hindi catalog. gettext 0.21 counts brace directives' marks from the directive's own "{", so
    # it protects the first bytes of the string instead (msgcat splits "{default." / "__name__}").
    ("python-brace-format", "विन्यास मान `{name}' का प्रकार `{current.__name__}' है; मानक `{default.__name__}' का "
                            "प्रयोग किया गया."),
    ("python-brace-format", "{a_rather_long_argument_name} " + "x" * 90),
    ("python-brace-format", "{a_rather_long_argument_name} {a b} " + "x" * 90),   # an error in the second
])
def test_format_directives_are_never_broken_as_msgcat(tmp_path, flag, text):
    entries = [Entry(text[:cut] + text, text[:cut] + text, flags=[flag], msgctxt=str(cut)) for cut in range(0, 30)]
    entries += [Entry(text + "\n" + text[5:], text[3:] + "\n" + text, flags=[flag, "fuzzy"], msgctxt="nl",
                      previous_msgid=text[7:])]
    written = format_catalog(Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8"}, entries=entries))
    path = tmp_path / "formats.po"
    path.write_text(written, encoding="utf-8")
    assert run_msgcat(path) == written, f"compared with {msgcat_version()}"


def test_a_percent_sign_in_python_format_prose_is_kept_with_the_next_letter():
    text = "x" * 69 + " 15% faster"   # "15% " ends at column 74 of 77, "faster" does not fit
    assert _string_lines(text, []) == ['"' + "x" * 69 + ' 15% "', '"faster"'] * 2   # msgid, msgstr
    # To python-format, "% f" is a directive (a float with the flag " "): no break inside it.
    assert _string_lines(text, ["python-format"]) == ['"' + "x" * 69 + ' "', '"15% faster"'] * 2


def _string_lines(text: str, flags: list[str]) -> list[str]:
    written = format_catalog(Catalog(metadata={}, entries=[Entry(text, text, flags=flags)]))
    return [line for line in written.split("\n") if line.startswith('"')]


# Pieces of prose and of directives, some with a space inside (where a line could break but gettext won't).
FORMAT_PIECES = [
    "word", "文字", " ", "  ", " ", "% d", "% s", "%(a b)s", "%-5d", "%lld", "%*d", "%%", "{a}", "{0: >5}",
    "{x[0]:<3}", "{{", "}}", "%<PRId64>", "\\", '"', "\n", "\t", "100% c", "x-y", "{ }", "%q",
]   # "{ }" and "%q" are invalid: gettext marks only the directives before the first invalid one


def test_random_format_text_is_wrapped_as_msgcat_wraps_it(tmp_path):
    rng = random.Random(7)
    entries = []
    for number in range(400):
        text = "".join(rng.choice(FORMAT_PIECES) for _ in range(rng.randint(10, 60)))
        flag = rng.choice(["c-format", "python-format", "python-brace-format", "possible-c-format", "java-format"])
        entries.append(Entry(text, text[::-1], flags=[flag], msgctxt=str(number)))
    catalog = Catalog(metadata={"Content-Type": "text/plain; charset=UTF-8"}, entries=entries)
    written = format_catalog(catalog)
    path = tmp_path / "random.po"
    path.write_text(written, encoding="utf-8")
    assert run_msgcat(path) == written, f"compared with {msgcat_version()}"
    # The sample does hold lines that gettext keeps from breaking inside a directive.
    unprotected = format_catalog(dataclasses.replace(catalog, entries=[
        dataclasses.replace(entry, flags=[]) for entry in entries]))
    assert [line for line in written.split("\n") if not line.startswith("#,")] != unprotected.split("\n")


# ----------------------------------------------------------------------------------------------
# Layouts: an entry read from a file keeps its text, and the writer reuses it only where it would print it


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from l10n.po import adopt_layouts  # noqa: E402
from l10n.po import write as po_write  # noqa: E402

from .samples import entries as random_entries  # noqa: E402


def _without_layouts(catalog: Catalog) -> Catalog:
    return dataclasses.replace(catalog, entries=[dataclasses.replace(entry, layout=None) for entry in catalog.entries])


@st.composite
def _laid_out_catalogs(draw) -> Catalog:
    entries = draw(st.lists(random_entries(), max_size=6, unique_by=lambda entry: entry.key))
    for number, entry in enumerate(entries):
        entry.references = draw(st.lists(st.sampled_from(["a.md:1", "./b.md:007", "c.md", f"d.md:{number}"]),
                                         max_size=3))
        entry.flags = draw(st.lists(st.sampled_from(["fuzzy", "no-wrap", "python-format", "c-format", "wrap",
                                                     "l10n-own"]), max_size=2))
        entry.extracted_comments = draw(st.lists(st.sampled_from(["paragraph", "", "glossary: 快手 = Kuaishou"]),
                                                 max_size=2))
        if entry.msgid_plural is None and draw(st.booleans()):
            entry.previous_msgid = draw(st.text(st.sampled_from("ab 中文,。\n\\\""), min_size=1, max_size=90))
    return Catalog(METADATA, ["Title."], [], entries)


@settings(max_examples=300, deadline=None)
@given(_laid_out_catalogs(), st.sampled_from([79, 30, 50]), st.sampled_from([79, 20, 40, 120]))
def test_a_catalog_read_back_prints_as_if_formatted_afresh_at_any_width(catalog, written_width, width):
    """The layouts taken at reading (another width's wrapping, say) never change what is written."""
    try:
        text = format_catalog(catalog, written_width)
    except ValueError:
        return   # content no PO file holds; test_what_no_po_file_can_hold_is_refused covers it
    read = parse_catalog(text)
    assert format_catalog(read, written_width) == text
    assert format_catalog(read, width) == format_catalog(_without_layouts(read), width)


def test_an_entry_changed_after_reading_is_formatted_again():
    text = format_catalog(seed_catalog())
    read = parse_catalog(text)
    first, second, third = read.entries[:3]
    first.msgstr = "A translation that is new"
    second.references.append("source/other.md:12")      # in place: the layout's signature no longer matches
    third.flags = ["fuzzy"]
    assert all(entry.layout is not None for entry in (first, second, third))
    assert format_catalog(read) == format_catalog(_without_layouts(read)) != text


@settings(max_examples=200, deadline=None)
@given(_laid_out_catalogs(), st.sampled_from([79, 30]), st.text(st.sampled_from("ab 中文,。\n\\\""), max_size=90),
       st.sampled_from([79, 30]))
def test_a_draft_read_back_and_changed_prints_as_if_formatted_afresh(catalog, written_width, msgstr, width):
    """A draft changes msgstr and flags only: the lines kept from the layout (its strings before msgstr) and
    the ones formatted again make what formatting everything afresh makes."""
    try:
        text = format_catalog(catalog, written_width)
    except ValueError:
        return
    read = parse_catalog(text)
    for entry in read.entries:
        if entry.msgid_plural is None:
            entry.msgstr = msgstr + entry.msgid[:3]
            entry.flags = ["fuzzy", *entry.flags]
    assert format_catalog(read, width) == format_catalog(_without_layouts(read), width)


def test_a_drafted_entry_formats_only_its_msgstr(monkeypatch):
    read = parse_catalog(format_catalog(seed_catalog()))
    for entry in read.entries:
        if entry.msgid_plural is None:
            entry.msgstr = entry.msgid + " (draft)"
    expected = format_catalog(_without_layouts(read))
    calls = []
    real = po_write._format_string.__wrapped__
    monkeypatch.setattr(po_write, "_format_string", lambda *args: calls.append(args) or real(*args))
    assert format_catalog(read) == expected
    # msgids formatted again: the header's (built, never read) and those a format language's check prints.
    assert calls and not [args for args in calls if args[1] == "msgid" and args[2] and args[5] is None]


def test_writing_a_catalog_as_read_reuses_its_text(monkeypatch):
    """Reading and writing back a catalog in gettext's layout formats (almost) no string again."""
    catalog = seed_catalog()
    text = format_catalog(catalog)
    read = parse_catalog(text)
    calls = []
    real = po_write._format_string.__wrapped__
    monkeypatch.setattr(po_write, "_format_string", lambda *args: calls.append(args) or real(*args))
    assert format_catalog(read) == text
    assert len(calls) < len(read.entries) // 10


def test_adopted_layouts_serve_the_entries_that_did_not_change():
    old = parse_catalog(format_catalog(seed_catalog()))
    fresh = [Entry(entry.msgid, entry.msgstr, entry.msgctxt, entry.msgid_plural, dict(entry.msgstr_plural),
                   list(entry.translator_comments), list(entry.extracted_comments), list(entry.references),
                   list(entry.flags), entry.previous_msgid, entry.previous_msgctxt) for entry in old.entries]
    fresh[0].msgstr += " (edited)"
    fresh[1].references = ["source/moved.md:3"]
    merged = dataclasses.replace(old, entries=fresh)
    adopt_layouts(merged, old)
    assert sum(entry.layout is not None for entry in fresh) > len(fresh) // 2
    assert format_catalog(merged) == format_catalog(_without_layouts(merged))


# ----------------------------------------------------------------------------------------------
# A locale's catalog printed after its template reuses the template's lines for the entries still holding them

from l10n.po import print_template, printed_template  # noqa: E402


def expected_again(catalog: Catalog, width: int) -> str:
    return format_catalog(_without_layouts(catalog), width)


@st.composite
def _templates_and_catalogs(draw) -> tuple[Catalog, Catalog]:
    entries = draw(st.lists(random_entries(), min_size=1, max_size=6, unique_by=lambda entry: entry.key))
    template_entries = []
    for number, entry in enumerate(entries):
        template_entries.append(Entry(entry.msgid, "", entry.msgctxt, references=[f"a.md:{number}"],
                                      extracted_comments=draw(st.lists(st.sampled_from(["paragraph", "heading"]),
                                                                       max_size=1)),
                                      flags=draw(st.sampled_from([[], [], ["no-wrap"]]))))
    template = Catalog(METADATA, ["Template."], ["fuzzy"], template_entries)
    merged = []
    for model, entry in zip(template_entries, entries):
        entry.msgid_plural, entry.msgstr_plural = None, {}
        entry.references, entry.extracted_comments = list(model.references), list(model.extracted_comments)
        change = draw(st.sampled_from(["none", "none", "flags", "wrap", "format", "previous", "references"]))
        if change == "flags":
            entry.flags = ["fuzzy", "l10n-own"]
        elif change == "wrap":
            entry.flags = ["no-wrap"]
        elif change == "format":
            entry.flags = ["python-format"]
        elif change == "previous":
            entry.previous_msgid = "old " + entry.msgid
        elif change == "references":
            entry.references.append("b.md:3")
        merged.append(entry)
    merged.append(Entry("gone", "parti", obsolete=True))
    return template, Catalog(METADATA, ["Catalog."], [], merged)


@settings(max_examples=300, deadline=None)
@given(_templates_and_catalogs(), st.sampled_from([79, 30]), st.booleans())
def test_a_catalog_printed_with_its_template_is_what_the_writer_prints(pair, width, laid_out):
    template, catalog = pair
    try:
        expected = format_catalog(catalog, width)
        printed = print_template(template, width)
    except ValueError:
        return   # content no PO file holds
    assert printed.text == format_catalog(template, width)
    if laid_out:   # the catalog as read back: its layouts (checked, not trusted) start with the template's lines
        catalog = parse_catalog(expected)
        catalog.entries[0].layout = 'msgid "tampered"\nmsgstr "x"\n'
    # A later header (a new date) leaves the entries where they were.
    redated = printed.with_text(printed.text.replace("Template.", "Template, dated anew.", 1))
    assert format_catalog(catalog, width, template=redated) == format_catalog(_without_layouts(catalog), width)
    # The same places found in the text alone (a template printed elsewhere, say half of it by a helper).
    found = printed_template(template, redated.text)
    assert found is not None and format_catalog(catalog, width, template=found) == expected_again(catalog, width)


def test_entries_holding_their_templates_lines_are_not_formatted_again(monkeypatch):
    template = _without_layouts(seed_catalog())
    template = dataclasses.replace(template, entries=[
        Entry(entry.msgid, "", entry.msgctxt, references=list(entry.references),
              extracted_comments=list(entry.extracted_comments)) for entry in template.entries
        if entry.msgid_plural is None and not entry.obsolete])
    printed = print_template(template)
    catalog = dataclasses.replace(template, entries=[dataclasses.replace(entry, msgstr="") for entry in template.entries])
    calls = []
    real = po_write._format_string.__wrapped__
    monkeypatch.setattr(po_write, "_format_string", lambda *args: calls.append(args) or real(*args))
    assert format_catalog(catalog, template=printed) == printed.text
    # Only the header's strings are formatted.
    assert calls and all(args[2] == "" or "Content-Type" in args[2] for args in calls)


# ---------------------------------------------------------------------------------------------- plain entries
# The commonest entries (a drafted catalog's) are printed by a shorter path, which must print what the general
# one prints, and leave every other entry to it.

_PLAIN_ALPHABET = ("快手可靈是誰從哪來卷乙甲丙丁AIai19 2025-,.:;?!%()[]'/@#&*+=_~"
                   "，。、：；？！「」《》（）【】『』ー・〜ｱあアガ한국“”‘’—…\u00a0·")
_ODD = "\"\\\n\t\u0301\u2028\x00é"   # escapes, portions, combining marks, mandatory breaks, unrepresentable


@st.composite
def _plain_shaped_entries(draw) -> Entry:
    text = st.text(st.sampled_from(_PLAIN_ALPHABET) | st.sampled_from(_ODD) if draw(st.booleans())
                   else st.sampled_from(_PLAIN_ALPHABET), max_size=150)
    entry = Entry(draw(text.filter(bool)), draw(text),
                  translator_comments=draw(st.lists(st.sampled_from(
                      ["l10n-draft: opencc (OpenCC 1.4.2 tw2sp; options 0416ceec50) #6367a5b5ff", "", "two\nlines",
                       "ends with \\"]), max_size=2)),
                  extracted_comments=draw(st.lists(st.sampled_from(["paragraph", "", "glossary: 快手 = Kuaishou"]),
                                                   max_size=2)),
                  references=draw(st.sampled_from([[], ["source/doc0000.md:13"], ["./a.md:3"], ["a.md:03"],
                                                   ["a.md:0"], ["a b.md:1"], ["a.md:1", "b.md:2"], ["a.md"],
                                                   ["x\\"]])),
                  flags=draw(st.sampled_from([[], ["fuzzy"], ["fuzzy", "c-format"], ["no-wrap"], ["fuzzy", "own"],
                                              ["wrap"]])),
                  msgctxt=draw(st.sampled_from([None, None, "ctx"])),
                  obsolete=draw(st.sampled_from([False, False, True])))
    if draw(st.booleans()):
        entry.previous_msgid = draw(text.filter(bool))
    return entry


def _pieces_or_error(function, *args):
    try:
        return function(*args)
    except ValueError as error:
        return str(error)


@settings(max_examples=600, deadline=None)
@given(_plain_shaped_entries(), st.sampled_from([79, 79, 40, 20, 9, 5]), st.sampled_from([None, 79, 30]))
def test_plain_entries_print_as_the_general_path_prints_them(entry, width, laid_out_at):
    if laid_out_at is not None:   # with the lines a reader would have kept (maybe of another width)
        printed = _pieces_or_error(po_write._general_entry_pieces, entry, laid_out_at, 2)
        entry.layout = printed[1] if isinstance(printed, tuple) else None
    assert _pieces_or_error(po_write._entry_pieces, entry, width, 2) == _pieces_or_error(
        po_write._general_entry_pieces, entry, width, 2)


def test_a_drafted_entry_takes_the_plain_path():
    entry = Entry("快手可靈 AI 的出現,正在以史無前例的速度,用 AI 全面滲透商業矩陣的每一個角落卷癸。",
                  "快手可灵 AI 的出现，正在以史无前例的速度，用 AI 全面渗透商业矩阵的每一个角落卷癸。",
                  translator_comments=["l10n-draft: opencc (OpenCC 1.4.2 tw2sp; options 0416ceec50) #6367a5b5ff"],
                  extracted_comments=["paragraph"], references=["source/doc0000.md:13"], flags=["fuzzy"])
    plain = po_write._plain_entry_pieces(entry, 79)
    assert plain is not None and plain == po_write._general_entry_pieces(entry, 79, 2)
    assert plain[1] == ('msgid ""\n"快手可靈 AI 的出現,正在以史無前例的速度,用 AI 全面滲透商業矩陣的每一個角落卷"\n"癸。"\n'
                        'msgstr ""\n"快手可灵 AI 的出现，正在以史无前例的速度，用 AI 全面渗透商业矩阵的每一个角落"\n'
                        '"卷癸。"\n')


@settings(max_examples=600, deadline=None)
@given(st.text(st.sampled_from("./:0159 \t\nab\\٣"), max_size=14) | st.text(max_size=14))
def test_a_reference_is_taken_as_respelled_exactly_where_the_pattern_finds_something(reference):
    # _respelled runs the search only where a branch of it can match: it must agree with the search everywhere.
    assert po_write._respelled(reference) == (po_write._NOT_AS_PRINTED.search(reference) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text(st.sampled_from(_PLAIN_ALPHABET), min_size=1, max_size=150),
                          st.text(st.sampled_from(_PLAIN_ALPHABET) | st.sampled_from(_ODD), max_size=150)),
                min_size=1, max_size=5, unique_by=lambda pair: pair[0]),
       st.sampled_from([79, 40, 9]), st.sampled_from([None, 79, 30]))
def test_a_translation_printed_after_its_templates_lines_is_what_the_writer_prints(pairs, width, laid_out_at):
    template = Catalog(METADATA, ["Template."], ["fuzzy"],
                       [Entry(msgid, references=[f"a.md:{n}"], extracted_comments=["paragraph"])
                        for n, (msgid, _) in enumerate(pairs)])
    catalog = Catalog(METADATA, ["Catalog."], [], [
        Entry(msgid, msgstr, references=[f"a.md:{n}"], extracted_comments=["paragraph"])
        for n, (msgid, msgstr) in enumerate(pairs)])
    try:
        expected = format_catalog(catalog, width)
    except ValueError:
        return   # content no PO file holds
    if laid_out_at is not None:   # read back from a file printed at some width (the lines are not trusted)
        catalog = parse_catalog(format_catalog(catalog, laid_out_at))
    assert format_catalog(catalog, width, template=print_template(template, width)) == expected

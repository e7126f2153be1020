"""The ``validity`` check: what ``msgfmt -c`` verifies (compared with msgfmt itself where installed), the header
Language against the folder, and Plural-Forms against the locale's CLDR rule."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from l10n.check.checks import check_validity
from l10n.check.model import FileUnit
from l10n.check.validity import (compare_c_format, compare_python_brace_format, compare_python_format,
                                 msgfmt_problems)
from l10n.po import read_catalog

from ..conftest import gettext_tool

FIELDS = {
    "Project-Id-Version": "kuaishou-ai-kling",
    "PO-Revision-Date": "2026-11-25 09:15+0000",
    "Last-Translator": "",
    "Language-Team": "English",
    "Language": "en",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def po(body: str, **fields: str | None) -> str:
    header = {**FIELDS, **fields}
    lines = "".join(f'"{name}: {value}\\n"\n' for name, value in header.items() if value is not None)
    return f'msgid ""\nmsgstr ""\n{lines}\n{body}'


def problems(tmp_path: Path, text: str, locale: str = "en") -> list[tuple[str, str, int]]:
    path = tmp_path / locale / "kuaishou-ai-kling.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    catalog = read_catalog(path)
    unit = FileUnit(path, str(path), locale, "kuaishou-ai-kling", catalog, None,
                    checked=[e for e in catalog.active() if e.translated])
    return [(p.severity or "error", p.message, p.line if p.line is not None else p.entry.lineno)
            for p in check_validity(unit)]


ARTICLE_ENTRY = '''#. paragraph
#: source/kuaishou-ai-kling.md:9
msgid "這是一家短影片公司?"
msgstr "Is it a short video company?"
'''


def test_a_catalog_as_update_writes_it_is_valid(tmp_path):
    assert problems(tmp_path, po(ARTICLE_ENTRY)) == []


def test_language_must_name_the_folder(tmp_path):
    assert problems(tmp_path, po(ARTICLE_ENTRY, Language="zh_Hans")) == [
        ("error", "header Language is 'zh_Hans' but the catalog is in the en folder", 7)]
    assert problems(tmp_path, po(ARTICLE_ENTRY, Language=None)) == [
        ("error", "header field 'Language' is missing or empty; this catalog's folder says en", 1)]
    hans = po(ARTICLE_ENTRY.replace("Is it a short video company?", "这是一家短视频公司？"), Language="zh-Hans",
              **{"Plural-Forms": "nplurals=1; plural=0;"})
    assert problems(tmp_path, hans, "zh_Hans") == []   # BCP 47 spelling of the same locale


def test_plural_forms_must_suit_the_locale(tmp_path):
    text = po(ARTICLE_ENTRY.replace("Is it a short video company?", "这是一家短视频公司？"), Language="zh_Hans")
    assert problems(tmp_path, text, "zh_Hans") == [
        ("error", "Plural-Forms has nplurals=2, but zh_Hans has 1 (nplurals=1; plural=0;)", 11)]
    french_rule = po(ARTICLE_ENTRY, **{"Plural-Forms": "nplurals=2; plural=(n > 1);"})
    assert problems(tmp_path, french_rule) == [
        ("error", "Plural-Forms gives form 0 for n=0, but en uses form 1 (nplurals=2; plural=(n != 1);)", 11)]


def test_missing_plural_forms_is_a_warning_unless_a_message_has_plurals(tmp_path):
    assert problems(tmp_path, po(ARTICLE_ENTRY, **{"Plural-Forms": None})) == [
        ("warning", "no Plural-Forms header (for en: nplurals=2; plural=(n != 1);)", 1)]


def test_header_defaults_are_warnings_as_in_msgfmt(tmp_path):
    text = po(ARTICLE_ENTRY, **{"Last-Translator": "FULL NAME <EMAIL@ADDRESS>", "MIME-Version": None})
    assert problems(tmp_path, text) == [
        ("warning", "header field 'Last-Translator' still has the initial default value", 5),
        ("warning", "header field 'MIME-Version' missing in header", 1)]


def test_unknown_ignore_names_are_reported(tmp_path):
    text = po("# l10n-ignore: nubmers\n" + ARTICLE_ENTRY)
    [(severity, message, line)] = problems(tmp_path, text)
    assert severity == "warning" and "unknown check(s) nubmers" in message and line == 16


# Crafted entries: (name, body, msgfmt -c fails). Each holds one thing msgfmt -c checks.
CASES = [
    ("clean", ARTICLE_ENTRY, False),
    ("leading newline", 'msgid "\\n快手"\nmsgstr "Kuaishou"\n', True),
    ("trailing newline", 'msgid "快手\\n"\nmsgstr "Kuaishou"\n', True),
    ("newlines kept", 'msgid "\\n快手\\n"\nmsgstr "\\nKuaishou\\n"\n', False),
    ("fuzzy entries are skipped", '#, fuzzy\nmsgid "快手\\n"\nmsgstr "Kuaishou"\n', False),
    ("c-format type", '#, c-format\nmsgid "%d 億元"\nmsgstr "%s billion yuan"\n', True),
    ("c-format lost", '#, c-format\nmsgid "%d 億元, %s"\nmsgstr "%d billion yuan"\n', True),
    ("c-format added", '#, c-format\nmsgid "%d 億元"\nmsgstr "%d billion yuan %s"\n', True),
    ("c-format reordered", '#, c-format\nmsgid "%s 投入 %d"\nmsgstr "%2$d by %1$s"\n', False),
    ("c-format percent sign", '#, c-format\nmsgid "增長 %d%%"\nmsgstr "up %d%%"\n', False),
    ("c-format star width", '#, c-format\nmsgid "%*d"\nmsgstr "%*d"\n', False),
    ("c-format star lost", '#, c-format\nmsgid "%*d"\nmsgstr "%d"\n', True),
    ("not flagged", 'msgid "%d 億元"\nmsgstr "%s billion yuan"\n', False),
    ("python named", '#, python-format\nmsgid "%(n)d 億"\nmsgstr "%(m)d billion"\n', True),
    ("python named ok", '#, python-format\nmsgid "%(n)d 億 %(u)s"\nmsgstr "%(u)s %(n)d billion"\n', False),
    ("python brace", '#, python-brace-format\nmsgid "{n} 億"\nmsgstr "{m} billion"\n', True),
    ("python brace ok", '#, python-brace-format\nmsgid "{n} 億 {{x}}"\nmsgstr "{n} billion {{y}}"\n', False),
    ("plural forms", 'msgid "%d 個"\nmsgid_plural "%d 個"\nmsgstr[0] "one"\n', True),
    ("plural ok", 'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "one file"\nmsgstr[1] "%d files"\n',
     False),
    # Plural entries as msgfmt -c checks them: every form against msgid_plural; a form the rule uses for
    # finitely many n (form 0 of n != 1) may leave an argument out, form 1 may not.
    ("plural format lost in a form used for many n",
     '#, python-format\nmsgid "%(n)d file"\nmsgid_plural "%(n)d files"\nmsgstr[0] "%(n)d file"\n'
     'msgstr[1] "files"\n', True),
    ("plural format left out of the singular form",
     '#, python-format\nmsgid "%(n)d file"\nmsgid_plural "%(n)d files"\nmsgstr[0] "one file"\n'
     'msgstr[1] "%(n)d files"\n', False),
    ("plural forms compared with msgid_plural",
     '#, c-format\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "one"\nmsgstr[1] "%d"\n', False),
    ("plural form type", '#, c-format\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "one"\n'
     'msgstr[1] "%s"\n', True),
    ("plural form added argument", '#, python-brace-format\nmsgid "one file"\nmsgid_plural "{n} files"\n'
     'msgstr[0] "{m} file"\nmsgstr[1] "{n} files"\n', False),
    ("plural too many forms", 'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'
     'msgstr[2] "c"\n', True),
    ("plural newline", 'msgid "file"\nmsgid_plural "files\\n"\nmsgstr[0] "a"\nmsgstr[1] "b"\n', True),
    ("plural form newline", 'msgid "file\\n"\nmsgid_plural "files\\n"\nmsgstr[0] "a\\n"\nmsgstr[1] ""\n',
     True),
    ("plural fuzzy skipped", '#, fuzzy, c-format\nmsgid "one"\nmsgid_plural "%d"\nmsgstr[0] "a"\n'
     'msgstr[1] "%s"\n', False),
    ("plural untranslated skipped", '#, c-format\nmsgid "one"\nmsgid_plural "%d"\nmsgstr[0] ""\n'
     'msgstr[1] "%s"\n', False),
    ("plural range flag", '#, c-format, range: 1..1\nmsgid "%d file"\nmsgid_plural "%d files"\n'
     'msgstr[0] "a"\nmsgstr[1] "%d b"\n', False),
    # gettext 0.21's grammars.
    ("python %a is not a conversion", '#, python-format\nmsgid "%s %d"\nmsgstr "%a %d"\n', True),
    ("python %a in msgid: not checked", '#, python-format\nmsgid "%a %d"\nmsgstr "%s"\n', False),
    ("python %F is not a conversion", '#, python-format\nmsgid "%f"\nmsgstr "%F"\n', True),
    ("python %lf is %f", '#, python-format\nmsgid "%lf"\nmsgstr "%f"\n', False),
    ("python tuple count", '#, python-format\nmsgid "%s %s"\nmsgstr "%s"\n', True),
    ("python %.0s takes anything", '#, python-format\nmsgid "%(n)d"\nmsgstr "%(n).0s"\n', True),
    ("python mapping against tuple", '#, python-format\nmsgid "%(n)d"\nmsgstr "%d"\n', True),
    ("c %lld is long long", '#, c-format\nmsgid "%lld"\nmsgstr "%d"\n', True),
    ("c %lf is %f", '#, c-format\nmsgid "%lf"\nmsgstr "%f"\n', False),
    ("c %F and %a are doubles", '#, c-format\nmsgid "%F"\nmsgstr "%a"\n', False),
    ("c %Lf is long double", '#, c-format\nmsgid "%Lf"\nmsgstr "%f"\n', True),
    ("c %zu", '#, c-format\nmsgid "%zu"\nmsgstr "%zu"\n', False),
    ("c <PRId64>", '#, c-format\nmsgid "%<PRId64>"\nmsgstr "%<PRId64>"\n', False),
    ("c argument skipped", '#, c-format\nmsgid "%d %s"\nmsgstr "%2$s"\n', True),
    ("c %m takes no argument", '#, c-format\nmsgid "%s: %m"\nmsgstr "%s : %m"\n', False),
    ("c I flag in msgstr", '#, c-format\nmsgid "%d"\nmsgstr "%Id"\n', False),
    ("c possible-format is checked", '#, possible-c-format\nmsgid "%d"\nmsgstr "%s"\n', True),
    ("c no-format is not checked", '#, no-c-format\nmsgid "%d"\nmsgstr "%s"\n', False),
    ("brace item", '#, python-brace-format\nmsgid "{a[0]} {b.c}"\nmsgstr "{b.c} {a[0]}"\n', False),
    ("brace format spec is part of the argument", '#, python-brace-format\nmsgid "{0:>5}"\nmsgstr "{0}"\n',
     True),
    ("brace format spec kept", '#, python-brace-format\nmsgid "{0:>5} {x:.2f}"\nmsgstr "{x:.2f} {0:>5}"\n',
     False),
    ("brace invalid msgstr", '#, python-brace-format\nmsgid "{a}"\nmsgstr "{a!r}"\n', True),
]


@pytest.mark.parametrize("name, body, msgfmt_fails", CASES, ids=[case[0] for case in CASES])
def test_errors_exactly_where_msgfmt_c_fails(tmp_path, name, body, msgfmt_fails):
    text = po(body)
    errors = [p for p in problems(tmp_path, text) if p[0] == "error"]
    assert bool(errors) == msgfmt_fails, errors


@pytest.mark.parametrize("name, body, msgfmt_fails", CASES, ids=[case[0] for case in CASES])
def test_the_cases_agree_with_the_real_msgfmt(tmp_path, name, body, msgfmt_fails):
    msgfmt = gettext_tool("msgfmt")
    path = tmp_path / "case.po"
    path.write_text(po(body), encoding="utf-8")
    result = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert (result.returncode != 0) == msgfmt_fails, result.stderr


@pytest.mark.parametrize("rule, message", [
    ("nplurals=2; plural=n/0;", "plural expression can produce division by zero"),
    ("nplurals=1; plural=n>1;", "nplurals = 1 but plural expression can produce values as large as 1"),
    ("nplurals=2; plural=n +* 1;", "plural expression 'n +* 1' is not a valid C expression"),
    ("two forms", "Plural-Forms 'two forms' is not 'nplurals=N; plural=EXPRESSION;'"),
])
def test_unusable_plural_expressions(tmp_path, rule, message):
    assert problems(tmp_path, po(ARTICLE_ENTRY, **{"Plural-Forms": rule})) == [("error", message, 11)]


def test_plural_expression_errors_agree_with_msgfmt(tmp_path):
    msgfmt = gettext_tool("msgfmt")
    for rule in ("nplurals=2; plural=n/0;", "nplurals=1; plural=n>1;"):
        path = tmp_path / "rule.po"
        path.write_text(po(ARTICLE_ENTRY, **{"Plural-Forms": rule}), encoding="utf-8")
        assert subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0


def test_format_comparisons_name_the_argument():
    assert compare_c_format("%d 億元", "%s billion") == (
        "format specifications in 'msgid' and 'msgstr' for argument 1 are not the same")
    assert compare_c_format("%d %s", "%d") == "a format specification for argument 2 doesn't exist in 'msgstr'"
    assert compare_c_format("%d", "%d %1$s") == "'msgstr' is not a valid C format string, unlike 'msgid'"
    assert compare_python_format("%(n)d", "%(n)s") == (
        "format specifications in 'msgid' and 'msgstr' for argument 'n' are not the same")
    assert compare_python_brace_format("{0} {1}", "{1} {0}") is None
    assert compare_python_brace_format("{} {}", "{}") == (
        "a format specification for argument 1 doesn't exist in 'msgstr'")


def test_plural_entries_are_checked_with_their_locations(tmp_path):
    body = ('#, python-format\nmsgid "%(n)d file"\nmsgid_plural "%(n)d files"\nmsgstr[0] "%(n)d file"\n'
            'msgstr[1] "files"\n')
    assert problems(tmp_path, po(body)) == [
        ("error", "a format specification for argument 'n' doesn't exist in 'msgstr[1]'", 14)]
    short = 'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "a"\n'
    assert problems(tmp_path, po(short)) == [
        ("error", "nplurals = 2, but some messages have only 1 plural form(s) (the first at line 13)", 11),
        ("error", "nplurals = 2 but this message has 1 plural form(s)", 13)]


@pytest.mark.parametrize("locale, rule", [
    ("es", "nplurals=2; plural=(n != 1);"),   # CLDR has a third form for millions; gettext and msginit two
    ("ru", "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 "
           ": n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);"),   # Transifex's
    ("cs", "nplurals=4; plural=(n == 1 && n % 1 == 0) ? 0 : (n >= 2 && n <= 4 && n % 1 == 0) ? 1: "
           "(n % 1 != 0 ) ? 2 : 3;"),
    ("lv", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"),   # what msginit writes
])
def test_rules_gettext_accepts_are_warnings(tmp_path, locale, rule):
    text = po(ARTICLE_ENTRY, Language=locale, **{"Plural-Forms": rule})
    [(severity, message, line)] = problems(tmp_path, text, locale)
    assert severity == "warning" and "sorts n = 0..1000 into the same forms" in message and line == 11
    msgfmt = gettext_tool("msgfmt")
    path = tmp_path / "rule.po"
    path.write_text(text, encoding="utf-8")
    assert subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


def test_a_rule_that_sorts_numbers_differently_stays_an_error(tmp_path):
    text = po(ARTICLE_ENTRY, Language="tr", **{"Plural-Forms": "nplurals=2; plural=(n > 1);"})
    assert problems(tmp_path, text, "tr") == [
        ("error", "Plural-Forms gives form 0 for n=0, but tr uses form 1 (nplurals=2; plural=(n != 1);)", 11)]


def test_a_locale_without_cldr_data_is_not_compared(tmp_path):
    text = po(ARTICLE_ENTRY, Language="tet")
    assert problems(tmp_path, text, "tet") == []


def test_drafts_check_fuzzy_entries_as_msgfmt_use_fuzzy(tmp_path):
    path = tmp_path / "en" / "kuaishou-ai-kling.po"
    path.parent.mkdir(parents=True)
    path.write_text(po('#, fuzzy\nmsgid "快手\\n"\nmsgstr "Kuaishou"\n'), encoding="utf-8")
    catalog = read_catalog(path)
    found = {drafts: [p.message for p in check_validity(FileUnit(path, str(path), "en", "kuaishou-ai-kling",
                                                                  catalog, None, drafts=drafts))]
             for drafts in (False, True)}
    assert found == {False: [], True: ["'msgid' and 'msgstr' entries do not both end with '\\n'"]}
    msgfmt = gettext_tool("msgfmt")
    result = subprocess.run([msgfmt, "-c", "--use-fuzzy", "-o", "/dev/null", str(path)], capture_output=True)
    assert result.returncode != 0


def test_brace_auto_numbering_is_our_one_extension():
    # gettext 0.21 calls "{}" invalid (so never compares); Python 3.1+ and gettext 0.26 number it.
    assert compare_python_brace_format("{}", "{}") is None
    assert compare_python_brace_format("{} {}", "{1} {0}") is None
    assert compare_python_brace_format("{}", "{} {0}") == (
        "'msgstr' is not a valid Python brace format string, unlike 'msgid'")
    assert compare_python_brace_format("{a}", "{}") == "a format specification for argument 0 doesn't exist in 'msgid'"


# --- real catalogs of other projects (tests/po/fixtures/real), msgfmt -c as the oracle -------------------

REAL = Path(__file__).parent.parent / "po" / "fixtures" / "real"
REAL_CATALOGS = sorted(REAL.rglob("*.po"))


def _entry_at(starts: list[int], line: int) -> int:
    """The entry (its msgid line; 0 for the header) that a reported line belongs to."""
    return max((start for start in starts if start <= line), default=0)


def msgfmt_error_entries(path: Path, starts: list[int], *options: str) -> set[int]:
    msgfmt = gettext_tool("msgfmt")
    result = subprocess.run([msgfmt, "-c", *options, "-o", "/dev/null", str(path)], capture_output=True,
                            text=True)
    found = {_entry_at(starts, int(match[1])) for match in re.finditer(
        rf"^{re.escape(str(path))}:(\d+): (?!warning: )", result.stderr, re.MULTILINE)}
    assert bool(found) == (result.returncode != 0), result.stderr
    return found


def our_error_entries(path: Path, locale: str, drafts: bool = False) -> tuple[set[int], list[int]]:
    catalog = read_catalog(path)
    starts = sorted(entry.lineno for entry in catalog.active())
    unit = FileUnit(path, str(path), locale, path.stem, catalog, None, drafts=drafts)
    found = {_entry_at(starts, p.entry.lineno if p.entry is not None else p.line)
             for p in msgfmt_problems(unit, drafts) if (p.severity or "error") == "error"}
    return found, starts


@pytest.mark.parametrize("path", REAL_CATALOGS, ids=lambda path: str(path.relative_to(REAL)))
def test_errors_on_the_entries_msgfmt_c_reports_on_real_catalogs(path):
    locale = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else "es"
    for drafts, options in ((False, ()), (True, ("--use-fuzzy",))):
        ours, starts = our_error_entries(path, locale, drafts)
        assert ours == msgfmt_error_entries(path, starts, *options)


def test_the_real_sample_holds_errors_msgfmt_finds_in_plural_entries():
    found = {path.parent.parent.name for path in REAL_CATALOGS if path.parent.name == "LC_MESSAGES"
             and our_error_entries(path, path.parent.parent.name)[0]}
    assert {"be", "hr_HR", "ru", "sl"} <= found


def test_real_plural_rules_gettext_accepts_are_warnings_not_errors():
    """Wagtail's Czech (Transifex 4 forms), Spanish (CLDR's 3 forms) and Russian (4 forms) headers."""
    for locale in ("cs", "es", "pl"):
        path = REAL / "wagtail" / "wagtail" / "contrib" / "forms" / "locale" / locale / "LC_MESSAGES" / "django.po"
        catalog = read_catalog(path)
        unit = FileUnit(path, str(path), locale, "django", catalog, None)
        assert [p for p in check_validity(unit) if (p.severity or "error") == "error"] == []


def test_an_xgettext_template_fails_msgfmt_c_as_it_does(tmp_path):
    """A template's 'nplurals=INTEGER; plural=EXPRESSION;' is an error to msgfmt -c, though nothing is
    translated (l10n check does not run validity on templates; this is what msgfmt says of them)."""
    path = tmp_path / "a.pot"
    path.write_text('#, fuzzy\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n'
                    '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
                    '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n',
                    encoding="utf-8")
    catalog = read_catalog(path)
    unit = FileUnit(path, str(path), "templates", "a", catalog, None)
    errors = [p.message for p in msgfmt_problems(unit) if (p.severity or "error") == "error"]
    assert errors == ["invalid nplurals value", "plural expression 'EXPRESSION' is not a valid C expression"]
    assert msgfmt_error_entries(path, [8]) == {0}


def test_a_catalog_without_header_fails_as_msgfmt_c_fails_it(tmp_path):
    path = tmp_path / "en" / "myext.po"
    path.parent.mkdir()
    path.write_text('msgid "Hello world"\nmsgstr "HELLO WORLD"\n', encoding="utf-8")   # Sphinx's test catalog
    unit = FileUnit(path, str(path), "en", "myext", read_catalog(path), None)
    assert [p.message for p in msgfmt_problems(unit) if (p.severity or "error") == "error"] == [
        "PO file header missing or invalid (msgfmt -c fails on it)"]
    msgfmt = gettext_tool("msgfmt")
    assert subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode == 1

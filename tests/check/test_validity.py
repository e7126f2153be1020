"""The ``validity`` check: what ``msgfmt -c`` verifies (compared with msgfmt itself where installed), the header
Language against the folder, and Plural-Forms against the locale's CLDR rule."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from l10n.check.checks import check_validity
from l10n.check.model import FileUnit
from l10n.check.validity import compare_c_format, compare_python_brace_format, compare_python_format
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

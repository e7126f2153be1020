"""Output formats: compiler-style text, JSON, JUnit XML (parsed back), GitHub Actions annotations (syntax and
escaping), and the ``--list`` table."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.check import REGISTRY, Finding, format_check_list, format_findings

EN = "locales/en/kuaishou-ai-kling.po"
FINDINGS = [
    Finding(EN, 0, "error", "completeness", "45.0% translated, below the 80% required for en", "en", None),
    Finding(EN, 211, "error", "glossary", '可靈: expected "Kling", found "Keling"', "en",
            "剛出世的可靈,就已經在當時的全網熱潮中脫穎而出,贏得好評"),
    Finding(EN, 356, "warning", "whitespace", "translation ends with ' ', the source with no whitespace", "en",
            "同時,申請使用者數量已經接近 70 萬。"),
]


def test_text_is_one_compiler_line_per_finding_and_a_summary():
    assert format_findings(FINDINGS, "text").splitlines() == [
        f"{EN}: error [completeness] 45.0% translated, below the 80% required for en",
        f'{EN}:211: error [glossary] 可靈: expected "Kling", found "Keling"',
        f"{EN}:356: warning [whitespace] translation ends with ' ', the source with no whitespace",
        "l10n check: 2 errors, 1 warning in 1 file",
    ]


def test_text_keeps_a_multi_line_message_on_one_line():
    finding = Finding(EN, 3, "error", "numbers", "a\nb", "en", "x")
    assert format_findings([finding], "text").splitlines()[0] == f"{EN}:3: error [numbers] a\\nb"


def test_json_round_trips():
    document = json.loads(format_findings(FINDINGS, "json"))
    assert document["version"] == 1 and document["errors"] == 2 and document["warnings"] == 1
    assert [Finding(**item) for item in document["findings"]] == FINDINGS


def test_junit_parses_with_one_suite_per_check():
    root = ET.fromstring(format_findings(FINDINGS, "junit"))
    assert root.tag == "testsuites" and root.get("failures") == "2"
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == [f"l10n.check.{check_id}" for check_id in REGISTRY]
    glossary = suites["l10n.check.glossary"]
    [case] = glossary
    assert case.get("name") == f"{EN}:211" and case.get("file") == EN and case.get("line") == "211"
    assert case.find("failure").get("message") == '可靈: expected "Kling", found "Keling"'
    [warning] = suites["l10n.check.whitespace"]
    assert warning.find("failure") is None and "warning [whitespace]" in warning.find("system-out").text
    [clean] = suites["l10n.check.numbers"]
    assert clean.get("name") == "no findings" and len(clean) == 0
    assert int(root.get("tests")) == sum(int(suite.get("tests")) for suite in root)


@given(st.text())
def test_junit_is_well_formed_whatever_the_message(message):
    ET.fromstring(format_findings([Finding(EN, 1, "error", "tokens", message, "en", message)], "junit"))


ANNOTATION = re.compile(r"^::(error|warning) file=(?P<file>[^,:\n]+)(?:,line=(?P<line>[1-9]\d*))?"
                        r",title=(?P<title>[^,:\n]+)::(?P<message>[^\r\n]*)\Z")


def test_github_lines_match_the_annotation_syntax():
    lines = format_findings(FINDINGS, "github").splitlines()
    assert len(lines) == 3 and all(ANNOTATION.match(line) for line in lines)
    assert lines[0] == (f"::error file={EN},title=l10n [completeness]::45.0%25 translated, below the 80%25 required "
                        "for en")
    assert lines[1] == f'::error file={EN},line=211,title=l10n [glossary]::可靈: expected "Kling", found "Keling"'
    assert lines[2].startswith(f"::warning file={EN},line=356,")


def _unescape(text: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]],
                  text)


@given(st.text(min_size=1).filter(lambda s: "\x00" not in s), st.text(alphabet="ab,:%/ .\n", min_size=1))
def test_github_escapes_round_trip(message, path):
    # The runner reads workflow commands line by line, split at \n (and \r\n) only.
    [line, end] = format_findings([Finding(path, 7, "error", "numbers", message, "en", None)], "github").split("\n")
    assert end == "" and "\r" not in line
    match = ANNOTATION.match(line)
    assert match is not None
    assert _unescape(match["message"]) == message and _unescape(match["file"]) == path


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        format_findings(FINDINGS, "xml")


def test_the_check_list_shows_every_check_once_with_its_severity():
    rows = [line.split(None, 2) for line in format_check_list().splitlines()]
    assert [(row[0], row[1]) for row in rows] == [(info.id, info.severity) for info in REGISTRY.values()]
    assert all(row[2] == REGISTRY[row[0]].description for row in rows)


def test_the_registry_holds_the_checks_the_issue_asks_for():
    assert {"validity", "stale", "glossary", "numbers", "tokens", "leftover-cjk", "halfwidth-punctuation",
            "traditional", "brackets", "whitespace", "completeness"} <= set(REGISTRY)
    assert all(info.severity in ("error", "warning") and info.description and "\n" not in info.description
               for info in REGISTRY.values())

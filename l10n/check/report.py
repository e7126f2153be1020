"""Findings as text (like a compiler), JSON, JUnit XML or GitHub Actions workflow commands."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict

from l10n.reports import ReportFormat, format_table, render

from .model import REGISTRY, Finding

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def location(finding: Finding) -> str:
    return f"{finding.path}:{finding.line}" if finding.line else finding.path


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def format_line(finding: Finding) -> str:
    """``locales/en/doc.po:123: error [glossary] 可靈: expected "Kling", found "Keling"``."""
    return f"{location(finding)}: {finding.severity} [{finding.check}] {_one_line(finding.message)}"


def summary(findings: Sequence[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return "l10n check: no problems found"
    files = len({f.path for f in findings})
    return (f"l10n check: {errors} error{'s' if errors != 1 else ''}, {warnings} warning"
            f"{'s' if warnings != 1 else ''} in {files} file{'s' if files != 1 else ''}")


def format_text(findings: Sequence[Finding]) -> str:
    return "".join(format_line(f) + "\n" for f in findings) + summary(findings) + "\n"


def format_json(findings: Sequence[Finding]) -> str:
    errors = sum(f.severity == "error" for f in findings)
    document = {"version": 1, "errors": errors, "warnings": len(findings) - errors,
                "findings": [asdict(f) for f in findings]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def format_junit(findings: Sequence[Finding]) -> str:
    """One test suite per check; an error is a failed test case, a warning a passing one with its text in
    ``system-out``; a check without findings has one passing case, so dashboards list every check."""
    by_check: dict[str, list[Finding]] = {check_id: [] for check_id in REGISTRY}
    for finding in findings:
        by_check.setdefault(finding.check, []).append(finding)
    errors = sum(f.severity == "error" for f in findings)
    root = ET.Element("testsuites", {"name": "l10n check", "tests": "0", "failures": str(errors),
                                     "errors": "0"})
    total = 0
    for check_id, found in by_check.items():
        failures = sum(f.severity == "error" for f in found)
        cases = max(len(found), 1)
        total += cases
        suite = ET.SubElement(root, "testsuite", {"name": f"l10n.check.{check_id}", "tests": str(cases),
                                                  "failures": str(failures), "errors": "0", "skipped": "0"})
        if not found:
            ET.SubElement(suite, "testcase", {"classname": f"l10n.check.{check_id}", "name": "no findings"})
        for finding in found:
            case = ET.SubElement(suite, "testcase", {
                "classname": f"l10n.check.{check_id}", "name": _xml_text(location(finding)),
                "file": _xml_text(finding.path), "line": str(finding.line)})
            text = _xml_text(format_line(finding))
            if finding.severity == "error":
                failure = ET.SubElement(case, "failure", {"type": check_id, "message": _xml_text(finding.message)})
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = text
    root.set("tests", str(total))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions annotations: ``::error file=PATH,line=N,title=TITLE::MESSAGE`` per finding."""
    lines = []
    for finding in findings:
        properties = [f"file={_escape_property(finding.path)}"]
        if finding.line:
            properties.append(f"line={finding.line}")
        properties.append(f"title={_escape_property(f'l10n [{finding.check}]')}")
        command = "error" if finding.severity == "error" else "warning"
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(finding.message)}\n")
    return "".join(lines)


FORMATS = format_table(
    ReportFormat("text", "one line per finding, like a compiler, and a summary", format_text),
    ReportFormat("json", "one JSON document: counts and every finding", format_json),
    ReportFormat("junit", "JUnit XML, one test suite per check, for CI dashboards", format_junit),
    ReportFormat("github", "GitHub Actions workflow commands (annotations on the files)", format_github),
)
"""``l10n check --format``: every way findings can be reported, by id."""


def format_findings(findings: Sequence[Finding], fmt: str) -> str:
    """Render findings (already sorted by :func:`l10n.check.run_checks`) in one of :data:`FORMATS`."""
    return render(FORMATS, fmt, findings)


def format_check_list() -> str:
    """``l10n check --list``: id, severity and description of every check, in running order."""
    width = max(len(check_id) for check_id in REGISTRY)
    return "".join(f"{info.id:<{width}}  {info.severity:<7}  {info.description}\n" for info in REGISTRY.values())


# --- bad input, in the format a CI reads ------------------------------------------------------------------

INPUT_ERROR = "input"   # the `check` id of a bad-input finding: the command stopped before checking


def input_error_finding(message: str, path: str, line: int | None) -> Finding:
    return Finding(path, line or 0, "error", INPUT_ERROR, message, "")


def format_input_error(finding: Finding, fmt: str) -> str:
    """A bad-input error (exit 2) as the selected format shows it, so CI annotates it like any finding:
    text: nothing (stderr has the line), json: the findings document with ``"exit": 2``, junit: an
    ``<error>`` test case, github: an ``::error`` annotation."""
    if fmt == "json":
        document = {"version": 1, "exit": 2, "errors": 1, "warnings": 0, "findings": [asdict(finding)]}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "junit":
        root = ET.Element("testsuites", {"name": "l10n check", "tests": "1", "failures": "0", "errors": "1"})
        suite = ET.SubElement(root, "testsuite", {"name": f"l10n.{INPUT_ERROR}", "tests": "1", "failures": "0",
                                                  "errors": "1", "skipped": "0"})
        case = ET.SubElement(suite, "testcase", {"classname": f"l10n.{INPUT_ERROR}",
                                                 "name": _xml_text(location(finding)),
                                                 "file": _xml_text(finding.path), "line": str(finding.line)})
        error = ET.SubElement(case, "error", {"type": INPUT_ERROR, "message": _xml_text(finding.message)})
        error.text = _xml_text(format_line(finding))
        ET.indent(root, space="  ")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    if fmt == "github":
        return format_github([finding])
    return ""

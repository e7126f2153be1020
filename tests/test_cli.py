from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from l10n.cli import COMMANDS, main

DOC = "kuaishou-ai-kling"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_update_then_status_json(project, capsys):
    assert main(["-C", str(project), "update"]) == 0
    assert (project / "locales" / "templates" / f"{DOC}.pot").exists()
    capsys.readouterr()
    assert main(["-C", str(project), "status", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["locale"] for r in rows} == {"zh_Hans", "en"}
    assert all(r["entries"] == r["untranslated"] > 100 and r["percent"] == 0 for r in rows)
    assert all(r["source_chars"] > 3000 and r["source_words"] > 0 for r in rows)


def test_status_text_has_a_row_per_locale(project, capsys):
    main(["-C", str(project), "update"])
    capsys.readouterr()
    main(["-C", str(project), "status"])
    out = capsys.readouterr().out
    assert "zh_Hans" in out and "en" in out and "0.0%" in out


def test_every_command_has_a_one_line_description():
    assert all(c.help and "\n" not in c.help for c in COMMANDS)


@pytest.mark.parametrize("breakage, expected", [
    ("po", f"locales/en/{DOC}.po:"),
    ("source", "not UTF-8"),
    ("locale", "unknown locale"),
    ("no-source", "source folder not found"),
])
def test_bad_input_exits_2_with_a_clear_message_and_changes_no_file(project, capsys, breakage, expected):
    main(["-C", str(project), "update"])
    if breakage == "po":
        po = project / "locales" / "en" / f"{DOC}.po"
        po.write_text(po.read_text(encoding="utf-8").replace('msgstr ""\n\n#. paragraph', 'msgstr "oops\n\n#. paragraph', 1),
                      encoding="utf-8")
    elif breakage == "source":
        (project / "source" / f"{DOC}.md").write_bytes("# 標題\n".encode("big5"))
    elif breakage == "locale":
        toml = project / "pyproject.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace('"zh_Hans", "en"', '"zh_Hans", "qq_Bogus"'),
                        encoding="utf-8")
    else:
        import shutil
        shutil.rmtree(project / "source")
    before = _snapshot(project)
    capsys.readouterr()
    assert main(["-C", str(project), "update"]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1
    assert _snapshot(project) == before


def test_console_script_runs_as_a_module(project):
    result = subprocess.run([sys.executable, "-m", "l10n", "-C", str(project), "update"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "wrote locales/en/" in result.stdout


def test_adding_a_locale_never_blocks_and_glossary_check_counts_its_gaps(project, capsys):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('target-locales = ["zh_Hans", "en"]',
                                                       'target-locales = ["zh_Hans", "en", "ja"]'))
    assert main(["-C", str(project), "update"]) == 0
    assert (project / "locales" / "ja" / f"{DOC}.po").exists()
    capsys.readouterr()
    assert main(["-C", str(project), "glossary", "check"]) == 0
    out = capsys.readouterr().out
    assert "glossary.csv:0: warning: ja: 63 of 107 rows have no rendering" in out   # names stay as they are
    assert out.rstrip().endswith("glossary.csv: ok (1 warning)")


@pytest.fixture
def broken(project, capsys, monkeypatch):
    """A project whose en catalog has a syntax error at a known line, run from the project folder."""
    main(["-C", str(project), "update"])
    po = project / "locales" / "en" / f"{DOC}.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("msgid") and i > 5)
    lines[number] = 'msgid "unterminated'
    po.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(project)
    capsys.readouterr()
    return number + 1


def test_bad_input_is_a_github_annotation_in_github_format(broken, capsys):
    assert main(["check", "--format", "github"]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith(f"::error file=locales/en/{DOC}.po,line={broken},title=l10n [input]::")
    assert captured.out.count("\n") == 1 and f"locales/en/{DOC}.po:{broken}:" in captured.err


def test_bad_input_is_a_junit_error_case(broken, capsys):
    import xml.etree.ElementTree as ET

    assert main(["check", "--format", "junit"]) == 2
    root = ET.fromstring(capsys.readouterr().out.split("\n", 1)[1])
    assert root.get("errors") == "1"
    case = root.find("testsuite/testcase")
    assert case.get("file") == f"locales/en/{DOC}.po" and case.get("line") == str(broken)
    assert case.find("error").get("type") == "input"


@pytest.mark.parametrize("command", [["check", "--format", "json"], ["status", "--format", "json"]])
def test_bad_input_is_a_json_object(broken, capsys, command):
    assert main(command) == 2
    document = json.loads(capsys.readouterr().out)
    assert document["exit"] == 2 and document["errors"] == 1
    [finding] = document["findings"]
    assert finding["path"] == f"locales/en/{DOC}.po" and finding["line"] == broken and finding["check"] == "input"


def test_a_config_error_is_reported_in_the_format_too(project, capsys, monkeypatch):
    (project / "pyproject.toml").write_text("[tool.l10n]\ntarget-locales = []\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["check", "--format", "github"]) == 2
    assert capsys.readouterr().out.startswith("::error file=pyproject.toml,title=l10n [input]::")

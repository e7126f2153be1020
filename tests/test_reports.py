"""Tests for l10n.reports: report formats as registry entries, and the CLI offering exactly those."""
from __future__ import annotations

import subprocess
import sys

import pytest

from l10n.check.report import FORMATS as CHECK_FORMATS
from l10n.cli import main
from l10n.reports import ReportFormat, describe_formats, format_table, render
from l10n.status import FORMATS as STATUS_FORMATS


def test_a_table_is_looked_up_by_id_and_refuses_what_it_does_not_hold():
    table = format_table(ReportFormat("upper", "capitals", str.upper), ReportFormat("title", "titles", str.title))
    assert list(table) == ["upper", "title"]
    assert render(table, "title", "a b") == "A B"
    with pytest.raises(ValueError, match="expected one of upper, title"):
        render(table, "xml", "a")
    assert describe_formats(table) == "upper: capitals; title: titles"
    with pytest.raises(ValueError, match="unique"):
        format_table(ReportFormat("a", "x", str), ReportFormat("a", "y", str))


@pytest.mark.parametrize(("command", "table"), [("check", CHECK_FORMATS), ("status", STATUS_FORMATS)])
def test_the_cli_offers_every_format_of_the_table_and_only_those(command, table, capsys):
    assert all(entry.description and "\n" not in entry.description for entry in table.values())
    with pytest.raises(SystemExit):
        main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--format {" + ",".join(table) + "}" in help_text
    assert all(f"{entry.id}: {entry.description}" in help_text for entry in table.values())
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--format", "no-such-format"])
    assert exit_info.value.code == 2


def test_a_command_parser_is_configured_only_when_that_command_runs(project):
    """`l10n status` never imports the check package whose table gives `l10n check` its --format."""
    script = ("import sys; from l10n.cli import main; main(['-C', sys.argv[1], 'update']); "
              "main(['-C', sys.argv[1], 'status']); print('l10n.check' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "False"

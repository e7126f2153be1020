"""The ``.pre-commit-hooks.yaml`` other repositories use to run ``l10n check`` as a pre-commit hook."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"


def test_the_hook_runs_l10n_check_once_for_the_project():
    yaml = pytest.importorskip("yaml")
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "l10n-check" and hook["entry"] == "l10n check"
    assert hook["language"] == "python"          # installs this package, which provides the l10n script
    assert hook["pass_filenames"] is False       # the check reads the whole project, not the staged files
    files = re.compile(hook["files"])
    for path in ("locales/en/kuaishou-ai-kling.po", "locales/templates/kuaishou-ai-kling.pot",
                 "source/kuaishou-ai-kling.md", "glossary.csv", "pyproject.toml"):
        assert files.search(path), path
    assert not files.search("l10n/cli.py")


def test_the_hook_entry_is_the_installed_console_script():
    text = (HOOKS.parents[0] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'l10n = "l10n.cli:main"' in text

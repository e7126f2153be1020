from __future__ import annotations

from pathlib import Path

import pytest

from l10n.config import load_config
from l10n.errors import ConfigError


def _write(root: Path, table: str) -> Path:
    root.mkdir(exist_ok=True)
    (root / "pyproject.toml").write_text(f"[tool.l10n]\n{table}\n", encoding="utf-8")
    return root


def test_repository_config_reads_every_key():
    config = load_config(Path(__file__).resolve().parents[1])
    assert config.source_locale == "zh_Hant_TW"
    assert config.target_locales == ("zh_Hans", "en")
    assert config.glossary.name == "glossary.csv" and config.source_dir.name == "source"
    assert config.catalog_path("en", "a") == config.root / "locales" / "en" / "a.po"


@pytest.mark.parametrize("table, message", [
    ('target-locales = ["zh_Hans", "xx_YY_bogus"]', "unknown locale 'xx_YY_bogus'"),
    ('target-locales = ["en"]\nsource-dir = "../elsewhere"', "points outside the project"),
    ('target-locales = ["en"]\nbuild-dir = "/tmp"', "points outside the project"),
    ('target-locales = []', "non-empty list"),
    ('target-locales = ["en"]\nsegmentaton = "block"', "unknown key"),
    ('target-locales = ["en"]\nsegmentation = "word"', "segmentation"),
])
def test_bad_config_is_refused_naming_pyproject(tmp_path, table, message):
    root = _write(tmp_path / "p", table)
    with pytest.raises(ConfigError, match=message) as info:
        load_config(root)
    assert str(root / "pyproject.toml") in str(info.value)


def test_missing_table_says_what_to_add(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no \[tool.l10n\] table"):
        load_config(tmp_path)

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.config import find_project_root, load_config
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


def test_the_project_is_found_from_any_folder_inside_it(tmp_path):
    root = _write(tmp_path / "p", 'target-locales = ["en"]')
    nested = root / "locales" / "en"
    nested.mkdir(parents=True)
    # A pyproject.toml without [tool.l10n] on the way up (a sub-package's) is passed over.
    (root / "locales" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert load_config(nested).root == root.resolve()
    assert find_project_root(root / "locales") == root.resolve()


def test_outside_any_project_the_error_says_so(tmp_path):
    with pytest.raises(ConfigError, match="not inside an l10n project"):
        load_config(tmp_path)
    with pytest.raises(ConfigError, match="no such folder") as info:
        load_config(tmp_path / "missing")
    assert str(tmp_path / "missing") in str(info.value)


def test_commands_work_from_a_subfolder_and_dash_c_needs_an_existing_folder(project, capsys, monkeypatch):
    from l10n.cli import main

    (project / "locales").mkdir()
    monkeypatch.chdir(project / "source")
    assert main(["update"]) == 0
    assert "wrote locales/en/" in capsys.readouterr().out
    monkeypatch.chdir(project / "locales" / "en")
    assert main(["status"]) == 0
    assert main(["-C", str(project / "nope"), "status"]) == 2
    err = capsys.readouterr().err
    assert "nope: no such folder (-C DIR must name an existing folder)" in err


@pytest.mark.parametrize("table, message", [
    ('target-locales = ["en"]\nbuild-threshold = 120', "not a percentage"),
    ('target-locales = ["en"]\nbuild-threshold = { ja = 50 }', "'ja' is not a target locale"),
    ('target-locales = ["zh_Hant_TW", "en"]', "lists the source locale"),
    ('target-locales = ["en", "en"]', "lists en twice"),
])
def test_bad_build_thresholds_and_locale_lists_are_refused(tmp_path, table, message):
    with pytest.raises(ConfigError, match=message):
        load_config(_write(tmp_path / "p", table))


def test_build_threshold_is_a_number_or_a_table_per_locale(tmp_path):
    config = load_config(_write(tmp_path / "a", 'target-locales = ["en", "ja"]\nbuild-threshold = 60'))
    assert config.build_threshold_for("en") == config.build_threshold_for("ja") == 60
    config = load_config(_write(tmp_path / "b", 'target-locales = ["en", "ja"]\nbuild-threshold = { ja = 0 }'))
    assert config.build_threshold_for("en") == 80 and config.build_threshold_for("ja") == 0


def test_fuzzy_matching_keys(tmp_path):
    default = load_config(_write(tmp_path / "a", 'target-locales = ["en"]'))
    assert (default.fuzzy_threshold, default.fuzzy_similarity) == (0.6, "bytes")
    chosen = load_config(_write(tmp_path / "b", 'target-locales = ["en"]\nfuzzy-threshold = 0.8\n'
                                                'fuzzy-similarity = "characters"'))
    assert (chosen.fuzzy_threshold, chosen.fuzzy_similarity) == (0.8, "characters")
    for bad in ('fuzzy-threshold = 1.5', 'fuzzy-threshold = "high"', 'fuzzy-similarity = "words"'):
        with pytest.raises(ConfigError, match="fuzzy-threshold"):
            load_config(_write(tmp_path / "c", f'target-locales = ["en"]\n{bad}'))


def test_select_locales_is_the_one_reading_of_locale_options():
    config = load_config(Path(__file__).resolve().parents[1])
    assert config.select_locales(None) == ["zh_Hans", "en"] == config.select_locales([])
    assert config.select_locales(None, with_source=True) == ["zh_Hant_TW", "zh_Hans", "en"]
    assert config.select_locales(["en", "zh_Hans", "en"]) == ["en", "zh_Hans"]
    assert config.select_locales(["zh_Hant_TW"], with_source=True) == ["zh_Hant_TW"]
    with pytest.raises(ConfigError, match="locale zh_Hant_TW, fr is not a target locale") as info:
        config.select_locales(["en", "zh_Hant_TW", "fr"])
    assert info.value.hint == "choose from zh_Hans, en or add it to target-locales"
    with pytest.raises(ConfigError, match="locale fr is neither the source nor a target locale"):
        config.select_locales(["fr"], with_source=True)

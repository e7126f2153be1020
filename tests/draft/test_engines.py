"""The engine registry and per-locale engines: defaults per language pair, [tool.l10n.engines], `l10n engines`,
`l10n draft` skipping or refusing a locale whose engine is missing, and provenance digests."""
from __future__ import annotations

import json
import re
from pathlib import Path

import opencc
import pytest

from l10n.catalog import update_project
from l10n.cli import main
from l10n.config import load_config
from l10n.draft.engines import (ENGINES, EngineChoice, create_engine, default_choice, glossary_digest,
                                parse_engine_argument, request_for)
from l10n.draft.pipeline import draft_project, prepare_drafter
from l10n.errors import ConfigError, EngineError
from l10n.glossary import load_glossary
from l10n.po import read_catalog

DOC = "kuaishou-ai-kling"


def configure(root: Path, targets: list[str], engines: str = "", *, glossary: bool = False) -> None:
    """Rewrite the project's [tool.l10n] for these targets; without ``glossary`` the glossary file goes (its
    columns are those of the bundled locales)."""
    text = (root / "pyproject.toml").read_text(encoding="utf-8").split("\n[tool.l10n.engines]")[0]
    text = re.sub(r"target-locales = \[.*?\]", f"target-locales = {json.dumps(targets)}", text)
    (root / "pyproject.toml").write_text(text + (f"\n[tool.l10n.engines]\n{engines}\n" if engines else ""),
                                         encoding="utf-8")
    if not glossary:
        (root / "glossary.csv").unlink(missing_ok=True)


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((root / "locales").rglob("*.po*"))}


def test_every_engine_is_a_registry_entry_with_id_description_and_pairs():
    assert set(ENGINES) >= {"opencc", "argos", "ctranslate2", "none"}
    for engine_id, spec in ENGINES.items():
        assert spec.id == engine_id and spec.description and spec.pairs


@pytest.mark.parametrize("source, target, engine, configs", [
    ("zh_Hant_TW", "zh_Hans", "opencc", ("tw2sp",)),
    ("zh_Hant_TW", "zh_Hant_HK", "opencc", ("tw2t", "t2hk")),
    ("zh_Hans", "zh_Hant_TW", "opencc", ("s2twp",)),
    ("zh_Hant_TW", "en", "argos", None),
    ("zh_Hant_TW", "ja", "argos", None),
    ("en", "en_GB", "none", None),
])
def test_default_engine_per_language_pair(source, target, engine, configs):
    choice = default_choice(source, target)
    assert choice.engine == engine and choice.origin == "default"
    if configs:
        from l10n.draft.engines import opencc_route

        assert opencc_route(source, target) == configs


def test_hong_kong_drafts_have_hong_kong_forms(project):
    """tw2t then t2hk: t2hk alone leaves the Taiwan forms 裡 著 啟 as they are."""
    configure(project, ["zh_Hans", "zh_Hant_HK"])
    config = load_config(project)
    engine = create_engine(request_for(config, "zh_Hant_HK"))
    [draft] = engine.translate_batch(["我這裡稍微舉幾個例子,也牽扯著全球,正式開啟 OpenAPI。"])
    assert draft == "我這裏稍微舉幾個例子，也牽扯着全球，正式開啓 OpenAPI。"
    assert opencc.OpenCC("t2hk").convert("這裡牽扯著開啟") == "這裡牽扯著開啟"
    assert engine.version() == f"OpenCC {opencc.__version__} tw2t+t2hk corner-quotes"


def test_engines_config_is_validated_at_load(project):
    configure(project, ["zh_Hans", "en"], 'en = { engine = "argos", beam-size = "four" }')
    with pytest.raises(ConfigError, match="beam-size must be int"):
        load_config(project)
    configure(project, ["zh_Hans", "en"], 'en = "deepl"', glossary=True)
    with pytest.raises(ConfigError, match="unknown engine 'deepl'"):
        load_config(project)


def test_unknown_option_and_wrong_pair_are_bad_input(project):
    configure(project, ["zh_Hans", "en"], 'zh_Hans = { engine = "opencc", model = "x" }')
    with pytest.raises(ConfigError, match="engine opencc has no option 'model'"):
        load_config(project)
    configure(project, ["zh_Hans", "en"], 'en = "opencc"', glossary=True)
    with pytest.raises(ConfigError, match="does not serve zh_Hant_TW -> en"):
        request_for(load_config(project), "en")


def test_engine_argument():
    assert parse_engine_argument("opencc") == EngineChoice("opencc", (), "config")
    choice = parse_engine_argument("opencc:config=tw2t+t2hk,phrases=false")
    assert choice.options == (("config", ("tw2t", "t2hk")), ("phrases", False))
    assert choice.label() == "opencc:config=tw2t+t2hk,phrases=false"
    assert parse_engine_argument("ctranslate2:model=m,beam-size=5").option("beam-size") == 5
    with pytest.raises(ConfigError):
        parse_engine_argument("opencc:config")


def test_l10n_engines_lists_engine_version_and_installed(project, packages, capsys):
    configure(project, ["zh_Hans", "zh_Hant_HK", "en", "ja", "fr"], 'fr = "none"')
    assert main(["-C", str(project), "engines"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert re.search(r"opencc \(default\)\s+yes\s+OpenCC \S+ tw2sp$", lines["zh_Hans"])
    assert re.search(r"opencc \(default\)\s+yes\s+OpenCC \S+ tw2t\+t2hk", lines["zh_Hant_HK"])
    assert re.search(r"argos \(default\)\s+no\s+.*argospm install translate-zh_en", lines["en"])
    assert "translate-zh_ja" in lines["ja"] and "translate-en_ja" in lines["ja"]  # direct, or through English
    assert re.search(r"none\s+-\s+drafted by hand", lines["fr"])
    assert main(["-C", str(project), "engines", "--format", "json"]) == 0
    rows = {row["locale"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["zh_Hans"]["installed"] and rows["zh_Hans"]["version"].startswith("OpenCC")
    assert not rows["en"]["installed"] and "translate-zh_en" in rows["en"]["reason"]


def test_draft_without_locale_drafts_what_it_can_and_names_what_to_install(project, packages, capsys,
                                                                           tmp_path):
    configure(project, ["zh_Hans", "zh_Hant_HK", "en", "fr"], 'fr = "none"')
    update_project(load_config(project))
    assert main(["-C", str(project), "draft", "--no-progress", "--cache", str(tmp_path / "c.db")]) == 0
    out = capsys.readouterr().out
    assert "skipped en: cannot draft en with argos" in out and "argospm install translate-zh_en" in out
    assert "skipped fr: fr is drafted by hand" in out
    hk = read_catalog(project / "locales" / "zh_Hant_HK" / f"{DOC}.po")
    assert all(entry.msgstr and entry.fuzzy for entry in hk.entries)
    assert any("裏" in entry.msgstr for entry in hk.entries)
    assert not any(entry.msgstr for entry in read_catalog(project / "locales" / "en" / f"{DOC}.po").entries)


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_asking_for_a_locale_whose_engine_is_missing_is_bad_input(project, packages, capsys, tmp_path, locale):
    configure(project, ["zh_Hans", "en", "fr"], 'fr = "none"')
    update_project(load_config(project))
    before = _snapshot(project)
    assert main(["-C", str(project), "draft", "--no-progress", "--locale", "zh_Hans", "--locale", locale,
                 "--cache", str(tmp_path / "c.db")]) == 2
    assert "l10n: error:" in capsys.readouterr().err
    assert _snapshot(project) == before


def test_provenance_names_engine_version_and_digests_of_glossary_phrases_and_options(project, tmp_path):
    config = load_config(project)
    glossary = load_glossary(project / "glossary.csv", ["zh_Hans", "en"])
    from l10n.draft.zh_hans import load_phrases

    phrases = load_phrases(project / "phrases.csv")
    stamp = prepare_drafter(config, "zh_Hans", glossary=glossary, phrases=phrases).provenance
    assert re.fullmatch(rf"OpenCC {re.escape(opencc.__version__)} tw2sp; glossary [0-9a-f]{{10}}; "
                        r"phrases [0-9a-f]{10}; options [0-9a-f]{10}", stamp)
    # A changed zh_Hans rendering is a different producer; a changed English one is not (for zh_Hans).
    text = (project / "glossary.csv").read_text(encoding="utf-8")
    (project / "glossary.csv").write_text(text.replace("可靈,可灵,Kling,", "可靈,可灵,Kling AI video,", 1),
                                          encoding="utf-8")
    changed_en = load_glossary(project / "glossary.csv", ["zh_Hans", "en"])
    assert glossary_digest(changed_en, "zh_Hans") == glossary_digest(glossary, "zh_Hans")
    assert glossary_digest(changed_en, "en") != glossary_digest(glossary, "en")
    plain = prepare_drafter(config, "zh_Hans", parse_engine_argument("opencc:phrases=false,glossary=false"),
                            glossary=glossary, phrases=phrases).provenance
    assert "glossary" not in plain and "phrases" not in plain
    assert plain.rsplit("options ", 1)[1] != stamp.rsplit("options ", 1)[1]


def test_zh_hans_drafts_carry_the_full_provenance(project):
    update_project(load_config(project))
    draft_project(load_config(project), ["zh_Hans"], progress=False)
    entry = read_catalog(project / "locales" / "zh_Hans" / f"{DOC}.po").entries[1]
    mark = next(c for c in entry.translator_comments if c.startswith("l10n-draft:"))
    assert re.fullmatch(r"l10n-draft: opencc \(OpenCC \S+ tw2sp; glossary \w{10}; phrases \w{10}; "
                        r"options \w{10}\) #\w{10}", mark)


def test_a_none_locale_cannot_be_drafted(project):
    configure(project, ["zh_Hans", "fr"], 'fr = "none"')
    with pytest.raises(EngineError, match="drafted by hand"):
        prepare_drafter(load_config(project), "fr")

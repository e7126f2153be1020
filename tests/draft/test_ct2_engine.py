"""The ctranslate2 engine on tiny genuine model directories in both converter layouts (tests/ct2_tiny.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from l10n.catalog import update_project
from l10n.config import load_config
from l10n.draft.ct2_engine import CTranslate2Engine, flores_code
from l10n.draft.engines import create_engine, request_for
from l10n.draft.pipeline import BROKEN_MARK, draft_project
from l10n.errors import EngineError
from l10n.po import read_catalog
from tests.ct2_tiny import NLLB_OUTPUT, OPUS_OUTPUT, build_nllb_model, build_opus_mt_model

DOC = "kuaishou-ai-kling"


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("ct2")
    return {"opus": build_opus_mt_model(root / "opus-mt-zh-en"), "nllb": build_nllb_model(root / "nllb-tiny")}


def test_opus_mt_style(models):
    engine = CTranslate2Engine(models["opus"], input_locale="zh_Hans")
    assert engine.style == "opus-mt" and engine.language_tokens() == (None, None)
    # config.json says add_source_eos (ct2-opus-mt-converter): the pieces go in without </s>.
    assert engine.encode("快手") == ["▁快手"]
    assert engine.translate_batch(["快手可灵", "", "一\n二"]) == [OPUS_OUTPUT, "", f"{OPUS_OUTPUT}\n{OPUS_OUTPUT}"]
    assert engine.available().ok and engine.version().startswith("opus-mt-zh-en@")
    assert "beam 4" in engine.version()


def test_nllb_style_puts_the_source_token_first_and_the_target_token_as_prefix(models):
    engine = CTranslate2Engine(models["nllb"], input_locale="zh_Hant_TW", target_locale="en")
    assert engine.style == "nllb"
    assert engine.language_tokens() == ("zho_Hant", "eng_Latn")
    assert engine.encode("快手")[0] == "zho_Hant" and engine.encode("快手")[-1] == "</s>"
    assert engine.translate_batch(["快手可靈"]) == [NLLB_OUTPUT]   # the eng_Latn prefix is not in the text
    assert " zho_Hant->eng_Latn " in engine.version()


def test_nbest_hypotheses_are_exposed(models):
    engine = CTranslate2Engine(models["opus"], input_locale="zh_Hans", beam_size=2)
    [hypotheses] = engine.translate_nbest(["快手"], 3)
    assert hypotheses[0] == OPUS_OUTPUT and 1 < len(hypotheses) <= 3


def test_language_token_missing_from_the_model_says_what_to_set(models):
    engine = CTranslate2Engine(models["nllb"], input_locale="zh_Hant_TW", target_locale="ko")
    assert flores_code("ko") == "kor_Hang"
    availability = engine.available()
    assert not availability.ok and "kor_Hang" in availability.detail and "target-token" in availability.hint


def test_missing_or_unconverted_model_is_unavailable_with_the_conversion_hint(tmp_path):
    assert "ct2-transformers-converter" in CTranslate2Engine(None).available().hint
    (tmp_path / "m").mkdir()
    availability = CTranslate2Engine(tmp_path / "m").available()
    assert not availability.ok and "no model.bin" in availability.detail
    with pytest.raises(EngineError):
        CTranslate2Engine(tmp_path / "m").translate_batch(["快手"])


def _configure(project: Path, engine_table: str) -> None:
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text(f"{text}\n[tool.l10n.engines]\n{engine_table}\n", encoding="utf-8")


@pytest.mark.parametrize("style", ["opus", "nllb"])
def test_drafting_a_locale_with_a_configured_model(project, models, tmp_path, style):
    options = 'input-locale = "zh_Hans", ' if style == "opus" else ""
    _configure(project, f'en = {{ engine = "ctranslate2", model = "{models[style]}", {options}beam-size = 2, '
                        f'compute-type = "int8", threads = 1, batch-size = 8 }}')
    config = load_config(project)
    engine = create_engine(request_for(config, "en"))
    assert (engine.beam_size, engine.compute_type, engine.threads, engine.batch_size) == (2, "int8", 1, 8)
    update_project(config)
    receipt = draft_project(config, ["en"], progress=False, cache_path=tmp_path / "c.db")
    entries = read_catalog(project / "locales" / "en" / f"{DOC}.po").entries
    output = OPUS_OUTPUT if style == "opus" else NLLB_OUTPUT
    drafted = [e for e in entries if e.msgstr]
    refused = [e for e in entries if not e.msgstr]
    assert drafted and all(e.fuzzy and e.msgstr.startswith(output.split()[0]) for e in drafted)
    assert any(c.startswith("l10n-draft: ctranslate2 (") for c in drafted[0].translator_comments)
    # The fixed short answer is refused for long sources (length ratio), and counted.
    assert receipt.broken["en"] == len(refused) > 0
    assert all(any(c.startswith(BROKEN_MARK) for c in e.translator_comments) for e in refused)

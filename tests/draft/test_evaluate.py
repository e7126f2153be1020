"""`l10n mt eval` on this repository's reviewed zh_Hans catalog (real numbers) and with a tiny CTranslate2 model."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from l10n.cli import main
from l10n.config import load_config
from l10n.draft.engines import parse_engine_argument
from l10n.draft.evaluate import evaluate
from tests.ct2_tiny import build_opus_mt_model



def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((root / "locales").rglob("*.po*"))}


def test_zh_hans_engines_ranked_on_the_reviewed_catalog(translated):
    before = _snapshot(translated)
    choices = [parse_engine_argument(text) for text in
               ("opencc", "opencc:phrases=false,glossary=false", "opencc:config=tw2s,phrases=false,glossary=false")]
    report = evaluate(load_config(translated), "zh_Hans", choices)
    assert _snapshot(translated) == before
    configured, bare, tw2s = report.scores
    assert report.references == configured.segments > 90
    # The phrase table and glossary exist because tw2sp alone gets this text wrong; tw2s lacks tw2sp's phrases.
    assert configured.chrf > bare.chrf > tw2s.chrf > 50
    assert configured.bleu > bare.bleu > tw2s.bleu
    assert configured.term_accuracy == 100.0 and tw2s.term_accuracy < 100.0
    assert configured.refused == 0 and configured.exact > bare.exact


def test_cli_text_and_json(translated, capsys):
    assert main(["-C", str(translated), "mt", "eval", "--locale", "zh_Hans", "-e", "opencc",
                 "-e", "opencc:config=tw2s"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("l10n mt eval zh_Hans: ") and "opencc:config=tw2s " in text
    assert main(["-C", str(translated), "mt", "eval", "--locale", "zh_Hans", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    [score] = data["engines"]
    assert score["label"] == "opencc" and 0 <= score["chrf"] <= 100 and score["segments_per_second"] > 0


def test_english_with_a_converted_model(translated, tmp_path, capsys):
    model = build_opus_mt_model(tmp_path / "opus-mt-zh-en")
    assert main(["-C", str(translated), "mt", "eval", "--locale", "en", "--format", "json",
                 "-e", f"ctranslate2:model={model},input-locale=zh_Hans"]) == 0
    [score] = json.loads(capsys.readouterr().out)["engines"]
    # The tiny model says one sentence to everything: low scores, most drafts refused as too short.
    assert score["chrf"] < 30 and score["refused"] > 50 and score["terms_required"] > 100


def test_a_locale_without_approved_entries_is_bad_input(project, capsys):
    assert main(["-C", str(project), "mt", "eval", "--locale", "zh_Hans"]) == 2
    assert "no approved translations" in capsys.readouterr().err

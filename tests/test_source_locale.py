"""The source locale is configurable: an English or a Simplified Chinese source project works end to end."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.build import build_project
from l10n.catalog import update_project
from l10n.check import run_checks
from l10n.config import load_config
from l10n.po import read_catalog, write_catalog
from l10n.segment import SegmentOptions, segment_document, split_sentences, split_spaced_sentences

ENGLISH = """# Getting started

This guide shows the basics. Read it first! Mr. Smith wrote it in 2024, at 3.5 p.m. on a Monday.
Does it work? "Yes." Then J. R. R. Tolkien read it.

- Install the tool. Then run it.
- Version 1.5 is required, e.g. on Linux. See `a. B` and https://example.com/a.b for more.
- Ask for help.
"""


@pytest.mark.parametrize("text, pieces", [
    ("One. Two! Three? Four.", ["One. ", "Two! ", "Three? ", "Four."]),
    ("Mr. Smith and Dr. Jones met at 3.5 p.m. today.", ["Mr. Smith and Dr. Jones met at 3.5 p.m. today."]),
    ("He said \"Stop.\" Then left.", ["He said \"Stop.\" ", "Then left."]),
    ("J. R. R. Tolkien wrote it. 2024 was good.", ["J. R. R. Tolkien wrote it. ", "2024 was good."]),
    ("Use e.g. this one. and lower case goes on.", ["Use e.g. this one. and lower case goes on."]),
    ("Run `make. Then` now. Done.", ["Run `make. Then` now. ", "Done."]),
])
def test_english_sentences_end_at_a_mark_followed_by_space_and_a_capital(text, pieces):
    assert split_spaced_sentences(text) == pieces


@given(st.text(alphabet=st.sampled_from(list("ab A. B! c? 1.5 \"\u201d )`")), max_size=60))
def test_spaced_pieces_join_back_to_the_text(text):
    assert "".join(split_spaced_sentences(text)) == text


def test_the_source_locale_picks_the_sentence_rules():
    english = [s.text for s in segment_document(ENGLISH, options=SegmentOptions(source_locale="en"))]
    assert english[:4] == ["Getting started", "This guide shows the basics.", "Read it first!",
                           "Mr. Smith wrote it in 2024, at 3.5 p.m. on a Monday."]
    assert "Install the tool." in english and "Then run it." in english
    # Chinese rules do not split English at ". "; the default stays Chinese.
    assert split_sentences("This guide. Read it.") == ["This guide. Read it."]
    assert [s.text for s in segment_document("一句。二句。\n")] == ["一句。", "二句。"]
    assert [s.text for s in segment_document("一句。二句。\n", options=SegmentOptions(source_locale="zh_Hans"))] == ["一句。", "二句。"]


def _project(root: Path, source_locale: str, targets: list[str], text: str) -> Path:
    root.mkdir()
    (root / "pyproject.toml").write_text(
        f'[tool.l10n]\nsource-locale = "{source_locale}"\ntarget-locales = {targets!r}\n'.replace("'", '"'),
        encoding="utf-8")
    (root / "source").mkdir()
    (root / "source" / "intro.md").write_text(text, encoding="utf-8")
    return root


def _translate_all_but_last(config, locale: str, render) -> str:
    path = config.catalog_path(locale, "intro")
    catalog = read_catalog(path)
    *done, last = catalog.active()
    for entry in done:
        entry.msgstr = render(entry.msgid)
    write_catalog(path, catalog)
    return last.msgid


def test_an_english_source_project_updates_checks_and_builds(tmp_path):
    config = load_config(_project(tmp_path / "en", "en", ["fr", "zh_Hans"], ENGLISH))
    update_project(config)
    assert update_project(config).written == []
    template = read_catalog(config.template_path("intro"))
    assert len(template.entries) == 12
    assert "Then run it." in {e.msgid for e in template.entries}
    # Sentences with numbers, code or URLs keep them (the checks want them); the rest get one stand-in.
    keep = ("1.5", "2024", "https://")
    last = _translate_all_but_last(config, "fr", lambda m: m if any(k in m for k in keep) else "Texte traduit.")
    _translate_all_but_last(config, "zh_Hans", lambda m: m if any(k in m for k in keep) else "译文。")
    assert [f for f in run_checks(config) if f.severity == "error"] == []
    report = build_project(config)
    assert {(d.locale, d.published) for d in report.documents} == {("en", True), ("fr", True), ("zh_Hans", True)}
    fr = (config.build_dir / "fr" / "intro.md").read_text(encoding="utf-8")
    assert "Texte traduit. Texte traduit." in fr            # French sentences keep a space between them
    zh = (config.build_dir / "zh_Hans" / "intro.md").read_text(encoding="utf-8")
    assert "译文。译文。" in zh                               # Chinese ones do not
    html = (config.build_dir / "fr" / "intro.html").read_text(encoding="utf-8")
    assert last == "Ask for help." and '<span class="l10n-fallback" lang="en">Ask for help.</span>' in html
    assert '<html lang="fr">' in html


def test_a_simplified_chinese_source_project_updates_checks_and_builds(tmp_path):
    text = "# 快速入门\n\n这是一个指南。先读它！\n\n- 安装工具。然后运行。\n"
    config = load_config(_project(tmp_path / "hans", "zh_Hans", ["zh_Hant_TW", "en"], text))
    update_project(config)
    assert [e.msgid for e in read_catalog(config.template_path("intro")).entries] == [
        "快速入门", "这是一个指南。", "先读它！", "安装工具。", "然后运行。"]
    last = _translate_all_but_last(config, "zh_Hant_TW", lambda m: m.replace("这", "這").replace("个", "個"))
    assert [f for f in run_checks(config, ["zh_Hant_TW"]) if f.severity == "error"] == []
    report = build_project(config)
    assert [(d.locale, d.published) for d in report.documents] == [("zh_Hans", True), ("zh_Hant_TW", True),
                                                                  ("en", False)]
    html = (config.build_dir / "zh_Hant_TW" / "intro.html").read_text(encoding="utf-8")
    assert f'<span class="l10n-fallback" lang="zh-Hans">{last}</span>' in html and "這是一個指南。" in html
    index = (config.build_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in index and "not published: 0% translated, 80% needed" in index

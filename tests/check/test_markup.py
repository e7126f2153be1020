"""The ``markup`` check: one-line cases, the project run (file:line, every output format), and the catch rate
on real inline Markdown with correct and damaged translations (``markup_corpus.py`` prints the table)."""
from __future__ import annotations

import json

import pytest

from l10n.catalog import update_project
from l10n.check import REGISTRY, Message, format_findings, run_checks
from l10n.check.markup import check_markup
from l10n.config import load_config
from l10n.markup import inline_markup
from l10n.po import read_catalog, write_catalog

from .markup_corpus import DAMAGES, VARIANTS, corpus, report

DOC = "kuaishou-ai-kling"


def problems(source: str, translation: str, locale: str = "en") -> list[tuple[str, str | None]]:
    return [(p.message, p.severity) for p in check_markup(Message.of(source, translation, locale))]


def test_registered_with_a_one_line_description():
    info = REGISTRY["markup"]
    assert info.severity == "error" and info.scope == "entry" and "\n" not in info.description


def test_links_may_move_and_change_text_but_keep_their_url():
    source = "詳見 [官方文件](https://klingai.com/docs) 與 `kling --help`。"
    assert problems(source, "Run `kling --help` or read [the docs](https://klingai.com/docs).") == []
    assert problems(source, "Run `kling --help` or read the docs.") == [
        ("link https://klingai.com/docs: missing in the translation", None)]


def test_lost_emphasis_is_a_warning_broken_emphasis_an_error():
    assert problems("**重點**在此", "the point here") == [
        ("emphasis ** (strong): 1 in the source, 0 in the translation", "warning")]
    assert problems("**重點**在此", "the **point here")[0][1] is None   # the check's own severity: error


def test_reference_labels_come_from_the_document_when_the_entry_names_it(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "doc.md").write_text("[注意] 見[列舉數值]。\n\n[列舉數值]: ch06.html\n", encoding="utf-8")

    class Config:
        root = tmp_path
        protected_patterns = ()

    message = Message.of("[注意] 見[列舉數值]。", "[Note] see [enum values][列舉數值].", "en")
    message.entry.references.append("source/doc.md:1")
    assert list(check_markup(message)) != []            # alone, [注意] might be a label
    message.resources.config = Config()
    assert list(check_markup(message)) == []            # the document defines only 列舉數值


@pytest.fixture
def config(project):
    config = load_config(project)
    update_project(config)
    return config


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_a_finding_has_file_and_line_in_every_format(config, fmt):
    path = config.catalog_path("en", DOC)
    catalog = read_catalog(path)
    entry = next(e for e in catalog.active() if e.msgid == "簡單即力量,生態即勝利。")
    entry.msgstr = "Simplicity is power; <script>alert(1)</script> ecosystem is victory."
    write_catalog(path, catalog)
    line = next(e.lineno for e in read_catalog(path).active() if e.msgid == entry.msgid)
    findings = [f for f in run_checks(config, ["en"]) if f.check == "markup"]
    assert {(f.line, f.message) for f in findings} == {(line, "HTML tag <script>: not in the source"),
                                                       (line, "HTML tag </script>: not in the source")}
    out = format_findings(findings, fmt)
    where = {"text": f"locales/en/{DOC}.po:{line}: error [markup]", "json": f'"line": {line}',
             "junit": f'line="{line}"', "github": f"line={line},title=l10n [markup]"}[fmt]
    assert where in out
    if fmt == "json":
        assert json.loads(out)["errors"] == 2


def test_the_repository_catalogs_are_markup_clean():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    assert [f for f in run_checks(load_config(root), select=["markup"])] == []


# --- catch rate --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tallies():
    return report()


def test_correct_translations_raise_no_false_alarm(tallies):
    correct, _ = tallies
    assert [t.name for t in correct] == list(VARIANTS)
    assert all(t.cases > 0 for t in correct)
    assert {t.name: t.flagged for t in correct if t.flagged} == {}, [t.examples for t in correct if t.flagged]


def test_injected_damage_is_caught(tallies):
    _, damaged = tallies
    assert [t.name for t in damaged] == list(DAMAGES)
    assert all(t.cases > 0 for t in damaged)
    missed = {t.name: t.cases - t.flagged for t in damaged if t.flagged < t.cases}
    # One miss is allowed, and explained: a space before a closing ** in a source whose own emphasis already
    # pairs wrongly (**前台（front of house）**而...: a ** after "）" and before a Han character cannot close).
    assert missed in ({}, {"spaced emphasis": 1}), missed
    for t in damaged:
        for source, _translation, _found in t.examples:
            markup = inline_markup(source)
            assert t.name == "spaced emphasis" and (markup.nested_emphasis or markup.stray_delimiters)


def test_the_corpus_is_real_and_covers_every_construct():
    cases = corpus()
    assert len(cases) > 200
    for field in ("links", "reference_links", "images", "autolinks", "code_spans", "html_tags", "footnote_refs",
                  "macros", "emphasis"):
        assert sum(bool(getattr(case.markup, field)) for case in cases) >= 2, field


def test_leftover_cjk_skips_code_spans_and_labels_copied_from_the_source():
    from l10n.check.checks import check_leftover_cjk

    copied = Message.of("見 `顯示` 與[列舉數值]", "see `顯示` and [enum values][列舉數值]", "en")
    assert list(check_leftover_cjk(copied)) == []
    assert [p.message for p in check_leftover_cjk(Message.of("見", "see 顯示 `x`", "en"))] == [
        'CJK characters left in the translation: "顯示"']


def test_documents_without_a_label_colon_define_no_labels(tmp_path):
    """The shortcut that skips parsing documents without "]:" holds on every CommonMark spec example."""
    from pathlib import Path

    from l10n.check.markup import _labels_of
    from l10n.markup import reference_labels

    spec = Path(__file__).parent.parent / "fixtures" / "markdown_it" / "commonmark.json"
    examples = [example["markdown"] for example in json.loads(spec.read_text(encoding="utf-8"))]
    defining = [text for text in examples if reference_labels(text)]
    assert len(defining) > 50 and all("]:" in text for text in defining)
    path = tmp_path / "doc.md"
    for text in examples[::7] + defining[:20]:
        path.write_text(text, encoding="utf-8")
        assert _labels_of(path) == reference_labels(path.read_text(encoding="utf-8"))

"""What ``l10n build`` publishes: per-document thresholds, fallback marks, stale refusal, the manifest."""
from __future__ import annotations

from pathlib import Path

import pytest

from l10n.build import build_project
from l10n.catalog import update_project
from l10n.cli import main
from l10n.config import load_config
from l10n.errors import SourceError
from l10n.po import read_catalog, write_catalog
from l10n.review import review_project
from l10n.stale import StaleError
from l10n.status import project_status

DONE = "# 快手的故事\n\n快手是一家公司。它在北京。\n\n這是另一段。最後一句。\n"
NEW = "# 新文章\n\n這是新的文章。有些句子。\n\n還有一些。還沒有翻譯。\n"
RENDERING = {"en": "Text.", "zh_Hans": "译文。"}


def _project(root: Path, extra: str = "") -> Path:
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\ntarget-locales = ["zh_Hans", "en"]\nproject-id = "demo"\n' + extra, encoding="utf-8")
    (root / "source").mkdir()
    (root / "source" / "done.md").write_text(DONE, encoding="utf-8")
    (root / "source" / "new.md").write_text(NEW, encoding="utf-8")
    return root


def _translate(config, locale: str, document: str, share: float = 1.0) -> None:
    path = config.catalog_path(locale, document)
    catalog = read_catalog(path)
    entries = catalog.active()
    for entry in entries[:round(len(entries) * share)]:
        entry.msgstr = RENDERING[locale]
    write_catalog(path, catalog)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def config(tmp_path):
    config = load_config(_project(tmp_path / "p"))
    update_project(config)
    _translate(config, "en", "done")
    _translate(config, "zh_Hans", "done")
    return config


def test_the_threshold_applies_per_document_and_the_index_says_what_is_not_published(config):
    report = build_project(config)
    assert (config.build_dir / "en" / "done.html").exists()
    assert not (config.build_dir / "en" / "new.html").exists()      # 0% translated: not published
    assert (config.build_dir / "zh_Hant_TW" / "new.html").exists()  # the source is always published
    assert {(d.locale, d.document) for d in report.skipped} == {("en", "new"), ("zh_Hans", "new")}
    index = (config.build_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="en/done.html"' in index and 'href="en/new.html"' not in index
    assert index.count('class="l10n-unpublished"') == 2 and "not published: 0% translated, 80% needed" in index
    # The switcher of a page offers only the languages the document is published in.
    source_page = (config.build_dir / "zh_Hant_TW" / "new.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' not in source_page


def test_the_build_threshold_is_configurable_per_locale(tmp_path):
    config = load_config(_project(tmp_path / "p", "build-threshold = { default = 90, en = 50 }\n"))
    assert config.build_threshold_for("en") == 50 and config.build_threshold_for("zh_Hans") == 90
    update_project(config)
    for locale in ("en", "zh_Hans"):
        _translate(config, locale, "done", share=0.6)
    report = build_project(config)
    published = {(d.locale, d.document) for d in report.documents if d.published and not d.source}
    assert published == {("en", "done")}


def test_fallback_text_is_marked_with_the_source_language_in_html_only(config):
    _translate(config, "en", "new", share=0.8)      # 4 of 5 segments: above 80%, one falls back
    report = build_project(config)
    page = next(d for d in report.documents if (d.locale, d.document) == ("en", "new"))
    assert page.published and page.fallbacks == 1
    html = (config.build_dir / "en" / "new.html").read_text(encoding="utf-8")
    assert '<span class="l10n-fallback" lang="zh-Hant-TW">還沒有翻譯。</span>' in html
    assert "l10n-fallback" not in (config.build_dir / "en" / "new.md").read_text(encoding="utf-8")
    assert "l10n-fallback" not in (config.build_dir / "en" / "done.html").read_text(encoding="utf-8")
    assert "en          new                          published   4/5 translated (80.0%), 1 fallback segment " \
           "in the source language" in report.summary()


def test_strict_fails_on_fallback_text_and_passes_when_everything_is_translated(config, capsys):
    _translate(config, "en", "new", share=0.8)
    assert main(["-C", str(config.root), "build", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "strict: en new: published with 1 segment in the source language" in out and "strict: failed" in out
    assert "build summary:" in out
    _translate(config, "en", "new")
    _translate(config, "zh_Hans", "new")
    assert main(["-C", str(config.root), "build", "--strict"]) == 0
    assert "strict: ok" in capsys.readouterr().out


def test_strict_fails_when_check_reports_an_error(config, capsys):
    _translate(config, "en", "new")
    _translate(config, "zh_Hans", "new")
    path = config.catalog_path("en", "done")
    catalog = read_catalog(path)
    catalog.active()[1].msgstr = "快手 is a company."   # Chinese left in the English text
    write_catalog(path, catalog)
    code = main(["-C", str(config.root), "build", "--strict"])
    out = capsys.readouterr().out
    assert code == 1 and "strict: locales/en/done.po:" in out


def test_a_stale_catalog_is_never_published(config, capsys):
    build_project(config)
    before = _tree(config.root)
    source = config.source_dir / "done.md"
    source.write_text(DONE.replace("它在北京。", "它在北京和上海。"), encoding="utf-8")
    with pytest.raises(StaleError, match=r"out of step with source/done.md: 1 new or changed segment in the "
                                         r"source; 1 entry no longer in the source"):
        build_project(config)
    capsys.readouterr()
    for command in ("build", "review"):
        assert main(["-C", str(config.root), command]) == 2
        err = capsys.readouterr().err
        assert "run `l10n update`" in err and err.count("\n") == 1
    after = _tree(config.root)
    after.pop("source/done.md")
    before.pop("source/done.md")
    assert after == before                                        # nothing written
    rows = {(r.locale, r.document): r.freshness for r in project_status(config)}
    assert rows == {("zh_Hans", "done"): "stale", ("en", "done"): "stale",
                    ("zh_Hans", "new"): "current", ("en", "new"): "current"}
    assert main(["-C", str(config.root), "status"]) == 0
    assert "stale: source changed, run `l10n update`" in capsys.readouterr().out
    update_project(config)
    build_project(config)


def test_a_document_added_without_update_is_stale(config):
    (config.source_dir / "third.md").write_text("# 第三篇\n", encoding="utf-8")
    with pytest.raises(StaleError, match="third.pot.*not found"):
        build_project(config)


def test_pages_of_removed_documents_and_dropped_locales_go_but_user_files_stay(config):
    build_project(config)
    review_project(config)
    (config.build_dir / "en" / "notes.txt").write_text("mine", encoding="utf-8")
    (config.build_dir / "zh_Hans" / "done.md").write_text("edited by hand", encoding="utf-8")
    (config.source_dir / "done.md").unlink()
    toml = config.root / "pyproject.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('["zh_Hans", "en"]', '["en"]'), encoding="utf-8")
    config = load_config(config.root)
    update_project(config)
    _translate(config, "en", "new")
    report = build_project(config)
    names = sorted(config.rel(p) for p in report.removed)
    assert names == ["build/en/done.html", "build/en/done.md", "build/zh_Hans/done.html",
                     "build/zh_Hant_TW/done.html", "build/zh_Hant_TW/done.md"]
    assert [config.rel(p) for p in report.kept_edited] == ["build/zh_Hans/done.md"]
    assert (config.build_dir / "en" / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(_tree(config.build_dir)) == [".l10n-manifest.json", "en/new.html", "en/new.md", "en/notes.txt",
                                               "index.html", "zh_Hans/done.md", "zh_Hant_TW/new.html",
                                               "zh_Hant_TW/new.md"]
    review = review_project(config)
    assert sorted(config.rel(p) for p in review.removed) == ["review/en/done.html", "review/zh_Hans/done.html",
                                                             "review/zh_Hans/new.html"]
    assert not (config.review_dir / "zh_Hans").exists()
    # A second run writes and removes nothing.
    again = build_project(config)
    assert again.written == [] and again.removed == ()


def test_a_page_that_drops_below_the_threshold_is_removed(config):
    build_project(config)
    path = config.catalog_path("en", "done")
    catalog = read_catalog(path)
    for entry in catalog.active()[:3]:
        entry.msgstr = ""
    write_catalog(path, catalog)
    report = build_project(config, locales=["zh_Hans"])   # also when another locale is built
    assert sorted(config.rel(p) for p in report.removed) == ["build/en/done.html", "build/en/done.md"]
    assert (config.build_dir / "zh_Hans" / "done.html").exists()


def test_building_one_locale_keeps_the_other_locales_pages(config):
    build_project(config)
    report = build_project(config, locales=["en"])
    assert report.removed == () and (config.build_dir / "zh_Hans" / "done.html").exists()


def test_an_empty_source_folder_is_reported_clearly(tmp_path, capsys):
    root = _project(tmp_path / "p")
    for path in (root / "source").iterdir():
        path.unlink()
    for command in ("update", "status", "build", "review"):
        assert main(["-C", str(root), command]) == 2
        assert "no documents: the source folder holds no *.md file" in capsys.readouterr().err
    with pytest.raises(SourceError):
        build_project(load_config(root))

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

import l10n.review as review
from l10n.catalog import update_project
from l10n.check import Finding
from l10n.config import load_config
from l10n.errors import L10nError
from l10n.po import draft_comment, read_catalog, write_catalog
from l10n.review import Span, diff_html, highlight, review_project

DOC = "kuaishou-ai-kling"
TITLE = "「快手,你是誰?從哪來?到哪去?」|在AI創造1億營收後,快手的前路和野望"
QUESTION = "快手究竟會成為一家怎樣的公司?"
SHORT_VIDEO = "這是一家短影片公司?"
ECOMMERCE = "還是一家電商公司?"
TRANSFORM = "或者說,它正在悄然轉型成一家真正的 AI 科技企業?"


@pytest.fixture
def config(project):
    config = load_config(project)
    update_project(config)
    path = config.catalog_path("en", DOC)
    catalog = read_catalog(path)
    by_id = {e.msgid: e for e in catalog.active()}
    by_id[TITLE].msgstr = "Kuaishou: who are you?"
    by_id[QUESTION].msgstr = "What kind of company will it become? <script>alert(1)</script>"
    by_id[SHORT_VIDEO].msgstr = "Is it a short video company?"
    by_id[SHORT_VIDEO].flags = ["fuzzy"]
    by_id[SHORT_VIDEO].translator_comments = [draft_comment("argos", "1.9", by_id[SHORT_VIDEO].msgstr)]
    by_id[ECOMMERCE].msgstr = "Or an online retailer?"
    by_id[ECOMMERCE].flags = ["fuzzy"]
    by_id[ECOMMERCE].previous_msgid = "還是一家零售公司?"
    write_catalog(path, catalog)
    return config


@pytest.fixture
def no_checks(monkeypatch):
    monkeypatch.setattr(review, "_run_checks", lambda config, locales: [])


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def _row(page: str, msgid: str) -> str:
    """The table row whose source cell holds this msgid."""
    for row in page.split("<tr ")[1:]:
        source = row.split('<td class="source"', 1)[-1].split("</td>", 1)[0]
        if _plain(source.split(">", 1)[-1]).endswith(msgid):
            return row
    raise AssertionError(f"no row for {msgid}")


def test_rows_are_colour_coded_by_state_with_a_progress_summary(config, no_checks):
    report = review_project(config, ["en"])
    page = (config.review_dir / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    assert 'class="translated"' in _row(page, QUESTION)[:40]
    assert 'class="draft"' in _row(page, SHORT_VIDEO)[:40]
    assert "argos (1.9)" in _row(page, SHORT_VIDEO)
    assert 'class="fuzzy"' in _row(page, ECOMMERCE)[:40]
    assert 'class="untranslated"' in _row(page, TRANSFORM)[:40]
    assert "not translated yet" in _row(page, TRANSFORM)
    # The fuzzy entry shows what changed in the source since it was translated.
    assert "還是一家<del>零售</del><ins>電商</ins>公司?" in _row(page, ECOMMERCE)
    assert "2 of 103 translated (1.9%)</strong> · 1 machine drafts · 1 fuzzy · 99 untranslated" in page
    assert [p.status.translated for p in report.pages] == [2]


def test_glossary_terms_are_highlighted_in_both_columns_and_missing_renderings_flagged(config, no_checks):
    review_project(config, ["en"])
    page = (config.review_dir / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    title_row = _row(page, TITLE)
    assert '<span class="term" title="快手 → Kuaishou (company)' in title_row
    assert '>Kuaishou</span>: who are you?' in title_row
    # The question's translation says "it", not Kuaishou: the source term is flagged.
    assert '<span class="term missing" title="快手 → Kuaishou (company)' in _row(page, QUESTION)
    # Nothing to compare against in an untranslated row.
    assert "term missing" not in _row(page, TRANSFORM)


def test_translations_are_escaped(config, no_checks):
    review_project(config, ["en"])
    page = (config.review_dir / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _row(page, QUESTION)


def test_check_findings_sit_beside_their_segment(config, monkeypatch):
    findings = [
        Finding("locales/en/kuaishou-ai-kling.po", 40, "error", "numbers", "1 億 is missing", "en", TITLE),
        Finding("locales/en/kuaishou-ai-kling.po", 40, "warning", "glossary", "快手 <not> rendered", "en", TITLE),
        Finding("locales/en/kuaishou-ai-kling.po", 1, "warning", "header", "Last-Translator is empty", "en", None),
        Finding("locales/zh_Hans/kuaishou-ai-kling.po", 40, "error", "numbers", "zh only", "zh_Hans", TITLE),
        Finding("glossary.csv", 3, "error", "glossary", "bad row", None, None),
    ]
    monkeypatch.setattr(review, "_run_checks", lambda config, locales: findings)
    report = review_project(config, ["en"])
    page = (config.review_dir / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    row = _row(page, TITLE)
    assert '<li class="error"><b>error</b> <code>numbers line 40</code><br>1 億 is missing</li>' in row
    assert "快手 &lt;not&gt; rendered" in row
    assert row.index("1 億 is missing") < row.index("快手 &lt;not&gt; rendered")  # errors first
    assert "zh only" not in page
    assert "Last-Translator is empty" in page.split('<table class="segments">')[0]
    assert "2 errors" not in page and "1 errors · 2 warnings" in page
    assert (report.pages[0].errors, report.pages[0].warnings) == (1, 2)
    index = (config.review_dir / "index.html").read_text(encoding="utf-8")
    assert "bad row" in index and "1 errors, 2 warnings" in index


def test_index_links_every_page_and_reruns_write_nothing(config, no_checks):
    report = review_project(config)
    assert sorted(config.rel(f.path) for f in report.files) == [
        f"review/en/{DOC}.html", "review/index.html", f"review/zh_Hans/{DOC}.html"]
    index = (config.review_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="en/{DOC}.html"' in index and f'href="zh_Hans/{DOC}.html"' in index
    before = {f.path: f.path.read_bytes() for f in report.files}
    again = review_project(config)
    assert again.written == [] and {f.path: f.path.read_bytes() for f in again.files} == before


def test_a_missing_catalog_is_reported_not_fatal(config, no_checks):
    config.catalog_path("zh_Hans", DOC).unlink()
    report = review_project(config)
    assert report.missing == (f"locales/zh_Hans/{DOC}.po not found: run `l10n update`",)
    assert [p.locale for p in report.pages] == ["en"]
    assert "locales/zh_Hans" in (config.review_dir / "index.html").read_text(encoding="utf-8")


def test_only_target_locales_can_be_reviewed(config, no_checks):
    with pytest.raises(L10nError, match="zh_Hant_TW is not a target locale"):
        review_project(config, ["zh_Hant_TW"])


def test_highlight_merges_overlaps_and_escapes():
    text = "a<b>可靈 AI & 可靈"
    spans = [Span(4, 9, "可靈 AI"), Span(4, 6, "可靈"), Span(4, 9, "other"), Span(12, 14, "可靈", missing=True)]
    assert highlight(text, spans) == (
        'a&lt;b&gt;<span class="term" title="可靈 AI\nother">可靈 AI</span> &amp; '
        '<span class="term missing" title="可靈">可靈</span>')


def test_diff_marks_changed_characters():
    assert diff_html("快手<a>好", "快手<b>好") == "快手&lt;<del>a</del><ins>b</ins>&gt;好"


def test_review_page_renders_in_headless_chromium(config, no_checks, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("chromium not installed")
    review_project(config, ["en"])
    page = config.review_dir / "en" / f"{DOC}.html"
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "review.png"
    subprocess.run(flags + [f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()],
                   check=True, capture_output=True, timeout=60)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1280 and int.from_bytes(data[20:24], "big") == 2000
    dom = subprocess.run(flags + ["--dump-dom", page.as_uri()], check=True, capture_output=True,
                         timeout=60, text=True).stdout
    # The browser parsed the translator's <script> as text: the document holds no script element.
    assert "<script" not in dom and "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert dom.count('<tr id="e') == 103


def test_the_pages_show_what_l10n_check_finds(config):
    """No stand-in for the checks: review runs l10n.check itself, drafts and fuzzy entries included."""
    from l10n.check import run_checks

    expected = [f for f in run_checks(config, ["en"], drafts=True) if f.locale == "en" and f.msgid == TITLE]
    assert expected   # the title lost its 1 億 and its glossary terms
    review_project(config, ["en"])
    row = _row((config.review_dir / "en" / f"{DOC}.html").read_text(encoding="utf-8"), TITLE)
    for finding in expected:
        assert f"<code>{finding.check} line {finding.line}</code>" in row

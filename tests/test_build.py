from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.build import (build_path, build_project, document_title, localize_document, localize_markdown,
                        render_html)
from l10n.catalog import update_project
from l10n.config import load_config
from l10n.errors import CatalogError, L10nError
from l10n.html import Alternate, render_markdown
from l10n.po import draft_comment, read_catalog, write_catalog
from l10n.segment import SegmentOptions, block_pieces, parse_blocks, segment_document

DOC = "kuaishou-ai-kling"
ARTICLE = Path(__file__).resolve().parent.parent / "source" / f"{DOC}.md"


def _article() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def _kinds(markdown: str) -> list[str]:
    # A credit line is a paragraph recognised by its words, so a translation may change one into the other.
    return [{"credit": "paragraph"}.get(b.kind, b.kind) for b in parse_blocks(markdown)]


def _prefixes(markdown: str) -> list[str]:
    return [b.prefix for b in parse_blocks(markdown)]


# ------------------------------------------------------------------------------------------ localize

def test_every_block_keeps_its_kind_and_markup_in_english():
    source = _article()
    segments = {s.text: s.kind for s in segment_document(source)}
    translations = {m: f"Source: X user {i}" if kind == "credit" else f"Sentence {i}."
                    for i, (m, kind) in enumerate(sorted(segments.items()))}
    out = localize_markdown(source, translations, "en")
    src_blocks, out_blocks = parse_blocks(source), parse_blocks(out)
    assert [b.kind for b in out_blocks] == [b.kind for b in src_blocks]
    assert {b.kind for b in src_blocks} >= {"title", "heading", "paragraph", "list_item", "credit"}
    assert _prefixes(out) == _prefixes(source)
    assert out.splitlines()[0].startswith("# Sentence ")
    assert "\n## Sentence " in out and "\n1. Sentence " in out and "\n2. Sentence " in out
    assert "\n- Sentence " in out
    for block, built in zip(src_blocks, out_blocks):
        # Sentences are joined by the source's own gap (here a space or a no-break space), or one space.
        expected = " ".join(translations[p.strip()] for p in block_pieces(block) if p.strip())
        assert built.text.split() == expected.split()


def test_chinese_keeps_the_sources_gaps_english_joins_sentences_with_one_space():
    source = "今年,快手擁抱 AI 熱潮。 快手的反應很快。真的。\n"
    translations = {"今年,快手擁抱 AI 熱潮。": "今年,快手拥抱 AI 热潮。", "快手的反應很快。": "快手的反应很快。",
                    "真的。": "真的。"}
    assert localize_markdown(source, translations, "zh_Hans") == "今年,快手拥抱 AI 热潮。 快手的反应很快。真的。\n"
    english = {"今年,快手擁抱 AI 熱潮。": "This year Kuaishou embraced AI.",
               "快手的反應很快。": "It was quick.", "真的。": "Really."}
    assert localize_markdown(source, english, "en") == "This year Kuaishou embraced AI. It was quick. Really.\n"


def test_untranslated_segments_fall_back_to_the_source_text():
    source = "## 殺入 AI 影片生成領域\n\n第一句。第二句。 第三句。\n\n全部沒有翻譯。 真的。\n"
    localized = localize_document(source, {"第二句。": "Second."}, "en")
    assert localized.text == "## 殺入 AI 影片生成領域\n\n第一句。 Second. 第三句。\n\n全部沒有翻譯。 真的。\n"
    assert localized.fallbacks == ("殺入 AI 影片生成領域", "第一句。", "第三句。", "全部沒有翻譯。", "真的。")


def test_with_no_translation_the_build_is_the_source_byte_for_byte():
    source = _article()
    assert localize_markdown(source, {}, "zh_Hant_TW") == source
    assert localize_markdown(source, {}, "en") == source


def test_wrapped_lines_inside_a_segment_are_joined_and_the_rest_is_copied():
    source = "第一行的文字\n接著第二行。然後 Kling\nAI 出現。\n\n> 引用的\n> 文字\n\n```\ncode\nkept\n```\n"
    identity = {s.text: s.text for s in segment_document(source)}
    assert set(identity) == {"第一行的文字接著第二行。", "然後 Kling AI 出現。", "引用的文字"}
    out = localize_markdown(source, identity, "zh_Hans")
    assert out == "第一行的文字接著第二行。然後 Kling AI 出現。\n\n> 引用的文字\n\n```\ncode\nkept\n```\n"
    html = render_markdown(out)
    assert "<p>第一行的文字接著第二行。然後 Kling AI 出現。</p>" in html
    assert "<blockquote>\n<p>引用的文字</p>" in html
    # The translation of a wrapped msgstr is read the same way.
    zh = localize_markdown("甲。\n", {"甲。": "第一\n第二。"}, "zh_Hans")
    assert zh == "第一第二。\n"


def test_setext_heading_keeps_its_underline_and_tables_translate_cell_by_cell():
    source = "標題\n===\n\n| 名稱 | 數量 |\n| --- | --- |\n| 快手 | 一億 |\n"
    out = localize_markdown(source, {"標題": "Title", "名稱": "Name", "快手": "Kuai|shou", "一億": "100M"}, "en")
    assert out == "Title\n===\n\n| Name | 數量 |\n| --- | --- |\n| Kuai\\|shou | 100M |\n"
    assert [b.kind for b in parse_blocks(out)] == ["title"] + ["table_cell"] * 4


@pytest.mark.parametrize("translation", [
    "1. starts like a list", "- a dash", "* star", "+ plus", "# hash", "###### six", "> quote",
    "---", "* * *", "___", "```fence", "~~~tilde", "[ref]: /url", "<div>html block</div>", "<!-- c -->",
    "   indented start", "\tindented",
])
def test_a_translation_cannot_turn_a_paragraph_into_another_block(translation):
    source = "第一段。\n\n- 清單項目\n\n## 小標題\n"
    translations = {"第一段。": translation, "清單項目": translation, "小標題": translation}
    out = localize_markdown(source, translations, "en")
    assert _kinds(out) == ["paragraph", "list_item", "heading"]
    assert _prefixes(out) == ["", "- ", "## "]


def test_closing_hashes_in_a_translated_heading_stay_text():
    out = localize_markdown("## 小標題\n", {"小標題": "Issue #"}, "en")
    assert parse_blocks(out)[0].text == "Issue \\#"
    assert "<h2>Issue #</h2>" in render_markdown(out)


@pytest.mark.parametrize("translation", ["#", "##", "# #"])
def test_a_heading_translated_as_hashes_only_keeps_them_as_text(translation):
    """Found by the structure property: '## #' is an empty heading (the '#' closes it)."""
    out = localize_markdown("## 小標題\n", {"小標題": translation}, "en")
    assert [b.kind for b in parse_blocks(out)] == ["heading"]
    assert f"<h2>{translation}</h2>" in render_markdown(out)


_TEXT = st.text(alphabet=st.sampled_from(list("ab 漢字。,#->1.)*_[]:<`|~=+!\n\t\r\\\"")), max_size=24)


_ARTICLE_MSGIDS = sorted({s.text for s in segment_document(_article())})


@settings(max_examples=40, deadline=None)
@given(translations=st.dictionaries(st.sampled_from(_ARTICLE_MSGIDS), _TEXT, max_size=30))
# Found by this property: a hard break, then a line ':' that the next sentence (after the space English
# puts between sentences) turned into a definition marker, the paragraph before it into a term.
@example(translations={"這是一家短影片公司?": "\\\r:"})
@example(translations={"除了可靈 AI ,快手還在打什麼牌?": "#"})   # a heading of hashes only once closed itself
def test_random_translations_never_change_the_document_structure(translations):
    source = _article()
    for locale in ("en", "zh_Hans"):
        out = localize_markdown(source, translations, locale)
        assert _kinds(out) == _kinds(source)
        assert _prefixes(out) == _prefixes(source)


@pytest.mark.parametrize("translation", ["\\\r1", "\\\n\\\nx", "a\\\nb", "x\r"])
def test_a_heading_translation_with_line_breaks_stays_the_same_heading(translation):
    """Found by the property above: a lone hard-break backslash once left '##  1' (a different prefix)."""
    source = _article()
    out = localize_markdown(source, {"殺入 AI 影片生成領域": translation}, "en")
    assert _prefixes(out) == _prefixes(source) and _kinds(out) == _kinds(source)


# ------------------------------------------------------------------------------------------ HTML

def test_translated_html_is_escaped_everywhere():
    source = "# 標題\n\n第一句。第二句。第三句。\n"
    evil = {"標題": "<b>Bold</b> & <script>alert('t')</script>",
            "第一句。": "<script>alert(1)</script>",
            "第二句。": "<img src=x onerror=alert(2)>",
            "第三句。": "[click](javascript:alert(3))"}
    markdown = localize_markdown(source, evil, "en")
    title = document_title(markdown)
    assert title == "<b>Bold</b> & <script>alert('t')</script>"
    page = render_html(markdown, "en", title, [])
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<title>&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;</title>" in page


@pytest.mark.parametrize("markdown, expected", [
    ("**「快手」**的", "<strong>「快手」</strong>的"),
    ("的**「快手」**的", "的<strong>「快手」</strong>的"),
    ("這是**重點。**下一句", "這是<strong>重點。</strong>下一句"),
    ("請看**《星球大戰》**電影", "請看<strong>《星球大戰》</strong>電影"),
    ("*斜體。*然後", "<em>斜體。</em>然後"),
    ("**快手,**的", "<strong>快手,</strong>的"),
    # Latin text keeps CommonMark's rules.
    ("a**b**c", "a<strong>b</strong>c"),
    ("foo**bar", "foo**bar"),
    ('*"foo"*bar', "*&quot;foo&quot;*bar"),
    ("snake_case_name", "snake_case_name"),
    ("快_手_的", "快_手_的"),
])
def test_emphasis_next_to_chinese_punctuation(markdown, expected):
    assert render_markdown(markdown) == f"<p>{expected}</p>\n"


def test_plain_commonmark_would_miss_that_emphasis():
    # The reason for our emphasis rule: stock CommonMark leaves these asterisks as text.
    assert "<strong>" not in MarkdownIt("commonmark").render("**「快手」**的")


def test_page_has_language_title_and_switcher():
    markdown = localize_markdown("# **快手**的故事\n\n內容。\n", {}, "zh_Hant_TW")
    switcher = [Alternate("zh_Hant_TW", "../zh_Hant_TW/a.html"), Alternate("zh_Hans", "../zh_Hans/a.html"),
                Alternate("en", "../en/a.html")]
    page = render_html(markdown, "zh_Hant_TW", document_title(markdown), switcher)
    assert '<html lang="zh-Hant-TW">' in page
    assert "<title>快手的故事</title>" in page
    assert '<a href="../en/a.html" hreflang="en" lang="en">English</a>' in page
    assert '<a href="../zh_Hans/a.html" hreflang="zh-Hans" lang="zh-Hans">中文 (简体)</a>' in page
    assert 'aria-current="page">中文 (繁體, 台灣)</span>' in page
    assert '<link rel="alternate" hreflang="en" href="../en/a.html">' in page
    assert '<h1 id="快手的故事"><strong>快手</strong>的故事</h1>' in page


# ------------------------------------------------------------------------------------------ project

@pytest.fixture
def config(project):
    config = load_config(project)
    update_project(config)
    return config


def _fill(config, locale: str, share: float = 1.0, text=lambda m: f"EN[{m}]", state: str = "translated"):
    path = config.catalog_path(locale, DOC)
    catalog = read_catalog(path)
    entries = catalog.active()
    for entry in entries[:round(len(entries) * share)]:
        entry.msgstr = text(entry.msgid)
        if state == "draft":
            entry.flags = ["fuzzy"]
            entry.translator_comments = [draft_comment("argos", "1.0", entry.msgstr)]
        elif state == "fuzzy":
            entry.flags = ["fuzzy"]
            entry.previous_msgid = entry.msgid + "舊"
    write_catalog(path, catalog)
    return entries


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_writes_every_document_and_locale_and_an_index(config):
    _fill(config, "en")
    _fill(config, "zh_Hans", text=lambda m: m.replace("誰", "谁"))
    report = build_project(config)
    build = config.build_dir
    assert sorted(_tree(build)) == sorted([
        ".l10n-manifest.json", "index.html", f"en/{DOC}.html", f"en/{DOC}.md", f"zh_Hans/{DOC}.html", f"zh_Hans/{DOC}.md",
        f"zh_Hant_TW/{DOC}.html", f"zh_Hant_TW/{DOC}.md"])
    assert report.skipped == () and len(report.written) == 7
    assert report.locales == ("zh_Hant_TW", "zh_Hans", "en")
    index = (build / "index.html").read_text(encoding="utf-8")
    for locale in ("zh_Hant_TW", "zh_Hans", "en"):
        assert f'href="{locale}/{DOC}.html"' in index
    en = (build / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en and f'href="../zh_Hans/{DOC}.html"' in en
    assert "<title>EN[「快手,你是誰?從哪來?到哪去?」|在AI創造1億營收後,快手的前路和野望]</title>" in en
    assert "<title>「快手,你是谁?" in (build / "zh_Hans" / f"{DOC}.html").read_text(encoding="utf-8")


def test_a_locale_below_the_threshold_is_skipped_with_how_far_it_is_unless_forced(config):
    entries = _fill(config, "en", share=0.5)
    _fill(config, "zh_Hans")
    report = build_project(config)
    assert [s.locale for s in report.skipped] == ["en"]
    skipped = report.skipped[0]
    assert skipped.total == len({e.msgid for e in entries}) and skipped.done == round(len(entries) * 0.5)
    assert f"en {DOC}: 50.5% translated (52 of 103 segments), below the 80% build threshold; 31 more to go" \
        in skipped.message
    assert not (config.build_dir / "en").exists()
    assert "en/" not in (config.build_dir / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' not in (config.build_dir / "zh_Hans" / f"{DOC}.html").read_text(encoding="utf-8")

    forced = build_project(config, force=True)
    assert forced.skipped == ()
    markdown = (config.build_dir / "en" / f"{DOC}.md").read_text(encoding="utf-8")
    assert markdown.startswith("# EN[")
    last = entries[-1].msgid
    assert last in markdown and f"EN[{last}]" not in markdown  # untranslated: the source text
    assert f'href="en/{DOC}.html"' in (config.build_dir / "index.html").read_text(encoding="utf-8")


def test_threshold_comes_from_the_config(project):
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text(text + "build-threshold = 40\n", encoding="utf-8")
    config = load_config(project)
    update_project(config)
    _fill(config, "en", share=0.5)
    report = build_project(config, locales=["en"])
    assert report.skipped == () and (config.build_dir / "en" / f"{DOC}.html").exists()


def test_drafts_are_used_only_in_a_preview_build_and_marked_by_kind(config):
    entries = _fill(config, "en")
    catalog = read_catalog(config.catalog_path("en", DOC))
    active = catalog.active()
    active[1].flags = ["fuzzy"]
    active[1].translator_comments = [draft_comment("argos", "1.0", active[1].msgstr)]
    active[2].flags = ["fuzzy"]
    active[2].previous_msgid = "舊的句子"
    active[3].msgstr = ""
    write_catalog(config.catalog_path("en", DOC), catalog)
    draft, fuzzy, empty = entries[1].msgid, entries[2].msgid, entries[3].msgid

    build_project(config)
    md = (config.build_dir / "en" / f"{DOC}.md").read_text(encoding="utf-8")
    assert f"EN[{draft}]" not in md and f"EN[{fuzzy}]" not in md and draft in md and fuzzy in md
    assert "<mark" not in md
    html = (config.build_dir / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    assert "<mark" not in html and "Preview build" not in html

    build_project(config, drafts=True)
    md = (config.build_dir / "en" / f"{DOC}.md").read_text(encoding="utf-8")
    assert f'<mark class="l10n-draft">EN[{draft}]</mark>' in md
    assert f'<mark class="l10n-fuzzy">EN[{fuzzy}]</mark>' in md
    assert f'<mark class="l10n-untranslated">{empty}</mark>' in md
    html = (config.build_dir / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    assert f'<mark class="l10n-draft" title="machine draft, not reviewed">EN[{draft}]</mark>' in html
    assert '<mark class="l10n-fuzzy" title="fuzzy: needs review' in html
    assert "Preview build, not for publication." in html
    source_html = (config.build_dir / "zh_Hant_TW" / f"{DOC}.html").read_text(encoding="utf-8")
    assert "<mark class" not in source_html.split("<article>")[1]


def test_a_machine_drafted_locale_counts_towards_the_threshold_only_in_a_preview(config):
    _fill(config, "en")
    _fill(config, "zh_Hans", text=lambda m: m, state="draft")
    assert [s.locale for s in build_project(config).skipped] == ["zh_Hans"]
    assert build_project(config, drafts=True).skipped == ()


def test_a_mark_written_by_a_translator_is_not_a_highlight_in_a_real_build():
    markdown = localize_markdown("一句。\n", {"一句。": '<mark class="l10n-draft">x</mark>'}, "en")
    page = render_html(markdown, "en", "t", [])
    assert "<mark" not in page.split("<article>")[1]


def test_builds_are_deterministic_and_a_rebuild_writes_nothing(config, tmp_path):
    _fill(config, "en")
    _fill(config, "zh_Hans", share=0.9)
    build_project(config, drafts=True)
    first = _tree(config.build_dir)
    mtimes = {p: p.stat().st_mtime_ns for p in config.build_dir.rglob("*") if p.is_file()}
    again = build_project(config, drafts=True)
    assert again.written == [] and len(again.files) == 7
    assert _tree(config.build_dir) == first
    assert {p: p.stat().st_mtime_ns for p in config.build_dir.rglob("*") if p.is_file()} == mtimes
    # A copy of the project elsewhere builds the same bytes (no absolute path or date in the output).
    other = tmp_path / "elsewhere"
    shutil.copytree(config.root, other, ignore=shutil.ignore_patterns("build"))
    build_project(load_config(other), drafts=True)
    assert _tree(other / "build") == first


def test_only_the_requested_locales_are_written(config):
    _fill(config, "en")
    _fill(config, "zh_Hans")
    report = build_project(config, locales=["en"])
    assert sorted(_tree(config.build_dir)) == sorted([".l10n-manifest.json", "index.html", f"en/{DOC}.html",
                                                      f"en/{DOC}.md"])
    assert report.locales == ("en",)
    # The switcher still offers every locale that qualifies.
    assert f'href="../zh_Hans/{DOC}.html"' in (config.build_dir / "en" / f"{DOC}.html").read_text("utf-8")
    with pytest.raises(L10nError, match="fr is neither the source nor a target locale"):
        build_project(config, locales=["fr"])


def test_a_broken_catalog_stops_the_build_before_any_file_is_written(config):
    path = config.catalog_path("en", DOC)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    with pytest.raises(CatalogError):
        build_project(config)
    assert not config.build_dir.exists()


def test_build_paths_never_leave_the_build_folder(tmp_path):
    build = tmp_path / "build"
    assert build_path(build, "en", DOC, ".html") == (build / "en" / f"{DOC}.html").resolve()
    for locale, document in (("..", DOC), ("en/../..", DOC), ("en", "../x"), ("en", "a/b"), ("", DOC)):
        with pytest.raises(L10nError):
            build_path(build, locale, document, ".md")
    outside = tmp_path / "outside"
    outside.mkdir()
    build.mkdir()
    os.symlink(outside, build / "en")
    with pytest.raises(L10nError, match="would leave the build folder"):
        build_path(build, "en", DOC, ".md")


def test_built_markdown_writes_each_block_on_one_line(config):
    _fill(config, "en", text=lambda m: f"first line\nsecond line {len(m)}")
    build_project(config)
    md = (config.build_dir / "en" / f"{DOC}.md").read_text(encoding="utf-8")
    assert "first line second line" in md and "line\nsecond" not in md
    lines = [line for line in md.split("\n") if line.strip()]
    assert len(lines) == len(parse_blocks(md))
    assert [line for line in lines if not re.match(r"^\s?(#{1,2} |\d\. |- )?first line", line)] == []


# ------------------------------------------------------------------------------------------ real Markdown

RICH = """---
title: 測試文章
description: "一段「說明」。"
date: 2025-01-01
---
# 標題

見 ![可靈 AI 的介面截圖](images/ui.png) 圖。<span class="caption">表 B-1：運算子</span><!-- ignore -->
第一行\\
第二行  
第三行。

- [ ] 任務
- [x] 完成

| 名稱 | 說明 |
|---|---|
| 快手 | 一億 |

內文[^1]。

[^1]: 腳註內容。
"""


def test_identity_build_is_the_source_and_renders_what_the_author_wrote():
    msgids = [s.text for s in segment_document(RICH)]
    # The one soft break inside a segment is normalised; hard breaks and everything else stay.
    assert localize_markdown(RICH, {m: m for m in msgids}, "zh_Hans") == RICH.replace("-->\n第一行", "--> 第一行")
    html = render_markdown(RICH)
    assert '<img src="images/ui.png" alt="可靈 AI 的介面截圖"' in html
    assert '<span class="caption">表 B-1：運算子</span><!-- ignore -->' in html
    assert html.count("<br />") == 2
    assert 'type="checkbox"' in html and "<table>" in html
    assert 'class="footnote-ref"' in html and "腳註內容。" in html
    assert "date: 2025" not in html and html.lstrip().startswith("<h1>")


def test_front_matter_values_are_written_back_as_yaml():
    from ruamel.yaml import YAML

    out = localize_markdown(RICH, {"測試文章": "Test: an article", "一段「說明」。": 'A "quoted" note'}, "en")
    head = out.split("---\n")[1]
    assert YAML(typ="safe").load(head) == {"title": "Test: an article", "description": 'A "quoted" note',
                                           "date": __import__("datetime").date(2025, 1, 1)}
    assert 'description: "A \\"quoted\\" note"' in head
    assert document_title(out) == "Test: an article"


def test_html_a_translation_adds_is_escaped_but_the_authors_passes():
    source = '請看 <span class="caption">表</span> 這裡。\n'
    translation = 'See <span class="caption">table</span> <b>here</b><script>x</script>.'
    out = localize_markdown(source, {source.strip(): translation}, "en")
    html = render_markdown(out)
    assert '<span class="caption">table</span>' in html
    assert "<b>" not in html and "<script>" not in html and "&lt;script&gt;" in html


def _paragraph(draw) -> str:
    words = st.sampled_from(["快手", "可靈", "AI", "影片。", "真的？", "好!", " ", "**粗體**", "*斜*", "`碼。`",
                             "[連結](u.html)", "![圖。](i.png)", "<em>強</em>", "\\\n", "  \n", "\n", "Node.js",
                             "a_b", "1.", "&amp;", "「引。」"])
    text = "".join(draw(st.lists(words, min_size=1, max_size=12))).strip() or "字"
    return text


@st.composite
def _documents(draw) -> str:
    blocks = []
    for kind in draw(st.lists(st.sampled_from(["p", "h", "ul", "ol", "quote", "table", "code", "html", "fn"]),
                              min_size=1, max_size=6)):
        text = _paragraph(draw)
        one_line = " ".join(text.split())
        blocks.append({
            "p": text,
            "h": "## " + one_line,
            "ul": "- " + text.replace("\n", "\n  "),
            "ol": "1. " + text.replace("\n", "\n   "),
            "quote": "> " + text.replace("\n", "\n> "),
            "table": f"| {one_line.replace('|', '')} | 值 |\n|---|---|\n| 格 | {one_line.replace('|', '')} |",
            "code": "```\n" + text + "\n```",
            "html": "<div>\n" + one_line + "\n</div>",
            "fn": "見[^n]。\n\n[^n]: " + one_line,
        }[kind])
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=120, deadline=None)
@given(_documents())
# Found by this property: a line '1.' after a hard break in a list item, once written without the item's
# indentation (lazy continuation), opened an ordered list after the item.
@example("- \\\n  1.\n")
@example("\\\n1.\n快手\n")
def test_identity_build_of_generated_documents_keeps_every_byte_and_the_html(doc):
    """Identity translations: byte-identical outside segments with soft breaks, the same HTML."""
    segments = segment_document(doc)
    out = localize_markdown(doc, {s.text: s.text for s in segments}, "zh_Hans")
    assert re.sub(r"\s+", "", render_markdown(out)) == re.sub(r"\s+", "", render_markdown(doc))
    if any("\n" in s.text for s in segments):
        # A line kept after a hard break may be escaped where the joined text would start a block
        # ('\\\n1.\n快手' -> '1\\. 快手'): for those documents the same HTML above is the property.
        return
    # Outside segments every byte is the source's; inside, only soft line breaks changed.
    expected, pos = [], 0
    for segment in segments:
        expected += [doc[pos:segment.start], segment.text]
        pos = segment.end
    assert out == "".join(expected) + doc[pos:]
    if all(doc[s.start:s.end] == s.text for s in segments):
        assert out == doc


ARTICLE_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "markdown" / "zh-TW-cli-article.md"


def test_a_zh_tw_technical_article_with_every_construct_round_trips():
    from tests.test_markdown_examples import _text_coverage

    source = ARTICLE_FIXTURE.read_text(encoding="utf-8")
    options = SegmentOptions(html_blocks=True)
    segments = segment_document(source, options=options)
    assert {s.kind for s in segments} >= {
        "front_matter:title", "front_matter:description", "front_matter:summary", "title", "heading",
        "alert", "paragraph", "table_cell", "list_item", "definition_term", "definition", "quote", "footnote",
        "html"}
    identity = localize_document(source, {s.text: s.text for s in segments}, "zh_Hans", options=options).text
    cjk_join = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")
    assert cjk_join.sub("", re.sub(r"\s+", " ", render_markdown(identity))) == \
        cjk_join.sub("", re.sub(r"\s+", " ", render_markdown(source)))
    marked = localize_document(source, {s.text: f"«{s.text}»" for s in segments}, "zh_Hans", options=options).text
    counts = _text_coverage(marked)
    macro = "{{#include ../listings/ch01/output.txt}}"     # the one text node that is not text: a macro
    assert counts["missed"] == len("".join(macro.split())) and counts["twice"] == 0
    # What is never offered stays byte for byte: code, macros, reference definitions, front-matter keys.
    for kept in ("cargo add clap --features derive", "{{#include ../listings/ch01/output.txt}}",
                 '[install]: https://www.rust-lang.org/tools/install "安裝 Rust"', "date: 2025-03-14",
                 "tags: [rust, cli]", "> [!NOTE]", "- [ ] "):
        assert kept in marked
    html = render_markdown(marked)
    assert 'href="https://www.rust-lang.org/tools/install"' in html and 'class="footnote-ref"' in html


# ------------------------------------------------------------------------------------------ anchors

@pytest.mark.parametrize(("heading", "slug"), [
    ("Hello World!", "hello-world"), ("安裝 Rust", "安裝-rust"), ("`cargo` 的用法！", "cargo-的用法"),
    ("What's new in 1.2?", "whats-new-in-12"), ("snake_case -- dashes", "snake_case----dashes"),
])
def test_heading_ids_are_githubs_slugs(heading, slug):
    """GitHub's rule (html-pipeline's TableOfContentsFilter): lower case, punctuation dropped, spaces to -."""
    from l10n.html import heading_slug

    assert heading_slug(heading) == slug


def test_repeated_headings_are_numbered_and_an_empty_heading_gets_no_id():
    from l10n.html import render_article

    article = render_article("# 安裝\n\n## 安裝\n\n## 安裝\n\n##\n")
    assert article.heading_ids == ("安裝", "安裝-1", "安裝-2", "")
    assert '<h2 id="安裝-2">' in article.html and "<h2></h2>" in article.html


def test_a_localized_page_keeps_the_sources_heading_ids_so_in_page_links_still_land(tmp_path):
    root = tmp_path / "proj"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nsource-dir = "source"\nsource-locale = "zh_Hant_TW"\ntarget-locales = ["en"]\n'
        'project-id = "anchors"\n', encoding="utf-8")
    (root / "source" / "guide.md").write_text(
        "# 安裝 Rust\n\n請先讀[設定](#設定環境)。\n\n## 設定環境\n\n設定完成。\n", encoding="utf-8")
    config = load_config(root)
    update_project(config)
    path = config.catalog_path("en", "guide")
    catalog = read_catalog(path)
    english = {"安裝 Rust": "Installing Rust", "請先讀[設定](#設定環境)。": "Read [the setup](#設定環境) first.",
               "設定環境": "Setting up", "設定完成。": "Done."}
    for entry in catalog.active():
        entry.msgstr = english[entry.msgid]
    write_catalog(path, catalog)
    build_project(config)
    source = (config.build_dir / "zh_Hant_TW" / "guide.html").read_text(encoding="utf-8")
    en = (config.build_dir / "en" / "guide.html").read_text(encoding="utf-8")
    assert '<h1 id="安裝-rust">安裝 Rust</h1>' in source and '<h2 id="設定環境">設定環境</h2>' in source
    assert '<h1 id="安裝-rust">Installing Rust</h1>' in en and '<h2 id="設定環境">Setting up</h2>' in en
    assert 'href="#%E8%A8%AD%E5%AE%9A%E7%92%B0%E5%A2%83"' in en   # the link still names that id
    # Building only the English pages gives them the same ids (the source is rendered for them).
    (config.build_dir / "en" / "guide.html").unlink()
    build_project(config, locales=["en"])
    assert (config.build_dir / "en" / "guide.html").read_text(encoding="utf-8") == en


def test_one_splice_gives_the_clean_text_and_the_fallback_marked_one():
    source = "第一句。第二句。\n\n- 第三句。\n"
    translations = {"第二句。": "Second."}
    localized = localize_document(source, translations, "en", mark_fallbacks=True)
    assert localized.text == localize_markdown(source, translations, "en")
    marks = dict.fromkeys(localized.fallbacks, "fallback")
    assert localized.marked == localize_markdown(source, translations, "en", marks=marks)
    assert localize_document(source, translations, "en").marked is None


# ------------------------------------------------------------------------------------------ reference labels

_REFERENCES = "請看[列舉數值]、[列舉數值][]與[這裡][列舉數值]，以及[注]。\n\n[列舉數值]: ch06-01-defining-an-enum.html\n"
_REFERENCE_MSGID = "請看[列舉數值]、[列舉數值][]與[這裡][列舉數值]，以及[注]。"


@pytest.mark.parametrize(("translation", "built"), [
    # The label translated in every form: shortcut, collapsed, full.
    ("See [Enum values], [Enum values][] and [here][Enum], and [note].",
     "See [Enum values][列舉數值], [Enum values][列舉數值] and [here][列舉數值], and [note]."),
    # Labels kept (as OpenCC and MT keep them) are left alone, and so is a bracket that was no link.
    ("See [列舉數值], [列舉數值][] and [here][列舉數值], and [note].",
     "See [列舉數值], [列舉數值][] and [here][列舉數值], and [note]."),
    ("See [列舉數值], [Enum][] and [here][列舉數值], and [note].",
     "See [列舉數值], [Enum][列舉數值] and [here][列舉數值], and [note]."),
])
def test_a_reference_label_the_translator_changed_still_finds_its_definition(translation, built):
    out = localize_markdown(_REFERENCES, {_REFERENCE_MSGID: translation}, "en")
    assert out == built + "\n\n[列舉數值]: ch06-01-defining-an-enum.html\n"
    html = render_markdown(out)
    assert html.count('href="ch06-01-defining-an-enum.html"') == 3 and "[note]" in html


def test_labels_are_only_rewritten_where_the_document_defines_them():
    out = localize_markdown("請看[列舉數值]。\n", {"請看[列舉數值]。": "See [Enum values]."}, "en")
    assert out == "See [Enum values].\n"

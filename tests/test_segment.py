from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from l10n.segment import (KIND_LABELS, SegmentOptions, normalise_soft_breaks, parse_blocks, segment_document,
                           split_sentences)


@pytest.mark.parametrize("text, expected", [
    ("快手究竟會成為一家怎樣的公司?", ["快手究竟會成為一家怎樣的公司?"]),
    ("這是一家短影片公司?還是一家電商公司?", ["這是一家短影片公司?", "還是一家電商公司?"]),
    # decimals, percentages and model names hold no sentence end
    ("2024 年研發投入 241 億元,同比大增 25.9%,無疑給所有小米信徒打了一針強心劑。盧偉冰也向外部透露。",
     ["2024 年研發投入 241 億元,同比大增 25.9%,無疑給所有小米信徒打了一針強心劑。", "盧偉冰也向外部透露。"]),
    ("只需使用 o3-mini-high 來編寫指令碼。可靈 1.6 更好!真的",
     ["只需使用 o3-mini-high 來編寫指令碼。", "可靈 1.6 更好!", "真的"]),
    # a quote inside a sentence does not end it, even with ? inside
    ("各種關於「快手,你是誰?從哪裡來?要到哪裡去?」的問題,接踵而來:",
     ["各種關於「快手,你是誰?從哪裡來?要到哪裡去?」的問題,接踵而來:"]),
    # a quoted sentence keeps its closing quote
    ("「若由一個團隊製作電影。」「其效果堪比大片。」之後", ["「若由一個團隊製作電影。」", "「其效果堪比大片。」", "之後"]),
    # ellipsis runs never split
    ("同比增長 20.09%……磁力金牛…..再說", ["同比增長 20.09%……磁力金牛…..再說"]),
    # trailing space stays with the sentence it follows
    ("或被迫地擁抱 AI 熱潮。 快手的反應,足以稱得上迅速。",
     ["或被迫地擁抱 AI 熱潮。 ", "快手的反應,足以稱得上迅速。"]),
    # full-width marks and runs of them
    ("真的嗎？！好；走。", ["真的嗎？！", "好；", "走。"]),
    # URLs and handles are never split
    ("見 https://x.com/a?b=1!c 與 @r/ChatGPT?後面", ["見 https://x.com/a?b=1!c 與 @r/ChatGPT?", "後面"]),
])
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def test_headings_list_items_and_credits_are_single_segments():
    doc = ("# 「快手,你是誰?從哪來?到哪去?」|在AI創造1億營收後\n\n## 除了可靈 AI ,快手還在打什麼牌?\n\n"
           "- 電商業務同樣表現亮眼,24 年 GMV 達 1.39 萬億元\n\n來源:X 網友 @brain_racked\n")
    segments = segment_document(doc)
    assert [(s.kind, s.line) for s in segments] == [("title", 1), ("heading", 3), ("list_item", 5),
                                                     ("credit", 7)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["來源", "来源", "圖片", "图片", "Source", "source", "源", "來", ",", "，", " ", "\n",
                                 ":", "：", "。", "X 網友", "a"]), max_size=12).map("".join))
def test_credit_lines_are_told_as_the_credit_line_pattern_tells_them(text):
    from l10n.segment import CREDIT_LINE, _is_credit

    assert _is_credit(text) == (CREDIT_LINE.match(text) is not None)


def test_block_mode_keeps_whole_paragraphs():
    doc = "小米 SU7 的銷量超過預期。AI 戰略也在全面推進。\n"
    assert [s.text for s in segment_document(doc, "block")] == [doc.strip()]
    assert len(segment_document(doc, "sentence")) == 2


def test_soft_breaks_are_normalised_and_lines_tracked():
    doc = "第一句在這裡\n接著寫。Kling\nis here。\n"
    blocks = parse_blocks(doc)
    assert blocks[0].text == "第一句在這裡接著寫。Kling is here。"
    segments = segment_document(doc)
    assert [(s.text, s.line) for s in segments] == [("第一句在這裡接著寫。", 1), ("Kling is here。", 2)]


def test_article_segments(article_text):
    segments = segment_document(article_text)
    texts = [s.text for s in segments]
    assert "2024 年研發投入 241 億元,同比大增 25.9%,無疑給所有小米信徒打了一針強心劑。" in texts
    assert all(t == t.strip() and t for t in texts)


_ALPHABET = st.sampled_from(list("快手可靈AI 影片。！？；?!」「』『《》）（……—.,:;@/-1234567890abc\n\t　\"”“"))


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=80))
def test_joining_pieces_gives_back_the_text_exactly(text):
    assert "".join(split_sentences(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_ALPHABET.filter(lambda c: c not in "\n"), min_size=1, max_size=30), min_size=1,
                max_size=5))
def test_joining_a_blocks_segments_gives_back_its_normalised_text(lines):
    """Segments plus the whitespace between them rebuild the block text (soft breaks normalised)."""
    doc = "\n".join(lines) + "\n"
    for block in parse_blocks(doc):
        pieces = split_sentences(block.text)
        assert "".join(pieces) == block.text
        assert block.text == normalise_soft_breaks(block.text)[0]


@pytest.mark.parametrize("wrapped", [
    "快手可靈 AI 的出現,正在以史無前例的速度,\n用 AI 全面滲透商業矩陣的每一個角落。\n",
    "快手可靈 AI 的出現,正在以史無前例\n的速度,用 AI 全面滲透商業矩陣的每一個角落。\n",
    "快手可靈 AI 的出現,正在以史無前例的速度,用 AI 全面滲透\n商業矩陣的每一個角落。\n",
])
def test_rewrapping_a_paragraph_changes_no_segment(wrapped):
    one_line = "快手可靈 AI 的出現,正在以史無前例的速度,用 AI 全面滲透商業矩陣的每一個角落。\n"
    assert [s.text for s in segment_document(wrapped)] == [s.text for s in segment_document(one_line)]


# ------------------------------------------------------------------------------------------ inline markup

@pytest.mark.parametrize("text, expected", [
    # an image's ! is not a sentence end, nor is anything inside its alt text
    ("見 ![可靈 AI 的介面截圖！](images/ui.png) 圖。下一句。",
     ["見 ![可靈 AI 的介面截圖！](images/ui.png) 圖。", "下一句。"]),
    ("真的![連結](a.html)後面。", ["真的![連結](a.html)後面。"]),
    # emphasis is never cut, and the space before it is kept
    ("這是一段引言。*強調。的*文字在這裡。", ["這是一段引言。", "*強調。的*文字在這裡。"]),
    ("**參考（references）。** 就像這樣。", ["**參考（references）。** 就像這樣。"]),
    # link text, URLs with ? and code spans with 。 end nothing
    ("請看[這裡?真的](https://a.example/b?c=1)好嗎?是的。", ["請看[這裡?真的](https://a.example/b?c=1)好嗎?", "是的。"]),
    ("執行 ``echo '。'`` 之後!再說。", ["執行 ``echo '。'`` 之後!", "再說。"]),
    # inline HTML elements, footnote references, autolinks and math
    ('<span class="caption">表 B-1：運算子。好</span>結束。後面。',
     ['<span class="caption">表 B-1：運算子。好</span>結束。', "後面。"]),
    ("腳註[^1]。後面。", ["腳註[^1]。", "後面。"]),
    ("見 <https://x.example/?a!b> 網站。後面。", ["見 <https://x.example/?a!b> 網站。", "後面。"]),
    ("公式 $a?b$ 成立。後面。", ["公式 $a?b$ 成立。", "後面。"]),
    # a . in a name ends nothing
    ("用 Node.js 與 o3-mini 寫。後面。", ["用 Node.js 與 o3-mini 寫。", "後面。"]),
    # a macro is one word
    ("版本 {{ site.version! }} 已釋出。後面。", ["版本 {{ site.version! }} 已釋出。", "後面。"]),
])
def test_sentences_never_end_inside_inline_markup(text, expected):
    footnote = "\n\n[^1]: 註。\n" if "[^1]" in text else ""
    assert [s.text for s in segment_document(text + "\n" + footnote) if s.kind == "paragraph"] == expected


DOC = """---
title: 測試文章
date: 2025-01-01
description: "一段「說明」。"
tags: [a, b]
---
# 標題 **粗體** ##

> [!NOTE]
> 注意這個。

> 引言
> 第二行。

- [ ] 任務一。
- [x] 任務二。

| 名稱 | 說明 \\| 管 |
|---|---|
| `a` | 值。 |

名詞
: 定義。

內文[^1]。

[^1]: 腳註內容。

{{#include foo.md}}

<div>HTML 區塊。</div>

```
程式碼。
```
"""


def test_everything_a_reader_sees_is_offered_with_its_kind():
    found = [(s.kind, s.text) for s in segment_document(DOC)]
    assert found == [
        ("front_matter:title", "測試文章"), ("front_matter:description", "一段「說明」。"),
        ("title", "標題 **粗體**"), ("alert", "注意這個。"), ("quote", "引言第二行。"),
        ("list_item", "任務一。"), ("list_item", "任務二。"),
        ("table_cell", "名稱"), ("table_cell", "說明 \\| 管"), ("table_cell", "`a`"), ("table_cell", "值。"),
        ("definition_term", "名詞"), ("definition", "定義。"), ("paragraph", "內文[^1]。"),
        ("footnote", "腳註內容。")]
    html = SegmentOptions(html_blocks=True)
    assert ("html", "HTML 區塊。") in [(s.kind, s.text) for s in segment_document(DOC, options=html)]
    none = SegmentOptions(front_matter_keys=())
    assert not [s for s in segment_document(DOC, options=none) if s.kind.startswith("front_matter")]


def test_each_segment_records_its_exact_source_range():
    for segment in segment_document(DOC, options=SegmentOptions(html_blocks=True)):
        raw = DOC[segment.start:segment.end]
        if segment.kind == "front_matter:description":
            assert raw == '"一段「說明」。"'
        elif segment.text == "引言第二行。":
            assert raw == "引言\n> 第二行。"
        else:
            assert raw == segment.text
        assert DOC.count("\n", 0, segment.start) + 1 == segment.line


def test_kind_labels_name_front_matter_keys():
    assert KIND_LABELS.get("front_matter:summary") == "front matter: summary"
    assert KIND_LABELS.get("footnote") == "footnote"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(_ALPHABET.filter(lambda c: c not in "\n"), min_size=1, max_size=20), min_size=1,
                max_size=4),
       st.sampled_from(["", "> ", "- ", "1. ", "  "]))
def test_a_segment_is_its_source_range_with_soft_breaks_normalised(lines, container):
    doc = "".join((container if i == 0 or container == "> " else " " * len(container)) + line + "\n"
                  for i, line in enumerate(lines))
    for segment in segment_document(doc):
        raw = doc[segment.start:segment.end]
        if container == "> ":
            raw = raw.replace("\n> ", "\n").replace("\n>", "\n")
        # The range holds exactly the segment's characters; only line breaks (and prefixes) differ.
        assert "".join(raw.split()) == "".join(segment.text.split())
        assert raw[0] == segment.text[0] and raw[-1] == segment.text[-1]


# ------------------------------------------------------------------------------------------ plain paragraphs

# Lines that start (or interrupt a paragraph with) every block construct the parser knows, and plain text.
_BLOCK_LINES = ["快手可靈。", "plain text", "第二行,繼續", "```", "~~~", "    indented", "  two spaces", "\tTab",
                "# H1", "## h2", "> quote", "> [!NOTE]", "- item", "* item", "+ item", "1. one", "2) two", "---",
                "===", "***", "___", ":  def", "~ def", "Term", "<div>", "</div>", "<!--", "-->", "<script>",
                "</script>", "<pre>", "</pre>", "[foo]: /url", "[^1]: note", "see [foo] and [^1]", "a | b",
                "| a | b |", "--- | ---", "\\", "text  ", "text\\", "**bold", "bold**", "`code", "code`",
                "<a href='x'>", "</a>", "來源:X 網友", "x", "\u3000", "   ", "- [ ] task", "10. ten", "1.5 版",
                "2024 年", "    - nested", "   > q", "{{ macro }}", "<?php", "?>", "<![CDATA[", "]]>", "<!X", ">",
                "- 快手可靈。", "* 星號", "+ 加號", "1. 第一", "2. 第二", "3) 第三", "1234567890. 太長", "-  兩個空格",
                "-\t定位", "- ", "  - 縮排", "- 來源:X 網友", "- a | b"]


def _blocks_without_the_plain_path(doc: str, options: SegmentOptions) -> list:
    from l10n.segment import _walk_blocks

    return list(_walk_blocks(doc, doc.split("\n"), options, {}))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.just(""), st.sampled_from(_BLOCK_LINES)), min_size=1, max_size=14),
       st.booleans(), st.booleans())
def test_plain_paragraphs_skip_the_block_parser_and_give_the_same_blocks(lines, front_matter, html_blocks):
    """Plain paragraphs are read without markdown-it (placeholder check); the blocks are the parser's."""
    doc = ("---\ntitle: 標題\n---\n" if front_matter else "") + "\n".join(lines) + "\n"
    options = SegmentOptions(html_blocks=html_blocks)
    assert parse_blocks(doc, options) == _blocks_without_the_plain_path(doc, options)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.just(""), st.sampled_from(_BLOCK_LINES)), max_size=14))
def test_the_structure_lines_found_in_the_whole_text_are_those_the_plain_test_reads_one_by_one(lines):
    from l10n.segment import _MAYBE_STRUCTURE, _structure_lines

    expected = [number for number, line in enumerate(lines) if _MAYBE_STRUCTURE.match(line) or "|" in line]
    assert _structure_lines("\n".join(lines)) == expected


def test_commonmark_examples_between_plain_paragraphs_give_the_parsers_blocks():
    import json
    from pathlib import Path

    spec = Path(__file__).parent / "fixtures" / "markdown_it" / "commonmark.json"
    options = SegmentOptions()
    for example in json.loads(spec.read_text(encoding="utf-8")):
        for doc in (example["markdown"], f"前文一段。\n\n{example['markdown']}\n\n後文一段。\n\n再一段\n",
                    f"{example['markdown']}\n後文。\n\n再一段\n"):
            assert parse_blocks(doc, options) == _blocks_without_the_plain_path(doc, options), example["example"]


def test_a_plain_run_inside_a_fence_or_an_html_comment_is_not_a_paragraph():
    for doc in ("```\n\n快手可靈。\n\n再一段。\n\n```\n", "<!--\n\n快手可靈。\n\n-->\n", "詞\n\n: 定義\n"):
        assert parse_blocks(doc) == _blocks_without_the_plain_path(doc, SegmentOptions())
    assert parse_blocks("```\n\n快手可靈。\n\n```\n") == []


_END_PIECES = st.sampled_from(list("快手AI 。！？；?!」「』『）（…….,@*_`<>$[]()\t　\"”“’‘") + ["https://x.com/a?b", "](u?)", "。」"])


@settings(max_examples=500)
@given(st.lists(_END_PIECES, min_size=1, max_size=25).map("".join), st.data())
def test_the_shortcuts_of_split_sentences_change_no_split(text, data):
    """Texts without an end mark, or whose only end marks close them, are one piece without the scan."""
    from l10n.segment import _split_at_ends

    start = data.draw(st.integers(0, len(text)))
    protected = data.draw(st.sampled_from([(), ((start, data.draw(st.integers(start, len(text)))),)]))
    assert split_sentences(text, protected) == _split_at_ends(text, protected)


@given(st.lists(st.sampled_from(["快手的可靈。", "> 引用 1.6 版", "- 清單項", "# 標題", "", "```", "程式碼",
                                 "| a | b |", "|---|---|", "[連結](https://x.y)。", "    縮排"]), max_size=12))
def test_a_document_segmented_without_the_cache_is_segmented_alike(lines):
    from pathlib import Path

    article = (Path(__file__).resolve().parents[1] / "source" / "kuaishou-ai-kling.md").read_text(encoding="utf-8")
    for markdown in ("\n".join(lines) + "\n", article):
        assert segment_document(markdown, cached=False) == segment_document(markdown)


_MARKUP_PIECES = st.sampled_from(list("快手AI 。?!()「」*_`[]<>~\\$@:/.") + ["@brain_racked", "HBCoop_", "**粗**", "_斜_",
                                                                        "[連結](u)", "<b>", "</b>", "~~刪~~", "$x$"])


@settings(max_examples=500)
@given(st.lists(_MARKUP_PIECES, min_size=1, max_size=20).map("".join))
def test_a_text_the_inline_prefilter_passes_over_has_no_inline_element(text):
    """One ``*`` or one ``_`` makes no emphasis: such a text, without other markup, is not inline-parsed."""
    from l10n.segment import _may_hold_inline_elements, inline_extents

    if not _may_hold_inline_elements(text):
        assert inline_extents(text) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.just(""), st.sampled_from(_BLOCK_LINES), _MARKUP_PIECES), min_size=1, max_size=14),
       st.sampled_from(["sentence", "block"]))
def test_segments_of_one_line_blocks_are_the_blocks_segments(lines, mode):
    """segment_blocks' one-line shortcut gives what block_segments gives block by block."""
    from l10n.segment import block_segments, segment_blocks

    doc = "\n".join(lines) + "\n"
    options = SegmentOptions(mode=mode)
    blocks = parse_blocks(doc, options)
    expected = [s for index, block in enumerate(blocks) for s in block_segments(block, index, mode, options)]
    assert segment_blocks(blocks, mode, options) == expected


@given(st.text(st.sampled_from("a快 \t\n"), max_size=40))
def test_line_starts_are_the_offsets_after_each_newline(text):
    from l10n.segment import _line_starts

    assert _line_starts(text.split("\n")) == [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]


@settings(max_examples=500)
@given(st.lists(st.one_of(_MARKUP_PIECES, _END_PIECES), max_size=20).map("".join))
def test_the_in_tests_tell_what_the_character_regexes_tell(text):
    """_holds_terminator, _may_be_protected and _may_hold_inline_elements (``in`` tests) say what a regex of
    the same characters says."""
    import re

    from l10n.segment import TERMINATORS, _holds_terminator, _may_be_protected, _may_hold_inline_elements

    assert _holds_terminator(text) == any(c in TERMINATORS for c in text)
    assert _may_be_protected(text) == bool(re.search(r"[<`$]|\]\(|://|\\\(", text))
    assert _may_hold_inline_elements(text) == bool(
        re.search(r"[`\[<~\\$]", text) or text.count("*") > 1 or text.count("_") > 1)


_PLAIN_LINES = st.sampled_from(["快手可靈。", "第二行,繼續?", "來源:X 網友", "圖:Source: X", "{{ macro }} 後文",
                                "**粗**體", "一個*星", "@HBCoop_ 說", "[連結](u)。", "`code` 文", "<b>粗</b>",
                                "~~刪~~", "\\跳脫", "$x$ 數", "尾有空白  ", "尾\u3000", "\u3000首", "\x1c",
                                "plain text", "- 清單項", "1. 第一", "  縮排續行"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_PLAIN_LINES, min_size=1, max_size=2), min_size=8, max_size=30))
def test_a_long_plain_run_gives_the_parsers_blocks(paragraphs):
    """A run of many plain paragraphs finds its marked lines at once (_marked_lines); the blocks are the parser's."""
    doc = "\n\n".join("\n".join(lines) for lines in paragraphs) + "\n"
    from l10n.segment import block_segments

    options = SegmentOptions()
    blocks = parse_blocks(doc, options)
    assert blocks == _blocks_without_the_plain_path(doc, options)
    assert segment_document(doc, cached=False) == [segment for index, block in enumerate(blocks)
                                                   for segment in block_segments(block, index, "sentence", options)]

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from l10n.segment import (normalise_soft_breaks, parse_blocks, segment_document, split_sentences)


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

from __future__ import annotations

import re

import pytest

from l10n.errors import SourceError
from l10n.segment import parse_blocks
from l10n.source import load_documents, read_document

from .conftest import ARTICLE, SEED

LIST_MARKER = re.compile(r"^\s*(?:\d+\.|•)\s+")


def test_every_seed_line_appears_verbatim_in_the_markdown_text():
    """Markdown markup (list markers, surrounding spaces) is the only difference from the seed."""
    blocks_text = [b.text for b in parse_blocks(ARTICLE.read_text(encoding="utf-8"))]
    seed_lines = [l for l in SEED.read_text(encoding="utf-8").split("\n") if l.strip()]
    assert len(seed_lines) == len(blocks_text)
    for seed_line, block in zip(seed_lines, blocks_text):
        assert LIST_MARKER.sub("", seed_line).strip() == block


def test_article_structure_matches_the_seed():
    blocks = parse_blocks(ARTICLE.read_text(encoding="utf-8"))
    kinds = [b.kind for b in blocks]
    assert kinds[0] == "title"
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "殺入 AI 影片生成領域", "AI影片生成競爭日趨白熱化", "除了可靈 AI ,快手還在打什麼牌?", "相關文章"]
    assert kinds.count("list_item") == 6
    credits = [b.text for b in blocks if b.kind == "credit"]
    assert "來源:X 網友 @@rohanpaul_ai" in credits and "VEO2 生成影片,來源:X 網友 @8co28" in credits
    assert len(credits) == 9
    assert blocks[-1].text == "相關文章"


@pytest.mark.parametrize("data, message", [
    (b"\xb0\xa8\xa4\xe2\n", "not UTF-8"),
    (b"  \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
])
def test_unreadable_documents_are_refused_with_the_file_named(tmp_path, data, message):
    path = tmp_path / "doc.md"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=message) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_unsafe_document_names_are_refused(tmp_path):
    path = tmp_path / "..evil name.md"
    path.write_text("# x\n", encoding="utf-8")
    with pytest.raises(SourceError, match="safe file name"):
        read_document(path)


def test_missing_source_folder_says_what_to_do(tmp_path):
    with pytest.raises(SourceError, match="source folder not found"):
        load_documents(tmp_path / "nope")


def test_crlf_and_bom_are_read_as_plain_lines(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff# 標題\r\n\r\n段落。\r\n".encode("utf-8"))
    assert read_document(path).text == "# 標題\n\n段落。\n"

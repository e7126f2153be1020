"""Markdown document -> blocks -> translation segments (sentences, by rules made for Chinese news text).

A block is one run of inline text in the Markdown tree (title, heading, paragraph, list item, credit line).
Its text is the inline Markdown source with soft line breaks normalised, so re-wrapping a paragraph changes
no msgid. Segments are the block's sentences: joining :func:`split_sentences` pieces gives back the block
text exactly; a segment's msgid is its piece without surrounding whitespace.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

from .lang import SHARED_PUNCTUATION, is_cjk

KIND_LABELS = {
    "title": "title",
    "heading": "heading",
    "paragraph": "paragraph",
    "list_item": "list item",
    "credit": "credit line",
    "quote": "block quote",
    "table_cell": "table cell",
}

# Punctuation that is CJK when it touches CJK text (ellipsis, dashes, curly quotes are shared with Latin).
_SHARED_PUNCTUATION = frozenset(SHARED_PUNCTUATION)
_ASCII_PUNCT = frozenset(",.;:!?")
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")

TERMINATORS = frozenset("。！？；?!")
OPENERS = frozenset("「『《（〈【〔(“‘\"")
CLOSERS = frozenset("」』》）〉】〕)”’\"")
_TRAILING_MARKUP = frozenset("*_")
_SPACES = frozenset(" \t\u3000")
# Spans where ?/! are not sentence ends: URLs, autolinks, inline code, link destinations.
_PROTECTED = re.compile(r"https?://[^\s<>「」『』《》（）()\"“”]+|<[^<>\s]+>|`[^`]*`|\]\([^)]*\)")
_SPECIAL = re.compile("[" + re.escape("".join(sorted(TERMINATORS | OPENERS | CLOSERS))) + "]")
_MAYBE_PROTECTED = re.compile(r"[<`]|\]\(|://")
CREDIT_LINE = re.compile(r"^(?:[^。！？\n]{0,40}[,，]\s*)?(?:來源|来源|圖片來源|图片来源|Source)\s*[:：]")


def normalise_soft_breaks(text: str) -> tuple[str, list[int]]:
    """Join the lines of a block's inline source as a reader sees them.

    A line break between two CJK characters (or CJK text and CJK punctuation) is removed, elsewhere it
    becomes one space; spaces inside a line are kept as written. Returns the text and, for each break
    removed or replaced, its offset in the result (to map segments back to source lines).
    """
    if "\n" not in text:
        return text, []
    out: list[str] = []
    breaks: list[int] = []
    pos = 0
    length = 0
    for match in _SOFT_BREAK.finditer(text):
        chunk = text[pos:match.start()]
        out.append(chunk)
        length += len(chunk)
        before = _context_char(text, match.start() - 1, -1)
        after = _context_char(text, match.end(), 1)
        joiner = "" if _joins_without_space(before, after) else " "
        out.append(joiner)
        length += len(joiner)
        breaks.append(length)
        pos = match.end()
    out.append(text[pos:])
    return "".join(out), breaks


def _context_char(text: str, index: int, step: int) -> str:
    """The character that decides the script at a break: ASCII punctuation takes its neighbour's script
    (this article writes ``,`` and ``:`` inside Chinese sentences)."""
    while 0 <= index < len(text) and text[index] in _ASCII_PUNCT:
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _joins_without_space(before: str, after: str) -> bool:
    if not before or not after:
        return True
    left_cjk, right_cjk = is_cjk(before), is_cjk(after)
    if left_cjk and right_cjk:
        return True
    return (left_cjk and after in _SHARED_PUNCTUATION) or (right_cjk and before in _SHARED_PUNCTUATION)


def split_sentences(text: str) -> list[str]:
    """Split text into sentence pieces whose concatenation is exactly ``text``.

    ``。！？；?!`` end a sentence, with any run of them; closing quotes/brackets and trailing spaces stay
    with the sentence they close. Inside quotes or brackets nothing ends a sentence, except that a quote
    which opened the sentence and closes right after an end mark ends it (``「A。」「B。」`` is two).
    Decimals, versions, ``……`` and ``@handles`` hold no end mark; URLs and inline code are skipped.
    """
    if not _SPECIAL.search(text):
        return [text] if text else []
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)] if _MAYBE_PROTECTED.search(text) else []
    pieces: list[str] = []
    start = 0
    depth = 0
    quote_opened_sentence = False
    n = len(text)
    next_protected = 0
    resume = 0          # characters before this offset were consumed by the previous sentence end
    for match in _SPECIAL.finditer(text):
        i = match.start()
        if i < resume:
            continue
        while next_protected < len(protected) and protected[next_protected][1] <= i:
            next_protected += 1
        if next_protected < len(protected) and protected[next_protected][0] <= i:
            continue
        char = text[i]
        end = -1
        if char in CLOSERS and depth > 0 and not (char == '"' and not _closes_ascii_quote(text, i)):
            depth -= 1
            if depth == 0 and quote_opened_sentence and i > 0 and text[i - 1] in TERMINATORS:
                end = i + 1
        elif char in OPENERS:
            if depth == 0:
                quote_opened_sentence = not text[start:i].strip()
            depth += 1
        elif char in TERMINATORS and depth == 0:
            end = i + 1
            while end < n and text[end] in TERMINATORS:
                end += 1
        if end < 0:
            continue
        while end < n and (text[end] in CLOSERS or text[end] in _TRAILING_MARKUP) and text[end] != '"':
            end += 1
        while end < n and text[end] in _SPACES:
            end += 1
        if end < n:
            pieces.append(text[start:end])
            start = end
            quote_opened_sentence = False
        resume = end
    pieces.append(text[start:])
    return [p for p in pieces if p]


def _closes_ascii_quote(text: str, i: int) -> bool:
    """An ASCII ``"`` closes when an odd number of them precede it (it is its own opener and closer)."""
    return text.count('"', 0, i) % 2 == 1


@dataclass(frozen=True)
class Block:
    """One run of translatable inline Markdown and where it sits in the source."""

    kind: str
    text: str          # inline Markdown, soft breaks normalised
    line: int          # first source line, 1-based
    end_line: int      # last source line, 1-based, inclusive
    prefix: str        # markup before the text on its first line ("## ", "1. ", "- ", "> ")
    breaks: tuple[int, ...] = ()

    def line_at(self, offset: int) -> int:
        """Source line of a character offset in :attr:`text`."""
        return self.line + bisect.bisect_right(self.breaks, offset)


@dataclass(frozen=True)
class Segment:
    text: str          # the msgid: a sentence (or a whole block) without surrounding whitespace
    kind: str
    line: int          # source line where the segment starts, 1-based
    block: int         # index of its block in the document


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable("table")
    # Only block structure and the raw inline source are needed: skipping inline parsing halves the time.
    parser.core.ruler.disable(["inline", "text_join"])
    return parser


def parse_blocks(markdown: str) -> list[Block]:
    """The document's translatable blocks in order (code and HTML blocks are not translated)."""
    tokens = _parser().parse(markdown)
    lines = markdown.split("\n")
    blocks: list[Block] = []
    containers: list[str] = []
    seen_title = False
    heading_tag = ""
    for token in tokens:
        if token.type.endswith("_open"):
            containers.append(token.type[:-5])
            if token.type == "heading_open":
                heading_tag = token.tag
            continue
        if token.type.endswith("_close"):
            if containers:
                containers.pop()
            continue
        if token.type != "inline" or not token.content.strip() or token.map is None:
            continue
        text, breaks = normalise_soft_breaks(token.content)
        if "heading" in containers:
            kind = "title" if heading_tag == "h1" and not seen_title else "heading"
            seen_title = seen_title or kind == "title"
        elif "list_item" in containers:
            kind = "list_item"
        elif "blockquote" in containers:
            kind = "quote"
        elif "td" in containers or "th" in containers:
            kind = "table_cell"
        elif CREDIT_LINE.match(text):
            kind = "credit"
        else:
            kind = "paragraph"
        first_line = lines[token.map[0]] if token.map[0] < len(lines) else ""
        head = token.content.split("\n", 1)[0]
        cut = first_line.find(head) if head else -1
        prefix = first_line[:cut] if cut >= 0 else ""
        blocks.append(Block(kind, text, token.map[0] + 1, max(token.map[1], token.map[0] + 1),
                            prefix, tuple(breaks)))
    return blocks


def block_pieces(block: Block, mode: str = "sentence") -> list[str]:
    """Exact pieces of a block (joined they give ``block.text``); one piece for headings and credits."""
    if mode == "block" or block.kind in ("title", "heading", "credit", "table_cell"):
        return [block.text]
    return split_sentences(block.text)


def segment_blocks(blocks: list[Block], mode: str = "sentence") -> list[Segment]:
    segments: list[Segment] = []
    for index, block in enumerate(blocks):
        offset = 0
        for piece in block_pieces(block, mode):
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                segments.append(Segment(stripped, block.kind, block.line_at(offset + lead), index))
            offset += len(piece)
    return segments


def segment_document(markdown: str, mode: str = "sentence") -> list[Segment]:
    return segment_blocks(parse_blocks(markdown), mode)
